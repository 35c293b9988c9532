import fs from 'node:fs';
import { clerkText } from '../../support/clerkText.js';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { zipStream } from '../../../main/core/files/zipWriter.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBlobStore } from '../../../main/core/blobs/blobStore.js';
import { extractZipSafely } from '../../../main/core/files/safeZip.js';
import { storeDocumentDownload } from '../../../main/providers/parapheur/service/documentDownload.js';
import { startSimulatorFixture, type SimulatorFixture } from '../parapheur-client/simulatorFixture.js';
import { call, makePdf, stage, tempDir, useTestGuichets, waitFor } from './guichetHarness.js';

async function readBlob(blobs: { openRead(sha: string): NodeJS.ReadableStream }, sha: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of blobs.openRead(sha)) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

describe('download with FdC / acquit flags (docs/providers/fast-parapheur.md#downloads) is unpacked safely', () => {
  let fx: SimulatorFixture;
  let dir: string;
  beforeAll(async () => {
    fx = await startSimulatorFixture();
    dir = tempDir('guichet-zip-outputs-');
  });
  afterAll(async () => {
    await fx.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('stores the signed PDF and the routing sheet from the ZIP answer, each as its own blob', async () => {
    const client = fx.client();
    const blobs = createBlobStore(path.join(dir, 'blobs'));
    const id = await client.uploadToCircuit({ circuitId: 'courrier-visa-signature', file: fx.pdf('arrete_zip.pdf'), label: `zip ${Date.now()}` });
    fx.sim.control.completeAll();

    const zipped = await client.download(id, { fdc: true, acquit: true });
    expect(zipped.kind).toBe('zip');
    const stored = await storeDocumentDownload(blobs, zipped, { depositedName: 'arrete_zip.pdf' });
    expect(stored.outputs).not.toBeNull();
    const byRole = Object.fromEntries(stored.outputs!.map((o) => [o.role, o]));
    expect(byRole.signed?.name).toBe('arrete_zip.pdf');
    expect(byRole.fdc?.name).toBe(`FdC_${id}.pdf`);
    expect(stored.signed).toBe(byRole.signed!.sha256);
    expect(stored.fdc).toBe(byRole.fdc!.sha256);
    expect((await readBlob(blobs, stored.signed)).subarray(0, 5).toString()).toBe('%PDF-');
    expect((await readBlob(blobs, stored.fdc!)).subarray(0, 5).toString()).toBe('%PDF-');
    // The ZIP itself is kept as received, and differs from the signed file.
    expect(stored.blob.sha256).not.toBe(stored.signed);

    // Without flags the answer is the plain signed PDF, stored as one blob.
    const plain = await storeDocumentDownload(blobs, await client.download(id, {}));
    expect(plain.outputs).toBeNull();
    expect(plain.signed).toBe(byRole.signed!.sha256);
    expect(fs.readdirSync(path.join(blobs.dir, 'tmp'))).toEqual([]);
  });
});

describe('annexes on a predefined circuit travel as <main>.pdf.zip (docs/providers/fast-parapheur.md#annexes)', () => {
  const app = useTestGuichets('guichet-annexes-').start;

  it('packs the main PDF and its annexes into one ZIP stored before sending, files it once, then collects the signed PDF', async () => {
    const { guichet, dir, sim } = await app();
    const main = makePdf(dir, 'Arrêté n°1.pdf');
    const annex1 = path.join(dir, 'Plan cadastral.pdf');
    fs.copyFileSync(makePdf(dir, 'plan.pdf'), annex1);
    const annex2 = path.join(dir, 'Délibération du conseil.xml');
    fs.writeFileSync(annex2, '<?xml version="1.0" encoding="UTF-8"?><deliberation>Séance du 12</deliberation>');
    const mainId = await stage(guichet, main);
    const annexIds = [await stage(guichet, annex1), await stage(guichet, annex2)];
    const target = { kind: 'circuit' as const, circuitId: 'courrier-avec-annexes' };

    const checks = await call(guichet, 'parapheur.deposit.check', { target, label: 'Annexes', fileIds: [mainId], annexFileIds: annexIds });
    expect(checks.map((c) => [c.name, c.accepted, !!c.annex])).toEqual([
      ['Arrêté n°1.pdf', true, false],
      ['Plan cadastral.pdf', true, true],
      ['Délibération du conseil.xml', true, true],
    ]);
    expect(checks[0]!.providerName).toMatch(/^Arrete_n_1_[0-9_a-f]+\.pdf\.zip$/);
    expect(checks[2]!.providerName).toBe('Deliberation_du_conseil.xml');

    const submitted = await call(guichet, 'parapheur.deposit.submit', { target, label: 'Annexes', fileIds: [mainId], annexFileIds: annexIds });
    expect(submitted.accepted).toHaveLength(1);
    expect(submitted.accepted[0]!.originalName).toBe('Arrêté n°1.pdf');
    expect(submitted.accepted[0]!.providerName).toMatch(/\.pdf\.zip$/);

    await waitFor('filed', async () => (await call(guichet, 'parapheur.documents.list', { sort: 'recent', limit: 10, offset: 0 })).items[0]?.outboxState === 'filed');
    const docs = sim.control.documents();
    expect(docs).toHaveLength(1);
    expect(docs[0]!.fileName).toBe(submitted.accepted[0]!.providerName);
    // What FAST received is a ZIP our own reader accepts, main file first, names as announced.
    const received = await extractZipSafely(docs[0]!.path, { maxEntries: 10, maxTotalBytes: 1024 ** 2, maxEntryBytes: 1024 ** 2, maxRatio: 100, blobs: guichet.blobs });
    expect(received.map((e) => e.name)).toEqual([submitted.accepted[0]!.providerName.replace(/\.zip$/, ''), 'Plan_cadastral.pdf', 'Deliberation_du_conseil.xml']);
    expect((await readBlob(guichet.blobs, received[2]!.sha256)).toString('utf8')).toContain('Séance du 12');
    expect(received[0]!.size).toBe(fs.statSync(main).size);

    sim.control.completeAll();
    const done = await waitFor('signed', async () => {
      const row = (await call(guichet, 'parapheur.documents.list', { sort: 'recent', limit: 10, offset: 0 })).items[0];
      return row && row.signedBlob && row.fdcBlob ? row : null;
    });
    expect((await readBlob(guichet.blobs, done.signedBlob!)).subarray(0, 5).toString()).toBe('%PDF-');
    expect(sim.control.uploadCount()).toBe(1);

    // The clerk sees the annexes in the document's detail, each readable from the blob store.
    const detail = await call(guichet, 'parapheur.documents.get', { localId: done.localId });
    // The clerk's names, accents and all (the ZIP carried the provider-safe ones above).
    expect(detail.annexes.map((a) => a.name)).toEqual(['Plan cadastral.pdf', 'Délibération du conseil.xml']);
    const originals = [fs.readFileSync(annex1), fs.readFileSync(annex2)];
    for (const [i, annex] of detail.annexes.entries()) {
      const bytes = await readBlob(guichet.blobs, annex.sha256);
      expect(bytes.equals(originals[i]!)).toBe(true);
      expect(annex.size).toBe(originals[i]!.length);
      // Same bytes as the copy FAST received inside the ZIP.
      expect(annex.sha256).toBe(received[i + 1]!.sha256);
    }
  });

  it('refuses annexes on a circuit that does not take ZIP, and the document with them', async () => {
    const { guichet, dir } = await app();
    const mainId = await stage(guichet, makePdf(dir, 'courrier.pdf'));
    const annexId = await stage(guichet, makePdf(dir, 'annexe.pdf'));
    const checks = await call(guichet, 'parapheur.deposit.check', {
      target: { kind: 'circuit', circuitId: 'courrier-visa-signature' },
      label: 'Sans ZIP',
      fileIds: [mainId],
      annexFileIds: [annexId],
    });
    expect(checks[1]).toMatchObject({ annex: true, accepted: false });
    expect(clerkText(checks[1]!.reason!)).toMatch(/n’accepte pas d’annexes/);
    expect(checks[0]).toMatchObject({ accepted: false, providerName: null });
    expect(clerkText(checks[0]!.reason!)).toMatch(/annexe au moins est refusée/);
  });

  it('the tracker recognises a ZIP answer by its bytes and records each file as an output', async () => {
    const { guichet, dir, sim } = await app();
    // A circuit whose download returns the deposited file unchanged (not a PDF signature circuit).
    const base = sim.circuits.find((c) => c.id === 'courrier-avec-annexes')!;
    sim.circuits.push({ ...base, id: 'lots-zip', name: 'Lots ZIP (test)', type: 'BUREAUTIQUE_XML', accepts: ['zip'] });
    const lot = path.join(dir, 'Lot de mars.zip');
    await pipeline(
      Readable.from(
        zipStream([
          { name: 'rapport signé.pdf', data: fs.readFileSync(makePdf(dir, 'rapport.pdf')) },
          { name: 'fiche de circulation.pdf', data: fs.readFileSync(makePdf(dir, 'fiche.pdf')) },
          { name: 'ACQUIT_1.xml', data: Buffer.from('<?xml version="1.0"?><acquit/>') },
        ]),
      ),
      fs.createWriteStream(lot),
    );
    await call(guichet, 'parapheur.circuits.refresh', {});
    const submitted = await call(guichet, 'parapheur.deposit.submit', { target: { kind: 'circuit', circuitId: 'lots-zip' }, label: 'Lot', fileIds: [await stage(guichet, lot)] });
    expect(submitted.accepted).toHaveLength(1);
    await waitFor('filed', async () => (await call(guichet, 'parapheur.documents.list', { sort: 'recent', limit: 10, offset: 0 })).items[0]?.outboxState === 'filed');
    sim.control.completeAll();
    const done = await waitFor('outputs', async () => {
      const row = (await call(guichet, 'parapheur.documents.list', { sort: 'recent', limit: 10, offset: 0 })).items[0];
      return row && row.signedBlob && row.fdcBlob ? row : null;
    });
    const outputs = guichet.db
      .prepare('SELECT name, role, blob_sha256 FROM parapheur_document_outputs WHERE local_id = ? ORDER BY rowid')
      .all(done.localId) as { name: string; role: string; blob_sha256: string }[];
    expect(outputs.map((o) => [o.name, o.role])).toEqual([
      ['rapport signé.pdf', 'signed'],
      ['fiche de circulation.pdf', 'fdc'],
      ['ACQUIT_1.xml', 'acquit'],
    ]);
    expect(done.signedBlob).toBe(outputs[0]!.blob_sha256);
    expect(done.fdcBlob).toBe(outputs[1]!.blob_sha256);

    // The detail lists them for the clerk: signed, routing sheet, acknowledgement, each readable.
    const detail = await call(guichet, 'parapheur.documents.get', { localId: done.localId });
    expect(detail.annexes).toEqual([]);
    expect(detail.outputs.map((o) => [o.name, o.role])).toEqual([
      ['rapport signé.pdf', 'signed'],
      ['fiche de circulation.pdf', 'fdc'],
      ['ACQUIT_1.xml', 'acquit'],
    ]);
    const expected: Record<string, Buffer> = {
      'rapport signé.pdf': fs.readFileSync(path.join(dir, 'rapport.pdf')),
      'fiche de circulation.pdf': fs.readFileSync(path.join(dir, 'fiche.pdf')),
      'ACQUIT_1.xml': Buffer.from('<?xml version="1.0"?><acquit/>'),
    };
    for (const output of detail.outputs) {
      const bytes = await readBlob(guichet.blobs, output.sha256);
      expect(bytes.equals(expected[output.name]!), output.name).toBe(true);
      expect(output.size).toBe(bytes.length);
    }
    expect(detail.outputs[0]!.sha256).toBe(done.signedBlob);
    expect(detail.outputs[1]!.sha256).toBe(done.fdcBlob);
  });
});
