import { providerIds } from '../../shared/domain/providerIds.js';

/** The app's own sections, after the providers'. */
const appSectionIds = ['archive', 'journal', 'reglages'] as const;
export type AppSectionId = (typeof appSectionIds)[number];

/** The app's sections, in navigation order: one per provider, then the app's. Ids double as test hooks (`nav-<id>`). */
export const sectionIds = [...providerIds, ...appSectionIds] as const;
export type SectionId = (typeof sectionIds)[number];

export function isSectionId(value: unknown): value is SectionId {
  return typeof value === 'string' && (sectionIds as readonly string[]).includes(value);
}
