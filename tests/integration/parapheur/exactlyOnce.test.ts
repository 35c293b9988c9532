import { clerkText } from '../../support/clerkText.js';
import fs from 'node:fs';
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Guichet } from '../../../main/composition.js';
import type { DocumentRow } from '../../../shared/domain/parapheur.js';
import { call, makePdf, stage, useTestGuichets, waitFor } from './guichetHarness.js';

/**
 * Issue 7, « Exactly once »: a document is filed once and never lost, against the simulator in the
 * modes of a stricter FAST (duplicate answered with HTTP 200, documents/search disabled, session
 * tickets sent with the reply only, numbering restarted).
 */
const circuitId = 'courrier-visa-signature';
const guichets = useTestGuichets('guichet-once-');

async function app() {
  const { guichet, dir, sim } = await guichets.start();
  const seen: DocumentRow[] = [];
  const notes: string[] = [];
  guichet.bus.on('parapheur.document.changed', (row) => seen.push(row));
  guichet.bus.on('notify', (n) => notes.push(`${clerkText(n.title)} — ${n.body ? clerkText(n.body) : ''}`));
  return { guichet, dir, sim, seen, notes };
}

const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const rowsOf = async (guichet: Guichet) => (await call(guichet, 'parapheur.documents.list', { sort: 'recent', limit: 500, offset: 0 })).items;
const rowNamed = async (guichet: Guichet, name: string) => (await rowsOf(guichet)).find((r) => r.originalName === name);

async function deposit(guichet: Guichet, file: string, label: string) {
  const { accepted } = await call(guichet, 'parapheur.deposit.submit', { target: { kind: 'circuit', circuitId }, label, fileIds: [await stage(guichet, file)] });
  return accepted[0]!;
}

/** FAST as met in production: errors on HTTP 200, no documents/search. */
function stricterFast(sim: Awaited<ReturnType<typeof app>>['sim']) {
  sim.control.setErrorStatus(200);
  sim.control.setSearchEnabled(false);
}

