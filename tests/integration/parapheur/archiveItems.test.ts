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

describe('FAST Parapheur in the one Archive', () => {
  it('a refused document’s routing sheet reaches the Archive as FAST’s tracker collects it, and is found by its label', async () => {
    const dir = tempDir('guichet-archive-items-');
    // The simulator refuses a document whose label says so at its first step.
    const guichet = await startTestGuichet(dir, { autoAdvance: true });
    running = { guichet, dir };
    await call(guichet, 'parapheur.deposit.submit', {
      target: { kind: 'circuit', circuitId: 'courrier-visa-signature' },
      label: 'Courrier à refuser',
      fileIds: [await stage(guichet, makePdf(dir, 'lettre.pdf'))],
    });
    const items = await waitFor('routing sheet archived', async () => {
      const page = await call(guichet, 'archive.search', { query: 'courrier refuser', limit: 10, offset: 0 });
      return page.items.length > 0 ? page.items : null;
    });
    expect(items.map((i) => [i.provider, i.kind, i.title])).toEqual([['parapheur', 'fdc', 'lettre.pdf']]);
    const row = (await call(guichet, 'parapheur.documents.list', { sort: 'recent', limit: 10, offset: 0 })).items.find((r) => r.originalName === 'lettre.pdf')!;
    expect(items[0]!.sha256).toBe(row.fdcBlob);
    expect(items[0]!.reference).toContain(row.documentId);
    // Filtered on another service, it is not there.
    expect((await call(guichet, 'archive.search', { query: 'courrier', providers: ['id360'], limit: 10, offset: 0 })).items).toEqual([]);
  }, 120_000);
});
