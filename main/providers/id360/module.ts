import { defineProviderModule } from '../../core/modules/providerModule.js';
import { id360Provider } from '../../../shared/domain/id360.js';
import { id360Channels, id360Events } from '../../../shared/ipc/id360.js';
import { id360Migrations } from './migrations/index.js';
import { createId360Feature } from './service/id360Feature.js';

/** Docaposte ID360 as the app hosts it: identity checks, their tracker, verified reports kept before they expire. */
export const id360Module = defineProviderModule({
  id: 'id360',
  descriptor: id360Provider,
  name: 'ID360',
  contract: { channels: id360Channels, events: id360Events },
  migrations: id360Migrations,
  create: createId360Feature,
});
