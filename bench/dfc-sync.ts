// « Synchroniser » over 5,000 linked DossierFacile tenants, from the simulator at time scale 1
// (issue 11, Benchmarks). The bench drives `TenantSync` and the DFC client directly and keeps the
// changes in a small SQLite table of its own, in a temporary file: it does not use the DossierFacile
// module's service or its migrations (built elsewhere), so it measures the sync and the client only.
//
// Goal: wall time ≤ 1.2 × the minimum the provider allows, computed in the same run, and peak RSS
// growth < 64 MB. The provider publishes limits only for downloads (docs/providers/dossierfacile.md#limits);
// the sync's calls (`tenants` pages, `tenants/{id}`) have none. So the floor is the larger of:
//   - the rate-limit floor: for each limited kind of call, the sync's calls of that kind ÷ the rate the
//     simulator is configured with (0 when the sync makes none of them, which is the case today);
//   - the serving floor: a bare client (node:http, same keep-alive agent, no schema check, no storage)
//     asking the simulator exactly the calls a sync needs — ⌈N / page size⌉ + 1 pages walked in turn,
//     each listed tenant read as soon as its page arrives — at 4 and 16 calls in flight; the fastest
//     run of all is the floor (the fastest these calls can be answered, on this machine, in this run).
// Bare runs and syncs alternate over a few rounds (the machine is shared; its load moves), and the
// fastest sync is compared with the fastest bare run. CPU time of both is reported too, and the
// simulator's own CPU during each run beside it.
// The simulator runs in a child process (see serveSimulator): RSS, CPU and the profile of this process
// are the client's only. RSS is sampled every 25 ms during each sync only.
import { fork } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import * as oidc from 'openid-client';
import { discoverRealm } from '../main/providers/dossierfacile/oauthLoopback.js';
import { createDfcClient } from '../main/providers/dossierfacile/client.js';
import { defaultReadConcurrency, TenantSync } from '../main/providers/dossierfacile/tenantSync.js';
import { startDossierFacileSimulator } from '../main/sandbox/dossierfacile/index.js';
import { writeResult } from './_results.js';

const tenants = Number(process.env.BENCH_TENANTS ?? 5000);
const pageSize = Number(process.env.BENCH_PAGE_SIZE ?? 1000);
const probeConcurrencies = (process.env.BENCH_BARE_IN_FLIGHT ?? '4,16').split(',').map(Number);
// A remote provider's round trip, added by the simulator's latency knob to every API answer (0: none).
const latencyMs = Number(process.env.BENCH_LATENCY_MS ?? 0);
// Interleaved rounds (bare runs, then the sync): the machine's load moves, each side gets its best.
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
// Undefined: TenantSync's own default.
const readConcurrency = process.env.BENCH_READ_CONCURRENCY ? Number(process.env.BENCH_READ_CONCURRENCY) : undefined;
const gc = (globalThis as { gc?: () => void }).gc;

// ---- the simulator, in a process of its own ----
// The provider's servers are not on the clerk's computer: their CPU must not count against the sync,
// nor slow it. In the bench's process the simulator took about half of all CPU (JWT checks, answers)
// and its oidc-provider turns on async hooks for the whole process (an AsyncLocalStorage), which taxes
// every promise of the client too. So it runs in a child process and the bench only talks HTTP to it,
// as the app talks to DossierFacile; the bare runs (the floor) meet the very same child.
interface CallCounts {
  listCalls: number;
  readCalls: number;
  documentCalls: number;
  publicLinkCalls: number;
  failures: number;
}

type SimOp = 'mark' | 'calls' | 'rateLimits' | 'cpuMs' | 'stop';

