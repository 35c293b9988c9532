import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { call } from '../parapheur/guichetHarness.js';
import { connectAtCounter } from './counterTenant.js';
import { dossierFacileGuichetBed } from './guichetBed.js';

/**
 * A tenant purged from the Archive stays purged: DossierFacile's next syncs do not download the same
 * files again (migration 016), a new version of a file is downloaded as usual, and « Télécharger à
 * nouveau » brings the copies back. Real SQLite, blob store and the DossierFacile simulator over HTTP.
 */

const bed = dossierFacileGuichetBed('guichet-dfc-purge-');

/** PDF downloads the simulator answered: pieces (partner API) and the whole file. */
function downloads(requests: readonly { path: string; status: number }[]): string[] {
  return requests.filter((r) => r.status === 200 && (/\/documents\/[^/]+$/.test(r.path) || r.path.includes('/fullPdf/'))).map((r) => r.path);
}

describe('DossierFacile files purged from the Archive', () => {
  it('are not downloaded again by the next syncs, a new version is, and « Télécharger à nouveau » brings them back', async () => {
    const g = await bed.start();
    const { last } = await connectAtCounter(bed.browser, g, 'marie.dupont@example.org');
    const localId = last.tenant!.localId;
    const sim = await g.sandbox!.ensure('dossierfacile');
    const file = await call(g, 'dossierfacile.tenants.fetchFiles', { localId });
    const pieces = file.tenants.flatMap((t) => [...t.documents, ...t.guarantors.flatMap((x) => x.documents)]);
    const kept = [...pieces.map((d) => d.sha256!), file.dossierPdfSha256!];
    expect(kept.every((sha) => sha && g.blobs.has(sha))).toBe(true);
    expect(file.purgedAt).toBeNull();

    // « Purger par locataire » in the Archive: every file of Marie, from one of her items.
    await g.archive.sync('dossierfacile');
    const archived = await call(g, 'archive.search', { query: '', providers: ['dossierfacile'], limit: 50, offset: 0 });
    expect(archived.total).toBe(kept.length);
    const purged = await call(g, 'archive.purge', { ownerOf: archived.items[0]!.id });
    expect(purged.purged).toBe(kept.length);
    for (const sha of kept) expect(fs.existsSync(g.blobs.pathOf(sha))).toBe(false);

    // Her file page says so; nothing is counted as kept, nor as missing.
    const after = await call(g, 'dossierfacile.tenants.file', { localId });
    expect(after.purgedAt).not.toBeNull();
    expect(after.dossierPdfSha256).toBeNull();
    const afterPieces = after.tenants.flatMap((t) => [...t.documents, ...t.guarantors.flatMap((x) => x.documents)]);
    expect(afterPieces.every((d) => d.sha256 === null && d.purged)).toBe(true);
    expect(after.row).toMatchObject({ filesKept: 0, filesMissing: 0 });
    // The list marks her row with the same date.
    expect((await call(g, 'dossierfacile.tenants.list', { limit: 50 })).items[0]).toMatchObject({ tenantId: 413, filesKept: 0, filesMissing: 0, purgedAt: after.purgedAt });
    expect((await call(g, 'dossierfacile.sync.state', {})).waiting).toBe(0);

    // DossierFacile changes Marie's file (same pieces): the sync re-reads it and downloads nothing.
    const before = downloads(sim.control.requests()).length;
    sim.control.touch([413], sim.clock.now());
    const synced = await call(g, 'dossierfacile.sync.run', {});
    expect(synced).toMatchObject({ lastError: null, changed: 1, waiting: 0 });
    expect(synced.lastSuccessAt).not.toBeNull();
    expect(downloads(sim.control.requests()).length).toBe(before);
    expect((await call(g, 'dossierfacile.tenants.file', { localId })).row.filesKept).toBe(0);
    await g.archive.sync('dossierfacile');
    expect((await call(g, 'archive.search', { query: '', providers: ['dossierfacile'], limit: 50, offset: 0 })).total).toBe(0);

    // Marie replaces her proof of identity: that new version is downloaded, and only it.
    const identity = sim.control.tenant(413)!.documents.find((d) => d.category === 'IDENTIFICATION')!;
    identity.uuid = randomUUID();
    sim.control.touch([413], sim.clock.now());
    await call(g, 'dossierfacile.sync.run', {});
    expect(downloads(sim.control.requests()).slice(before)).toEqual([`/dfc/api/v1/tenants/413/documents/${identity.uuid}`]);
    const renewed = await call(g, 'dossierfacile.tenants.file', { localId });
    const newIdentity = renewed.tenants.find((t) => t.self)!.documents.find((d) => d.category === 'IDENTIFICATION')!;
    expect(newIdentity).toMatchObject({ purged: false });
    expect(g.blobs.has(newIdentity.sha256!)).toBe(true);
    expect(renewed.row).toMatchObject({ filesKept: 1, filesMissing: 0 });
    // The others stay purged, and the page still says when.
    expect(renewed.purgedAt).toBe(after.purgedAt);
    // The new version is a file of the Archive again.
    await g.archive.sync('dossierfacile');
    expect((await call(g, 'archive.search', { query: '', providers: ['dossierfacile'], limit: 50, offset: 0 })).items.map((i) => i.sha256)).toEqual([newIdentity.sha256]);

    // « Télécharger à nouveau »: every copy comes back, the notice goes, later syncs keep them.
    const back = await call(g, 'dossierfacile.tenants.redownload', { localId });
    expect(back.purgedAt).toBeNull();
    expect(back.row.purgedAt).toBeNull();
    expect(back.dossierPdfSha256).not.toBeNull();
    const backPieces = back.tenants.flatMap((t) => [...t.documents, ...t.guarantors.flatMap((x) => x.documents)]);
    expect(backPieces.every((d) => d.sha256 && g.blobs.has(d.sha256) && !d.purged)).toBe(true);
    expect(back.row).toMatchObject({ filesKept: kept.length, filesMissing: 0 });
    await g.archive.sync('dossierfacile');
    expect((await call(g, 'archive.search', { query: '', providers: ['dossierfacile'], limit: 50, offset: 0 })).total).toBe(kept.length);
  });

  it('asks a valid request: « Télécharger à nouveau » needs a tenant number', async () => {
    const g = await bed.start({ timeScale: 600 });
    await expect(call(g, 'dossierfacile.tenants.redownload', { localId: -1 } as never)).rejects.toMatchObject({ code: 'IPC_INVALID_PAYLOAD' });
    await expect(call(g, 'dossierfacile.tenants.redownload', { localId: 999 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
