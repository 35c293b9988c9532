// « Synchroniser » with 5,000 linked tenants, end to end through the DossierFacile module (router,
// service, SQLite copy, journal, events), where bench/dfc-sync.ts measures TenantSync and the client
// alone (issue 11 § Benchmarks). The floor is measured in the
// same run: the bare calls the provider makes unavoidable (every page of `tenants` at the page size,
// one `tenants/{id}` per tenant; DossierFacile publishes no rate limit on these two, only on document
// downloads, which these tenants do not have), made by the same client with nothing kept. Goals: the
// sync's wall time ≤ 1.2 × that floor, and the process's peak RSS growth during the sync < 64 MB
// (pages streamed, never the whole list in memory). The simulator runs in a child process (this same
// bundle with `--simulator`) so that its own memory is not counted as Guichet's; Guichet reaches it
// as a custom environment, the production path.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import readline from 'node:readline';
import { startTestGuichet } from '../tests/integration/testGuichet.js';
import { startDossierFacileSimulator } from '../main/sandbox/dossierfacile/index.js';
import { createDfcClient } from '../main/providers/dossierfacile/client.js';
import { discoverRealm } from '../main/providers/dossierfacile/oauthLoopback.js';
import { writeResult } from './_results.js';

const tenants = Number(process.env.BENCH_TENANTS ?? 5000);
const pageSize = 1000;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

if (process.argv.includes('--simulator')) {
  // The child: the simulator with its tenants, its address on stdout, alive until stdin closes.
  const sim = await startDossierFacileSimulator();
  const base = sim.clock.now() - 86_400_000;
  sim.control.seedLinkedTenants(tenants, (i) => base + i * 10);
  process.stdout.write(`${JSON.stringify({ origin: sim.origin, account: sim.endpoint.account })}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => void sim.stop().then(() => process.exit(0)));
} else {
  await main();
}

async function main() {
  const child = spawn(process.execPath, [process.argv[1]!, '--simulator'], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, BENCH_TENANTS: String(tenants) } });
  const first = await new Promise<string>((resolve) => readline.createInterface({ input: child.stdout! }).once('line', resolve));
  const sim = JSON.parse(first) as { origin: string; account: Record<string, string> };

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'guichet-dfc-sync-'));
  const guichet = await startTestGuichet(path.join(work, 'data'), {
    version: 'bench',
    background: false,
    preseed: {
      providers: {
        dossierfacile: { environment: 'custom', customBaseUrl: sim.origin, customSsoBaseUrl: sim.account['ssoBaseUrl']!, clientId: sim.account['clientId']! },
      },
    },
    isTrustedOrigin: () => true,
  });
  await guichet.vault.set('dossierfacile.clientSecret', sim.account['clientSecret']!);

  // The floor: the same calls, bare.
  const a = sim.account;
  const realm = await discoverRealm({ ssoBaseUrl: a['ssoBaseUrl']!, clientId: a['clientId']!, clientSecret: a['clientSecret'] });
  const bare = createDfcClient({ apiBaseUrl: sim.origin, realm });
  await bare.listTenants({ limit: 1 }); // service token and connection, outside the measure

  /** RSS sampled while `work` runs: the growth over what the process held (after a GC) before it. */
  async function sampled<T>(work: () => Promise<T>): Promise<{ value: T; ms: number; rssGrowthMb: number }> {
    gc();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
    const start = performance.now();
    try {
      const value = await work();
      return { value, ms: performance.now() - start, rssGrowthMb: (Math.max(peak, process.memoryUsage().rss) - before) / (1024 * 1024) };
    } finally {
      clearInterval(sampler);
    }
  }

  async function floorRun() {
    let after: string | null = null;
    let pages = 0;
    let read = 0;
    for (;;) {
      const page = await bare.listTenants({ after, limit: pageSize, includeDeleted: true, includeRevoked: true });
      pages++;
      for (const row of page.data) {
        await bare.getTenant(row.id);
        read++;
      }
      if (page.metadata.resultCount < pageSize) break;
      after = page.data.at(-1)!.lastUpdateDate!;
    }
    return { pages, read };
  }

  // The sync as the clerk runs it, through the router, between two floor runs (the faster one is the
  // floor: a shared machine slows either at random).
  const sender = { isTopFrame: true, url: 'x' };
  await guichet.router.dispatch('dossierfacile.sync.state', {}, sender);
  // One unmeasured pass first: the simulator's and the client's code paths warmed up for both sides.
  await floorRun();
  const floor1 = await sampled(floorRun);
  const sync = await sampled(() => guichet.router.dispatch('dossierfacile.sync.run', {}, sender));
  const floor2 = await sampled(floorRun);
  const result = sync.value;
  if (!result.ok) throw new Error(`sync failed: ${JSON.stringify(result.error)}`);
  const floorMs = Math.min(floor1.ms, floor2.ms);
  const syncMs = sync.ms;
  const { pages, read } = floor1.value;
  const state = result.value as { changed: number | null; lastError: unknown };
  const kept = (guichet.db.prepare('SELECT COUNT(*) AS n FROM dfc_tenants').get() as { n: number }).n;
  await guichet.stop();
  child.stdin!.end();
  fs.rmSync(work, { recursive: true, force: true });

  const ratio = syncMs / floorMs;
  const rssGrowthMb = sync.rssGrowthMb;
  writeResult({
    name: 'dfc-module-sync',
    value: Math.round(syncMs),
    unit: 'ms',
    baseline: Math.round(floorMs),
    ratio: Math.round(ratio * 100) / 100,
    goalRatio: 1.2,
    tenants,
    pageSize,
    floorPages: pages,
    floorReads: read,
    changed: state.changed,
    kept,
    lastError: state.lastError,
    rssGrowthMb: Math.round(rssGrowthMb * 10) / 10,
    floorRssGrowthMb: Math.round(Math.max(floor1.rssGrowthMb, floor2.rssGrowthMb) * 10) / 10,
    floorRunsMs: [Math.round(floor1.ms), Math.round(floor2.ms)],
    goalRssGrowthMb: 64,
    passed: ratio <= 1.2 && rssGrowthMb < 64 && kept === tenants && state.lastError === null,
  });
}
