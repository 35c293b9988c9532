import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/core/db/database.js';
import { allMigrations } from '../../../main/providers/registry.js';
import { listEnrollments, recordEnrollment } from '../../../main/providers/id360/service/enrollmentStore.js';
import { call } from '../parapheur/guichetHarness.js';
import { useTempDirs } from '../core/tempDirs.js';
import { OPENING_PROCESS } from './id360Harness.js';
import { startCustomBed, type CustomBed } from './customBed.js';

/**
 * The tracker list says why a check was refused (issue 10: « KO (reason and failing status codes in
 * plain French) »): the codes come from the final report when it is kept, stored on the row, so the
 * list shows them without reading any report (and offline).
 */

const tempDir = useTempDirs('id360-reason');
let bed: CustomBed | null = null;
afterEach(async () => {
  await bed?.stop();
  bed = null;
});

describe('ID360 tracker rows carry why a check failed', () => {
  it('stores the final report’s status codes and reason on the row when a KO check’s report is kept', async () => {
    bed = await startCustomBed();
    const g = bed.guichet;
    const { row } = await call(g, 'id360.enrollments.create', { processUuid: OPENING_PROCESS, clientReference: 'DOSSIER-REFUS', person: { last_name: 'Exemple' }, lock: [] });
    expect(row.statusCodes).toEqual([]);
    bed.sim.control.finish(row.enrollmentId, 'KO');
    await bed.pass(row.localId);

    const [listed] = (await call(g, 'id360.enrollments.list', { search: 'DOSSIER-REFUS', limit: 10 })).items;
    expect(listed).toMatchObject({ status: 'KO', identityStatus: 'KO' });
    expect(listed!.statusCodes).toEqual([{ code: 'VLD_VALIDATION_KO', message: expect.stringMatching(/validations failed/) as unknown }]);
    expect(listed!.reason).toMatch(/^1 validations failed/);

    // Read from the row, not from ID360: the list says the same with ID360 gone.
    await bed.sim.stop();
    const [again] = (await call(g, 'id360.enrollments.list', { statuses: ['KO'], limit: 10 })).items;
    expect(again!.statusCodes.map((c) => c.code)).toEqual(['VLD_VALIDATION_KO']);
  });

  it('an OK check carries no failing code', async () => {
    bed = await startCustomBed();
    const g = bed.guichet;
    const { row } = await call(g, 'id360.enrollments.create', { processUuid: OPENING_PROCESS, clientReference: 'DOSSIER-BON', person: {}, lock: [] });
    bed.sim.control.finish(row.enrollmentId, 'OK');
    await bed.pass(row.localId);
    const listed = await call(g, 'id360.enrollments.get', { localId: row.localId });
    expect(listed).toMatchObject({ status: 'OK', statusCodes: [], reason: null });
  });

  it('migration 14 keeps the rows of an older database, with no codes until a report is kept', () => {
    const file = join(tempDir(), 'guichet.sqlite');
    const before = allMigrations.filter((m) => m.version < 14);
    const old = openDatabase(file, before);
    recordEnrollment(old, {
      environment: 'preprod',
      enrollmentId: '48001',
      apiKey: '1'.padStart(32, '0'),
      processUuid: OPENING_PROCESS,
      clientReference: 'DOSSIER-ANCIEN',
      providerStatus: 'KO',
      createdAt: '2026-03-01T09:14:02.518233',
      now: new Date('2026-03-02T10:00:00Z'),
    });
    old.close();
    const db = openDatabase(file, allMigrations);
    expect(listEnrollments(db, { environment: 'preprod', limit: 10 })).toMatchObject([{ clientReference: 'DOSSIER-ANCIEN', status: 'KO', statusCodes: [] }]);
    db.close();
  });
});
