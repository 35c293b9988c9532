import { describe, expect, it } from 'vitest';
import { createDfcClient, type DfcClient } from '../../../main/providers/dossierfacile/client.js';
import { TenantSync, type KnownTenant, type TenantChange } from '../../../main/providers/dossierfacile/tenantSync.js';
import { startDossierFacileSimulator } from '../../../main/sandbox/dossierfacile/index.js';
import { SimClock } from '../../../main/sandbox/simClock.js';
import { connectSandboxTenant, sandboxRealm, dossierFacileTestBed } from './sandboxTenant.js';

const bed = dossierFacileTestBed();

/** The local copy as a caller keeps it: the last status per tenant, and ends once recorded. */
function localCopy() {
  const tenants = new Map<number, KnownTenant>();
  return {
    tenants,
    known: (id: number) => tenants.get(id),
    apply(c: TenantChange) {
      if (c.kinds.includes('deleted')) tenants.set(c.tenantId, { ...tenants.get(c.tenantId), stopped: 'deleted' });
      else if (c.kinds.includes('access-revoked')) tenants.set(c.tenantId, { ...tenants.get(c.tenantId), stopped: 'access-revoked' });
      else tenants.set(c.tenantId, { status: c.status! });
    },
  };
}

async function run(client: DfcClient, copy: ReturnType<typeof localCopy>, cursor: string | null, pageSize: number) {
  const sync = new TenantSync({ client, cursor, pageSize, known: copy.known });
  const changes: TenantChange[] = [];
  for await (const c of sync.changes()) {
    changes.push(c);
    copy.apply(c);
  }
  return { changes, cursor: sync.cursor };
}

const listQueries = () => bed.sim.control.requests().filter((r) => r.path === '/dfc/api/v1/tenants').map((r) => new URLSearchParams(r.query));

let clock: SimClock;
async function setUp() {
  clock = new SimClock(1);
  bed.sim = await startDossierFacileSimulator({ clock });
  return createDfcClient({ apiBaseUrl: bed.sim.origin, realm: await sandboxRealm(bed.sim) });
}

describe('DossierFacile tenant sync', () => {
  it('pulls every linked tenant across pages once, and the next run starts where the last one stopped', async () => {
    const client = await setUp();
    const base = bed.sim.clock.now() - 3_600_000;
    const ids = bed.sim.control.seedLinkedTenants(23, (i) => base + i * 1000);
    const copy = localCopy();
    const first = await run(client, copy, null, 10);
    expect(first.changes.map((c) => c.tenantId)).toEqual(ids);
    expect(first.changes.every((c) => c.kinds.join() === 'linked,incomplete' && c.tenant?.connectedTenantId === c.tenantId)).toBe(true);
    const queries = listQueries();
    expect(queries.length).toBeGreaterThan(2);
    // Its own cursor each time: a date without offset, never a bare `after`.
    for (const q of queries.slice(1)) expect(q.get('after')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/);
    expect(first.cursor).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/);

    bed.sim.control.touch([ids[3]!, ids[20]!], bed.sim.clock.now());
    const second = await run(client, copy, first.cursor, 10);
    expect(second.changes.map((c) => [c.tenantId, c.kinds])).toEqual([
      [ids[3], ['updated']],
      [ids[20], ['updated']],
    ]);
    expect((await run(client, copy, second.cursor, 10)).changes).toEqual([]);
  });

  it('misses no tenant updated in the same instant as a page boundary, even when a whole page is one instant', async () => {
    const client = await setUp();
    const base = bed.sim.clock.now() - 3_600_000;
    const ids = bed.sim.control.seedLinkedTenants(12, (i) => base + i * 1000);
    // Seven tenants share one instant, later than the others: they straddle pages of five.
    bed.sim.control.touch(ids.slice(3, 10), base + 60_000);
    const { changes } = await run(client, localCopy(), null, 5);
    expect(changes.map((c) => c.tenantId).sort()).toEqual([...ids].sort());
    expect(listQueries().some((q) => q.get('limit') === '10')).toBe(true);
  });

  it('reports deleted and revoked tenants once, keeps its cursor where the provider offers a bare `after`, and tells a status change', async () => {
    const client = await setUp();
    const copy = localCopy();
    const { set } = await connectSandboxTenant(bed.browser, bed.sim, 'lucas.martin@example.org');
    await client.getProfile(set.accessToken);
    const base = bed.sim.clock.now() - 3_600_000;
    const ids = bed.sim.control.seedLinkedTenants(4, (i) => base + i * 1000);
    const first = await run(client, copy, null, 100);
    expect(first.changes.filter((c) => c.tenantId >= 520 && c.tenantId <= 521).map((c) => [c.tenantId, c.kinds])).toEqual([
      [520, ['linked', 'declined']],
      [521, ['linked', 'to-process']],
    ]);

    await bed.sim.control.remove(ids[1]!);
    // Two tenants take their access back a minute apart: the provider lists one revocation per call.
    await bed.sim.control.revoke(ids[2]!);
    clock.advance(60_000);
    await bed.sim.control.revoke(ids[3]!);
    bed.sim.control.validate(521);
    const second = await run(client, copy, first.cursor, 100);
    expect(second.changes.map((c) => [c.tenantId, c.kinds, c.previousStatus])).toEqual([
      [521, ['validated'], 'TO_PROCESS'],
      [ids[1], ['deleted'], 'INCOMPLETE'],
      [ids[2], ['access-revoked'], 'INCOMPLETE'],
      [ids[3], ['access-revoked'], 'INCOMPLETE'],
    ]);
    // The page ending on a deletion offers `after` bare (« from the beginning »); the run kept its own cursor.
    expect(second.cursor! > first.cursor!).toBe(true);
    expect(listQueries().every((q) => q.get('after') !== '')).toBe(true);
    expect((await run(client, copy, second.cursor, 100)).changes).toEqual([]);
  });

  it('finds a deletion hidden behind full pages of updates', async () => {
    const client = await setUp();
    const copy = localCopy();
    const ids = bed.sim.control.seedLinkedTenants(7, (i) => bed.sim.clock.now() - 3_600_000 + i * 1000);
    const first = await run(client, copy, null, 3);
    await bed.sim.control.remove(ids[0]!);
    for (const id of ids.slice(1)) {
      clock.advance(1000);
      bed.sim.control.touch([id], clock.now());
    }
    const second = await run(client, copy, first.cursor, 3);
    expect(second.changes.filter((c) => c.kinds.includes('deleted')).map((c) => c.tenantId)).toEqual([ids[0]]);
    expect(second.changes.filter((c) => c.kinds.includes('updated')).map((c) => c.tenantId).sort()).toEqual(ids.slice(1).sort());
  });

  it('a tenant whose access goes between the list and the read is reported revoked', async () => {
    const client = await setUp();
    const ids = bed.sim.control.seedLinkedTenants(2, (i) => bed.sim.clock.now() - 60_000 + i);
    const sync = new TenantSync({
      client,
      cursor: null,
      known: async (id) => {
        if (id === ids[1]) await bed.sim.control.revoke(id);
        return undefined;
      },
    });
    const changes: TenantChange[] = [];
    for await (const c of sync.changes()) changes.push(c);
    expect(changes.map((c) => [c.tenantId, c.kinds])).toEqual([
      [ids[0], ['linked', 'incomplete']],
      [ids[1], ['access-revoked']],
    ]);
  });
});
