import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { call } from '../parapheur/guichetHarness.js';
import type { Guichet } from '../../../main/composition.js';
import { connectAtCounter } from './counterTenant.js';
import { dossierFacileGuichetBed } from './guichetBed.js';

/**
 * « Purger ce dossier » sticks: the tenant stays linked to the partner on DossierFacile's side, yet
 * neither a sync nor a relayed webhook about them links them again or downloads a file (migration
 * 018); only a new connection at the counter brings them back. Real SQLite, blob store and vault,
 * the DossierFacile simulator and a relay over HTTP.
 */

const bed = dossierFacileGuichetBed('guichet-dfc-tenant-purge-');

const storedBlobs = (g: Guichet) => (g.db.prepare('SELECT COUNT(*) AS n FROM blobs').get() as { n: number }).n;
const purgeRecords = (g: Guichet) => g.db.prepare('SELECT * FROM dfc_purged_tenants').all() as Record<string, unknown>[];

describe('DossierFacile: a tenant purged by the clerk', () => {
  it('is not linked again by a later sync or webhook, and comes back only by connecting again', async () => {
    const { guichet: g, sim, localId } = await bed.startRelayed('marie.dupont@example.org');
    const kept = await call(g, 'dossierfacile.tenants.fetchFiles', { localId });
    expect(kept.dossierPdfSha256).toBeTruthy();
    expect(storedBlobs(g)).toBeGreaterThan(4);

    const purged = await call(g, 'dossierfacile.tenants.purge', { localId, confirm: true });
    expect(purged.filesDeleted).toBeGreaterThan(4);
    expect(storedBlobs(g)).toBe(0);
    // What is kept of the purge: the tenant's number and when, nothing of their file.
    expect(purgeRecords(g)).toEqual([{ environment: 'sandbox', tenant_id: 413, purged_at: expect.any(String) }]);

    const partnerReads = () => sim.control.requests().filter((r) => r.path.startsWith('/dfc/api/v1/tenants/413')).length;
    const readsBefore = partnerReads();

    // DossierFacile changes Marie's file (a new proof of identity): the sync sees her in its list and leaves her.
    sim.control.tenant(413)!.documents.find((d) => d.category === 'IDENTIFICATION')!.uuid = randomUUID();
    sim.control.touch([413], sim.clock.now());
    const synced = await call(g, 'dossierfacile.sync.run', {});
    expect(synced).toMatchObject({ lastError: null, changed: 0, waiting: 0 });
    expect((await call(g, 'dossierfacile.tenants.list', { limit: 50 })).total).toBe(0);

    // DossierFacile asks her for a change and says so through the relay: the webhook is read, and she stays gone.
    sim.control.decline(413);
    await sim.control.webhooksSettled();
    expect(await g.dossierfacile.webhookRelay.pull()).toEqual({ received: 1, tenants: [413], refused: 0 });
    expect((await call(g, 'dossierfacile.tenants.list', { limit: 50 })).total).toBe(0);
    // Not a single read of her file, nor a download, and nothing written to the blob store.
    expect(partnerReads()).toBe(readsBefore);
    expect(storedBlobs(g)).toBe(0);
    await g.archive.sync('dossierfacile');
    expect((await call(g, 'archive.search', { query: '', providers: ['dossierfacile'], limit: 50, offset: 0 })).total).toBe(0);
    // The journal keeps that a purge happened; no name came back through the later changes.
    const journal = g.journal.list({ limit: 200 }).filter((e) => e.provider === 'dossierfacile');
    expect(journal.filter((e) => e.action === 'dossierfacile.tenant.purge').map((e) => e.objectId)).toEqual(['413']);
    expect(JSON.stringify(journal)).not.toMatch(/Dupont|marie/i);

    // Marie connects again at the counter: a new consent brings her back, with her files, and later changes count again.
    const again = await connectAtCounter(bed.browser, g, 'marie.dupont@example.org');
    expect(again.last.tenant).toMatchObject({ tenantId: 413, access: 'active', status: 'DECLINED' });
    expect(purgeRecords(g)).toEqual([]);
    const back = await call(g, 'dossierfacile.tenants.fetchFiles', { localId: again.last.tenant!.localId });
    const backPieces = back.tenants.flatMap((t) => [...t.documents, ...t.guarantors.flatMap((x) => x.documents)]);
    expect(backPieces.length).toBeGreaterThan(4);
    expect(backPieces.every((d) => d.sha256 && g.blobs.has(d.sha256) && !d.purged)).toBe(true);
    expect(back.row.filesMissing).toBe(0);
    // Validated again: the sync reads her, and her whole file's PDF is kept again.
    sim.control.validate(413);
    expect((await call(g, 'dossierfacile.sync.run', {})).changed).toBe(1);
    expect((await call(g, 'dossierfacile.tenants.list', { limit: 50 })).items.map((r) => [r.tenantId, r.status])).toEqual([[413, 'VALIDATED']]);
    expect((await call(g, 'dossierfacile.tenants.file', { localId: again.last.tenant!.localId })).dossierPdfSha256).toBeTruthy();
  }, 120_000);
});
