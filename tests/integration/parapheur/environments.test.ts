import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Guichet } from '../../../main/composition.js';
import { call, makePdf, stage, startTestGuichet, tempDir, waitFor } from './guichetHarness.js';

let running: { guichet: Guichet; dir: string } | null = null;

afterEach(async () => {
  await running?.guichet.stop();
  if (running) fs.rmSync(running.dir, { recursive: true, force: true });
  running = null;
});

const documentsOf = (guichet: Guichet) => call(guichet, 'parapheur.documents.list', { sort: 'recent', limit: 50, offset: 0 });

describe('FAST environments kept apart', () => {
  it('lists only the current environment’s circuits and documents, and journals the switch', async () => {
    const dir = tempDir('guichet-environments-');
    const guichet = await startTestGuichet(dir);
    running = { guichet, dir };
    await call(guichet, 'parapheur.circuits.refresh', {});
    expect((await call(guichet, 'parapheur.circuits.list', {})).length).toBeGreaterThan(0);
    await call(guichet, 'parapheur.deposit.submit', {
      target: { kind: 'circuit', circuitId: 'courrier-visa-signature' },
      label: 'Démo',
      fileIds: [await stage(guichet, makePdf(dir, 'demo.pdf'))],
    });
    await waitFor('filed', async () => (await documentsOf(guichet)).items.find((r) => r.outboxState === 'filed'));

    // Préproduction, no certificate yet: nothing of the demonstration is listed as if it were real.
    await call(guichet, 'settings.update', { providers: { parapheur: { environment: 'preprod', siren: '732829320' } } });
    expect(await documentsOf(guichet)).toEqual({ total: 0, items: [] });
    expect(await call(guichet, 'parapheur.circuits.list', {})).toEqual([]);
    const switched = (await call(guichet, 'journal.list', { limit: 20 })).filter((e) => e.action === 'settings.environment');
    expect(switched).toHaveLength(1);
    expect(switched[0]!.summary).toEqual({ key: 'app:activity.summaries.environmentChanged', params: { from: 'sandbox', to: 'preprod' } });

    // Back in Sandbox: the demonstration is where it was.
    await call(guichet, 'settings.update', { providers: { parapheur: { environment: 'sandbox' } } });
    expect((await documentsOf(guichet)).items.map((r) => r.originalName)).toEqual(['demo.pdf']);
    expect((await call(guichet, 'journal.list', { limit: 20 })).filter((e) => e.action === 'settings.environment')).toHaveLength(2);
  });

  it('clears the demonstration data in one action, with the stored files only it used', async () => {
    const dir = tempDir('guichet-sandbox-clear-');
    const guichet = await startTestGuichet(dir);
    running = { guichet, dir };
    await call(guichet, 'parapheur.circuits.refresh', {});
    await call(guichet, 'parapheur.deposit.submit', {
      target: { kind: 'circuit', circuitId: 'courrier-visa-signature' },
      label: 'Démo',
      fileIds: [await stage(guichet, makePdf(dir, 'demo.pdf'))],
    });
    const filed = await waitFor('filed', async () => (await documentsOf(guichet)).items.find((r) => r.outboxState === 'filed'));
    const { blob_sha256: original } = guichet.db.prepare('SELECT blob_sha256 FROM parapheur_documents WHERE local_id = ?').get(filed.localId) as { blob_sha256: string };
    expect(guichet.blobs.has(original)).toBe(true);

    const cleared = await call(guichet, 'parapheur.sandbox.clear', { confirm: true });
    expect(cleared).toMatchObject({ documents: 1, collected: 0 });
    expect(cleared.circuits).toBeGreaterThan(0);
    expect(await documentsOf(guichet)).toEqual({ total: 0, items: [] });
    expect(await call(guichet, 'parapheur.circuits.list', {})).toEqual([]);
    expect(guichet.blobs.has(original)).toBe(false);
    const journal = await call(guichet, 'journal.list', { limit: 20 });
    expect(journal.find((e) => e.action === 'parapheur.sandbox.clear')?.summary).toMatchObject({ params: { documents: 1 } });
  });
});
