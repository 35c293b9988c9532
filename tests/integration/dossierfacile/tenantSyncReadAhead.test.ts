import { afterEach, describe, expect, it } from 'vitest';
import { createDfcClient } from '../../../main/providers/dossierfacile/client.js';
import { discoverRealm } from '../../../main/providers/dossierfacile/oauthLoopback.js';
import { TenantSync, type TenantChange } from '../../../main/providers/dossierfacile/tenantSync.js';
import { startDossierFacileSimulator, type DossierFacileSimulator } from '../../../main/sandbox/dossierfacile/index.js';

// The sync asks the next page while it re-reads the current one, and re-reads several tenants at
// once (docs/providers/dossierfacile.md#partner-sync): what the clerk's copy receives must stay the
// same as one call at a time, in the same order, and a failure must not lose or skip anyone.

let sim: DossierFacileSimulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

async function setUp() {
  sim = await startDossierFacileSimulator({ timeScale: 1 });
  const a = sim.endpoint.account;
  const realm = await discoverRealm({ ssoBaseUrl: a['ssoBaseUrl']!, clientId: a['clientId']!, clientSecret: a['clientSecret'] });
  return { sim, client: createDfcClient({ apiBaseUrl: sim.origin, realm }) };
}

const isRead = (path: string) => /^\/dfc\/api\/v1\/tenants\/\d+$/.test(path);
const isList = (path: string) => path === '/dfc/api/v1/tenants';

describe('DossierFacile sync with read-ahead and overlapping re-reads', () => {
  it('hands out every tenant exactly once and in update order, asks the next page before re-reading the current one, and keeps at most readConcurrency re-reads in flight', async () => {
    const { sim, client } = await setUp();
    const base = sim.clock.now() - 3_600_000;
    // Three tenants per second (page boundaries fall inside an instant), then seven sharing one
    // later instant: a whole page of five is one instant and is asked again with a larger limit.
    const ids = sim.control.seedLinkedTenants(40, (i) => base + Math.floor(i / 3) * 1000);
    sim.control.touch(ids.slice(20, 27), base + 600_000);
    const expected = [...ids.slice(0, 20), ...ids.slice(27), ...ids.slice(20, 27)];
    // Every answer is late, so reads sent together are really answered together.
    sim.faults.settings = { ...sim.faults.settings, latencyMs: 40 };

    const sync = new TenantSync({ client, cursor: null, pageSize: 5, readConcurrency: 3, known: () => undefined });
    const changes: TenantChange[] = [];
    for await (const c of sync.changes()) changes.push(c);

    expect(changes.map((c) => c.tenantId)).toEqual(expected);
    expect(changes.every((c) => c.kinds.join() === 'linked,incomplete' && c.tenant?.connectedTenantId === c.tenantId)).toBe(true);

    const requests = sim.control.requests();
    const reads = requests.filter((r) => isRead(r.path));
    expect(reads).toHaveLength(expected.length);
    // Read-ahead: the second page is asked before the first page's tenants are all re-read.
    const lists = requests.map((r, i) => ({ r, i })).filter(({ r }) => isList(r.path));
    const firstPageIds = new Set(changes.slice(0, 5).map((c) => `/dfc/api/v1/tenants/${c.tenantId}`));
    const lastFirstPageRead = Math.max(...requests.map((r, i) => (firstPageIds.has(r.path) ? i : -1)));
    expect(lists[1]!.i).toBeLessThan(lastFirstPageRead);
    // Overlap, bounded: reads arrive while others are answered, never more than three (plus one page).
    const most = Math.max(...reads.map((r) => r.inFlight));
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(3 + 1);
    expect(sync.cursor).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/);
  });

  it('a re-read that fails stops the run at that tenant: those before it are handed out in order, none after, and the next run from the kept cursor brings the rest', async () => {
    const { sim, client } = await setUp();
    const base = sim.clock.now() - 3_600_000;
    const ids = sim.control.seedLinkedTenants(25, (i) => base + i * 1000);
    const failing = ids[13]!;
    sim.faults.settings = { ...sim.faults.settings, forcedStatus: 500, onlyPaths: new RegExp(`/tenants/${failing}$`), times: 1 };

    const first = new TenantSync({ client, cursor: null, pageSize: 10, readConcurrency: 4, known: () => undefined });
    const handed: number[] = [];
    await expect(
      (async () => {
        for await (const c of first.changes()) handed.push(c.tenantId);
      })(),
    ).rejects.toMatchObject({ code: expect.any(String) });
    expect(handed).toEqual(ids.slice(0, 13));

    // The kept cursor never passes a tenant that was not handed out.
    const second = new TenantSync({ client, cursor: first.cursor, pageSize: 10, readConcurrency: 4, known: () => undefined });
    const again: number[] = [];
    for await (const c of second.changes()) again.push(c.tenantId);
    expect(again).toEqual(expect.arrayContaining(ids.slice(13)));
    expect(new Set([...handed, ...again])).toEqual(new Set(ids));
  });
});
