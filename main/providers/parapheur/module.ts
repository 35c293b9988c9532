import { defineProviderModule } from '../../core/modules/providerModule.js';
import { parapheurProvider } from '../../../shared/domain/parapheur.js';
import { parapheurChannels, parapheurEvents } from '../../../shared/ipc/parapheur.js';
import { parapheurMigrations } from './migrations/index.js';
import { createParapheurFeature } from './service/parapheurFeature.js';

/** FAST Parapheur as the app hosts it: deposits into circuits, follow-up, collected outputs, users. */
export const parapheurModule = defineProviderModule({
  id: 'parapheur',
  descriptor: parapheurProvider,
  name: 'FAST Parapheur',
  contract: { channels: parapheurChannels, events: parapheurEvents },
  migrations: parapheurMigrations,
  create: createParapheurFeature,
});
