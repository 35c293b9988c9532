import type { ProviderDeps } from '../../../core/modules/providerModule.js';

/** What the Parapheur feature takes from the composition root: the core deps every provider gets. */
export type ParapheurServiceDeps = ProviderDeps;
