import type { IpcRouter } from '../ipc/router.js';
import type { Archive } from './archiveService.js';
import type { FileDragOut } from '../files/dragOut.js';
import { GuichetError } from '../../../shared/ipc/errors.js';

/** The Archive's channels (shared/ipc/archive.ts): local calls only, so they answer offline. */
export interface ArchiveHostOptions {
  /** Electron: the native folder dialog; null when the clerk cancels. */
  chooseFolder?: () => Promise<string | null>;
  /** Electron: the native drag of a named copy (core/files/dragOut.ts); absent in the browser, which drags a DownloadURL. */
  dragOut?: FileDragOut;
  /** Where a folder export goes when no dialog can be shown (the web host): the clerk's Downloads. */
  downloadsFolder: string;
}

export function registerArchiveHandlers(router: IpcRouter, archive: Archive, host: ArchiveHostOptions): void {
  router.register('archive.search', (q) => archive.search(q));
  router.register('archive.retention.get', () => archive.retention());
  router.register('archive.retention.set', async ({ provider, keepDays }) => {
    archive.setRetention(provider, keepDays);
    // A shorter retention takes effect at once, not at the next twice-daily round.
    await archive.applyRetention();
    return { ok: true as const };
  });
  router.register('archive.purge', (what) =>
    archive.purge('ids' in what ? what.ids : 'ownerOf' in what ? archive.sameOwnerIds(what.ownerOf) : archive.cases.itemIds(what.caseId), 'clerk'),
  );
  router.register('archive.verify', () => archive.verify());
  router.register('archive.export', (what) => archive.exportZip('ids' in what ? what.ids : archive.cases.itemIds(what.caseId)));
  router.register('archive.exportFolder', async (what) => {
    const ids = 'ids' in what ? what.ids : archive.cases.itemIds(what.caseId);
    const chosen = host.chooseFolder !== undefined;
    const parent = host.chooseFolder ? await host.chooseFolder() : host.downloadsFolder;
    if (parent === null) return { saved: false, chosen, path: null, count: 0 };
    const done = await archive.exportFolder(ids, parent);
    return { saved: true, chosen, path: done.path, count: done.count };
  });
  router.register('archive.dragOut', async ({ id, fileName }) => {
    const item = archive.kept(id);
    if (!host.dragOut) throw new GuichetError('INVALID_INPUT', { key: 'app:hostErrors.archive.dragInBrowser' });
    await host.dragOut(item.sha256, fileName ?? item.fileName);
    return { started: true as const };
  });
  router.register('archive.cases.list', ({ query }) => archive.cases.list(query));
  router.register('archive.cases.create', ({ title, reference }) => archive.cases.create(title, reference));
  router.register('archive.cases.timeline', ({ caseId }) => archive.cases.timeline(caseId));
  router.register('archive.cases.attach', ({ caseId, ids }) => archive.cases.attach(caseId, ids));
}
