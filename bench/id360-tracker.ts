// 10,000 identity checks in a real SQLite file: time to the tracker's first page (newest first, with
// what is kept of each) and to a filtered search (status + name), through enrollmentStore as the app
// runs them, against the same SQL on the same rows copied into a table without indexes, in the same run.
// Goal: both < 100 ms.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../main/core/db/database.js';
import { allMigrations } from '../main/providers/registry.js';
import { applyStatus, keptSummary, listEnrollments, planKeptFile, recordEnrollment, trackedStatuses, type TrackerQuery } from '../main/providers/id360/service/enrollmentStore.js';
import { median, writeResult } from './_results.js';

const count = Number(process.env.BENCH_ENROLLMENTS ?? 10_000);
const runs = 25;
const environment = 'production';
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'guichet-id360-tracker-'));
// The app's whole schema, every later ID360 column and index included (the first migration alone went stale).
const db = openDatabase(path.join(work, 'guichet.sqlite'), allMigrations);

const lastNames = ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefèvre', 'Michel', 'García', 'Fournier'];
const firstNames = ['Camille', 'Élodie', 'Léa', 'Hugo', 'Jules', 'Chloé', 'Louis', 'Inès', 'Noé', 'Zoé'];
const processes = ['6f8a1c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b', '1d2c3b4a-5e6f-4a7b-8c9d-0e1f2a3b4c5d', '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d'];
const terminalOutcomes = ['OK', 'OK', 'OK', 'KO', 'FAILED', 'CANCELED', 'DISCONTINUED', 'STARTED', 'NEW'] as const;
const start = Date.UTC(2026, 0, 5, 8);
db.transaction(() => {
  for (let i = 0; i < count; i++) {
    const created = new Date(start + i * 17 * 60_000);
    const enrollmentId = String(100_000 + i);
    const localId = recordEnrollment(db, {
      environment,
      enrollmentId,
      apiKey: `key-${i}`,
      processUuid: processes[i % processes.length]!,
      processName: null,
      clientReference: `DOSSIER-2026-${String(i).padStart(5, '0')}`,
      person: { last_name: lastNames[i % lastNames.length]!, first_name: firstNames[(i * 7) % firstNames.length]! },
      providerStatus: 'NEW',
      createdAt: created.toISOString(),
      now: created,
    });
    const to = terminalOutcomes[i % terminalOutcomes.length]!;
    if (to !== 'NEW') applyStatus(db, { environment, enrollmentId, providerStatus: to, now: new Date(created.getTime() + 600_000) });
    if (to === 'OK' || to === 'KO') {
      planKeptFile(db, { localId, kind: 'report_pdf' });
      planKeptFile(db, { localId, kind: 'document', documentType: 'identity_document', page: 0 });
    }
  }
})();
// The same rows with no index at all (not even the UNIQUE one): what a naive tracker table would scan.
db.exec('CREATE TABLE naive_enrollments AS SELECT * FROM id360_enrollments');
db.exec('ANALYZE');

function sqlOf(q: TrackerQuery) {
  // listEnrollments' SQL, captured once: the naive run executes exactly that text on the bare table.
  let captured = '';
  const prepare = db.prepare.bind(db);
  (db as { prepare: typeof db.prepare }).prepare = ((source: string) => {
    if (source.includes('FROM id360_enrollments WHERE')) captured = source;
    return prepare(source);
  }) as typeof db.prepare;
  listEnrollments(db, q);
  (db as { prepare: typeof db.prepare }).prepare = prepare;
  return captured;
}

const firstPage: TrackerQuery = { environment, limit: 100 };
const search: TrackerQuery = { environment, statuses: ['OK'], processUuid: processes[0]!, search: 'lefevre', limit: 100 };

/** What the tracker's list channel does: one page, then what is kept of each row. */
function appQuery(q: TrackerQuery) {
  const rows = listEnrollments(db, q);
  keptSummary(
    db,
    rows.map((r) => r.localId),
  );
  return rows.length;
}

function naiveQuery(sql: string, q: TrackerQuery) {
  const params: Record<string, unknown> = { environment: q.environment, limit: q.limit };
  q.statuses?.forEach((s, i) => (params[`status${i}`] = s));
  if (q.processUuid) params['process_uuid'] = q.processUuid;
  if (q.search) params['search'] = `%${q.search}%`;
  const rows = db.prepare(sql.replace('FROM id360_enrollments', 'FROM naive_enrollments')).all(params) as { local_id: number }[];
  keptSummary(
    db,
    rows.map((r) => r.local_id),
  );
  return rows.length;
}

function time(fn: () => number): { ms: number; rows: number } {
  const samples: number[] = [];
  let rows = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    rows = fn();
    samples.push(performance.now() - t0);
  }
  return { ms: Number(median(samples).toFixed(3)), rows };
}

const firstSql = sqlOf(firstPage);
const searchSql = sqlOf(search);
const app = { firstPage: time(() => appQuery(firstPage)), search: time(() => appQuery(search)) };
const naive = { firstPage: time(() => naiveQuery(firstSql, firstPage)), search: time(() => naiveQuery(searchSql, search)) };
if (app.firstPage.rows !== naive.firstPage.rows || app.search.rows !== naive.search.rows) throw new Error('the naive table does not answer the same rows');
const statusCounts = Object.fromEntries(trackedStatuses.map((s) => [s, (db.prepare('SELECT COUNT(*) AS n FROM id360_enrollments WHERE status = ?').get(s) as { n: number }).n]));
db.close();
fs.rmSync(work, { recursive: true, force: true });

const worst = Math.max(app.firstPage.ms, app.search.ms);
writeResult({
  name: 'id360-tracker',
  value: worst,
  unit: 'ms',
  baseline: Math.max(naive.firstPage.ms, naive.search.ms),
  ratio: Number((worst / Math.max(naive.firstPage.ms, naive.search.ms)).toFixed(3)),
  goalMs: 100,
  enrollments: count,
  firstPageMs: app.firstPage.ms,
  firstPageRows: app.firstPage.rows,
  naiveFirstPageMs: naive.firstPage.ms,
  firstPageRatio: Number((app.firstPage.ms / naive.firstPage.ms).toFixed(3)),
  searchMs: app.search.ms,
  searchRows: app.search.rows,
  naiveSearchMs: naive.search.ms,
  searchRatio: Number((app.search.ms / naive.search.ms).toFixed(3)),
  statusCounts,
  note: 'median of 25 runs; value = the slower of first page and filtered search (goal < 100 ms); baseline = the same SQL on an unindexed copy',
});
