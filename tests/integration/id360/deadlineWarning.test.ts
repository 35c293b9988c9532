import { afterEach, describe, expect, it } from 'vitest';
import { call } from '../parapheur/guichetHarness.js';
import { clerkText } from '../../support/clerkText.js';
// The clerk's words for ID360's notifications come from the feature's own catalogue.
import '../../../renderer/features/id360/i18n/index.js';
import type { HostText } from '../../../shared/ipc/errors.js';
import { DAY, MINUTE, OPENING_PROCESS } from './id360Harness.js';
import { startCustomBed, type CustomBed } from './customBed.js';

/**
 * ID360 deletes an enrollment's documents 7 days after it ends. When something could still not be
 * kept, the clerk hears it a day before: a notification (once) and a marker on the tracker row.
 * Against the simulator as a real ID360 (custom address, time scale 1), days passing on a shared clock.
 */

let bed: CustomBed | null = null;
afterEach(async () => {
  await bed?.stop();
  bed = null;
});

describe('ID360 deadline warning', () => {
  it('warns once, a day before ID360 deletes a file that could not be fetched, and marks the row', async () => {
    bed = await startCustomBed();
    const g = bed.guichet;
    const notes: { level: string; title: HostText; body?: HostText }[] = [];
    g.bus.on('notify', (n) => notes.push(n));
    const changes: { localId: number; atRisk: boolean }[] = [];
    g.bus.on('id360.enrollment.changed', (row) => changes.push({ localId: row.localId, atRisk: row.atRisk }));

    const created = await call(g, 'id360.enrollments.create', { processUuid: OPENING_PROCESS, clientReference: 'DOSSIER-DELAI', person: { last_name: 'Exemple' }, lock: [] });
    const { localId, enrollmentId } = created.row;
    // ID360 cannot give the report PDF (its server fails on that call, day after day).
    bed.sim.faults.update({ forcedStatus: 500, onlyPaths: /\/report\/pdf/ });
    bed.sim.control.finish(enrollmentId, 'OK');
    await bed.pass(localId);
    const kept = await call(g, 'id360.report.view', { localId });
    expect(kept.row.status).toBe('OK');
    expect(kept.files.find((f) => f.kind === 'report_pdf')).toMatchObject({ integrity: 'pending', lastError: 'ID360_UNAVAILABLE' });
    expect(kept.row.atRisk).toBe(false);

    // Five days on: still missing, still time: nothing said yet (retried meanwhile).
    bed.advance(5 * DAY);
    await bed.pass();
    expect(bed.sim.control.requests().filter((r) => r.route === 'reportPdf').length).toBeGreaterThan(1);
    expect(notes).toEqual([]);
    expect((await call(g, 'id360.enrollments.get', { localId })).atRisk).toBe(false);

    // Less than a day before the 7 days: one notification naming the case and the deadline, and the marker.
    bed.advance(DAY + 30 * MINUTE);
    await bed.pass();
    expect(notes).toHaveLength(1);
    expect(notes[0]!.level).toBe('warning');
    const body = clerkText(notes[0]!.body!);
    expect(body).toMatch(/^DOSSIER-DELAI : 1 élément\(s\) pas encore récupéré\(s\) ; ID360 les supprime le \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    expect(clerkText(notes[0]!.title)).toContain('bientôt supprimées chez ID360');
    const row = await call(g, 'id360.enrollments.get', { localId });
    expect(row.atRisk).toBe(true);
    expect(changes.at(-1)).toEqual({ localId, atRisk: true });
    const listed = await call(g, 'id360.enrollments.list', { limit: 10 });
    expect(listed.items.find((r) => r.localId === localId)?.atRisk).toBe(true);
    // The journal keeps it too.
    const journal = await call(g, 'journal.list', { limit: 20 });
    const entry = journal.find((e) => e.action === 'id360.enrollment.atRisk');
    expect(entry && clerkText(entry.summary)).toMatch(/^Vérification d’identité DOSSIER-DELAI : 1 élément\(s\) pas encore récupéré\(s\), supprimé\(s\) chez ID360 le \d{2}\/\d{2}\/\d{4}/);

    // Further passes do not repeat it.
    bed.advance(2 * 60 * MINUTE);
    await bed.pass();
    expect(notes).toHaveLength(1);

    // ID360 answers again: the PDF is kept and the marker goes.
    bed.sim.faults.reset();
    bed.advance(60 * MINUTE);
    await bed.pass();
    const done = await call(g, 'id360.enrollments.get', { localId });
    expect(done).toMatchObject({ keptMissing: 0, atRisk: false });
  });

  it('says nothing when everything was kept', async () => {
    bed = await startCustomBed();
    const g = bed.guichet;
    const notes: unknown[] = [];
    g.bus.on('notify', (n) => notes.push(n));
    const created = await call(g, 'id360.enrollments.create', { processUuid: OPENING_PROCESS, clientReference: 'DOSSIER-COMPLET', person: {}, lock: [] });
    bed.sim.control.finish(created.row.enrollmentId, 'OK');
    await bed.pass(created.row.localId);
    expect((await call(g, 'id360.enrollments.get', { localId: created.row.localId })).keptMissing).toBe(0);
    bed.advance(6 * DAY + 12 * 60 * MINUTE);
    await bed.pass();
    expect(notes).toEqual([]);
    expect((await call(g, 'id360.enrollments.get', { localId: created.row.localId })).atRisk).toBe(false);
  });
});
