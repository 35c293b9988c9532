import { describe, expect, it } from 'vitest';
import { call } from '../parapheur/guichetHarness.js';
import { clerkMessage } from '../../support/clerkText.js';
import { connectAtCounter } from './counterTenant.js';
import { dossierFacileGuichetBed } from './guichetBed.js';

/**
 * « Actualiser » one tenant with the tenant's own token (`GET /dfc/tenant/profile`), refreshed from the
 * vault's refresh token once the access token is old (docs/providers/dossierfacile.md#tokens): a dead
 * refresh token turns the tenant to « reconnexion nécessaire », the file kept stays readable, a sync
 * does not hide it, and « Reconnecter » (the OAuth flow again, e-mail as login_hint) ends it.
 */

const bed = dossierFacileGuichetBed('guichet-dfc-refresh-');

describe('DossierFacile: a tenant refreshed with their own token', () => {
  it('reads the profile with the tenant token, says « reconnexion nécessaire » when the refresh token is dead, keeps the file, and reconnects', async () => {
    // The app's wall clock is the test's: moving it ages the tenant's access token without waiting.
    let now = Date.now();
    const g = await bed.start({ now: () => new Date(now) });
    const { last } = await connectAtCounter(bed.browser, g, 'marie.dupont@example.org');
    const localId = last.tenant!.localId;
    const sim = await g.sandbox!.ensure('dossierfacile');
    const kept = await call(g, 'dossierfacile.tenants.fetchFiles', { localId });
    const keptPieces = kept.tenants.flatMap((t) => t.documents).map((d) => d.sha256);
    expect(keptPieces.every(Boolean)).toBe(true);
    const calls = (path: RegExp) => sim.control.requests().filter((r) => path.test(r.path)).length;

    // DossierFacile asks Marie for a change; « Actualiser » reads her profile with her token, not the partner's.
    sim.control.decline(413);
    const [profiles, partnerReads] = [calls(/^\/dfc\/tenant\/profile$/), calls(/^\/dfc\/api\/v1\/tenants\/413$/)];
    // Two clicks at once: one read.
    const [a, b] = await Promise.all([call(g, 'dossierfacile.tenants.refresh', { localId }), call(g, 'dossierfacile.tenants.refresh', { localId })]);
    expect(a.row.status).toBe('DECLINED');
    expect(b.row.status).toBe('DECLINED');
    expect(calls(/^\/dfc\/tenant\/profile$/)).toBe(profiles + 1);
    expect(calls(/^\/dfc\/api\/v1\/tenants\/413$/)).toBe(partnerReads);
    expect(g.journal.list({ limit: 50 }).map((e) => e.action)).toContain('dossierfacile.tenant.declined');

    // Ten minutes later (the access token lived five): the refresh token gets a new one, rotated in the vault.
    const before = (JSON.parse((await g.vault.get('dossierfacile.refreshTokens'))!) as Record<string, string>)['sandbox:413'];
    now += 10 * 60_000;
    sim.control.validate(413);
    expect((await call(g, 'dossierfacile.tenants.refresh', { localId })).row).toMatchObject({ status: 'VALIDATED', access: 'active' });
    const after = (JSON.parse((await g.vault.get('dossierfacile.refreshTokens'))!) as Record<string, string>)['sandbox:413'];
    expect(after).toBeTruthy();
    expect(after).not.toBe(before);

    // Marie is logged out of DossierFacile everywhere: her refresh token is dead, her link to us is not.
    await sim.control.endSessions(413);
    now += 10 * 60_000;
    const refused = await call(g, 'dossierfacile.tenants.refresh', { localId }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'DFC_RECONNECT_REQUIRED' });
    expect(clerkMessage(refused)).toBe('Reconnexion nécessaire : le locataire doit se connecter à nouveau à DossierFacile.');
    const waiting = await call(g, 'dossierfacile.tenants.file', { localId });
    expect(waiting.row.access).toBe('reconnect');
    // The file kept stays readable; the list says it too, and filters on it.
    expect(waiting.tenants.flatMap((t) => t.documents).every((d) => d.sha256 && keptPieces.includes(d.sha256))).toBe(true);
    expect(waiting.dossierPdfSha256).toBeTruthy();
    expect((await call(g, 'dossierfacile.tenants.list', { access: ['reconnect'], limit: 50 })).items.map((r) => r.tenantId)).toEqual([413]);
    expect(await g.vault.get('dossierfacile.refreshTokens')).toBeNull();
    expect(g.journal.list({ limit: 50 }).map((e) => e.action)).toContain('dossierfacile.tenant.reconnect');

    // The partner's sync still reads her file, but only she can end « reconnexion nécessaire ».
    expect((await call(g, 'dossierfacile.sync.run', {})).lastError).toBeNull();
    expect((await call(g, 'dossierfacile.tenants.file', { localId })).row.access).toBe('reconnect');

    // « Reconnecter »: the same flow, her e-mail as login_hint (checked on the sign-in page).
    const again = await connectAtCounter(bed.browser, g, 'marie.dupont@example.org');
    expect(again.last.tenant).toMatchObject({ localId, access: 'active' });
    expect((await call(g, 'dossierfacile.tenants.refresh', { localId })).row.access).toBe('active');

    // She takes her access back: her token reads nothing any more (403), and nothing of her file is used.
    await sim.control.revoke(413);
    const ended = await call(g, 'dossierfacile.tenants.refresh', { localId }).catch((e: unknown) => e);
    expect(ended).toMatchObject({ code: 'DFC_ACCESS_ENDED' });
    const revoked = await call(g, 'dossierfacile.tenants.file', { localId });
    expect(revoked.row.access).toBe('revoked');
    expect(revoked.dossierPdfSha256).toBeNull();
  }, 120_000);
});
