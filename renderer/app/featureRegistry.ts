import type { ProviderId } from '../../shared/domain/providers.js';
import type { ProviderFeatureModule } from './featureModule.js';
import { parapheurFeatureModule } from '../features/parapheur/module.js';
import { id360FeatureModule } from '../features/id360/module.js';
import { dossierfacileFeatureModule } from '../features/dossierfacile/module.js';

/** The provider features of the window, one line each (same ids as shared/domain/providers.ts). */
export const featureModules: { readonly [K in ProviderId]: ProviderFeatureModule & { readonly id: K } } = {
  parapheur: parapheurFeatureModule as ProviderFeatureModule & { id: 'parapheur' },
  id360: id360FeatureModule as ProviderFeatureModule & { id: 'id360' },
  dossierfacile: dossierfacileFeatureModule as ProviderFeatureModule & { id: 'dossierfacile' },
};
