import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { call } from '../parapheur/guichetHarness.js';
import { clerkMessage, clerkText } from '../../support/clerkText.js';
import '../../../renderer/features/id360/i18n/index.js';
import { DAY, OPENING_PROCESS } from './id360Harness.js';
import { signInUser, startCustomBed, startUserBed, type CustomBed } from './customBed.js';

/**
 * A report ID360 no longer gives directly (docs/providers/id360.md#archive): past a user account's 2
 * months, a finished OK / KO check's report is only in ID360's archive (`report/archive`), which answers
 * user accounts only and never holds CANCELED / FAILED checks. Checked against the simulator as a real
 * ID360 (custom address, time scale 1), the months passing on one hand-moved clock.
 */

let bed: CustomBed | null = null;
afterEach(async () => {
  await bed?.stop();
  bed = null;
});


/** A check ended with `outcome` whose report Guichet could not keep in time (ID360's report call failed throughout). */
async function finishedNotKept(b: CustomBed, reference: string, outcome: 'OK' | 'KO' | 'FAILED' | 'CANCELED') {
  const created = await call(b.guichet, 'id360.enrollments.create', { processUuid: OPENING_PROCESS, clientReference: reference, person: { last_name: 'Exemple' }, lock: [] });
  b.sim.faults.update({ forcedStatus: 500, onlyPaths: /\/report\/(\?|pdf|$)/ });
  b.sim.control.finish(created.row.enrollmentId, outcome);
  await b.pass(created.row.localId);
  b.sim.faults.reset();
  return created.row;
}

const archiveRequests = (b: CustomBed) => b.sim.control.requests().filter((r) => r.route === 'reportArchive');

