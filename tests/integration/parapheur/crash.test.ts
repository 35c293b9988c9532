import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startParapheurSimulator, type ParapheurSimulator } from '../../../main/sandbox/parapheur/index.js';
import { tempDir } from './guichetHarness.js';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const worker = path.join(root, 'dist', 'test', 'crashWorker.mjs');
let sim: ParapheurSimulator;
let dir: string;
let identityDir: string;

beforeAll(async () => {
  await build({
    entryPoints: [path.join(import.meta.dirname, 'crashWorker.ts')],
    outfile: worker,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  });
  dir = tempDir('guichet-crash-');
  sim = await startParapheurSimulator({ dataDir: path.join(dir, 'sim'), autoAdvance: false });
  identityDir = path.join(dir, 'identity');
  fs.mkdirSync(identityDir);
  fs.writeFileSync(path.join(identityDir, 'user.p12'), sim.clientIdentity.p12);
  fs.writeFileSync(path.join(identityDir, 'password'), sim.clientIdentity.password);
  fs.writeFileSync(path.join(identityDir, 'ca.pem'), sim.caCertPem);
});

afterAll(async () => {
  await sim?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

function runWorker(args: string[], onLine: (line: string, kill: () => void) => void): Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [worker, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let buffered = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      buffered += d.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) onLine(line, () => child.kill('SIGKILL'));
    });
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code, signal) => resolve({ code, signal, out }));
  });
}

describe('a crash mid-upload loses nothing and files nothing twice', () => {
  it('kills the uploading process half-way, restarts it, and ends with exactly one document on FAST', { timeout: 120_000 }, async () => {
    const dataDir = path.join(dir, 'app');
    const file = path.join(dir, 'gros-dossier.pdf');
    const fd = fs.openSync(file, 'w');
    fs.writeSync(fd, '%PDF-1.4\n');
    const chunk = crypto.randomBytes(1024 * 1024);
    for (let i = 0; i < 96; i++) fs.writeSync(fd, chunk);
    // A cross-reference table at the end, as any PDF has: Guichet refuses a PDF without one.
    const xref = 9 + 96 * chunk.length + 1;
    fs.writeSync(fd, `\nxref\n0 1\n0000000000 65535 f \ntrailer << /Size 1 >>\nstartxref\n${xref}\n%%EOF\n`);
    fs.closeSync(fd);
    const sha = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
    const args = [dataDir, sim.baseUrl, sim.siren, identityDir];

    let killedAt = -1;
    const first = await runWorker(['deposit', ...args, file], (line, kill) => {
      const m = /^progress (\d+) (\d+)/.exec(line);
      if (m && killedAt < 0 && Number(m[1]) > 0 && Number(m[1]) < Number(m[2])) {
        killedAt = Number(m[1]);
        kill();
      }
    });
    expect(first.signal, first.out).toBe('SIGKILL');
    expect(killedAt).toBeGreaterThan(0);
    expect(sim.control.documents().filter((d) => d.sha256 === sha).length).toBeLessThanOrEqual(1);

    const second = await runWorker(['resume', ...args], () => undefined);
    expect(second.code, second.out).toBe(0);
    const filedId = /filed (\d+)/.exec(second.out)?.[1];
    const onFast = sim.control.documents().filter((d) => d.sha256 === sha);
    expect(onFast).toHaveLength(1);
    expect(onFast[0]!.id).toBe(filedId);
  });
});
