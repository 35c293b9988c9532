// 100,000 archived items with extracted text in a real SQLite file: time to the first result page
// (50 items, ranked by bm25, title and snippet highlighted, total counted up to 1,000) for a two-word
// query through the Archive as the app runs it, against an unindexed LIKE scan over the same texts
// (first page and the same capped count), in the same run. Goal (issue 12): < 50 ms median.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../main/core/db/database.js';
import { createBlobStore } from '../main/core/blobs/blobStore.js';
import { createActivityJournal } from '../main/core/journal/activityJournal.js';
import { createArchive } from '../main/core/archive/archiveService.js';
import type { ArchiveItemInput } from '../main/core/archive/archiveItem.js';
import { allMigrations } from '../main/providers/registry.js';
import { median, writeResult } from './_results.js';

const count = Number(process.env.BENCH_ARCHIVE_ITEMS ?? 100_000);
const wordsPerText = Number(process.env.BENCH_ARCHIVE_WORDS ?? 150);
const runs = 25;
const pageSize = 50;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'guichet-archive-search-'));

// A deterministic corpus: a vocabulary of made-up French-looking words with a Zipf-like frequency,
// names, circuits; the same every run.
let seed = 42;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};
const syllables = ['ba', 'ché', 'di', 'fon', 'gar', 'lé', 'mi', 'nor', 'pa', 'qué', 'ri', 'sol', 'ta', 'vé', 'zu', 'cor', 'mon', 'ver', 'tal', 'bri'];
const vocabulary = Array.from({ length: 6000 }, () => Array.from({ length: 2 + Math.floor(random() * 3) }, () => syllables[Math.floor(random() * syllables.length)]).join(''));
const zipfWord = () => vocabulary[Math.floor(vocabulary.length * random() ** 2.2)]!;
const lastNames = ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefèvre', 'Michel', 'García', 'Fournier'];
const circuits = ['Visa DGS', 'Signature du maire', 'Marchés publics', 'Ressources humaines', 'Urbanisme'];
const kinds = ['signed', 'fdc', 'report', 'document'];

const texts: string[] = [];
const items: ArchiveItemInput[] = [];
const t0 = Date.UTC(2024, 0, 1);
for (let i = 0; i < count; i++) {
  const name = lastNames[i % lastNames.length]!;
  texts.push(Array.from({ length: wordsPerText }, zipfWord).join(' ') + ` ${name}`);
  const at = new Date(t0 + i * 9 * 60_000).toISOString();
  items.push({
    key: `item:${i}`,
    kind: kinds[i % kinds.length]!,
    environment: 'production',
    title: `${zipfWord()}-${zipfWord()}-${i}.pdf`,
    fileName: `document-${i}.pdf`,
    labels: [circuits[i % circuits.length], `Lot ${i % 300}`],
    comments: [i % 7 === 0 ? `${zipfWord()} ${zipfWord()}` : null],
    people: [`${name} ${['Camille', 'Léa', 'Hugo', 'Inès'][i % 4]}`, `agent${i % 50}@mairie.example`],
    reference: [String(1_000_000 + i)],
    mediaType: 'application/pdf',
    size: 50_000 + (i % 1000),
    sha256: (i.toString(16).padStart(8, '0') + 'a'.repeat(56)).slice(0, 64),
    createdAt: at,
    archivedAt: at,
  });
}

const db = openDatabase(path.join(work, 'guichet.sqlite'), allMigrations);
const blobs = createBlobStore(path.join(work, 'blobs'), db);
const archive = createArchive({ db, blobs, journal: createActivityJournal(db), contributors: { bench: { items: () => items } } });

let mark = performance.now();
await archive.sync('bench');
const syncMs = performance.now() - mark;
// The bench has no blob files: the extraction queue marks every item at once; the corpus text is then
// recorded as the worker would have.
await archive.extractPending();
mark = performance.now();
db.transaction(() => {
  for (let i = 0; i < count; i++) archive.recordText(i + 1, texts[i]!, 1);
})();
const indexMs = performance.now() - mark;
db.exec("INSERT INTO archive_fts (archive_fts) VALUES ('optimize')");

// The same texts in a plain table: what a search without an index scans.
db.exec(`CREATE TABLE naive_archive AS
  SELECT i.id, i.archived_at, f.title, f.labels, f.comments, f.reference, f.people, f.body
    FROM archive_items i JOIN archive_fts f ON f.rowid = i.id`);

// Two words a clerk would type: a surname and a word of middling frequency, so that a few hundred items match.
const frequencies = new Map<string, number>();
for (const text of texts.slice(0, 5000)) for (const w of new Set(text.split(' '))) frequencies.set(w, (frequencies.get(w) ?? 0) + 1);
const middling = [...frequencies.entries()].filter(([w, n]) => n >= 40 && n <= 80 && w.length >= 6).map(([w]) => w)[0] ?? vocabulary[500]!;
const query = `${middling} Dubois`;

const naivePage = db.prepare(
  `SELECT id, title FROM naive_archive
    WHERE (title || ' ' || labels || ' ' || comments || ' ' || reference || ' ' || people || ' ' || body) LIKE ?
      AND (title || ' ' || labels || ' ' || comments || ' ' || reference || ' ' || people || ' ' || body) LIKE ?
    ORDER BY archived_at DESC LIMIT ${pageSize}`,
);
const naiveCount = db.prepare(
  `SELECT count(*) AS n FROM (SELECT 1 FROM naive_archive
    WHERE (title || ' ' || labels || ' ' || comments || ' ' || reference || ' ' || people || ' ' || body) LIKE ?
      AND (title || ' ' || labels || ' ' || comments || ' ' || reference || ' ' || people || ' ' || body) LIKE ? LIMIT 1001)`,
);
const [w1, w2] = query.split(' ') as [string, string];

function time(fn: () => unknown): number {
  const s = performance.now();
  fn();
  return performance.now() - s;
}

const ours: number[] = [];
const naive: number[] = [];
let found = 0;
let naiveFound = 0;
for (let r = 0; r < runs; r++) {
  ours.push(
    time(() => {
      const page = archive.search({ query, limit: pageSize, offset: 0 });
      found = page.total;
    }),
  );
  naive.push(
    time(() => {
      naivePage.all(`%${w1}%`, `%${w2}%`);
      naiveFound = (naiveCount.get(`%${w1}%`, `%${w2}%`) as { n: number }).n;
    }),
  );
}

await archive.stop();
db.close();
fs.rmSync(work, { recursive: true, force: true });

const value = Math.round(median(ours) * 100) / 100;
const baseline = Math.round(median(naive) * 100) / 100;
writeResult({
  name: 'archive-search',
  value,
  unit: 'ms',
  baseline,
  ratio: Math.round((value / baseline) * 1000) / 1000,
  goal: '< 50 ms median (issue 12)',
  items: count,
  wordsPerText,
  query,
  matches: found,
  naiveMatches: naiveFound,
  pageSize,
  runs,
  syncMs: Math.round(syncMs),
  indexMs: Math.round(indexMs),
  p90: Math.round([...ours].sort((a, b) => a - b)[Math.floor(runs * 0.9)]! * 100) / 100,
});
