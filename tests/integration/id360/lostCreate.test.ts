import { afterEach, describe, expect, it } from 'vitest';
import { call } from '../parapheur/guichetHarness.js';
import '../../../renderer/features/id360/i18n/index.js';
import { OPENING_PROCESS } from './id360Harness.js';
import { startCustomBed, type CustomBed } from './customBed.js';
import { directApi } from './lostCreateHelpers.js';

/**
 * A create call whose reply is lost after ID360 created the enrollment (docs/providers/id360.md#lost-create):
 * ID360 offers no idempotency key and no lookup by client reference, so Guichet records the check
 * before sending, marks it « création incertaine » when no readable answer comes, refuses to create
 * it again, and lets the clerk attach the enrollment found in ID360's console — or, when there is
 * none, create it once. The simulator counts what really exists.
 */

let bed: CustomBed | null = null;
afterEach(async () => {
  await bed?.stop();
  bed = null;
});

const atSimulator = (b: CustomBed, reference: string) => b.sim.control.enrollments().filter((e) => e.request['client_reference'] === reference);
const createCalls = (b: CustomBed) => b.sim.control.requests().filter((r) => r.route === 'createEnrollment').length;
const input = (reference: string) => ({ processUuid: OPENING_PROCESS, clientReference: reference, person: { last_name: 'Exemple', first_name: 'Camille' }, lock: ['name' as const] });

async function failureOf(promise: Promise<unknown>): Promise<{ code: string; message: string; details: { localId?: number } }> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e as { code: string; message: string; details: { localId?: number } },
  );
}

