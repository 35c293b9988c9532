import crypto from 'node:crypto';
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { call } from '../parapheur/guichetHarness.js';
import { clerkText } from '../../support/clerkText.js';
// The clerk's words for ID360's codes come from the feature's own catalogue.
import '../../../renderer/features/id360/i18n/index.js';
import { DAY, MINUTE, OPENING_PROCESS } from './id360Harness.js';
import { startCustomBed, type CustomBed } from './customBed.js';

/**
 * ID360 keeps documents 7 days (and reports too, for an application account). What Guichet fetched
 * within that window is kept, byte for byte, and readable with the network cut; a file still asked
 * for after the window is answered 404 by the simulator's own retention, and the clerk reads
 * « dossier expiré ou purgé chez ID360 » for it. One clock for the app and the simulator, moved by hand;
 * the simulator plays a real ID360 (custom address, time scale 1).
 */

let bed: CustomBed | null = null;
afterEach(async () => {
  await bed?.stop();
  bed = null;
});

const sha256 = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');

describe('ID360 retention', () => {
  it('keeps what was fetched within the 7 days, readable offline, and names the file ID360 purged before it could be kept', async () => {
    bed = await startCustomBed();
    const { guichet, sim } = bed;
    const created = await call(guichet, 'id360.enrollments.create', {
      processUuid: OPENING_PROCESS,
      clientReference: 'DOSSIER-RETENTION',
      person: { last_name: 'Exemple', first_name: 'Camille' },
      lock: [],
    });
    const { localId, enrollmentId } = created.row;
    // The journey ends; the identity document's back comes altered, so that one is not kept and is retried.
    sim.control.finish(enrollmentId, 'OK');
    sim.control.corruptFile(enrollmentId, 0, 1);
    await bed.pass(localId);
    const fresh = await call(guichet, 'id360.report.view', { localId });
    expect(fresh.row).toMatchObject({ status: 'OK', expired: false, keptAltered: 1 });

    // Kept files are the very bytes ID360 served, in the blob store: the front, the selfie, the proof of address, the reports.
    const documents = sim.control.enrollment(enrollmentId)!.documents;
    const front = fresh.files.find((f) => f.kind === 'document' && f.documentType === 'identity_document' && f.page === 0)!;
    expect(front.integrity).toBe('valid');
    expect(front.sha256).toBe(sha256(documents[0]!.pages[0]!.bytes));
    const keptBefore = fresh.files.filter((f) => f.integrity === 'valid' || f.integrity === 'unverifiable');
    expect(keptBefore.map((f) => f.kind).sort()).toEqual(['document', 'document', 'document', 'report_json', 'report_pdf']);

    const fileAnswers = () => sim.control.requests().filter((r) => r.route === 'fileContents').map((r) => r.status);

    // Still within the window (6 days 23 hours): the retry reaches ID360, which still serves the file.
    bed.advance(7 * DAY - 60 * MINUTE);
    const before = fileAnswers().length;
    await bed.pass();
    expect(fileAnswers().slice(before)).toEqual([200]);
    expect((await call(guichet, 'id360.enrollments.get', { localId })).expired).toBe(false);

    // Past the window: the retry is answered 404 by the simulator's retention, and the clerk is told why.
    bed.advance(2 * 60 * MINUTE);
    const after = fileAnswers().length;
    await bed.pass();
    expect(fileAnswers().slice(after)).toEqual([404]);
    const late = await call(guichet, 'id360.report.view', { localId });
    expect(late.row.expired).toBe(true);
    const purged = late.files.filter((f) => f.integrity === 'altered');
    expect(purged).toHaveLength(1);
    expect(purged[0]).toMatchObject({ sha256: null, lastError: 'ID360_EXPIRED_OR_PURGED' });
    expect(clerkText({ key: 'id360:errors.ID360_EXPIRED_OR_PURGED' })).toBe('Dossier expiré ou purgé chez ID360.');
    expect(clerkText({ key: 'id360:detail.purged' })).toMatch(/^Dossier expiré ou purgé chez ID360/);
    // Nothing more is asked of ID360 for it.
    const settled = sim.control.requests().length;
    bed.advance(DAY);
    await bed.pass();
    expect(sim.control.requests().length).toBe(settled);

    // Network cut: everything kept is still listed and readable from this computer.
    await guichet.network.setForcedOffline(true);
    const offline = await call(guichet, 'id360.report.view', { localId });
    expect(offline.hasReport).toBe(true);
    const keptAfter = offline.files.filter((f) => f.integrity === 'valid' || f.integrity === 'unverifiable');
    expect(keptAfter.map((f) => f.sha256)).toEqual(keptBefore.map((f) => f.sha256));
    for (const f of keptAfter) expect(sha256(fs.readFileSync(guichet.blobs.pathOf(f.sha256!)))).toBe(f.sha256);

    // The tracker says « expirée » and its filter finds it.
    const expired = await call(guichet, 'id360.enrollments.list', { expiredOnly: true, limit: 10 });
    expect(expired.items.map((r) => r.localId)).toEqual([localId]);
  });
});
