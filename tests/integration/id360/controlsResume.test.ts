import { afterEach, describe, expect, it } from 'vitest';
import { call } from '../parapheur/guichetHarness.js';
// The clerk's words for ID360's codes come from the feature's own catalogue.
import '../../../renderer/features/id360/i18n/index.js';
import { OPENING_PROCESS } from './id360Harness.js';
import { startCustomBed, type CustomBed } from './customBed.js';

/**
 * A check is created at ID360, then its comparison data is sent in further calls. When one of those
 * fails, the enrollment already exists at ID360: Guichet has recorded it first, withholds its
 * journey link, and « reprendre » sends the rest to that same enrollment — ID360 never gets a second one.
 */

let bed: CustomBed | null = null;
afterEach(async () => {
  await bed?.stop();
  bed = null;
});

const createdAtSimulator = (b: CustomBed) => b.sim.control.requests().filter((r) => r.route === 'createEnrollment' && r.status === 200).length;

describe('ID360 comparison data sent after creation', () => {
  it('resumes the data controls on the same enrollment after a failure, and gives the link only then', async () => {
    bed = await startCustomBed();
    const g = bed.guichet;
    // ID360 fails the second comparison control (the first one lands).
    bed.sim.faults.update({ forcedStatus: 503, onlyPaths: /\/control\/data\/first_name/, times: 1 });
    const attempt = call(g, 'id360.enrollments.create', {
      processUuid: OPENING_PROCESS,
      clientReference: 'DOSSIER-CONTROLES',
      person: { last_name: 'Exemple', first_name: 'Camille', birth_date: '1990-04-12' },
      lock: ['name', 'first_name', 'birth_date'],
    });
    const failure = (await attempt.then(
      () => null,
      (e: unknown) => e,
    )) as { code: string; details: { localId: number }; message: string } | null;
    expect(failure?.code).toBe('ID360_CONTROLS_PENDING');
    expect(failure?.message).toContain('sans en créer une autre');
    expect(createdAtSimulator(bed)).toBe(1);

    // The enrollment is in the tracker, marked, without its journey link.
    const localId = failure!.details.localId;
    const row = await call(g, 'id360.enrollments.get', { localId });
    expect(row).toMatchObject({ clientReference: 'DOSSIER-CONTROLES', status: 'NEW', controlsPending: true });
    const enrollment = bed.sim.control.enrollment(row.enrollmentId)!;
    expect(Object.keys(enrollment.controls)).toEqual(['name']);
    await expect(call(g, 'id360.enrollments.journeyLink', { localId })).rejects.toMatchObject({ code: 'ID360_CONTROLS_PENDING' });

    // « Reprendre l'envoi »: the rest goes to the same enrollment, the link comes, nothing was created twice.
    const resumed = await call(g, 'id360.enrollments.resumeControls', { localId });
    expect(resumed.row).toMatchObject({ localId, enrollmentId: row.enrollmentId, controlsPending: false });
    expect(resumed.journeyUrl).toContain(enrollment.apiKey);
    expect(createdAtSimulator(bed)).toBe(1);
    expect(enrollment.controls).toMatchObject({
      name: { value: 'Exemple', locked: true },
      first_name: { value: 'Camille', locked: true },
      birth_date: { value: '1990-04-12', locked: true },
    });
    // The control that had landed was not sent again.
    const controls = bed.sim.control.requests().filter((r) => r.route === 'controlData').length;
    expect(controls).toBe(4); // name, first_name (503), first_name, birth_date
    expect((await call(g, 'id360.enrollments.list', { search: 'DOSSIER-CONTROLES', limit: 10 })).items).toHaveLength(1);
    expect((await call(g, 'id360.enrollments.journeyLink', { localId })).url).toBe(resumed.journeyUrl);
  });

  it('keeps the enrollment recorded when every control call fails, and a failed resume changes nothing', async () => {
    bed = await startCustomBed();
    const g = bed.guichet;
    bed.sim.faults.update({ forcedStatus: 500, onlyPaths: /\/control\/data\//, times: 2 });
    const input = { processUuid: OPENING_PROCESS, clientReference: 'DOSSIER-PANNE', person: { last_name: 'Exemple' }, lock: ['name' as const] };
    await expect(call(g, 'id360.enrollments.create', input)).rejects.toMatchObject({ code: 'ID360_CONTROLS_PENDING' });
    const [row] = (await call(g, 'id360.enrollments.list', { search: 'DOSSIER-PANNE', limit: 10 })).items;
    expect(row?.controlsPending).toBe(true);
    // A resume that fails again changes nothing; the next one succeeds.
    await expect(call(g, 'id360.enrollments.resumeControls', { localId: row!.localId })).rejects.toMatchObject({ code: 'ID360_CONTROLS_PENDING' });
    const done = await call(g, 'id360.enrollments.resumeControls', { localId: row!.localId });
    expect(done.row.controlsPending).toBe(false);
    expect(createdAtSimulator(bed)).toBe(1);
    expect(bed.sim.control.enrollment(row!.enrollmentId)!.controls['name']).toMatchObject({ value: 'Exemple', locked: true });
  });

  it('says it is too late once the journey has started, and sends nothing', async () => {
    bed = await startCustomBed();
    const g = bed.guichet;
    bed.sim.faults.update({ forcedStatus: 503, onlyPaths: /\/control\/data\//, times: 1 });
    await expect(
      call(g, 'id360.enrollments.create', { processUuid: OPENING_PROCESS, clientReference: 'DOSSIER-TARD', person: { last_name: 'Exemple' }, lock: ['name'] }),
    ).rejects.toMatchObject({ code: 'ID360_CONTROLS_PENDING' });
    const [row] = (await call(g, 'id360.enrollments.list', { search: 'DOSSIER-TARD', limit: 10 })).items;
    bed.sim.control.start(row!.enrollmentId);
    await bed.pass(row!.localId);
    expect((await call(g, 'id360.enrollments.get', { localId: row!.localId })).status).toBe('STARTED');
    const before = bed.sim.control.requests().filter((r) => r.route === 'controlData').length;
    const late = await call(g, 'id360.enrollments.resumeControls', { localId: row!.localId }).catch((e: unknown) => e as { code: string; message: string });
    expect(late).toMatchObject({ code: 'ID360_CONTROLS_TOO_LATE' });
    expect((late as { message: string }).message).toBe(
      'Le parcours de la vérification DOSSIER-TARD a déjà commencé : ID360 ne peut plus recevoir les données à comparer. Interrompez cette vérification et créez-en une nouvelle.',
    );
    expect(bed.sim.control.requests().filter((r) => r.route === 'controlData').length).toBe(before);
  });
});