describe('ID360 create reply lost after the enrollment was created', () => {
  it('marks the check uncertain, never creates it twice, and attaches the enrollment the clerk found', async () => {
    bed = await startCustomBed();
    const g = bed.guichet;
    // ID360 creates the enrollment, then the connection drops instead of its answer.
    bed.sim.faults.update({ resetAfterResponse: true, onlyPaths: /\/process\/[^/]+\/enrollment\/?$/, times: 1 });
    const lost = await failureOf(call(g, 'id360.enrollments.create', input('DOSSIER-PERDU')));
    expect(lost.code).toBe('ID360_CREATION_UNCERTAIN');
    expect(lost.message).toContain('console ID360');
    expect(atSimulator(bed, 'DOSSIER-PERDU')).toHaveLength(1);

    // The tracker lists it as « création incertaine », with no ID360 id and no journey link.
    const localId = lost.details.localId!;
    const row = await call(g, 'id360.enrollments.get', { localId });
    expect(row).toMatchObject({ clientReference: 'DOSSIER-PERDU', creation: 'uncertain', controlsPending: true });
    await expect(call(g, 'id360.enrollments.journeyLink', { localId })).rejects.toMatchObject({ code: 'ID360_CREATION_UNCERTAIN' });

    // The clerk retries: refused before anything is sent, ID360 still holds exactly one.
    const calls = createCalls(bed);
    await expect(call(g, 'id360.enrollments.create', input('DOSSIER-PERDU'))).rejects.toMatchObject({ code: 'ID360_CREATION_UNCERTAIN', details: { localId } });
    expect(createCalls(bed)).toBe(calls);
    // A tracker pass does not recreate it either.
    await bed.pass();
    expect(atSimulator(bed, 'DOSSIER-PERDU')).toHaveLength(1);

    // A wrong number from the console is refused (another check's reference).
    const other = await call(g, 'id360.enrollments.create', input('DOSSIER-AUTRE'));
    await expect(call(g, 'id360.enrollments.resolveCreation', { localId, enrollmentId: other.row.enrollmentId })).rejects.toMatchObject({ code: 'ID360_ALREADY_TRACKED' });
    const stranger = bed.sim.control.enrollments().find((e) => e.request['client_reference'] === 'DOSSIER-AUTRE')!;
    expect(stranger).toBeDefined();

    // The number found in ID360's console: attached, its comparison data sent, its link given.
    const [created] = atSimulator(bed, 'DOSSIER-PERDU');
    const attached = await call(g, 'id360.enrollments.resolveCreation', { localId, enrollmentId: String(created!.id) });
    expect(attached.row).toMatchObject({ localId, enrollmentId: String(created!.id), status: 'NEW', creation: null, controlsPending: false });
    expect(attached.journeyUrl).toContain(created!.apiKey);
    expect(created!.controls['name']).toMatchObject({ value: 'Exemple', locked: true });
    expect(atSimulator(bed, 'DOSSIER-PERDU')).toHaveLength(1);
    expect((await call(g, 'id360.enrollments.list', { search: 'DOSSIER-PERDU', limit: 10 })).items).toHaveLength(1);

    // Followed like any other check from then on.
    bed.sim.control.finish(created!.id, 'OK');
    await bed.pass(localId);
    expect(await call(g, 'id360.enrollments.get', { localId })).toMatchObject({ status: 'OK' });
  });

  it('attaches the console number even when ID360 does not give its journey key back: followed, kept, its link said unavailable', async () => {
    bed = await startCustomBed();
    const g = bed.guichet;
    bed.sim.faults.update({ resetAfterResponse: true, onlyPaths: /\/process\/[^/]+\/enrollment\/?$/, times: 1 });
    const lost = await failureOf(call(g, 'id360.enrollments.create', input('DOSSIER-SANS-CLE')));
    const localId = lost.details.localId!;
    // This ID360 answers a read of the enrollment without its api_key (the create reply had it).
    bed.sim.control.omitApiKeyOnRead(true);
    const [created] = atSimulator(bed, 'DOSSIER-SANS-CLE');

    const attached = await call(g, 'id360.enrollments.resolveCreation', { localId, enrollmentId: String(created!.id) });
    expect(attached.row).toMatchObject({ localId, enrollmentId: String(created!.id), status: 'NEW', creation: null, controlsPending: false, journeyLinkKnown: false });
    expect(attached.journeyUrl).toBeNull();
    // The comparison data went to that enrollment all the same (they need its id, not its key).
    expect(created!.controls['name']).toMatchObject({ value: 'Exemple', locked: true });
    // No link is ever built from a missing key: main says so with its own code, in the clerk's words.
    const noLink = await failureOf(call(g, 'id360.enrollments.journeyLink', { localId }));
    expect(noLink.code).toBe('ID360_JOURNEY_LINK_UNKNOWN');
    expect(noLink.message).toContain('console ID360');
    expect(noLink.message).toContain(String(created!.id));
    expect(atSimulator(bed, 'DOSSIER-SANS-CLE')).toHaveLength(1);

    // Followed and kept like any other check: the person used the link from the console.
    bed.sim.control.finish(created!.id, 'OK');
    await bed.pass(localId);
    const done = await call(g, 'id360.report.view', { localId });
    expect(done.row).toMatchObject({ status: 'OK', keptMissing: 0, journeyLinkKnown: false });
    expect(done.hasReport).toBe(true);
  });

  it('refuses a console number whose reference is another check’s', async () => {
    bed = await startCustomBed();
    const g = bed.guichet;
    bed.sim.faults.update({ resetAfterResponse: true, onlyPaths: /\/process\/[^/]+\/enrollment\/?$/, times: 1 });
    const lost = await failureOf(call(g, 'id360.enrollments.create', input('DOSSIER-A')));
    // Created at ID360 by someone else (the console), not tracked here.
    bed.sim.faults.reset();
    const { api } = directApi(bed);
    const foreign = await api.createEnrollment(OPENING_PROCESS, { browserCallbackUrl: 'https://guichet.invalid/x', callbackEndpoints: [], clientReference: 'DOSSIER-B' });
    await expect(call(g, 'id360.enrollments.resolveCreation', { localId: lost.details.localId!, enrollmentId: foreign.id })).rejects.toMatchObject({
      code: 'ID360_CREATION_MISMATCH',
    });
    expect(await call(g, 'id360.enrollments.get', { localId: lost.details.localId! })).toMatchObject({ creation: 'uncertain' });
  });

  it('creates the check once when the clerk found none in the console (a 5xx: sent, nothing created)', async () => {
    bed = await startCustomBed();
    const g = bed.guichet;
    bed.sim.faults.update({ forcedStatus: 502, onlyPaths: /\/process\/[^/]+\/enrollment\/?$/, times: 1 });
    const lost = await failureOf(call(g, 'id360.enrollments.create', input('DOSSIER-502')));
    expect(lost.code).toBe('ID360_CREATION_UNCERTAIN');
    expect(atSimulator(bed, 'DOSSIER-502')).toHaveLength(0);

    const done = await call(g, 'id360.enrollments.resolveCreation', { localId: lost.details.localId!, enrollmentId: null });
    expect(done.row).toMatchObject({ creation: null, status: 'NEW', controlsPending: false });
    expect(atSimulator(bed, 'DOSSIER-502')).toHaveLength(1);
    expect(done.journeyUrl).toContain(atSimulator(bed, 'DOSSIER-502')[0]!.apiKey);
    // Settled: asking again is refused, nothing more is created.
    await expect(call(g, 'id360.enrollments.resolveCreation', { localId: lost.details.localId!, enrollmentId: null })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(atSimulator(bed, 'DOSSIER-502')).toHaveLength(1);
  });

  it('leaves nothing behind when ID360 refuses the creation (a sure answer)', async () => {
    bed = await startCustomBed();
    const g = bed.guichet;
    // An unknown process: ID360 answers 404, nothing was created, nothing to settle.
    await expect(call(g, 'id360.enrollments.create', { ...input('DOSSIER-404'), processUuid: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ code: 'ID360_NOT_FOUND' });
    expect((await call(g, 'id360.enrollments.list', { search: 'DOSSIER-404', limit: 10 })).items).toHaveLength(0);
    // The same reference can then be created normally.
    await call(g, 'id360.enrollments.create', input('DOSSIER-404'));
    expect(atSimulator(bed, 'DOSSIER-404')).toHaveLength(1);
  });
});
