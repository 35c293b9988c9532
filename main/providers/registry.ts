import { coreMigrations, orderMigrations } from '../core/db/migrations/index.js';
import type { ProviderModule } from '../core/modules/providerModule.js';
import { providerIds, type ProviderId } from '../../shared/domain/providers.js';
import { parapheurModule } from './parapheur/module.js';
import { id360Module } from './id360/module.js';
import { dossierfacileModule } from './dossierfacile/module.js';

/**
 * The provider modules of this version, one line each (same ids as shared/domain/providers.ts).
 * Composition, settings, the sandbox banner and the connection tests iterate over it.
 */
export const providerModules = {
  parapheur: parapheurModule,
  id360: id360Module,
  dossierfacile: dossierfacileModule,
} as const satisfies { [K in ProviderId]: ProviderModule<K> };

export type ProviderModules = typeof providerModules;

/** In navigation order. */
export const orderedProviderModules: readonly ProviderModule[] = providerIds.map((id) => providerModules[id] as ProviderModule);

/** The whole schema: the core's steps and every module's, in the one global order. */
export const allMigrations = orderMigrations(coreMigrations, ...orderedProviderModules.map((m) => m.migrations));
