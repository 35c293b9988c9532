import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { call, waitFor } from '../parapheur/guichetHarness.js';
import { clerkMessage } from '../../support/clerkText.js';
import type { Guichet } from '../../../main/composition.js';
import { connectAtCounter } from './counterTenant.js';
import { dossierFacileGuichetBed } from './guichetBed.js';

/**
 * The DossierFacile module as the app composes it: real SQLite, blob store and vault, the simulator
 * started on first ask, a tenant connected through the OAuth flow (Chromium fills the simulator's
 * login and consent pages), « Synchroniser », the PDFs kept, a revoked tenant, the purge.
 */

// Time scale 60: the realm's 5-minute access token lasts 5 real seconds, the sync period 30 s.
const bed = dossierFacileGuichetBed('guichet-dfc-');
const start = () => bed.start();

const connect = (g: Guichet, email: string, answer: 'allow' | 'deny' = 'allow') => connectAtCounter(bed.browser, g, email, answer);

const journal = (g: Guichet) => g.journal.list({ limit: 200 }).filter((e) => e.provider === 'dossierfacile');

describe('DossierFacile module against its simulator', () => {
  it('connects a tenant at the counter, keeps their file and PDFs offline, syncs a change, stops on a revoked access and purges for real', async () => {
    const g = await start();
    // The simulator starts on first ask, not with the others.
    expect(g.sandbox?.endpointOf('dossierfacile') ?? null).toBeNull();

    const { last, steps } = await connect(g, 'marie.dupont@example.org');
    expect(steps).toEqual(['starting', 'browser-opened', 'waiting-consent', 'connected']);
    expect(last.tenant).toMatchObject({ tenantId: 413, firstName: 'Marie', lastName: 'Dupont', status: 'VALIDATED', access: 'active' });
    const localId = last.tenant!.localId;
    const sim = await g.sandbox!.ensure('dossierfacile');

    // The refresh token rests encrypted in the vault, under the tenant; never in what the page gets.
    const tokens = JSON.parse((await g.vault.get('dossierfacile.refreshTokens'))!) as Record<string, string>;
    expect(Object.keys(tokens)).toEqual(['sandbox:413']);
    const vaultFile = fs.readdirSync(g.dataDir).find((f) => /^secrets\..+\.json$/.test(f))!;
    expect(fs.readFileSync(`${g.dataDir}/${vaultFile}`, 'utf8')).not.toContain(tokens['sandbox:413']!);

    // Every PDF of the file downloaded into the blob store (the full PDF after DossierFacile's 409s).
    const file = await call(g, 'dossierfacile.tenants.fetchFiles', { localId });
    expect(JSON.stringify(file)).not.toContain(tokens['sandbox:413']);
    expect(file.applicationType).toBe('ALONE');
    const marie = file.tenants.find((t) => t.self)!;
    expect(marie.name).toBe('Marie Dupont');
    expect(marie.guarantors.map((x) => [x.type, x.name])).toEqual([['NATURAL_PERSON', 'Jean Dupont']]);
    const identity = marie.documents.find((d) => d.category === 'IDENTIFICATION')!;
    expect(identity).toMatchObject({ status: 'VALIDATED', analysis: 'CHECKED' });
    const kept = [...marie.documents, ...marie.guarantors.flatMap((x) => x.documents)].map((d) => d.sha256);
    expect(kept.length).toBeGreaterThan(4);
    expect(kept.every((sha) => sha && g.blobs.has(sha))).toBe(true);
    expect(file.dossierPdfSha256).toBeTruthy();
    for (const sha of [...kept, file.dossierPdfSha256]) expect(fs.readFileSync(g.blobs.pathOf(sha!)).subarray(0, 5).toString()).toBe('%PDF-');
    expect(file.row).toMatchObject({ filesMissing: 0, filesKept: kept.length + 1 });

    // The one Archive holds them too: the full file and each piece, found by the tenant's name.
    await g.archive.sync('dossierfacile');
    const archived = await call(g, 'archive.search', { query: 'marie dupont', providers: ['dossierfacile'], limit: 50, offset: 0 });
    expect(archived.items.map((i) => i.sha256).sort()).toEqual([...kept, file.dossierPdfSha256].sort());
    expect(archived.items.filter((i) => i.kind === 'dossier')).toHaveLength(1);

    // Found by name, e-mail and status.
    for (const query of [{ search: 'dupont' }, { search: 'MARIE.DUPONT@' }, { statuses: ['VALIDATED'] }]) {
      expect((await call(g, 'dossierfacile.tenants.list', { ...query, limit: 50 })).items.map((r) => r.tenantId)).toEqual([413]);
    }
    expect((await call(g, 'dossierfacile.tenants.list', { statuses: ['DECLINED'], limit: 50 })).items).toEqual([]);

    // DossierFacile asks Marie for a change: « Synchroniser » brings it and the journal says so.
    sim.control.decline(413);
    const synced = await call(g, 'dossierfacile.sync.run', {});
    expect(synced.lastError).toBeNull();
    expect((await call(g, 'dossierfacile.tenants.file', { localId })).row.status).toBe('DECLINED');
    expect(journal(g).map((e) => e.action)).toContain('dossierfacile.tenant.declined');

    // Marie takes her access back: the file stays for the clerk to decide, but nothing of it is used any more.
    await sim.control.revoke(413);
    await call(g, 'dossierfacile.sync.run', {});
    const revoked = await call(g, 'dossierfacile.tenants.file', { localId });
    expect(revoked.row.access).toBe('revoked');
    expect(revoked.dossierPdfSha256).toBeNull();
    expect(revoked.tenants.flatMap((t) => t.documents).every((d) => d.sha256 === null)).toBe(true);
    const refused = await call(g, 'dossierfacile.tenants.fetchFiles', { localId }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'DFC_ACCESS_ENDED' });
    expect(clerkMessage(refused)).toMatch(/retiré son accès/);
    expect(await g.vault.get('dossierfacile.refreshTokens')).toBeNull();
    expect(journal(g).map((e) => e.action)).toContain('dossierfacile.tenant.access-revoked');

    // The purge really deletes the files; the journal keeps that it happened, not who it was.
    const downloadsBefore = sim.control.requests().length;
    // Pieces fetched again after the change replaced the older ones: Marie's are all the store holds.
    const stored = () => (g.db.prepare('SELECT COUNT(*) AS n FROM blobs').get() as { n: number }).n;
    const before = stored();
    expect(before).toBeGreaterThan(4);
    const purged = await call(g, 'dossierfacile.tenants.purge', { localId, confirm: true });
    expect(purged.filesDeleted).toBe(before);
    expect(stored()).toBe(0);
    for (const sha of [...kept, file.dossierPdfSha256]) {
      expect(g.blobs.has(sha!)).toBe(false);
      expect(fs.existsSync(g.blobs.pathOf(sha!))).toBe(false);
    }
    expect((await call(g, 'dossierfacile.tenants.list', { limit: 50 })).total).toBe(0);
    await g.archive.sync('dossierfacile');
    expect((await call(g, 'archive.search', { query: '', providers: ['dossierfacile'], limit: 50, offset: 0 })).total).toBe(0);
    const purgeEntry = journal(g).find((e) => e.action === 'dossierfacile.tenant.purge')!;
    expect(purgeEntry.objectId).toBe('413');
    expect(JSON.stringify(journal(g))).not.toMatch(/Dupont|marie/i);
    expect(sim.control.requests().length).toBe(downloadsBefore);
  });

  it('a tenant who refuses consent is told apart, and nothing is kept', async () => {
    const g = await start();
    const { last } = await connect(g, 'samir.benali@example.org', 'deny');
    expect(last.error).toMatchObject({ code: 'DFC_OAUTH_CONSENT_DENIED' });
    expect(clerkMessage(last.error!)).toMatch(/refusé/);
    expect((await call(g, 'dossierfacile.tenants.list', { limit: 50 })).total).toBe(0);
    await g.archive.sync('dossierfacile');
    expect((await call(g, 'archive.search', { query: '', providers: ['dossierfacile'], limit: 50, offset: 0 })).total).toBe(0);
  });

  it('a sync reads every linked tenant page after page and the next one starts from its cursor', async () => {
    const g = await start();
    const sim = await g.sandbox!.ensure('dossierfacile');
    const base = sim.clock.now() - 3_600_000;
    sim.control.seedLinkedTenants(30, (i) => base + i * 1000);
    const first = await call(g, 'dossierfacile.sync.run', {});
    expect(first).toMatchObject({ lastError: null, changed: 30 });
    const all = await call(g, 'dossierfacile.tenants.list', { limit: 20 });
    expect(all.total).toBe(30);
    const rest = await call(g, 'dossierfacile.tenants.list', { limit: 20, after: all.next! });
    expect(new Set([...all.items, ...rest.items].map((r) => r.tenantId)).size).toBe(30);
    expect((await call(g, 'dossierfacile.sync.run', {})).changed).toBe(0);
    await waitFor('sync state', async () => ((await call(g, 'dossierfacile.sync.state', {})).running ? null : true));
  });
});