describe('ID360 archived reports', () => {
  it('a user account gets a report past its 2 months from ID360’s archive, kept like any report', async () => {
    bed = await startUserBed();
    const g = bed.guichet;
    const { localId } = await finishedNotKept(bed, 'DOSSIER-ARCHIVE', 'OK');

    // Within the 2 months the report is still read directly: nothing to offer.
    bed.advance(30 * DAY);
    expect(await call(g, 'id360.report.view', { localId })).toMatchObject({ hasReport: false, archive: null });

    bed.advance(31 * DAY);
    await signInUser(bed);
    const before = await call(g, 'id360.report.view', { localId });
    expect(before).toMatchObject({ hasReport: false, archive: 'available' });

    const fetched = await call(g, 'id360.report.fetchArchive', { localId });
    expect(archiveRequests(bed).map((r) => r.status)).toEqual([200]);
    expect(fetched).toMatchObject({ hasReport: true, status: 'OK', archive: null });
    expect(fetched.files.find((f) => f.kind === 'report_json')).toMatchObject({ integrity: 'valid', lastError: null });
    // Kept here now: offline, without ID360, the report stays readable.
    expect(await call(g, 'id360.report.view', { localId })).toMatchObject({ hasReport: true, status: 'OK', archive: null });

    // The Archive lists it as a kept report.
    await g.archive.sync('id360');
    const archived = (await call(g, 'archive.search', { query: '', providers: ['id360'], limit: 50, offset: 0 })).items;
    expect(archived.some((i) => i.kind === 'report')).toBe(true);

    // Once kept, it is not offered again.
    await expect(call(g, 'id360.report.fetchArchive', { localId })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('an application account is told what is true at each age: a user account reads the report directly until 2 months, then only from the archive; ID360 is not asked', async () => {
    bed = await startCustomBed();
    const g = bed.guichet;
    const { localId } = await finishedNotKept(bed, 'DOSSIER-APPLI', 'KO');
    const finishedAt = new Date((await call(g, 'id360.report.view', { localId })).row.finishedAt!).getTime();

    // Past its 7 days the application account no longer reads it; ID360 has not archived it yet.
    bed.advance(8 * DAY);
    const early = await call(g, 'id360.report.view', { localId });
    expect(early).toMatchObject({ hasReport: false, archive: 'userAccountDirect' });
    // ID360's 2 months after the end (docs/providers/id360.md#retention), said as a day.
    expect(new Date(early.archiveFrom!).getTime() - finishedAt).toBe(60 * DAY);
    const day = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short' }).format(new Date(early.archiveFrom!));
    expect(clerkText({ key: 'id360:detail.archiveUserDirect', params: { date: early.archiveFrom! } })).toBe(
      `Un compte application ne lit plus ce rapport chez ID360 : il le garde 7 jours après la fin de la vérification. Un compte utilisateur ID360 (avec code de vérification) peut encore le lire directement jusqu’au ${day}, puis dans les archives d’ID360.`,
    );
    const notYet = await call(g, 'id360.report.fetchArchive', { localId }).catch((e: unknown) => e);
    expect(notYet).toMatchObject({ code: 'ID360_ARCHIVE_USER_ONLY' });
    expect(clerkMessage(notYet)).toBe(
      `Ce rapport n’est pas encore dans les archives d’ID360 : un compte utilisateur ID360 (avec code de vérification) peut le lire directement jusqu’au ${day}. Le compte configuré dans Réglages › ID360 est un compte application, qui ne le lit plus.`,
    );

    // Past the 2 months: only a user account, from the archive.
    bed.advance(53 * DAY);
    expect(await call(g, 'id360.report.view', { localId })).toMatchObject({ hasReport: false, archive: 'userAccountOnly', archiveFrom: null });
    const error = await call(g, 'id360.report.fetchArchive', { localId }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ID360_ARCHIVE_USER_ONLY' });
    expect(clerkMessage(error)).toMatch(/^Seul un compte utilisateur ID360/);
    expect(archiveRequests(bed)).toEqual([]);
  });

  it('a failed or cancelled check is never archived: said so, ID360 not asked', async () => {
    bed = await startUserBed();
    const g = bed.guichet;
    const failed = await finishedNotKept(bed, 'DOSSIER-ECHEC', 'FAILED');
    const cancelled = await finishedNotKept(bed, 'DOSSIER-ANNULE', 'CANCELED');
    bed.advance(61 * DAY);
    await signInUser(bed);
    for (const { localId } of [failed, cancelled]) {
      expect(await call(g, 'id360.report.view', { localId })).toMatchObject({ hasReport: false, archive: 'neverArchived' });
      const error = await call(g, 'id360.report.fetchArchive', { localId }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'ID360_NEVER_ARCHIVED' });
      expect(clerkMessage(error)).toMatch(/n’archive jamais une vérification annulée ou en échec/);
    }
    expect(archiveRequests(bed)).toEqual([]);
  });

  it('follows a custom `reportArchive` path from the settings: the configured path is the one asked', async () => {
    // This ID360 serves its archive at another path than Guichet's default.
    bed = await startUserBed({ sim: { reportArchive: { path: 'archives/enrollment/{id}/report' } } });
    const g = bed.guichet;
    const { localId, enrollmentId } = await finishedNotKept(bed, 'DOSSIER-CHEMIN-ARCHIVE', 'OK');
    bed.advance(61 * DAY);
    await signInUser(bed);

    // With the default path, ID360 answers 404: nothing is kept.
    const asked = () => bed!.sim.control.requests().filter((r) => r.path.includes('archive')).map((r) => [r.path, r.status]);
    await expect(call(g, 'id360.report.fetchArchive', { localId })).rejects.toMatchObject({ code: 'ID360_EXPIRED_OR_PURGED' });
    expect(asked()).toEqual([[`/api/1.0.0/enrollment/${enrollmentId}/report/archive`, 404]]);

    // The path corrected in Réglages (as found on préproduction's Swagger) is the one asked, and the report is kept.
    await call(g, 'settings.update', { providers: { id360: { inferredPaths: { reportArchive: 'archives/enrollment/{id}/report' } } } });
    // A changed setting is a new session: the user account signs in again, with its code.
    await signInUser(bed);
    const fetched = await call(g, 'id360.report.fetchArchive', { localId });
    expect(asked().slice(1)).toEqual([[`/api/1.0.0/archives/enrollment/${enrollmentId}/report`, 200]]);
    expect(fetched).toMatchObject({ hasReport: true, status: 'OK', archive: null });
  });

  it('takes a PDF from ID360’s archive as well as a JSON report, told apart by its bytes, and keeps it as the report’s PDF', async () => {
    bed = await startUserBed();
    const g = bed.guichet;
    const { localId } = await finishedNotKept(bed, 'DOSSIER-ARCHIVE-PDF', 'OK');
    bed.advance(61 * DAY);
    await signInUser(bed);
    // The archive's reply type is not published (docs/providers/id360.md#archive): this one answers a PDF.
    bed.sim.control.archiveReply('pdf');
    const fetched = await call(g, 'id360.report.fetchArchive', { localId });
    expect(archiveRequests(bed).map((r) => r.status)).toEqual([200]);
    // No JSON to read a verdict from, but the report is kept here: not offered again.
    expect(fetched).toMatchObject({ hasReport: false, archive: null });
    const pdf = fetched.files.find((f) => f.kind === 'report_pdf')!;
    expect(pdf).toMatchObject({ integrity: 'unverifiable', lastError: null, mediaType: 'application/pdf' });
    expect(fs.readFileSync(g.blobs.pathOf(pdf.sha256!)).subarray(0, 5).toString()).toBe('%PDF-');
    await expect(call(g, 'id360.report.fetchArchive', { localId })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(g.journal.list({ limit: 50 }).map((e) => e.action)).toContain('id360.report.archiveFetched');
  });
});
