import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, schemaVersion } from '../../../main/core/db/database.js';
import { allMigrations } from '../../../main/providers/registry.js';
import {
  applyStatus,
  atRiskEnrollments,
  dueForPolling,
  enrollmentForMain,
  filesToFetch,
  keptFiles,
  listEnrollments,
  planKeptFile,
  recordEnrollment,
  recordFetch,
  recordReportVerdict,
  schedulePoll,
} from '../../../main/providers/id360/service/enrollmentStore.js';
import { reportFiles, verifyFileStream, verifyReportSignature } from '../../../main/providers/id360/reportIntegrity.js';
import { useTempDirs } from '../core/tempDirs.js';
import { DAY, OPENING_PROCESS, SIGNATURE_PROCESS, enrollmentInput, readAll, startId360Harness, type Id360Harness } from './id360Harness.js';

const tempDir = useTempDirs('id360-store');
const migrations = allMigrations;
const at = (iso: string) => new Date(iso);

function open(file: string) {
  return openDatabase(file, migrations);
}

function seed(db: ReturnType<typeof open>, n: number, fields: Partial<Parameters<typeof recordEnrollment>[1]> = {}) {
  return recordEnrollment(db, {
    environment: 'preprod',
    enrollmentId: String(48000 + n),
    apiKey: n.toString(16).padStart(32, '0'),
    processUuid: OPENING_PROCESS,
    processName: 'Ouverture de compte',
    clientReference: `DOSSIER-2026-${String(n).padStart(4, '0')}`,
    person: { last_name: 'Exemple', first_name: 'Camille' },
    providerStatus: 'NEW',
    createdAt: `2026-03-0${1 + (n % 5)}T09:${String(10 + n).padStart(2, '0')}:02.518233`,
    now: at('2026-03-06T10:00:00Z'),
    ...fields,
  });
}

