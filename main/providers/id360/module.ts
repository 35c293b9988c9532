import { defineProviderModule } from '../../core/modules/providerModule.js';
import { id360Provider } from '../../../shared/domain/id360.js';
import { id360Channels, id360Events } from '../../../shared/ipc/id360.js';
import { id360Migrations } from './migrations/index.js';
import { createId360Feature } from './service/id360Feature.js';
import { id360Archive } from './archiveItems.js';

/** Docaposte ID360 as the app hosts it: identity checks, their tracker, verified reports kept before they expire. */
export const id360Module = defineProviderModule({
  id: 'id360',
  descriptor: id360Provider,
  name: 'ID360',
  contract: { channels: id360Channels, events: id360Events },
  migrations: id360Migrations,
  create(deps, router) {
    // Reports and documents are kept as the tracker fetches them: the Archive reconciles after each change.
    deps.bus.on('id360.enrollment.changed', () => deps.archive.changed());
    // The account kind decides until when ID360 keeps reports (archiveItems.ts): the Archive's dates follow it.
    let accountKind = deps.settings.get().providers.id360.accountKind;
    deps.bus.on('settings.changed', (s) => {
      if (s.providers.id360.accountKind === accountKind) return;
      accountKind = s.providers.id360.accountKind;
      deps.archive.changed();
    });
    return createId360Feature(deps, router);
  },
  archive: id360Archive,
});
