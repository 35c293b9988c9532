import { afterEach, describe, expect, it } from 'vitest';
import { call } from '../parapheur/guichetHarness.js';
import { OPENING_PROCESS } from './id360Harness.js';
import { startCustomBed, type CustomBed } from './customBed.js';
import { startOrgRelay, type OrgRelay } from './orgRelay.js';

/**
 * Callbacks through the organisation's relay: the relay's address goes to ID360 at creation with our
 * key, ID360 (the simulator) posts each step to it, and Guichet pulls what the relay kept — a desktop
 * is never called from outside. A callback only says « read this one again now »: the status comes from
 * ID360, steps done/total from the callback.
 */

const RELAY_KEY = 'cle-du-relais-de-test-0123456789';
let bed: CustomBed | null = null;
let relay: OrgRelay | null = null;
afterEach(async () => {
  await bed?.stop();
  await relay?.stop();
  bed = null;
  relay = null;
});

describe('ID360 callbacks through an organisation relay', () => {
  it('gives ID360 the relay with its key, and follows a journey from the relayed callbacks before its next poll', async () => {
    relay = await startOrgRelay(RELAY_KEY);
    bed = await startCustomBed({ settings: { callbackRelayUrl: relay.url } });
    const g = bed.guichet;
    await call(g, 'secrets.set', { key: 'id360.relayKey', value: RELAY_KEY });

    const created = await call(g, 'id360.enrollments.create', { processUuid: OPENING_PROCESS, clientReference: 'DOSSIER-RELAIS', person: { last_name: 'Exemple' }, lock: ['name'] });
    const { localId, enrollmentId } = created.row;
    const enrollment = bed.sim.control.enrollment(enrollmentId)!;
    expect(enrollment.callbackEndpoints).toEqual([{ url: `${relay.url}id360/callback/DOSSIER-RELAIS`, on: ['E', 'F', 'C'], headers: [{ name: 'X-Relay-Key', value: RELAY_KEY }] }]);
    expect(String(enrollment.request['browser_callback_url'])).toBe(`${relay.url}id360/return/DOSSIER-RELAIS`);

    // The person starts: ID360 calls the relay; without a pull the tracker does not know yet (its poll is not due).
    bed.sim.control.start(enrollmentId);
    await bed.sim.control.callbacksSettled();
    expect(relay.received().map((c) => [c.correlation, (c.body as { status: string }).status])).toEqual([['DOSSIER-RELAIS', 'STARTED']]);
    await bed.pass();
    expect((await call(g, 'id360.enrollments.get', { localId })).status).toBe('NEW');
    const first = await g.id360.relayCallbacks.pull();
    expect(first).toEqual({ received: 1, hinted: [localId], ignored: 0 });
    await bed.pass();
    const started = await call(g, 'id360.enrollments.get', { localId });
    expect(started).toMatchObject({ status: 'STARTED', stepsDone: 1, stepsTotal: enrollment.process.steps.length });

    // The journey ends OK: the relayed callback has the verdict read and the files kept at once.
    bed.sim.control.finish(enrollmentId, 'OK');
    await bed.sim.control.callbacksSettled();
    expect(await g.id360.relayCallbacks.pull()).toEqual({ received: 1, hinted: [localId], ignored: 0 });
    await bed.pass();
    const done = await call(g, 'id360.report.view', { localId });
    expect(done.row).toMatchObject({ status: 'OK', keptMissing: 0 });
    expect(done.hasReport).toBe(true);
    // Nothing new on the relay: a pull reads nothing again.
    expect(await g.id360.relayCallbacks.pull()).toEqual({ received: 0, hinted: [], ignored: 0 });

    // Another relay numbers its callbacks from 1 again: its first one is read, not skipped.
    const other = await startOrgRelay(RELAY_KEY);
    try {
      await call(g, 'settings.update', { providers: { id360: { callbackRelayUrl: other.url } } });
      await fetch(`${other.url}id360/callback/DOSSIER-RELAIS`, { method: 'POST', headers: { 'x-relay-key': RELAY_KEY }, body: JSON.stringify({ status: 'OK' }) });
      expect(await g.id360.relayCallbacks.pull()).toEqual({ received: 1, hinted: [], ignored: 1 });
    } finally {
      await other.stop();
    }
  });

  it('pulls the relay by itself at its pace, with the key the relay checks', async () => {
    relay = await startOrgRelay(RELAY_KEY);
    bed = await startCustomBed({ settings: { callbackRelayUrl: relay.url } });
    const g = bed.guichet;
    // Without the key the relay refuses the pull: nothing is read, nothing breaks.
    bed.advance(20_000);
    await bed.pass();
    expect(relay.refused()).toBe(1);
    await call(g, 'secrets.set', { key: 'id360.relayKey', value: RELAY_KEY });
    const created = await call(g, 'id360.enrollments.create', { processUuid: OPENING_PROCESS, clientReference: 'DOSSIER-RYTHME', person: {}, lock: [] });
    bed.sim.control.finish(created.row.enrollmentId, 'OK');
    await bed.sim.control.callbacksSettled();
    expect(relay.received().map((c) => (c.body as { status: string }).status)).toEqual(['STARTED', 'OK']);
    // Within the pull period nothing is read; once it has passed, the tracker's own pass pulls and reads the verdict.
    await bed.pass();
    expect((await call(g, 'id360.enrollments.get', { localId: created.row.localId })).status).toBe('NEW');
    bed.advance(20_000);
    await bed.pass();
    expect((await call(g, 'id360.enrollments.get', { localId: created.row.localId })).status).toBe('OK');
    expect(relay.refused()).toBe(1);
  });

  it('sets aside callbacks that name no open check of this reference, another enrollment, or no status', async () => {
    relay = await startOrgRelay(RELAY_KEY);
    bed = await startCustomBed({ settings: { callbackRelayUrl: relay.url } });
    const g = bed.guichet;
    await call(g, 'secrets.set', { key: 'id360.relayKey', value: RELAY_KEY });
    const created = await call(g, 'id360.enrollments.create', { processUuid: OPENING_PROCESS, clientReference: 'DOSSIER-A', person: {}, lock: [] });
    const post = (correlation: string, body: unknown) =>
      fetch(`${relay!.url}id360/callback/${correlation}`, { method: 'POST', headers: { 'x-relay-key': RELAY_KEY, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await post('DOSSIER-INCONNU', { id: Number(created.row.enrollmentId), status: 'OK' });
    await post('DOSSIER-A', { id: 1, status: 'OK' });
    await post('DOSSIER-A', { status: 42 });
    expect(await g.id360.relayCallbacks.pull()).toEqual({ received: 3, hinted: [], ignored: 3 });
    await bed.pass();
    expect((await call(g, 'id360.enrollments.get', { localId: created.row.localId })).status).toBe('NEW');
  });

  it('sends no callback endpoint and pulls nothing without a relay', async () => {
    bed = await startCustomBed();
    const created = await call(bed.guichet, 'id360.enrollments.create', { processUuid: OPENING_PROCESS, clientReference: 'DOSSIER-SANS-RELAIS', person: {}, lock: [] });
    expect(bed.sim.control.enrollment(created.row.enrollmentId)!.callbackEndpoints).toEqual([]);
    expect(await bed.guichet.id360.relayCallbacks.pull()).toEqual({ received: 0, hinted: [], ignored: 0 });
  });
});
