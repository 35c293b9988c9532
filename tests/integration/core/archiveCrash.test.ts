import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import type Database from 'better-sqlite3';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/core/db/database.js';
import { createBlobStore } from '../../../main/core/blobs/blobStore.js';
import { createActivityJournal } from '../../../main/core/journal/activityJournal.js';
import { createArchive, type Archive } from '../../../main/core/archive/archiveService.js';
import { allMigrations } from '../../../main/providers/registry.js';
import { crashFixtureArchive, ensureFixtureTable } from './archiveCrashFixture.js';
import { useTempDirs } from './tempDirs.js';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const worker = path.join(root, 'dist', 'test', 'archiveCrashWorker.mjs');
const tempDir = useTempDirs('archive-crash');
const open: { db: Database.Database; archive: Archive }[] = [];

beforeAll(async () => {
  await build({
    entryPoints: [path.join(import.meta.dirname, 'archiveCrashWorker.ts')],
    outfile: worker,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  });
});

afterEach(async () => {
  for (const o of open.splice(0)) {
    await o.archive.stop();
    o.db.close();
  }
});

/** Runs the worker and SIGKILLs it when `killWhen` says so; resolves with the lines it printed. */
function runAndKill(dataDir: string, mode: 'loop' | 'stuck', killWhen: (line: string) => boolean): Promise<{ lines: string[]; signal: NodeJS.Signals | null; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [worker, dataDir, mode], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let buffered = '';
    let err = '';
    let killed = false;
    child.stdout.on('data', (d: Buffer) => {
      buffered += d.toString();
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        if (!killed && killWhen(line)) {
          killed = true;
          child.kill('SIGKILL');
        }
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (_code, signal) => resolve({ lines, signal, err }));
  });
}

/** What the next start does: open the database, the blob store (which sweeps its temp folder) and the Archive. */
async function reopen(dataDir: string) {
  const db = openDatabase(path.join(dataDir, 'guichet.sqlite'), allMigrations);
  ensureFixtureTable(db);
  const blobs = createBlobStore(path.join(dataDir, 'blobs'), db);
  const archive = createArchive({ db, blobs, journal: createActivityJournal(db), contributors: { fixture: crashFixtureArchive } });
  open.push({ db, archive });
  await archive.start();
  return { db, blobs, archive };
}

/** Every file under a blob's final name holds exactly the bytes its name promises. */
function blobFilesTrue(blobsDir: string): { files: number; wrong: string[] } {
  let files = 0;
  const wrong: string[] = [];
  for (const sub of readdirSync(blobsDir)) {
    if (sub === 'tmp') continue;
    for (const name of readdirSync(path.join(blobsDir, sub))) {
      files += 1;
      const actual = createHash('sha256').update(readFileSync(path.join(blobsDir, sub, name))).digest('hex');
      if (actual !== name) wrong.push(name);
    }
  }
  return { files, wrong };
}

const committed = (lines: string[]) => lines.flatMap((l) => /^committed (\d+) ([0-9a-f]{64})$/.exec(l) ?? []).length / 3;
const committedShas = (lines: string[]) => lines.flatMap((l) => { const m = /^committed \d+ ([0-9a-f]{64})$/.exec(l); return m ? [m[1]!] : []; });

describe('the store survives a kill during a write', () => {
  it('killed while keeping file after file: the database opens, every committed file checks out, no blob is half-written', { timeout: 60_000 }, async () => {
    const dataDir = tempDir();
    // Killed as soon as the 6th file is committed: the process is already writing the 7th (blob, row or index).
    const run = await runAndKill(dataDir, 'loop', (line) => line.startsWith('committed 6 '));
    expect(run.signal, run.err).toBe('SIGKILL');
    const shas = committedShas(run.lines);
    expect(shas.length).toBeGreaterThanOrEqual(6);

    const { db, archive } = await reopen(dataDir);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(readdirSync(path.join(dataDir, 'blobs', 'tmp'))).toEqual([]);
    const listed = archive.search({ query: '', limit: 100, offset: 0 });
    expect(listed.items.map((i) => i.sha256)).toEqual(expect.arrayContaining(shas));
    const report = await archive.verify();
    expect(report.missing).toEqual([]);
    expect(report.altered).toEqual([]);
    expect(report.checked).toBeGreaterThanOrEqual(shas.length);
    expect(blobFilesTrue(path.join(dataDir, 'blobs')).wrong).toEqual([]);
    expect(committed(run.lines)).toBe(shas.length);
  });

  it('killed half-way through a file: the half-written bytes are thrown away at start and never become a blob', { timeout: 60_000 }, async () => {
    const dataDir = tempDir();
    const run = await runAndKill(dataDir, 'stuck', (line) => line === 'partial');
    expect(run.signal, run.err).toBe('SIGKILL');
    expect(run.lines).toContain('partial');
    const tmp = path.join(dataDir, 'blobs', 'tmp');
    const leftovers = readdirSync(tmp);
    expect(leftovers).toHaveLength(1);
    const partialBytes = readFileSync(path.join(tmp, leftovers[0]!));
    expect(partialBytes.length).toBeGreaterThan(0);
    const partialSha = createHash('sha256').update(partialBytes).digest('hex');

    const { blobs, archive } = await reopen(dataDir);
    expect(readdirSync(tmp)).toEqual([]);
    expect(blobs.has(partialSha)).toBe(false);
    const { files, wrong } = blobFilesTrue(path.join(dataDir, 'blobs'));
    expect(wrong).toEqual([]);
    expect(files).toBe(3);
    const report = await archive.verify();
    expect(report).toMatchObject({ checked: 3, missing: [], altered: [] });
    expect(existsSync(path.join(dataDir, 'guichet.sqlite'))).toBe(true);
    expect(statSync(path.join(dataDir, 'guichet.sqlite')).size).toBeGreaterThan(0);
  });
});
