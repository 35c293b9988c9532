import { afterEach, describe, expect, it } from 'vitest';
import { call, startTestGuichet, tempDir } from '../parapheur/guichetHarness.js';
import type { Guichet } from '../../../main/composition.js';
import { clerkText } from '../../support/clerkText.js';
import '../../../renderer/features/id360/i18n/index.js';
import type { HostText } from '../../../shared/ipc/errors.js';
import { DAY, MINUTE, OPENING_PROCESS } from './id360Harness.js';
import { signInUser, startCustomBed, startUserBed, type CustomBed } from './customBed.js';

/**
 * What ID360 keeps depends on the account that reads (docs/providers/id360.md#retention): documents 7
 * days for every account; the report (and its PDF) 7 days for an application account, 2 months after
 * an OK or KO end for a user account. Réglages' « Type de compte ID360 » drives Guichet's dates, its
 * fetches and its warning; checked against the simulator as a real ID360 (custom address, time scale
 * 1), whose user account keeps its reports exactly that long, days passing on one shared clock.
 */

let bed: CustomBed | null = null;
let sandboxed: Guichet | null = null;
afterEach(async () => {
  await bed?.stop();
  bed = null;
  await sandboxed?.stop();
  sandboxed = null;
});


/** A check ended OK whose report PDF ID360 cannot give for now (its server fails on that call). */
async function finishedWithoutPdf(b: CustomBed, reference: string) {
  const created = await call(b.guichet, 'id360.enrollments.create', { processUuid: OPENING_PROCESS, clientReference: reference, person: { last_name: 'Exemple' }, lock: [] });
  b.sim.faults.update({ forcedStatus: 500, onlyPaths: /\/report\/pdf/ });
  b.sim.control.finish(created.row.enrollmentId, 'OK');
  await b.pass(created.row.localId);
  return created.row;
}

const pdfRequests = (b: CustomBed) => b.sim.control.requests().filter((r) => r.route === 'reportPdf');