async function serveSimulator(): Promise<void> {
  const sim = await startDossierFacileSimulator({ timeScale: 1 });
  // Updated 30 days ago, three tenants per second (page boundaries fall inside an instant: the cursor's edge).
  const now = sim.clock.now();
  // The sandbox's own tenants are not linked until they connect: only these are.
  const seeded = sim.control.seedLinkedTenants(tenants, (i) => now - 30 * 86_400_000 + Math.floor(i / 3) * 1000);
  if (latencyMs > 0) sim.faults.settings = { ...sim.faults.settings, latencyMs };
  const ops: Record<SimOp, (arg?: number) => unknown> = {
    mark: () => sim.control.requests().length,
    calls: (since = 0): CallCounts => {
      const requests = sim.control.requests().slice(since);
      return {
        listCalls: requests.filter((r) => r.path === '/dfc/api/v1/tenants').length,
        readCalls: requests.filter((r) => /^\/dfc\/api\/v1\/tenants\/\d+$/.test(r.path)).length,
        documentCalls: requests.filter((r) => /\/documents\//.test(r.path) && r.path.startsWith('/dfc/')).length,
        publicLinkCalls: requests.filter((r) => r.path.startsWith('/api/application/links/')).length,
        failures: requests.filter((r) => r.status !== 200).length,
      };
    },
    rateLimits: () => sim.control.rateLimits(),
    cpuMs: () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1000;
    },
    stop: () => sim.stop(),
  };
  // A bench that dies leaves no simulator behind: the channel's end ends this process.
  process.once('disconnect', () => process.exit(0));
  await new Promise<void>((resolve) => {
    process.on('message', (m: { id: number; op: SimOp; arg?: number }) => {
      void Promise.resolve(ops[m.op](m.arg)).then((result) => {
        process.send!({ id: m.id, result });
        if (m.op === 'stop') resolve();
      });
    });
    process.send!({ id: 0, result: { origin: sim.origin, account: sim.endpoint.account, seeded: seeded.length } });
  });
  process.disconnect();
}

async function startSimulatorProcess() {
  const child = fork(fileURLToPath(import.meta.url), ['--simulator'], { stdio: 'inherit' });
  const waiting = new Map<number, (result: unknown) => void>();
  child.on('message', (m: { id: number; result: unknown }) => {
    waiting.get(m.id)?.(m.result);
    waiting.delete(m.id);
  });
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`simulator process ended (${code})`))));
  exited.catch(() => undefined);
  const answer = <T>(id: number) => Promise.race([new Promise<T>((resolve) => waiting.set(id, resolve as (r: unknown) => void)), exited]);
  const ready = await answer<{ origin: string; account: Record<string, string | undefined>; seeded: number }>(0);
  let next = 1;
  const call = <T>(op: SimOp, arg?: number): Promise<T> => {
    const id = next++;
    const result = answer<T>(id);
    child.send({ id, op, arg });
    return result;
  };
  return {
    ...ready,
    call,
    async stop() {
      await call('stop');
      await new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.once('exit', resolve)));
    },
  };
}

