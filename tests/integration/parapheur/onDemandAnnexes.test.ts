import crypto from 'node:crypto';
import { clerkText } from '../../support/clerkText.js';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Guichet } from '../../../main/composition.js';
import type { DepositTarget } from '../../../shared/domain/parapheur.js';
import { call, makePdf, stage, useTestGuichets, waitFor } from './guichetHarness.js';

const sha = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');

async function readBlob(blobs: { openRead(sha: string): NodeJS.ReadableStream }, sha256: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of blobs.openRead(sha256)) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** A circuit built by the clerk: a visa then a signature, members from the sandbox tenant (demo.ts). */
const target: DepositTarget = {
  kind: 'ondemand',
  circuit: {
    type: 'BUREAUTIQUE_PDF',
    steps: [
      { step: 'visa', members: ['alice.martin@mairie-exemple.fr'] },
      { step: 'signature', members: ['bruno.lefevre@mairie-exemple.fr'] },
    ],
  },
};

describe('annexes on an on-demand circuit travel as repeated `annexes` parts (docs/providers/fast-parapheur.md#annexes)', () => {
  const app = useTestGuichets('guichet-ondemand-annexes-').start;

  async function filed(guichet: Guichet) {
    return waitFor(
      'filed',
      async () => (await call(guichet, 'parapheur.documents.list', { sort: 'recent', limit: 10, offset: 0 })).items.find((r) => r.outboxState === 'filed'),
      60_000,
    );
  }

  function annexFiles(dir: string) {
    const plan = path.join(dir, 'Plan cadastral.pdf');
    fs.copyFileSync(makePdf(dir, 'plan.pdf'), plan);
    const note = path.join(dir, 'Note de présentation.txt');
    fs.writeFileSync(note, 'Séance du 12 : note de présentation.');
    return [plan, note];
  }

  it('sends the main PDF and its annexes as separate parts, files it once, and lists the annexes in the detail', async () => {
    const { guichet, dir, sim } = await app();
    const main = makePdf(dir, 'Arrêté n°2.pdf');
    const annexes = annexFiles(dir);
    const mainId = await stage(guichet, main);
    const annexIds = [await stage(guichet, annexes[0]!), await stage(guichet, annexes[1]!)];

    const checks = await call(guichet, 'parapheur.deposit.check', { target, label: '', fileIds: [mainId], annexFileIds: annexIds });
    expect(checks.map((c) => [c.name, c.accepted, !!c.annex])).toEqual([
      ['Arrêté n°2.pdf', true, false],
      ['Plan cadastral.pdf', true, true],
      ['Note de présentation.txt', true, true],
    ]);
    // No ZIP on demand: the main file keeps its own extension, the annexes get provider-safe names.
    expect(checks[0]!.providerName).toMatch(/^Arrete_n_2_[0-9_a-f]+\.pdf$/);
    expect(checks.slice(1).map((c) => c.providerName)).toEqual(['Plan_cadastral.pdf', 'Note_de_presentation.txt']);

    const submitted = await call(guichet, 'parapheur.deposit.submit', { target, fileIds: [mainId], annexFileIds: annexIds });
    expect(submitted.accepted).toHaveLength(1);
    expect(submitted.refused).toEqual([]);
    const queued = submitted.accepted[0]!;
    expect(queued.providerName).toMatch(/^Arrete_n_2_[0-9_a-f]+\.pdf$/);

    const originals = [main, ...annexes].map((file) => fs.readFileSync(file));

    const row = await filed(guichet);
    const docs = sim.control.documents();
    expect(docs).toHaveLength(1);
    const doc = docs[0]!;
    expect(row.documentId).toBe(doc.id);
    expect(doc.onDemand).toBe(true);
    expect(doc.circuitId).toBe('circuit-a-la-volee');
    expect(doc.steps.map((s) => [s.kind, s.members])).toEqual([
      ['visa', ['alice.martin@mairie-exemple.fr']],
      ['signature', ['bruno.lefevre@mairie-exemple.fr']],
    ]);
    // The main file arrives as itself (not a ZIP), the annexes as parts of their own, in order.
    expect(doc.fileName).toBe(queued.providerName);
    expect(fs.readFileSync(doc.path).equals(originals[0]!)).toBe(true);
    expect(doc.annexes.map((a) => a.fileName)).toEqual(['Plan_cadastral.pdf', 'Note_de_presentation.txt']);
    expect(doc.annexes.map((a) => fs.readFileSync(a.path).equals(originals[doc.annexes.indexOf(a) + 1]!))).toEqual([true, true]);
    expect(fs.readFileSync(doc.annexes[1]!.path, 'utf8')).toBe('Séance du 12 : note de présentation.');
    expect(sim.control.uploadCount()).toBe(1);

    // The detail lists them under the clerk's names, each readable from the blob store, same bytes as FAST's.
    const detail = await call(guichet, 'parapheur.documents.get', { localId: row.localId });
    expect(detail.annexes.map((a) => a.name)).toEqual(['Plan cadastral.pdf', 'Note de présentation.txt']);
    for (const [i, annex] of detail.annexes.entries()) {
      const received = fs.readFileSync(doc.annexes[i]!.path);
      const stored = await readBlob(guichet.blobs, annex.sha256);
      expect(stored.equals(received)).toBe(true);
      expect(stored.equals(originals[i + 1]!)).toBe(true);
      expect(annex.sha256).toBe(doc.annexes[i]!.sha256);
      expect(annex.size).toBe(received.length);
    }
    // The ledger's blob is the main file itself: what identifies the document when reconciling.
    const ledger = guichet.db.prepare('SELECT blob_sha256, media_type FROM parapheur_documents WHERE local_id = ?').get(row.localId) as { blob_sha256: string; media_type: string };
    expect(ledger).toEqual({ blob_sha256: doc.sha256, media_type: 'application/pdf' });
    expect(sha(await readBlob(guichet.blobs, ledger.blob_sha256))).toBe(doc.sha256);
  });

  it('adopts the document with its annexes when FAST stored it but the answer was lost', async () => {
    const { guichet, dir, sim } = await app();
    const main = makePdf(dir, 'perdu.pdf');
    const annexes = annexFiles(dir);
    const expected = annexes.map((a) => fs.readFileSync(a));
    sim.control.dropNextUploadResponse(1);
    const submitted = await call(guichet, 'parapheur.deposit.submit', {
      target,
      fileIds: [await stage(guichet, main)],
      annexFileIds: [await stage(guichet, annexes[0]!), await stage(guichet, annexes[1]!)],
    });
    expect(submitted.accepted).toHaveLength(1);
    const row = await filed(guichet);
    expect(sim.control.uploadCount()).toBe(1);
    // Sent twice (the answer to the first upload was lost), filed once.
    expect((guichet.db.prepare('SELECT attempts FROM parapheur_documents WHERE local_id = ?').get(row.localId) as { attempts: number }).attempts).toBeGreaterThanOrEqual(2);
    const docs = sim.control.documents();
    expect(docs).toHaveLength(1);
    expect(row.documentId).toBe(docs[0]!.id);
    // The retry sent the very same annexes (stored before the row), and the adopted document has them.
    expect(docs[0]!.annexes.map((a) => a.fileName)).toEqual(['Plan_cadastral.pdf', 'Note_de_presentation.txt']);
    expect(docs[0]!.annexes.map((a) => a.sha256)).toEqual(expected.map(sha));
    const detail = await call(guichet, 'parapheur.documents.get', { localId: row.localId });
    expect(detail.annexes.map((a) => a.sha256)).toEqual(expected.map(sha));
  });

  it('refuses annexes with two main files, and the on-demand deposit of an empty annex', async () => {
    const { guichet, dir } = await app();
    const mains = [await stage(guichet, makePdf(dir, 'un.pdf')), await stage(guichet, makePdf(dir, 'deux.pdf'))];
    const annexId = await stage(guichet, makePdf(dir, 'annexe.pdf'));
    const checks = await call(guichet, 'parapheur.deposit.check', { target, label: '', fileIds: mains, annexFileIds: [annexId] });
    expect(checks.map((c) => [c.name, c.accepted, !!c.annex])).toEqual([
      ['un.pdf', true, false],
      ['deux.pdf', true, false],
      ['annexe.pdf', false, true],
    ]);
    expect(clerkText(checks[2]!.reason!)).toMatch(/un seul document/);

    // Submitting anyway files the main files, never the annex on its own.
    const submitted = await call(guichet, 'parapheur.deposit.submit', { target, fileIds: mains, annexFileIds: [annexId] });
    expect(submitted.accepted).toHaveLength(2);
    expect(submitted.refused.map((r) => [r.name, !!r.annex])).toEqual([['annexe.pdf', true]]);
    for (const accepted of submitted.accepted) {
      expect((await call(guichet, 'parapheur.documents.get', { localId: accepted.localId })).annexes).toEqual([]);
    }

    // An empty annex is refused here, and the main file with it (all or nothing).
    const empty = path.join(dir, 'vide.txt');
    fs.writeFileSync(empty, '');
    const alone = await call(guichet, 'parapheur.deposit.check', {
      target,
      label: '',
      fileIds: [await stage(guichet, makePdf(dir, 'trois.pdf'))],
      annexFileIds: [await stage(guichet, empty)],
    });
    expect(alone[1]).toMatchObject({ annex: true, accepted: false });
    expect(clerkText(alone[1]!.reason!)).toMatch(/vide/);
    expect(alone[0]).toMatchObject({ accepted: false, providerName: null });
  });
});
