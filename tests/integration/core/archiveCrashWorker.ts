/**
 * The process the crash test kills (tests/integration/core/archiveCrash.test.ts): it keeps files the
 * way a provider module does, through the real blob store and Archive on a real SQLite file, and
 * prints a line after each step so the test knows how far it got.
 *
 *   node archiveCrashWorker.mjs <dataDir> loop   — keeps file after file until killed
 *   node archiveCrashWorker.mjs <dataDir> stuck  — keeps 3 files, then starts a 4th and stops half-way
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { openDatabase } from '../../../main/core/db/database.js';
import { createBlobStore } from '../../../main/core/blobs/blobStore.js';
import { createActivityJournal } from '../../../main/core/journal/activityJournal.js';
import { createArchive } from '../../../main/core/archive/archiveService.js';
import { allMigrations } from '../../../main/providers/registry.js';
import { crashFixtureArchive, ensureFixtureTable } from './archiveCrashFixture.js';

const [dataDir, mode] = process.argv.slice(2);
if (!dataDir || (mode !== 'loop' && mode !== 'stuck')) throw new Error('usage: <dataDir> loop|stuck');

const db = openDatabase(join(dataDir, 'guichet.sqlite'), allMigrations);
ensureFixtureTable(db);
const blobs = createBlobStore(join(dataDir, 'blobs'), db);
const journal = createActivityJournal(db);
// The text extractor never runs here: these files are not PDFs (it stops at the magic bytes).
const archive = createArchive({ db, blobs, journal, contributors: { fixture: crashFixtureArchive } });
const insert = db.prepare('INSERT INTO crash_fixture (key, sha256, size, kept_at) VALUES (?, ?, ?, ?)');

async function keep(n: number): Promise<void> {
  // Several chunks per file: a kill can land between two writes of the same blob.
  const chunks = Array.from({ length: 8 }, () => randomBytes(64 * 1024));
  const { sha256, size } = await blobs.putStream(Readable.from(chunks), { mediaType: 'application/octet-stream' });
  insert.run(`f${String(n).padStart(5, '0')}`, sha256, size, new Date().toISOString());
  await archive.sync('fixture');
  process.stdout.write(`committed ${n} ${sha256}\n`);
}

if (mode === 'loop') {
  for (let n = 1; ; n += 1) await keep(n);
} else {
  for (let n = 1; n <= 3; n += 1) await keep(n);
  // A fourth file whose source stops after its first chunk: the write is left half-done, as when
  // the machine stops during a download. The interval only keeps this process alive until it is killed.
  setInterval(() => undefined, 1 << 30);
  const first = randomBytes(256 * 1024);
  async function* halfSource() {
    yield first;
    // Said once the first chunk is on disk in the store's temp folder, not merely handed over.
    const tmp = join(dataDir!, 'blobs', 'tmp');
    while (!readdirSync(tmp).some((name) => statSync(join(tmp, name)).size >= first.length)) await new Promise((resolve) => setImmediate(resolve));
    process.stdout.write('partial\n');
    await new Promise(() => undefined);
  }
  await blobs.putStream(Readable.from(halfSource()));
}
