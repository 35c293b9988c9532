import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { call, startTestGuichet, tempDir } from '../parapheur/guichetHarness.js';
import { startId360Simulator, type Id360Simulator } from '../../../main/sandbox/id360/index.js';
import type { Guichet } from '../../../main/composition.js';
import { DAY, OPENING_PROCESS } from './id360Harness.js';

/**
 * ID360 keeps documents 7 days (and reports too, for an application account): past that, the check
 * reads « expirée » and what the app kept locally is still there, readable, with the provider out of it.
 * One clock for the app and the simulator, moved by hand.
 */

let running: { guichet: Guichet; sim: Id360Simulator; dir: string } | null = null;
afterEach(async () => {
  await running?.guichet.stop();
  await running?.sim.stop();
  if (running) fs.rmSync(running.dir, { recursive: true, force: true });
  running = null;
});

describe('ID360 retention', () => {
  it('reads a check « expirée » once ID360 purged it, with the verified files still kept locally and the missing one named', async () => {
    const dir = tempDir('guichet-id360-retention-');
    let now = Date.now();
    const sim = await startId360Simulator({ journey: null, clock: { now: () => now, duration: (ms) => ms } });
    const guichet = await startTestGuichet(path.join(dir, 'app'), { now: () => new Date(now) });
    running = { guichet, sim, dir };
    await call(guichet, 'settings.update', {
      providers: { id360: { environment: 'custom', customBaseUrl: sim.baseUrl, customUiBaseUrl: sim.uiBaseUrl, username: sim.account.username, processes: [{ uuid: OPENING_PROCESS, label: 'Ouverture de compte' }] } },
    });
    await call(guichet, 'secrets.set', { key: 'id360.password', value: sim.account.password });

    const created = await call(guichet, 'id360.enrollments.create', {
      processUuid: OPENING_PROCESS,
      clientReference: 'DOSSIER-RETENTION',
      person: { last_name: 'Exemple', first_name: 'Camille' },
      lock: [],
    });
    const { localId, enrollmentId } = created.row;
    // The journey ends; one document's bytes come back altered, so that one is not kept as valid.
    sim.control.finish(enrollmentId, 'OK');
    sim.control.corruptFile(enrollmentId, 0, 0);
    const pass = async () => {
      guichet.id360.pollSoon(localId);
      await guichet.id360.tracker.tick();
      await guichet.id360.tracker.tick();
    };
    await pass();
    const fresh = await call(guichet, 'id360.report.view', { localId });
    expect(fresh.row.status).toBe('OK');
    expect(fresh.row.expired).toBe(false);
    expect(fresh.row.keptAltered).toBe(1);
    const keptBefore = fresh.files.filter((f) => f.integrity === 'valid' || f.integrity === 'unverifiable');
    expect(keptBefore.length).toBeGreaterThan(0);

    // Eight days later ID360 has purged the enrollment's files (404): the altered one can no longer be fetched.
    now += 8 * DAY;
    await pass();
    const late = await call(guichet, 'id360.report.view', { localId });
    expect(late.row.expired).toBe(true);
    expect(new Date(late.row.providerUntil).getTime()).toBeLessThanOrEqual(now);
    // What was kept is still kept, and readable without ID360.
    const keptAfter = late.files.filter((f) => f.integrity === 'valid' || f.integrity === 'unverifiable');
    expect(keptAfter.map((f) => f.sha256)).toEqual(keptBefore.map((f) => f.sha256));
    for (const f of keptAfter) expect(fs.statSync(guichet.blobs.pathOf(f.sha256!)).size).toBeGreaterThan(0);
    expect(late.files.find((f) => f.kind === 'report_pdf')?.sha256).toBeTruthy();
    // The altered file is named as such, never handed out.
    const altered = late.files.filter((f) => f.integrity === 'altered');
    expect(altered).toHaveLength(1);
    expect(altered[0]!.sha256).toBeNull();

    // The tracker says « expirée » and its filter finds it.
    const expired = await call(guichet, 'id360.enrollments.list', { expiredOnly: true, limit: 10 });
    expect(expired.items.map((r) => r.localId)).toEqual([localId]);
  });
});
