import { describe, expect, it } from 'vitest';
import { call } from '../parapheur/guichetHarness.js';
import { dossierFacileGuichetBed } from './guichetBed.js';

/**
 * DossierFacile's webhooks through an organisation relay: the relay's address and a new key go to
 * DossierFacile through the partner settings, the simulator posts its real webhooks to the relay, and
 * Guichet pulls them, checks their `x-api-key` against the vault and re-reads the tenant each names at
 * once — without a full sync. A forged webhook (no or wrong key) is refused and re-reads nothing.
 */

const bed = dossierFacileGuichetBed('guichet-dfc-relay-');

describe('DossierFacile webhooks through an organisation relay', () => {
  it('a relayed webhook re-reads its tenant at once; a forged one is refused', async () => {
    const { guichet: g, relay, sim, key, localId } = await bed.startRelayed('marie.dupont@example.org');

    // DossierFacile asks Marie for a change and says so to the relay; Guichet knows once it pulls.
    sim.control.decline(413);
    await sim.control.webhooksSettled();
    expect(relay.received().map((w) => [JSON.parse(w.body).partnerCallBackType, w.apiKey === key])).toEqual([['DENIED_ACCOUNT', true]]);
    expect((await call(g, 'dossierfacile.tenants.file', { localId })).row.status).toBe('VALIDATED');
    const lists = () => sim.control.requests().filter((r) => r.path === '/dfc/api/v1/tenants').length;
    const listsBefore = lists();
    expect(await g.dossierfacile.webhookRelay.pull()).toEqual({ received: 1, tenants: [413], refused: 0 });
    expect((await call(g, 'dossierfacile.tenants.file', { localId })).row.status).toBe('DECLINED');
    expect(lists()).toBe(listsBefore);
    expect(g.journal.list({ limit: 50 }).map((e) => e.action)).toContain('dossierfacile.tenant.declined');

    // Anyone can post to a public relay: a webhook without DossierFacile's key changes nothing.
    const rereads = () => sim.control.requests().filter((r) => r.path === '/dfc/api/v1/tenants/413').length;
    const rereadsBefore = rereads();
    for (const headers of [{}, { 'x-api-key': 'devine' }] as Record<string, string>[]) {
      await fetch(relay.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ partnerCallBackType: 'ACCESS_REVOKED', onTenantId: 413 }) });
    }
    expect(await g.dossierfacile.webhookRelay.pull()).toEqual({ received: 2, tenants: [], refused: 2 });
    expect(rereads()).toBe(rereadsBefore);
    expect((await call(g, 'dossierfacile.tenants.file', { localId })).row.access).toBe('active');

    // Marie takes her access back: the relayed ACCESS_REVOKED has her re-read, refused, and her file stops being used.
    await sim.control.revoke(413);
    await sim.control.webhooksSettled();
    expect(await g.dossierfacile.webhookRelay.pull()).toEqual({ received: 1, tenants: [413], refused: 0 });
    expect((await call(g, 'dossierfacile.tenants.file', { localId })).row.access).toBe('revoked');
    expect(g.journal.list({ limit: 50 }).map((e) => e.action)).toContain('dossierfacile.tenant.access-revoked');
    // Nothing new: a pull reads nothing again.
    expect(await g.dossierfacile.webhookRelay.pull()).toEqual({ received: 0, tenants: [], refused: 0 });
  }, 120_000);
});
