import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Guichet } from '../../../main/composition.js';
import { PARAPHEUR_SANDBOX_SIREN } from '../../../shared/domain/parapheur.js';
import { startTestGuichet } from '../testGuichet.js';
import { call, tempDir } from './guichetHarness.js';

let running: { guichet: Guichet; dir: string } | null = null;
afterEach(async () => {
  await running?.guichet.stop();
  if (running) fs.rmSync(running.dir, { recursive: true, force: true });
  running = null;
});

describe('FAST section status, offline', () => {
  it('says when FAST was last asked and how many deposits wait to be sent, from local rows only', async () => {
    const dir = tempDir('guichet-sync-status-');
    // No background work: nothing is sent, nothing polled; the answer comes from the ledger alone.
    const guichet = await startTestGuichet(dir, { background: false });
    running = { guichet, dir };
    expect(await call(guichet, 'parapheur.documents.syncStatus', {})).toEqual({ lastPolledAt: null, lastSyncedAt: null, waiting: 0, unreachable: false });
    const insert = guichet.db.prepare(
      `INSERT INTO parapheur_documents (batch_id, environment, siren, circuit_id, circuit_name, original_name, provider_name, media_type,
         blob_sha256, size, outbox_state, created_at, updated_at, last_polled_at)
       VALUES (@batch, @environment, @siren, 'c1', 'Visa', @name, @name, 'application/pdf', 'aa', 1, @state, '2026-03-01T08:00:00.000Z', '2026-03-01T08:00:00.000Z', @polled)`,
    );
    const sandbox = { environment: 'sandbox', siren: PARAPHEUR_SANDBOX_SIREN };
    insert.run({ ...sandbox, batch: 'a', name: 'a.pdf', state: 'filed', polled: '2026-03-02T09:30:00.000Z' });
    insert.run({ ...sandbox, batch: 'b', name: 'b.pdf', state: 'filed', polled: '2026-03-01T09:30:00.000Z' });
    insert.run({ ...sandbox, batch: 'c', name: 'c.pdf', state: 'queued', polled: null });
    insert.run({ ...sandbox, batch: 'd', name: 'd.pdf', state: 'waiting_network', polled: null });
    insert.run({ ...sandbox, batch: 'e', name: 'e.pdf', state: 'failed', polled: null });
    // Another environment's rows are not this section's.
    insert.run({ environment: 'production', siren: '213500002', batch: 'f', name: 'f.pdf', state: 'queued', polled: '2026-03-05T09:30:00.000Z' });
    expect(await call(guichet, 'parapheur.documents.syncStatus', {})).toEqual({
      lastPolledAt: '2026-03-02T09:30:00.000Z',
      lastSyncedAt: '2026-03-02T09:30:00.000Z',
      waiting: 2,
      unreachable: false,
    });
    // The newest poll could not reach FAST: the section says so, and when FAST last answered.
    const failed = JSON.stringify({ key: 'parapheur:notes.trackingImpossible', params: { cause: 'x' } });
    guichet.db.prepare("UPDATE parapheur_documents SET last_polled_at = '2026-03-03T09:30:00.000Z', last_error = ? WHERE batch_id = 'b'").run(failed);
    expect(await call(guichet, 'parapheur.documents.syncStatus', {})).toEqual({
      lastPolledAt: '2026-03-03T09:30:00.000Z',
      lastSyncedAt: '2026-03-02T09:30:00.000Z',
      waiting: 2,
      unreachable: true,
    });
  });

  it('a circuit refresh or a connection test that cannot reach FAST says « injoignable » too, with no document in its circuit', async () => {
    const dir = tempDir('guichet-sync-status-');
    const guichet = await startTestGuichet(dir);
    running = { guichet, dir };
    const sim = guichet.sandbox!.parapheur;
    const told: boolean[] = [];
    const off = guichet.bus.on('parapheur.sync.changed', (s) => told.push(s.unreachable));
    try {
      // FAST answers the circuit listing: reachable, nothing polled yet.
      await call(guichet, 'parapheur.circuits.refresh', {});
      expect(await call(guichet, 'parapheur.documents.syncStatus', {})).toMatchObject({ lastPolledAt: null, unreachable: false });

      // The network goes: every connection to FAST is cut before it answers.
      sim.faults.update({ resetRate: 1 });
      await expect(call(guichet, 'parapheur.circuits.refresh', {})).rejects.toMatchObject({ code: 'CONNECTION_DROPPED' });
      expect(await call(guichet, 'parapheur.documents.syncStatus', {})).toMatchObject({ unreachable: true });
      // A connection test counts as well, whichever way it ends.
      sim.faults.reset();
      expect((await call(guichet, 'providers.testConnection', { provider: 'parapheur' })).ok).toBe(true);
      expect(await call(guichet, 'parapheur.documents.syncStatus', {})).toMatchObject({ unreachable: false });
      sim.faults.update({ resetRate: 1 });
      expect((await call(guichet, 'providers.testConnection', { provider: 'parapheur' })).ok).toBe(false);
      expect(await call(guichet, 'parapheur.documents.syncStatus', {})).toMatchObject({ unreachable: true });
      // The page was told each time, without a document changing.
      expect(told).toEqual([false, true, false, true]);
    } finally {
      off();
      sim.faults.reset();
    }
  });
});
