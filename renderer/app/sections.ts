/** The app's sections, in navigation order. Ids double as test hooks (`nav-<id>`). */
export const sectionIds = ['parapheur', 'identite', 'dossierfacile', 'archive', 'journal', 'reglages'] as const;
export type SectionId = (typeof sectionIds)[number];

export function isSectionId(value: unknown): value is SectionId {
  return typeof value === 'string' && (sectionIds as readonly string[]).includes(value);
}
