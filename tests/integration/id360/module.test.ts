import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { call, startTestGuichet, tempDir } from '../parapheur/guichetHarness.js';
import type { Guichet } from '../../../main/composition.js';

const OPENING = '6f8a1c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b';
let guichet: Guichet | null = null;

afterEach(async () => {
  await guichet?.stop();
  guichet = null;
});

async function start() {
  guichet = await startTestGuichet(tempDir('guichet-id360-'), { preseed: { providers: { id360: { environment: 'sandbox' } } } });
  await guichet.ensureSandbox();
  return guichet;
}

async function createCheck(g: Guichet, reference: string) {
  return call(g, 'id360.enrollments.create', {
    processUuid: OPENING,
    clientReference: reference,
    person: { last_name: 'Exemple', first_name: 'Camille', email: 'camille@example.org' },
    lock: ['name'],
  });
}

/** Ends the journey in the simulator and lets the tracker read it and keep its files. */
async function finishAndCollect(g: Guichet, localId: number, enrollmentId: string, before?: () => void) {
  g.sandbox!.id360.control.finish(enrollmentId, 'OK');
  before?.();
  g.id360.pollSoon(localId);
  await g.id360.tracker.tick();
  await g.id360.tracker.tick();
  return call(g, 'id360.report.view', { localId });
}

describe('ID360 module against its simulator', () => {
  it('creates a check with its journey link, and keeps every file of the final report, verified', async () => {
    const g = await start();
    const processes = await call(g, 'id360.processes.list', {});
    expect(processes.map((p) => p.label)).toContain('Ouverture de compte');
    const created = await createCheck(g, 'DOSSIER-1');
    expect(created.row.status).toBe('NEW');
    expect(created.journeyUrl).toMatch(/\/static\/process_ui\/index\.html#\/enrollment\/[0-9a-f]{32}/);
    expect(g.sandbox!.id360.control.enrollment(created.row.enrollmentId)!.controls['name']).toMatchObject({ value: 'Exemple', locked: true });

    const view = await finishAndCollect(g, created.row.localId, created.row.enrollmentId);
    expect(view.row.status).toBe('OK');
    expect(view.hasReport).toBe(true);
    expect(view.row.signatureVerdict).toBe('authentic');
    const documents = view.files.filter((f) => f.kind === 'document');
    expect(documents.length).toBeGreaterThan(0);
    expect(documents.every((f) => f.integrity === 'valid' && f.sha256)).toBe(true);
    const pdf = view.files.find((f) => f.kind === 'report_pdf')!;
    expect(pdf.sha256).toBeTruthy();
    expect(fs.readFileSync(g.blobs.pathOf(pdf.sha256!)).subarray(0, 5).toString()).toBe('%PDF-');
    // ID360's 7 days as the simulator counts them (time scale 600): the dates the clerk reads follow its purge.
    expect(new Date(view.row.providerUntil).getTime() - new Date(view.row.finishedAt!).getTime()).toBe((7 * 86_400_000) / 600);

    const found = await call(g, 'id360.enrollments.list', { search: 'camille', statuses: ['OK'], limit: 10 });
    expect(found.items.map((r) => r.localId)).toEqual([created.row.localId]);
  });

  it('flags a file whose bytes do not match the report, and never hands it out as valid', async () => {
    const g = await start();
    const created = await createCheck(g, 'DOSSIER-2');
    const view = await finishAndCollect(g, created.row.localId, created.row.enrollmentId, () => g.sandbox!.id360.control.corruptFile(created.row.enrollmentId));
    const altered = view.files.filter((f) => f.integrity === 'altered');
    expect(altered).toHaveLength(1);
    expect(altered[0]!.sha256).toBeNull();
    expect(view.row.keptAltered).toBe(1);
  });

  it('says a tampered report is not authentic', async () => {
    const g = await start();
    const created = await createCheck(g, 'DOSSIER-3');
    const view = await finishAndCollect(g, created.row.localId, created.row.enrollmentId, () =>
      g.sandbox!.id360.control.tamperReport(created.row.enrollmentId, (r) => {
        r['identity_status'] = 'OK';
        r['reason'] = 'modifié';
      }),
    );
    expect(view.row.signatureVerdict).toBe('invalid');
  });

  it('pauses polling offline and resumes when the network is back', async () => {
    const g = await start();
    const created = await createCheck(g, 'DOSSIER-4');
    g.sandbox!.id360.control.finish(created.row.enrollmentId, 'OK');
    await g.network.setForcedOffline(true);
    const before = g.sandbox!.id360.control.requests().length;
    g.id360.pollSoon(created.row.localId);
    await g.id360.tracker.tick();
    expect(g.sandbox!.id360.control.requests().length).toBe(before);
    expect((await call(g, 'id360.enrollments.get', { localId: created.row.localId })).status).toBe('NEW');
    const changed = new Promise<void>((resolve) => {
      const off = g.bus.on('id360.enrollment.changed', (row) => {
        if (row.localId === created.row.localId && row.status === 'OK') {
          off();
          resolve();
        }
      });
    });
    await g.network.setForcedOffline(false);
    await changed;
  });

  it('refuses to discontinue a finished check, with its reason', async () => {
    const g = await start();
    const created = await createCheck(g, 'DOSSIER-5');
    await finishAndCollect(g, created.row.localId, created.row.enrollmentId);
    await expect(call(g, 'id360.enrollments.discontinue', { localId: created.row.localId })).rejects.toMatchObject({ code: 'ID360_ALREADY_FINISHED' });
  });
});
