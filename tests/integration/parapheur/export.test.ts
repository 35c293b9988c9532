import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Guichet, GuichetOptions } from '../../../main/composition.js';
import { call, makePdf, stage, startTestGuichet, tempDir, waitFor } from './guichetHarness.js';
import { clerkText } from '../../support/clerkText.js';

/** The name the page gives a signed copy, in the clerk's language (renderer/features/parapheur/documentFormat.ts). */
const signedNameIn = (locale: 'fr' | 'en') => clerkText({ key: 'parapheur:detail.signedName', params: { base: 'Arrêté : voirie?' } }, locale);

/**
 * Getting a signed document out of Guichet: "Enregistrer sous…" and drag-out to the desktop.
 * The Electron side (native dialog, webContents.startDrag) is the only part replaced here: it
 * receives the path Guichet chose, and the test checks the file a clerk would get there.
 */

const circuitId = 'courrier-visa-signature';
const cleanup: { guichet: Guichet; dir: string }[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) {
    await c.guichet.stop();
    fs.rmSync(c.dir, { recursive: true, force: true });
  }
});

async function signedDocument(electron?: Pick<GuichetOptions, 'saveDialog' | 'startDrag'>) {
  const dir = tempDir('guichet-export-');
  const guichet = await startTestGuichet(dir, { electron });
  cleanup.push({ guichet, dir });
  const file = makePdf(dir, 'arrete.pdf');
  await call(guichet, 'parapheur.deposit.submit', { target: { kind: 'circuit', circuitId }, label: 'Export', fileIds: [await stage(guichet, file, 'Arrêté : voirie?.pdf')] });
  const list = async () => (await call(guichet, 'parapheur.documents.list', { sort: 'recent', limit: 10, offset: 0 })).items;
  await waitFor('filed', async () => (await list()).find((r) => r.outboxState === 'filed'), 20_000);
  guichet.sandbox!.parapheur.control.completeAll();
  const row = await waitFor('signed and collected', async () => {
    return (await list()).find((r) => r.signedBlob);
  }, 20_000);
  const chunks: Buffer[] = [];
  for await (const c of guichet.blobs.openRead(row.signedBlob!)) chunks.push(c as Buffer);
  return { guichet, dir, row, signed: Buffer.concat(chunks) };
}

describe('exporting a signed document', () => {
  it('drags out a named copy of the signed PDF, with a name every desktop accepts', async () => {
    const dragged: string[] = [];
    const { guichet, row, signed } = await signedDocument({ startDrag: (file) => dragged.push(file) });
    expect(await call(guichet, 'parapheur.documents.dragOut', { localId: row.localId, which: 'signed', fileName: signedNameIn('fr') })).toEqual({ started: true });
    expect(dragged).toHaveLength(1);
    // « : » and « ? » are forbidden on Windows; the accents and spaces stay.
    expect(path.basename(dragged[0]!)).toBe('Arrêté _ voirie_ (signé).pdf');
    expect(fs.readFileSync(dragged[0]!).equals(signed)).toBe(true);
    // Without a name from the page, main names the copy in no language of its own.
    expect(await call(guichet, 'parapheur.documents.dragOut', { localId: row.localId, which: 'signed' })).toEqual({ started: true });
    expect(path.basename(dragged[1]!)).toBe('Arrêté _ voirie__signed.pdf');
  });

  it('saves the signed PDF where the clerk chose, and does nothing when the dialog is cancelled', async () => {
    let answer: string | null = null;
    const proposed: string[] = [];
    const { guichet, dir, row, signed } = await signedDocument({
      saveDialog: async (name) => {
        proposed.push(name);
        return answer;
      },
    });
    expect(await call(guichet, 'parapheur.documents.saveAs', { localId: row.localId, which: 'signed', fileName: signedNameIn('fr') })).toEqual({ saved: false, path: null });
    answer = path.join(dir, 'choisi.pdf');
    expect(await call(guichet, 'parapheur.documents.saveAs', { localId: row.localId, which: 'signed', fileName: signedNameIn('en') })).toEqual({ saved: true, path: answer });
    expect(proposed).toEqual(['Arrêté _ voirie_ (signé).pdf', 'Arrêté _ voirie_ (signed).pdf']);
    expect(fs.readFileSync(answer).equals(signed)).toBe(true);
  });

  it('saves the original of a deposit with annexes as the ZIP it was, named so', async () => {
    const dir = tempDir('guichet-export-');
    let saved: string | null = null;
    const guichet = await startTestGuichet(dir, { electron: { saveDialog: async (name) => (saved = path.join(dir, name)) } });
    cleanup.push({ guichet, dir });
    const annex = path.join(dir, 'plan.txt');
    fs.writeFileSync(annex, 'Plan de situation');
    const submitted = await call(guichet, 'parapheur.deposit.submit', {
      target: { kind: 'circuit', circuitId: 'courrier-avec-annexes' },
      label: 'Annexes',
      fileIds: [await stage(guichet, makePdf(dir, 'arrete.pdf'))],
      annexFileIds: [await stage(guichet, annex)],
    });
    expect(submitted.accepted).toHaveLength(1);
    const result = await call(guichet, 'parapheur.documents.saveAs', { localId: submitted.accepted[0]!.localId, which: 'original' });
    expect(result.saved).toBe(true);
    // As FAST received it: « <fichier>.pdf.zip ».
    expect(path.basename(saved!)).toBe('arrete.pdf.zip');
    expect(fs.readFileSync(saved!).subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
  });

  it('saves the original of an on-demand deposit with annexes as the main file it was (the annexes left apart)', async () => {
    const dir = tempDir('guichet-export-');
    let saved: string | null = null;
    const guichet = await startTestGuichet(dir, { electron: { saveDialog: async (name) => (saved = path.join(dir, name)) } });
    cleanup.push({ guichet, dir });
    const annex = path.join(dir, 'plan.txt');
    fs.writeFileSync(annex, 'Plan de situation');
    const main = makePdf(dir, 'arrete.pdf');
    const submitted = await call(guichet, 'parapheur.deposit.submit', {
      target: {
        kind: 'ondemand',
        circuit: { type: 'BUREAUTIQUE_PDF', steps: [{ step: 'signature', members: ['bruno.lefevre@mairie-exemple.fr'] }] },
      },
      fileIds: [await stage(guichet, main)],
      annexFileIds: [await stage(guichet, annex)],
    });
    expect(submitted.accepted).toHaveLength(1);
    const result = await call(guichet, 'parapheur.documents.saveAs', { localId: submitted.accepted[0]!.localId, which: 'original' });
    expect(result.saved).toBe(true);
    expect(path.basename(saved!)).toBe('arrete.pdf');
    expect(fs.readFileSync(saved!).equals(fs.readFileSync(main))).toBe(true);
  });

  it('explains in the browser that the download link is the way out', async () => {
    const { guichet, row } = await signedDocument();
    await expect(call(guichet, 'parapheur.documents.dragOut', { localId: row.localId, which: 'signed' })).rejects.toThrow(/navigateur/);
    await expect(call(guichet, 'parapheur.documents.saveAs', { localId: row.localId, which: 'fdc' })).rejects.toThrow(/navigateur/);
  });
});
