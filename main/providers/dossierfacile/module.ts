import { defineProviderModule } from '../../core/modules/providerModule.js';
import { dossierfacileProvider } from '../../../shared/domain/dossierfacile.js';
import { dossierfacileChannels, dossierfacileEvents } from '../../../shared/ipc/dossierfacile.js';
import { dossierfacileMigrations } from './migrations/index.js';
import { createDossierfacileFeature } from './service/dossierfacileFeature.js';
import { dossierfacileArchive } from './archiveItems.js';

/** DossierFacile Connect as the app hosts it: tenants connected at the counter, their files kept in sync and offline. */
export const dossierfacileModule = defineProviderModule({
  id: 'dossierfacile',
  descriptor: dossierfacileProvider,
  name: 'DossierFacile',
  contract: { channels: dossierfacileChannels, events: dossierfacileEvents },
  migrations: dossierfacileMigrations,
  create(deps, router) {
    // A tenant's file re-read, its PDFs downloaded, or the tenant purged: the Archive reconciles.
    deps.bus.on('dossierfacile.tenant.changed', () => deps.archive.changed());
    deps.bus.on('dossierfacile.tenant.purged', () => deps.archive.changed());
    deps.bus.on('dossierfacile.sync.changed', () => deps.archive.changed());
    return createDossierfacileFeature(deps, router);
  },
  archive: dossierfacileArchive,
});