async function measure(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'guichet-dfc-sync-'));
  const sim = await startSimulatorProcess();
  const realm = await discoverRealm({ ssoBaseUrl: sim.account['ssoBaseUrl']!, clientId: sim.account['clientId']!, clientSecret: sim.account['clientSecret'] });

  // ---- serving floor: a bare client, no parsing beyond the pages' JSON, no storage ----
  function get(token: string, pathAndQuery: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const req = http.get(`${sim.origin}${pathAndQuery}`, { headers: { Authorization: `Bearer ${token}` } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => (res.statusCode === 200 ? resolve(Buffer.concat(chunks).toString('utf8')) : reject(new Error(`HTTP ${res.statusCode} ${pathAndQuery}`))));
        res.on('error', reject);
      });
      req.on('error', reject);
    });
  }

  async function bareSync(inFlight: number): Promise<{ ms: number; reads: number; pages: number }> {
    const token = (await oidc.clientCredentialsGrant(realm, { scope: 'dfc dfc-documents' })).access_token;
    const t0 = performance.now();
    const queue: number[] = [];
    const idle: (() => void)[] = [];
    const wakeAll = () => idle.splice(0).forEach((r) => r());
    let listing = true;
    let reads = 0;
    let pages = 0;
    const worker = async () => {
      for (;;) {
        const id = queue.shift();
        if (id !== undefined) {
          await get(token, `/dfc/api/v1/tenants/${id}`);
          reads++;
        } else if (!listing) return;
        else await new Promise<void>((r) => idle.push(r));
      }
    };
    const workers = Array.from({ length: inFlight }, worker);
    let after = '';
    for (;;) {
      const body = JSON.parse(await get(token, `/dfc/api/v1/tenants?limit=${pageSize}&includeDeleted=true&includeRevoked=true${after ? `&after=${after}` : ''}`)) as { data: { id: number; lastUpdateDate: string | null }[] };
      pages++;
      for (const row of body.data) if (row.lastUpdateDate) queue.push(row.id);
      wakeAll();
      if (body.data.length < pageSize) break;
      after = body.data.at(-1)!.lastUpdateDate!;
    }
    listing = false;
    wakeAll();
    await Promise.all(workers);
    return { ms: performance.now() - t0, reads, pages };
  }

  // ---- the sync, as the app runs it, into a table of the bench's own ----
  async function appSync() {
    const dbFile = path.join(work, `bench-${Date.now()}.sqlite`);
    const db = new Database(dbFile);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL'); // as the app's database (main/core/db/database.ts)
    db.exec('CREATE TABLE tenants (id INTEGER PRIMARY KEY, status TEXT NOT NULL, kinds TEXT NOT NULL, updated_at TEXT NOT NULL, model TEXT)');
    const upsert = db.prepare('INSERT INTO tenants (id, status, kinds, updated_at, model) VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET status = excluded.status, kinds = excluded.kinds, updated_at = excluded.updated_at, model = excluded.model');
    const knownStmt = db.prepare<[number], { status: string }>('SELECT status FROM tenants WHERE id = ?');
    const client = createDfcClient({ apiBaseUrl: sim.origin, realm });
    const requestsBefore = await sim.call<number>('mark');

    gc?.();
    const rssBefore = process.memoryUsage.rss();
    let rssPeak = rssBefore;
    // memoryUsage.rss() only: the full memoryUsage() walks the heap and would slow the sync it measures.
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage.rss())), 25);
    const t0 = performance.now();
    const sync = new TenantSync({ client, cursor: null, pageSize, known: (id) => knownStmt.get(id), ...(readConcurrency ? { readConcurrency } : {}) });
    const seen = new Map<number, number>();
    // Changes are written as they come, committed by batches of 500 (a commit per row would measure SQLite).
    let uncommitted = 0;
    db.exec('BEGIN');
    for await (const c of sync.changes()) {
      upsert.run(c.tenantId, c.status ?? c.kinds[0]!, c.kinds.join(','), c.at, c.tenant ? JSON.stringify(c.tenant) : null);
      seen.set(c.tenantId, (seen.get(c.tenantId) ?? 0) + 1);
      if (++uncommitted === 500) {
        db.exec('COMMIT');
        db.exec('BEGIN');
        uncommitted = 0;
      }
    }
    db.exec('COMMIT');
    const ms = performance.now() - t0;
    clearInterval(sampler);
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    const stored = (db.prepare('SELECT count(*) AS n FROM tenants').get() as { n: number }).n;
    db.close();
    const calls = await sim.call<CallCounts>('calls', requestsBefore);
    return {
      ms,
      rssGrowthMB: (rssPeak - rssBefore) / 2 ** 20,
      stored,
      seenOnce: [...seen.values()].every((n) => n === 1) && seen.size === sim.seeded,
      cursor: sync.cursor,
      ...calls,
    };
  }

  // Warm both sides once (JIT, the first token), then rounds of: bare runs, the sync.
  await bareSync(4);
  const probes: { inFlight: number; ms: number; cpuMs: number; simCpuMs: number }[] = [];
  const syncs: (Awaited<ReturnType<typeof appSync>> & { cpuMs: number; simCpuMs: number })[] = [];
  const cpuMs = (from: NodeJS.CpuUsage) => {
    const u = process.cpuUsage(from);
    return (u.user + u.system) / 1000;
  };
  for (let r = 0; r < rounds; r++) {
    for (const c of probeConcurrencies) {
      const cpu = process.cpuUsage();
      const simCpu = await sim.call<number>('cpuMs');
      const { ms } = await bareSync(c);
      probes.push({ inFlight: c, ms, cpuMs: cpuMs(cpu), simCpuMs: (await sim.call<number>('cpuMs')) - simCpu });
    }
    const cpu = process.cpuUsage();
    const simCpu = await sim.call<number>('cpuMs');
    const result = await appSync();
    syncs.push({ ...result, cpuMs: cpuMs(cpu), simCpuMs: (await sim.call<number>('cpuMs')) - simCpu });
  }
  const run = syncs.reduce((best, s) => (s.ms < best.ms ? s : best));

  // Rate-limit floor: each limited kind of call the sync made, at the simulator's configured rate
  // (a sliding minute: the first `limit` calls go at once, each further `limit` waits a minute).
  const limits = await sim.call<{ documents: number; publicLinks: number }>('rateLimits');
  const limitedFloorMs = (calls: number, perMinute: number) => Math.max(0, Math.ceil(calls / perMinute) - 1) * 60_000;
  const rateFloorMs = limitedFloorMs(run.documentCalls, limits.documents) + limitedFloorMs(run.publicLinkCalls, limits.publicLinks);
  const servingFloorMs = Math.min(...probes.map((p) => p.ms));
  const floorMs = Math.max(rateFloorMs, servingFloorMs);

  await sim.stop();
  fs.rmSync(work, { recursive: true, force: true });

  writeResult({
    // The latency variant is an illustration kept apart: the issue's figure is the run without it.
    name: latencyMs > 0 ? 'dfc-sync-latency' : 'dfc-sync',
    value: Math.round(run.ms),
    unit: 'ms',
    baseline: Math.round(floorMs),
    ratio: Number((run.ms / floorMs).toFixed(3)),
    goal: 'wall time ≤ 1.2 × floor (max of rate-limit floor and serving floor, same run); peak RSS growth < 64 MB',
    tenants,
    latencyMs,
    pageSize,
    readConcurrency: readConcurrency ?? defaultReadConcurrency,
    stored: Math.min(...syncs.map((s) => s.stored)),
    everyTenantOnce: syncs.every((s) => s.seenOnce),
    listCalls: run.listCalls,
    readCalls: run.readCalls,
    failedCalls: run.failures,
    rateLimitsPerMinute: limits,
    rateFloorMs,
    servingFloorMs: Math.round(servingFloorMs),
    syncRuns: syncs.map((s) => ({ ms: Math.round(s.ms), cpuMs: Math.round(s.cpuMs), simulatorCpuMs: Math.round(s.simCpuMs), peakRssGrowthMB: Number(s.rssGrowthMB.toFixed(1)) })),
    bareRuns: probes.map((p) => ({ inFlight: p.inFlight, ms: Math.round(p.ms), cpuMs: Math.round(p.cpuMs), simulatorCpuMs: Math.round(p.simCpuMs) })),
    // CPU time (client and in-process simulator together) is less sensitive to the machine's load than wall time.
    cpuRatio: Number((Math.min(...syncs.map((s) => s.cpuMs)) / Math.min(...probes.map((p) => p.cpuMs))).toFixed(3)),
    peakRssGrowthMB: Number(Math.max(...syncs.map((s) => s.rssGrowthMB)).toFixed(1)),
    loadavg: os.loadavg().map((l) => Number(l.toFixed(2))),
    cpus: os.cpus().length,
  });
}

if (process.argv[2] === '--simulator') await serveSimulator();
else await measure();