describe('ID360 account kind and what ID360 keeps', () => {
  it('a user account: documents until 7 days, the report until 2 months, fetched and warned on that window', async () => {
    bed = await startUserBed();
    const g = bed.guichet;
    const notes: { title: HostText; body?: HostText }[] = [];
    g.bus.on('notify', (n) => notes.push(n));
    const { localId } = await finishedWithoutPdf(bed, 'DOSSIER-UTILISATEUR');
    const finishedAt = bed.now().getTime();

    const row = await call(g, 'id360.enrollments.get', { localId });
    expect(row).toMatchObject({ status: 'OK', keptMissing: 1, atRisk: false });
    expect(new Date(row.providerUntil).getTime()).toBe(finishedAt + 7 * DAY);
    expect(new Date(row.reportsUntil).getTime()).toBe(finishedAt + 60 * DAY);
    // What is missing is the report's PDF: its deadline is the report's.
    expect(row.missingUntil).toBe(row.reportsUntil);

    // The Archive says each kept file's own date: the documents' 7 days, the report's 2 months.
    await g.archive.sync('id360');
    const archived = (await call(g, 'archive.search', { query: '', providers: ['id360'], limit: 50, offset: 0 })).items;
    expect(archived.find((i) => i.kind === 'report')?.availableUntil).toBe(row.reportsUntil);
    expect(archived.find((i) => i.kind === 'document')?.availableUntil).toBe(row.providerUntil);

    // Past the 7 days: an application account would have been warned; a user account still has time.
    bed.advance(6 * DAY + 12 * 60 * MINUTE);
    await signInUser(bed);
    await bed.pass();
    expect(notes).toEqual([]);
    expect(await call(g, 'id360.enrollments.get', { localId })).toMatchObject({ atRisk: false, expired: false });

    // Day 8: ID360 answers again and Guichet, still asking, keeps the PDF the simulator still gives.
    bed.advance(DAY + 12 * 60 * MINUTE);
    bed.sim.faults.reset();
    await signInUser(bed);
    const before = pdfRequests(bed).length;
    await bed.pass();
    expect(pdfRequests(bed).length).toBeGreaterThan(before);
    expect(pdfRequests(bed).at(-1)?.status).not.toBe(404);
    const kept = await call(g, 'id360.report.view', { localId });
    expect(kept.files.find((f) => f.kind === 'report_pdf')).toMatchObject({ integrity: 'unverifiable' });
    expect(kept.row).toMatchObject({ keptMissing: 0, atRisk: false, missingUntil: null });
  });

  it('a user account is warned a day before the 2 months when the report could not be kept, and ID360 purges it then', async () => {
    bed = await startUserBed();
    const g = bed.guichet;
    const notes: { title: HostText; body?: HostText }[] = [];
    g.bus.on('notify', (n) => notes.push(n));
    const { localId } = await finishedWithoutPdf(bed, 'DOSSIER-DEUX-MOIS');

    bed.advance(58 * DAY + 12 * 60 * MINUTE);
    await signInUser(bed);
    await bed.pass();
    expect(notes).toEqual([]);

    bed.advance(DAY);
    await signInUser(bed);
    await bed.pass();
    expect(notes).toHaveLength(1);
    const row = await call(g, 'id360.enrollments.get', { localId });
    expect(row.atRisk).toBe(true);
    expect(clerkText(notes[0]!.body!)).toMatch(/^DOSSIER-DEUX-MOIS : 1 élément\(s\) pas encore récupéré\(s\) ; ID360 les supprime le/);

    // Past the 2 months the simulator answers 404 (its real window): Guichet says it is gone and stops asking.
    bed.sim.faults.reset();
    bed.advance(DAY);
    await signInUser(bed);
    await bed.pass();
    expect(pdfRequests(bed).at(-1)?.status).toBe(404);
    const gone = await call(g, 'id360.report.view', { localId });
    expect(gone.files.find((f) => f.kind === 'report_pdf')).toMatchObject({ integrity: 'pending', lastError: 'ID360_EXPIRED_OR_PURGED' });
    expect(gone.row.expired).toBe(true);
    const asked = pdfRequests(bed).length;
    bed.advance(60 * MINUTE);
    await signInUser(bed);
    await bed.pass();
    expect(pdfRequests(bed).length).toBe(asked);
  });

  it('in Sandbox, « compte utilisateur » signs in as the simulator’s user identity, its code given by the sandbox, with its 2-month window', async () => {
    const timeScale = 600;
    const g = (sandboxed = await startTestGuichet(tempDir('guichet-id360-user-sandbox-'), { timeScale, preseed: { providers: { id360: { environment: 'sandbox', accountKind: 'user' } } } }));
    await g.ensureSandbox();
    // No code asked of the clerk: the sandbox gives its own.
    expect(await call(g, 'id360.session.state', {})).toEqual({ twoFactorNeeded: false });
    const created = await call(g, 'id360.enrollments.create', { processUuid: OPENING_PROCESS, clientReference: 'DOSSIER-DEMO-UTILISATEUR', person: {}, lock: [] });
    const sim = g.sandbox!.id360;
    expect(sim.control.enrollment(created.row.enrollmentId)!.creator.kind).toBe('user');
    sim.control.finish(created.row.enrollmentId, 'OK');
    g.id360.pollSoon(created.row.localId);
    await g.id360.tracker.tick();
    const row = await call(g, 'id360.enrollments.get', { localId: created.row.localId });
    expect(row.status).toBe('OK');
    // The windows on the sandbox's clock, as the simulator counts them (DAY / time scale).
    const base = new Date(row.finishedAt!).getTime();
    expect(new Date(row.reportsUntil).getTime() - base).toBeCloseTo((60 * DAY) / timeScale, -3);
    expect(new Date(row.providerUntil).getTime() - base).toBeCloseTo((7 * DAY) / timeScale, -3);
  });

  it('an application account: the report goes with the documents after 7 days, warned the day before', async () => {
    bed = await startCustomBed();
    const g = bed.guichet;
    const notes: unknown[] = [];
    g.bus.on('notify', (n) => notes.push(n));
    const { localId } = await finishedWithoutPdf(bed, 'DOSSIER-APPLICATION');
    const row = await call(g, 'id360.enrollments.get', { localId });
    expect(row.reportsUntil).toBe(row.providerUntil);
    expect(row.missingUntil).toBe(row.providerUntil);

    bed.advance(6 * DAY + 12 * 60 * MINUTE);
    await bed.pass();
    expect(notes).toHaveLength(1);

    // Past the 7 days the simulator no longer gives an application account the PDF.
    bed.sim.faults.reset();
    bed.advance(DAY);
    await bed.pass();
    expect(pdfRequests(bed).at(-1)?.status).toBe(404);
  });
});
