import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulatorFixture, type SimulatorFixture } from './simulatorFixture.js';

const run = promisify(execFile);
const SIZE = 50 * 1024 * 1024;

let fx: SimulatorFixture;
let workerPath: string;
let bigFile: { path: string; name: string; size: number; sha256: string };

async function writeBigPdf(target: string, size: number): Promise<string> {
  const hash = createHash('sha256');
  const out = fs.createWriteStream(target);
  const write = (chunk: Buffer) =>
    new Promise<void>((resolve, reject) => {
      hash.update(chunk);
      out.write(chunk, (error) => (error ? reject(error) : resolve()));
    });
  const head = Buffer.from('%PDF-1.4\n');
  const tail = Buffer.from('\n%%EOF\n');
  await write(head);
  let remaining = size - head.length - tail.length;
  while (remaining > 0) {
    const chunk = randomBytes(Math.min(remaining, 1024 * 1024));
    await write(chunk);
    remaining -= chunk.length;
  }
  await write(tail);
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return hash.digest('hex');
}

beforeAll(async () => {
  fx = await startSimulatorFixture();
  // The upload runs in its own process: the simulator's memory must not blur the measurement.
  workerPath = path.join(fx.dir, 'uploadWorker.cjs');
  await build({
    entryPoints: [fileURLToPath(new URL('./uploadWorker.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: workerPath,
    logLevel: 'silent',
  });
  const target = path.join(fx.dir, 'gros_dossier.pdf');
  const sha256 = await writeBigPdf(target, SIZE);
  bigFile = { path: target, name: 'gros_dossier.pdf', size: SIZE, sha256 };
}, 60_000);

afterAll(async () => {
  await fx?.stop();
});

describe('50 MB upload', () => {
  it('streams from disk with progress callbacks and bounded memory', async () => {
    const job = {
      baseUrl: fx.sim.baseUrl,
      siren: fx.sim.siren,
      p12Base64: fx.sim.clientIdentity.p12.toString('base64'),
      password: fx.sim.clientIdentity.password,
      ca: fx.sim.caCertPem,
      circuitId: 'courrier-visa-signature',
      label: 'Gros dossier',
      file: { path: bigFile.path, name: bigFile.name, size: bigFile.size },
      measure: 'heap',
    };
    const { stdout } = await run(process.execPath, ['--expose-gc', workerPath], {
      env: { ...process.env, GUICHET_UPLOAD_JOB: JSON.stringify(job) },
      maxBuffer: 1024 * 1024,
    });
    const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
      id?: string;
      calls: number;
      last: number;
      total: number;
      monotonic: boolean;
      peakDelta: number;
      error?: string;
    };
    expect(result.error).toBeUndefined();
    expect(result.id).toMatch(/^\d+$/);
    // Progress: many callbacks, never going backwards, ending on the file size.
    expect(result.calls).toBeGreaterThan(20);
    expect(result.monotonic).toBe(true);
    expect(result.last).toBe(SIZE);
    expect(result.total).toBe(SIZE);
    // Bounded memory: what the client holds after garbage collection stays far below the 50 MB.
    expect(result.peakDelta).toBeLessThan(16 * 1024 * 1024);
    // The simulator received every byte.
    const doc = fx.sim.control.document(result.id!);
    expect(doc).toMatchObject({ size: SIZE, sha256: bigFile.sha256, fileName: 'gros_dossier.pdf' });
  }, 120_000);
});
