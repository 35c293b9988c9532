import type { IpcRouter } from '../ipc/router.js';
import type { Archive } from './archiveService.js';

/** The Archive's channels (shared/ipc/archive.ts): local calls only, so they answer offline. */
export function registerArchiveHandlers(router: IpcRouter, archive: Archive): void {
  router.register('archive.search', (q) => archive.search(q));
  router.register('archive.retention.get', () => archive.retention());
  router.register('archive.retention.set', async ({ provider, keepDays }) => {
    archive.setRetention(provider, keepDays);
    // A shorter retention takes effect at once, not at the next twice-daily round.
    await archive.applyRetention();
    return { ok: true as const };
  });
  router.register('archive.purge', (what) => archive.purge('ids' in what ? what.ids : archive.cases.itemIds(what.caseId), 'clerk'));
  router.register('archive.verify', () => archive.verify());
  router.register('archive.export', (what) => archive.exportZip('ids' in what ? what.ids : archive.cases.itemIds(what.caseId)));
  router.register('archive.cases.list', ({ query }) => archive.cases.list(query));
  router.register('archive.cases.create', ({ title, reference }) => archive.cases.create(title, reference));
  router.register('archive.cases.timeline', ({ caseId }) => archive.cases.timeline(caseId));
  router.register('archive.cases.attach', ({ caseId, ids }) => archive.cases.attach(caseId, ids));
}
