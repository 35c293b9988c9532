import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Guichet } from '../../../main/composition.js';
import { archivedPhases } from '../../../renderer/features/parapheur/documentFormat.js';
import { call, makePdf, stage, startTestGuichet, tempDir, waitFor } from './guichetHarness.js';

let running: { guichet: Guichet; dir: string } | null = null;

afterEach(async () => {
  await running?.guichet.stop();
  if (running) fs.rmSync(running.dir, { recursive: true, force: true });
  running = null;
});

async function readBlob(guichet: Guichet, sha: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of guichet.blobs.openRead(sha)) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

describe('the Archive of a refused document', () => {
  it('keeps its routing sheet, listed with the signed documents, though nothing was signed', async () => {
    const dir = tempDir('guichet-refused-archive-');
    // The simulator refuses a document whose label says so at its first step.
    const guichet = await startTestGuichet(dir, { autoAdvance: true });
    running = { guichet, dir };
    await call(guichet, 'parapheur.deposit.submit', {
      target: { kind: 'circuit', circuitId: 'courrier-visa-signature' },
      label: 'Courrier à refuser',
      fileIds: [await stage(guichet, makePdf(dir, 'lettre.pdf'))],
    });
    const refused = await waitFor('refused with its routing sheet', async () => {
      const rows = await call(guichet, 'parapheur.documents.list', { sort: 'recent', limit: 10, offset: 0 });
      const row = rows.items.find((r) => r.originalName === 'lettre.pdf');
      return row && (row.phase === 'refuse' || row.phase === 'visa_desapprouve') && row.fdcBlob ? row : null;
    });
    expect(refused.signedBlob).toBeNull();
    const sheet = await readBlob(guichet, refused.fdcBlob!);
    expect(sheet.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    // What the Archive asks for: its finished phases, rows that hold a file.
    const archive = await call(guichet, 'parapheur.documents.list', { phases: [...archivedPhases], sort: 'recent', limit: 50, offset: 0 });
    const listed = archive.items.filter((r) => r.signedBlob || r.fdcBlob);
    expect(listed.map((r) => [r.originalName, r.fdcBlob])).toEqual([['lettre.pdf', refused.fdcBlob]]);

    // Deleted from FAST afterwards: still in the Archive with its routing sheet.
    const deleted = await call(guichet, 'parapheur.documents.delete', { localId: refused.localId, confirm: true });
    expect(deleted.phase).toBe('supprime');
    const after = await call(guichet, 'parapheur.documents.list', { phases: [...archivedPhases], sort: 'recent', limit: 50, offset: 0 });
    expect(after.items.filter((r) => r.signedBlob || r.fdcBlob).map((r) => [r.originalName, r.phase, r.fdcBlob])).toEqual([['lettre.pdf', 'supprime', refused.fdcBlob]]);
  });

  it('fetches the routing sheet of a refused document before deleting it from FAST, if it was not yet collected', async () => {
    const dir = tempDir('guichet-refused-delete-');
    const guichet = await startTestGuichet(dir);
    running = { guichet, dir };
    const sim = guichet.sandbox!.parapheur;
    await call(guichet, 'parapheur.deposit.submit', {
      target: { kind: 'circuit', circuitId: 'courrier-visa-signature' },
      label: 'Courrier',
      fileIds: [await stage(guichet, makePdf(dir, 'note.pdf'))],
    });
    const filed = await waitFor('filed', async () => (await call(guichet, 'parapheur.documents.list', { sort: 'recent', limit: 10, offset: 0 })).items.find((r) => r.outboxState === 'filed'));
    // FAST cannot give the routing sheet when the refusal is first seen.
    sim.faults.update({ forcedStatus: 503, onlyPaths: /getFdc/ });
    sim.control.act(filed.documentId!, 'refuse', { comment: 'Pièce manquante.' });
    const refused = await waitFor('refused', async () => {
      const row = (await call(guichet, 'parapheur.documents.list', { sort: 'recent', limit: 10, offset: 0 })).items.find((r) => r.localId === filed.localId);
      return row && (row.phase === 'refuse' || row.phase === 'visa_desapprouve') ? row : null;
    });
    expect(refused.fdcBlob).toBeNull();
    sim.faults.reset();

    const deleted = await call(guichet, 'parapheur.documents.delete', { localId: refused.localId, confirm: true });
    expect(deleted.fdcBlob).not.toBeNull();
    expect((await readBlob(guichet, deleted.fdcBlob!)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(sim.control.document(refused.documentId!)!.deleted).toBe(true);
  });
});
