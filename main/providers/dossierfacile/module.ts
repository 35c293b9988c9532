import { defineProviderModule } from '../../core/modules/providerModule.js';
import { dossierfacileProvider } from '../../../shared/domain/dossierfacile.js';
import { dossierfacileChannels, dossierfacileEvents } from '../../../shared/ipc/dossierfacile.js';
import { dossierfacileMigrations } from './migrations/index.js';
import { createDossierfacileFeature } from './service/dossierfacileFeature.js';

/** DossierFacile Connect as the app hosts it: tenants connected at the counter, their files kept in sync and offline. */
export const dossierfacileModule = defineProviderModule({
  id: 'dossierfacile',
  descriptor: dossierfacileProvider,
  name: 'DossierFacile',
  contract: { channels: dossierfacileChannels, events: dossierfacileEvents },
  migrations: dossierfacileMigrations,
  create: createDossierfacileFeature,
});
