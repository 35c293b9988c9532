// 500 small PDFs dropped at once on a circuit: all filed exactly once; total time against
// (sum of single-upload times ÷ concurrency) measured in the same run; the main process stays
// responsive (longest event-loop stall).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startTestGuichet } from '../tests/integration/testGuichet.js';
import { writeResult } from './_results.js';

const batchSize = Number(process.env.BENCH_BATCH ?? 500);
const singles = 20;
const circuitId = 'courrier-visa-signature';
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'guichet-batch-'));
const dataDir = path.join(work, 'data');
const guichet = await startTestGuichet(dataDir, { version: 'bench', timeScale: 1, isTrustedOrigin: () => true });
const sim = guichet.sandbox!.parapheur;
const sender = { isTopFrame: true, url: 'x' };
const concurrency = guichet.settings.get().providers.parapheur.concurrency;

function makePdf(i: number): string {
  const file = path.join(work, `piece-${i}.pdf`);
  fs.writeFileSync(file, Buffer.concat([Buffer.from(`%PDF-1.4\n% pièce ${i}\n`), crypto.randomBytes(8 * 1024 + (i % 16) * 1024), Buffer.from('\n%%EOF\n')]));
  return file;
}

async function deposit(files: string[], label: string): Promise<number[]> {
  const fileIds: string[] = [];
  for (const f of files) fileIds.push((await guichet.droppedFiles.stage(path.basename(f), fs.createReadStream(f), fs.statSync(f).size)).id);
  const result = await guichet.router.dispatch('parapheur.deposit.submit', { target: { kind: 'circuit', circuitId }, label, fileIds }, sender);
  if (!result.ok) throw new Error(`${result.error.code} (${result.error.key})`);
  return (result.value as { accepted: { localId: number }[] }).accepted.map((r) => r.localId);
}

function waitFiled(ids: number[]): Promise<void> {
  const pending = new Set(ids);
  return new Promise((resolve, reject) => {
    const off = guichet.bus.on('parapheur.document.changed', (row) => {
      if (row.outboxState === 'failed') reject(new Error(`${row.originalName}: ${JSON.stringify(row.lastError)}`));
      if (row.outboxState === 'filed') pending.delete(row.localId);
      if (pending.size === 0) {
        off();
        resolve();
      }
    });
  });
}

// Baseline: the same pipeline, one file at a time.
let singleTotal = 0;
for (let i = 0; i < singles; i++) {
  const file = makePdf(100_000 + i);
  const t0 = performance.now();
  const ids = await deposit([file], 'unitaire');
  await waitFiled(ids);
  singleTotal += performance.now() - t0;
}
const singleMs = singleTotal / singles;

const files = Array.from({ length: batchSize }, (_, i) => makePdf(i));
const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
const t0 = performance.now();
const ids = await deposit(files, 'lot');
const accepted = performance.now() - t0;
await waitFiled(ids);
const total = performance.now() - t0;
loop.disable();

const onFast = sim.control.documents().filter((d) => d.label === 'lot');
const distinct = new Set(onFast.map((d) => d.sha256)).size;
const filedOnce = onFast.length === batchSize && distinct === batchSize;
await guichet.stop();
fs.rmSync(work, { recursive: true, force: true });

const expected = (batchSize * singleMs) / concurrency;
writeResult({
  name: 'parapheur-batch',
  value: Math.round(total),
  unit: 'ms',
  baseline: Math.round(expected),
  ratio: Number((total / expected).toFixed(2)),
  baselineName: `sum of single-upload times (${singles} measured, mean ${Math.round(singleMs)} ms) ÷ concurrency ${concurrency}`,
  goal: 'all filed exactly once; ratio ≤ 1.2; longest main-process stall < 100 ms',
  files: batchSize,
  filedExactlyOnce: filedOnce,
  documentsOnSimulator: onFast.length,
  dropAcceptedMs: Math.round(accepted),
  longestStallMs: Number((loop.max / 1e6).toFixed(1)),
  p99StallMs: Number((loop.percentile(99) / 1e6).toFixed(1)),
});
if (!filedOnce) process.exit(1);
