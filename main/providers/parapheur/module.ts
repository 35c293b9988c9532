import { defineProviderModule } from '../../core/modules/providerModule.js';
import { parapheurProvider } from '../../../shared/domain/parapheur.js';
import { parapheurChannels, parapheurEvents } from '../../../shared/ipc/parapheur.js';
import { parapheurMigrations } from './migrations/index.js';
import { createParapheurFeature } from './service/parapheurFeature.js';
import { parapheurArchive } from './archiveItems.js';

/** FAST Parapheur as the app hosts it: deposits into circuits, follow-up, collected outputs, users. */
export const parapheurModule = defineProviderModule({
  id: 'parapheur',
  descriptor: parapheurProvider,
  name: 'FAST Parapheur',
  contract: { channels: parapheurChannels, events: parapheurEvents },
  migrations: parapheurMigrations,
  create(deps, router) {
    // A document that changes (signed file or routing sheet collected, deleted) or a collection
    // round: the Archive reconciles this module's files.
    deps.bus.on('parapheur.document.changed', () => deps.archive.changed());
    deps.bus.on('parapheur.collect.progress', () => deps.archive.changed());
    return createParapheurFeature(deps, router);
  },
  archive: parapheurArchive,
});