describe('exactly once against a stricter FAST', () => {
  it('lost reply, duplicate on HTTP 200, no search, nothing to compare with: one upload, « numéro FAST inconnu », then the clerk gives the number', async () => {
    const { guichet, dir, sim, notes } = await app();
    stricterFast(sim);
    sim.control.dropNextUploadResponse(1);
    const file = makePdf(dir, 'deliberation.pdf', 300 * 1024);
    const queued = await deposit(guichet, file, 'Délibération 12');
    const row = await waitFor('number unknown', async () => {
      const r = await rowNamed(guichet, 'deliberation.pdf');
      return r?.documentIdStatus === 'unknown' ? r : null;
    }, 60_000);
    // FAST has it once: the retry met the duplicate rule, and nothing was sent after that.
    expect(sim.control.uploadCount()).toBe(1);
    expect(sim.control.documents().filter((d) => d.sha256 === sha(file))).toHaveLength(1);
    expect(row).toMatchObject({ localId: queued.localId, outboxState: 'filed', phase: 'depose', documentId: null });
    expect(clerkText(row.lastError!)).toMatch(/ne retrouve pas son numéro.*Indiquez son numéro FAST/);
    expect(notes.some((n) => n.startsWith('Document déposé, numéro FAST inconnu'))).toBe(true);
    expect(notes.some((n) => n.startsWith('Dépôt refusé'))).toBe(false);

    // A number FAST does not know is refused, in French; so is one that belongs to another row.
    await expect(call(guichet, 'parapheur.documents.confirmId', { localId: row.localId, documentId: '999999999' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringMatching(/FAST ne connaît aucun document n° 999999999/),
    });
    await expect(call(guichet, 'parapheur.documents.confirmId', { localId: row.localId, documentId: 'abc' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    const fastId = sim.control.documents()[0]!.id;
    const confirmed = await call(guichet, 'parapheur.documents.confirmId', { localId: row.localId, documentId: fastId });
    expect(confirmed).toMatchObject({ documentId: fastId, documentIdStatus: null, outboxState: 'filed', phase: 'depose' });
    // Its history was read to check the number: the tracker's first poll keeps FAST's 30 minutes.
    expect(Date.parse(confirmed.nextPollAt!) - Date.parse(confirmed.lastPolledAt!)).toBeGreaterThanOrEqual((30 * 60_000) / 600);
    expect(sim.control.uploadCount()).toBe(1);

    // A second document cannot take a number Guichet already follows.
    sim.control.dropNextUploadResponse(1);
    await deposit(guichet, makePdf(dir, 'second.pdf'), 'Délibération 13');
    const second = await waitFor('second number unknown', async () => {
      const r = await rowNamed(guichet, 'second.pdf');
      return r?.documentIdStatus === 'unknown' || r?.documentId ? r : null;
    }, 60_000);
    if (second.documentIdStatus === 'unknown') {
      await expect(call(guichet, 'parapheur.documents.confirmId', { localId: second.localId, documentId: fastId })).rejects.toMatchObject({ code: 'CONFLICT' });
    }
    expect(sim.control.uploadCount()).toBe(2);
  });

  it('lost reply, duplicate on HTTP 200, no search: finds the number next to the ones it knows, « déposé » with one upload', async () => {
    const { guichet, dir, sim } = await app();
    stricterFast(sim);
    await deposit(guichet, makePdf(dir, 'premier.pdf'), 'Arrêté 1');
    await waitFor('first filed', async () => (await rowNamed(guichet, 'premier.pdf'))?.documentId);
    // A colleague files from FAST's console between our two deposits: numbers are not contiguous.
    const session = await guichet.parapheur!.connection.session();
    const other = makePdf(dir, 'collegue.pdf');
    await session.client.uploadToCircuit({ circuitId, file: { path: other, name: 'collegue.pdf', size: fs.statSync(other).size }, label: 'console' });
    sim.control.dropNextUploadResponse(1);
    const file = makePdf(dir, 'perdu.pdf', 300 * 1024);
    await deposit(guichet, file, 'Arrêté 2');
    const row = await waitFor('filed', async () => (await rowNamed(guichet, 'perdu.pdf'))?.documentId ? rowNamed(guichet, 'perdu.pdf') : null, 60_000);
    const ours = sim.control.documents().find((d) => d.sha256 === sha(file))!;
    expect(row).toMatchObject({ documentId: ours.id, outboxState: 'filed', documentIdStatus: null });
    expect(sim.control.uploadCount()).toBe(3);
  });

  it('« Annuler le dépôt » during the search for the number stops it at once: no request, no upload, ever', async () => {
    const { guichet, dir, sim } = await app();
    stricterFast(sim);
    await deposit(guichet, makePdf(dir, 'repere.pdf'), 'Repère');
    await waitFor('anchor filed', async () => (await rowNamed(guichet, 'repere.pdf'))?.documentId);
    // FAST is slow to give documents back: the search is under way when the clerk cancels.
    sim.faults.update({ latencyMs: 1500, onlyPaths: /\/download/ });
    sim.control.dropNextUploadResponse(1);
    const queued = await deposit(guichet, makePdf(dir, 'annule.pdf'), 'Annulé');
    await waitFor('searching', async () => (await rowNamed(guichet, 'annule.pdf'))?.documentIdStatus === 'searching', 60_000);
    expect(await call(guichet, 'parapheur.deposit.cancel', { batchId: queued.batchId })).toEqual({ cancelled: 1 });
    const stopped = (await rowNamed(guichet, 'annule.pdf'))!;
    expect(stopped).toMatchObject({ outboxState: 'filed', documentIdStatus: 'unknown', documentId: null });
    expect(clerkText(stopped.lastError!)).toMatch(/Recherche arrêtée à votre demande/);
    // The slow download the search was waiting for is given up: FAST has no request of ours left open.
    await waitFor('search stopped', () => sim.control.openRequestCount() === 0);
    const requestsAfterCancel = sim.control.requestCount();
    sim.faults.reset();
    // The outbox keeps working for other deposits, and never touches the cancelled one again.
    await deposit(guichet, makePdf(dir, 'suivant.pdf'), 'Suivant');
    await waitFor('next filed', async () => (await rowNamed(guichet, 'suivant.pdf'))?.documentId);
    expect(sim.control.uploadCount()).toBe(3);
    expect(sim.control.requestCount()).toBeGreaterThan(requestsAfterCancel);
    expect(await rowNamed(guichet, 'annule.pdf')).toMatchObject({ outboxState: 'filed', documentIdStatus: 'unknown' });
    // Three deposits and a search slowed down on purpose: more than the default 30 s on a loaded machine.
  }, 120_000);

  it('a reset mid-upload on a fresh TLS connection (tickets sent with the reply only) is retried, not « échec »', async () => {
    const { guichet, dir, sim, seen, notes } = await app();
    sim.control.setSessionTicketsWithReply(true);
    sim.faults.update({ resetAfterRequestBytes: 64 * 1024, onlyPaths: /\/upload$/, times: 1 });
    // A fresh session, so the upload opens a fresh TLS connection.
    guichet.parapheur!.connection.invalidate();
    const file = makePdf(dir, 'coupure.pdf', 1024 * 1024);
    await deposit(guichet, file, 'Coupure');
    const row = await waitFor('filed or failed', async () => {
      const r = await rowNamed(guichet, 'coupure.pdf');
      return r?.documentId || r?.outboxState === 'failed' ? r : null;
    }, 60_000);
    expect(row.outboxState).toBe('filed');
    expect(sim.faults.injectedCount).toBe(1);
    expect(seen.some((r) => r.outboxState === 'failed')).toBe(false);
    expect(notes.some((n) => /certificat/.test(n))).toBe(false);
    expect(row.documentId).toBe(sim.control.documents().find((d) => d.sha256 === sha(file))!.id);
    expect(sim.control.uploadCount()).toBe(1);
  });

  it('a reply lost after the upload landed, on a fresh TLS connection, is reconciled: no phantom document', async () => {
    const { guichet, dir, sim, seen } = await app();
    sim.control.setSessionTicketsWithReply(true);
    sim.control.dropNextUploadResponse(1);
    guichet.parapheur!.connection.invalidate();
    const file = makePdf(dir, 'fantome.pdf');
    await deposit(guichet, file, 'Fantôme');
    const row = await waitFor('filed or failed', async () => {
      const r = await rowNamed(guichet, 'fantome.pdf');
      return r?.documentId || r?.outboxState === 'failed' ? r : null;
    }, 60_000);
    expect(row.outboxState).toBe('filed');
    expect(seen.some((r) => r.outboxState === 'failed')).toBe(false);
    expect(sim.control.documents()).toHaveLength(1);
    expect(row.documentId).toBe(sim.control.documents()[0]!.id);
    expect(sim.control.uploadCount()).toBe(1);
  });

  it('FAST hands out a number Guichet already knows: both documents kept, the older one flagged, no database text anywhere', async () => {
    const { guichet, dir, sim, notes } = await app();
    await deposit(guichet, makePdf(dir, 'avant.pdf'), 'Avant redémarrage');
    const before = await waitFor('first filed', async () => (await rowNamed(guichet, 'avant.pdf'))?.documentId ? rowNamed(guichet, 'avant.pdf') : null);
    // FAST was rebuilt and numbers from the start again: the next document gets the same number.
    sim.control.restartNumbering(before.documentId!);
    await deposit(guichet, makePdf(dir, 'apres.pdf'), 'Après redémarrage');
    const after = await waitFor('second filed', async () => (await rowNamed(guichet, 'apres.pdf'))?.documentId ? rowNamed(guichet, 'apres.pdf') : null);
    expect(after.documentId).toBe(before.documentId);
    const older = (await rowNamed(guichet, 'avant.pdf'))!;
    expect(older).toMatchObject({ documentId: null, documentIdStatus: 'reused', formerDocumentId: before.documentId, nextPollAt: null });
    expect(clerkText(older.lastError!)).toMatch(/Numéro repris par FAST pour un autre document/);
    expect(notes.some((n) => n.startsWith('Numéro repris par FAST'))).toBe(true);
    const everything = [
      ...notes,
      ...(await rowsOf(guichet)).map((r) => (r.lastError ? clerkText(r.lastError) : '')),
      ...guichet.journal.list({ limit: 100 }).map((e) => clerkText(e.summary)),
    ].join('\n');
    expect(everything).not.toMatch(/UNIQUE|constraint|SQLITE|parapheur_documents/i);
  });
});
