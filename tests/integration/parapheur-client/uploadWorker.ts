import { createParapheurClient } from '../../../main/providers/parapheur/client.js';

/**
 * Runs one upload in a process of its own, so that its memory is measured without the simulator's:
 * bundled by largeUpload.test.ts (`measure: 'heap'`: what the upload holds after garbage collection)
 * and by bench/parapheur-upload.ts (`measure: 'rss'`: time and resident memory, no collection that
 * would slow the upload down). Run with --expose-gc. Input: GUICHET_UPLOAD_JOB (JSON). Output: one JSON line.
 */
interface Job {
  baseUrl: string;
  siren: string;
  p12Base64: string;
  password: string;
  ca: string;
  circuitId: string;
  label: string;
  file: { path: string; name: string; size: number };
  measure: 'heap' | 'rss';
}

function usedMemory(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

async function main(): Promise<void> {
  const job = JSON.parse(process.env.GUICHET_UPLOAD_JOB ?? '{}') as Job;
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  const client = createParapheurClient({
    baseUrl: job.baseUrl,
    siren: job.siren,
    pfx: Buffer.from(job.p12Base64, 'base64'),
    passphrase: job.password,
    ca: job.ca,
  });
  gc();
  const baseline = usedMemory();
  let peak = baseline;
  const rssBefore = process.memoryUsage.rss();
  let rssPeak = rssBefore;
  // Sampled on a timer only: reading /proc at every chunk cost the upload ~60 ms of CPU (4 %), taken
  // from the simulator on a 2-core machine.
  const sampler = job.measure === 'rss' ? setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage.rss())), 5) : null;
  const progress: number[] = [];
  let totalSeen = 0;
  let lastCollectedAt = 0;
  const t0 = performance.now();
  const id = await client.uploadToCircuit({
    circuitId: job.circuitId,
    file: job.file,
    label: job.label,
    onProgress: (sent, total) => {
      progress.push(sent);
      totalSeen = total;
      // Every ~4 MB, collect garbage first: what remains is what the upload really holds.
      if (job.measure === 'heap' && sent - lastCollectedAt >= 4 * 1024 * 1024) {
        lastCollectedAt = sent;
        gc();
        peak = Math.max(peak, usedMemory());
      }
    },
  });
  const ms = performance.now() - t0;
  if (sampler) clearInterval(sampler);
  client.close();
  const monotonic = progress.every((v, i) => i === 0 || v >= (progress[i - 1] ?? 0));
  process.stdout.write(
    `${JSON.stringify({ id, ms, calls: progress.length, last: progress.at(-1), total: totalSeen, monotonic, peakDelta: peak - baseline, rssBefore, rssPeak })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stdout.write(`${JSON.stringify({ error: String((error as Error)?.message ?? error), code: (error as { code?: string })?.code })}\n`);
  process.exitCode = 1;
});