let h: Id360Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe('ID360 enrollment store (real SQLite file)', () => {
  it('creates STRICT tables that refuse unknown states, and survives a reopen', () => {
    const file = join(tempDir(), 'guichet.sqlite');
    const db = open(file);
    expect(schemaVersion(db)).toBe(migrations.at(-1)!.version);
    const id = seed(db, 1);
    expect(() => db.prepare("UPDATE id360_enrollments SET status = 'DELETED' WHERE local_id = ?").run(id)).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO id360_kept_files (local_id, kind, integrity) VALUES (?, 'document', 'probably-fine')").run(id)).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO id360_kept_files (local_id, kind, integrity) VALUES (999, 'document', 'pending')").run()).toThrow(/FOREIGN KEY/);
    db.close();

    const reopened = open(file);
    expect(listEnrollments(reopened, { environment: 'preprod', limit: 10 }).map((r) => r.enrollmentId)).toEqual(['48001']);
    expect(seed(reopened, 1)).toBe(id);
    reopened.close();
  });

  it('reads naive ID360 timestamps as UTC and computes the provider deadline from the end of the journey', () => {
    const db = open(join(tempDir(), 'guichet.sqlite'));
    seed(db, 2, { createdAt: '2026-03-01T09:14:02.518233' });
    expect(enrollmentForMain(db, 'preprod', '48002')).toMatchObject({ createdAt: '2026-03-01T09:14:02.518Z', providerUntil: '2026-03-08T09:14:02.518Z', apiKey: '2'.padStart(32, '0') });
    applyStatus(db, { environment: 'preprod', enrollmentId: '48002', providerStatus: 'OK', finishedAt: '2026-03-02T10:00:00.000001', now: at('2026-03-02T10:01:00Z') });
    expect(enrollmentForMain(db, 'preprod', '48002')).toMatchObject({ status: 'OK', finishedAt: '2026-03-02T10:00:00.000Z', providerUntil: '2026-03-09T10:00:00.000Z' });
  });

  it('never lets a late STARTED replace a terminal status, compares statuses case-insensitively and keeps unknown ones open', () => {
    const db = open(join(tempDir(), 'guichet.sqlite'));
    seed(db, 3);
    seed(db, 4);
    const now = at('2026-03-06T11:00:00Z');
    expect(applyStatus(db, { environment: 'preprod', enrollmentId: '48003', providerStatus: 'STARTED', stepsDone: 2, stepsTotal: 7, now })).toEqual({ applied: true, from: 'NEW', to: 'STARTED', becameTerminal: false });
    expect(applyStatus(db, { environment: 'preprod', enrollmentId: '48003', providerStatus: 'Discontinued', now })).toMatchObject({ applied: true, to: 'DISCONTINUED', becameTerminal: true });
    expect(applyStatus(db, { environment: 'preprod', enrollmentId: '48003', providerStatus: 'STARTED', now })).toEqual({ applied: false, why: 'after-terminal' });
    expect(applyStatus(db, { environment: 'preprod', enrollmentId: '48004', providerStatus: 'PENDING_REVIEW', now })).toMatchObject({ applied: true, to: 'UNKNOWN', becameTerminal: false });
    expect(enrollmentForMain(db, 'preprod', '48004')!.providerStatus).toBe('PENDING_REVIEW');
    expect(applyStatus(db, { environment: 'preprod', enrollmentId: '99999', providerStatus: 'OK', now })).toEqual({ applied: false, why: 'unknown-enrollment' });
  });

  it('lists the tracker newest first with status, process, date and accent-blind search filters, page by page, without journey keys', () => {
    const db = open(join(tempDir(), 'guichet.sqlite'));
    for (let n = 10; n < 40; n++) seed(db, n, n % 3 === 0 ? { processUuid: SIGNATURE_PROCESS, person: { last_name: 'Müller', first_name: 'Éloïse' } } : {});
    applyStatus(db, { environment: 'preprod', enrollmentId: '48012', providerStatus: 'KO', reason: '1 validations failed', now: at('2026-03-06T11:00:00Z') });
    seed(db, 5, { environment: 'production' });

    const all = listEnrollments(db, { environment: 'preprod', limit: 100 });
    expect(all).toHaveLength(30);
    expect(all.map((r) => r.createdAt)).toEqual([...all.map((r) => r.createdAt)].sort().reverse());
    expect(all.some((r) => 'apiKey' in r)).toBe(false);

    expect(listEnrollments(db, { environment: 'preprod', statuses: ['KO'], limit: 10 }).map((r) => [r.enrollmentId, r.reason])).toEqual([['48012', '1 validations failed']]);
    expect(listEnrollments(db, { environment: 'preprod', processUuid: SIGNATURE_PROCESS, limit: 100 })).toHaveLength(10);
    expect(listEnrollments(db, { environment: 'preprod', search: 'eloise mul', limit: 100 })).toHaveLength(0);
    expect(listEnrollments(db, { environment: 'preprod', search: 'ELOISE', limit: 100 })).toHaveLength(10);
    expect(listEnrollments(db, { environment: 'preprod', search: 'muller', limit: 100 })).toHaveLength(10);
    expect(listEnrollments(db, { environment: 'preprod', search: 'dossier-2026-0025', limit: 100 }).map((r) => r.enrollmentId)).toEqual(['48025']);
    expect(listEnrollments(db, { environment: 'preprod', search: '100%', limit: 100 })).toHaveLength(0);
    const day = listEnrollments(db, { environment: 'preprod', createdFrom: '2026-03-02T00:00:00.000Z', createdTo: '2026-03-02T23:59:59.999Z', limit: 100 });
    expect(day.length).toBeGreaterThan(0);
    expect(day.every((r) => r.createdAt.startsWith('2026-03-02'))).toBe(true);

    const first = listEnrollments(db, { environment: 'preprod', limit: 12 });
    const last = first.at(-1)!;
    const second = listEnrollments(db, { environment: 'preprod', limit: 100, after: { createdAt: last.createdAt, localId: last.localId } });
    expect([...first, ...second].map((r) => r.localId)).toEqual(all.map((r) => r.localId));

    const plan = db.prepare("EXPLAIN QUERY PLAN SELECT * FROM id360_enrollments WHERE environment = 'preprod' AND status IN ('KO') ORDER BY created_at DESC LIMIT 50").all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/id360_enrollments_by_status/);
  });

  it('hands out due polls and forgets them once an enrollment ends', () => {
    const db = open(join(tempDir(), 'guichet.sqlite'));
    const a = seed(db, 6, { nextPollAt: '2026-03-06T10:05:00.000Z' });
    seed(db, 7, { nextPollAt: '2026-03-06T10:30:00.000Z' });
    expect(dueForPolling(db, at('2026-03-06T10:10:00Z'), 10).map((d) => d.enrollmentId)).toEqual(['48006']);
    schedulePoll(db, a, at('2026-03-06T10:20:00Z'), 1);
    expect(dueForPolling(db, at('2026-03-06T10:25:00Z'), 10)).toEqual([{ localId: a, environment: 'preprod', enrollmentId: '48006', pollFailures: 1 }]);
    applyStatus(db, { environment: 'preprod', enrollmentId: '48006', providerStatus: 'OK', now: at('2026-03-06T10:26:00Z') });
    expect(dueForPolling(db, at('2026-03-06T11:00:00Z'), 10).map((d) => d.enrollmentId)).toEqual(['48007']);
  });

  it('keeps a finished enrollment from the simulator: verified files valid, an altered one apart and retried, a warning before the deadline', async () => {
    h = await startId360Harness();
    const db = open(join(tempDir(), 'guichet.sqlite'));
    const created = await h.api.createEnrollment(OPENING_PROCESS, enrollmentInput());
    const localId = recordEnrollment(db, {
      environment: 'sandbox',
      enrollmentId: created.id,
      apiKey: created.api_key,
      enrollmentUrl: created.url ?? null,
      processUuid: OPENING_PROCESS,
      clientReference: created.client_reference ?? null,
      person: enrollmentInput().person,
      providerStatus: created.status,
      createdAt: created.creation_time ?? '',
      now: new Date(h.clock.now()),
    });
    h.sim.control.finish(created.id, 'OK');
    h.sim.control.corruptFile(created.id, 1, 0);
    const polled = await h.api.getEnrollment(created.id);
    const change = applyStatus(db, { environment: 'sandbox', enrollmentId: polled.id, providerStatus: polled.status, finishedAt: polled.finished_time, now: new Date(h.clock.now()) });
    expect(change).toMatchObject({ applied: true, becameTerminal: true });

    const { report, raw } = await h.api.getReport(created.id);
    const signature = await verifyReportSignature(raw, (url) => h!.api.fetchReportPublicKey(url));
    recordReportVerdict(db, localId, { identityStatus: report.identity_status ?? null, signatureVerdict: signature.verdict, signatureReason: signature.reason, now: new Date(h.clock.now()) });
    for (const f of reportFiles(report)) {
      planKeptFile(db, { localId, kind: 'document', documentType: f.documentType, documentName: f.documentName ?? '', page: f.page, sourceUrl: f.url, expectedHash: f.hash, hashAlgorithm: f.hashAlgorithm });
    }
    const now = new Date(h.clock.now());
    for (const f of filesToFetch(db, now, 10)) {
      const download = await h.api.downloadReportFile(f.sourceUrl!);
      const bytes = await readAll(download.stream);
      const verdict = await verifyFileStream(Readable.from([bytes]), { hash: f.expectedHash, hash_algorithm: f.hashAlgorithm });
      recordFetch(db, f, {
        integrity: verdict.status === 'match' ? 'valid' : verdict.status === 'mismatch' ? 'altered' : 'unverifiable',
        blobSha256: createHash('sha256').update(bytes).digest('hex'),
        size: bytes.length,
        mediaType: download.contentType,
        now,
      });
    }

    expect(enrollmentForMain(db, 'sandbox', created.id)).toMatchObject({ status: 'OK', identityStatus: 'OK', signatureVerdict: 'authentic' });
    expect(keptFiles(db, localId).map((f) => `${f.documentType}/${f.page}:${f.integrity}`)).toEqual([
      'identity_document/0:valid',
      'identity_document/1:valid',
      'proof_of_address/0:valid',
      'selfie/0:altered',
    ]);
    expect(filesToFetch(db, now, 10).map((f) => [f.documentType, f.attempts])).toEqual([['selfie', 1]]);
    expect(atRiskEnrollments(db, now, DAY)).toEqual([]);
    const dayBefore = new Date(now.getTime() + 6 * DAY + 60_000);
    expect(atRiskEnrollments(db, dayBefore, DAY)).toEqual([{ localId, enrollmentId: created.id, providerUntil: enrollmentForMain(db, 'sandbox', created.id)!.providerUntil, missing: 1 }]);
    // Past the computed deadline (an estimate) the file is still asked for, until ID360 itself answers 404.
    const late = new Date(now.getTime() + 8 * DAY);
    const stillAsked = filesToFetch(db, late, 10);
    expect(stillAsked.map((f) => f.documentType)).toEqual(['selfie']);
    recordFetch(db, stillAsked[0]!, { error: 'ID360_EXPIRED_OR_PURGED', now: late });
    expect(filesToFetch(db, late, 10)).toEqual([]);
    expect(filesToFetch(db, new Date(now.getTime() + 15 * DAY), 10)).toEqual([]);
  });
});
