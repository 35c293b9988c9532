import { describe, expect, it } from 'vitest';
import { clerkText } from '../../support/clerkText.js';
import type { Guichet } from '../../../main/composition.js';
import { call, makePdf, stage, tempDir, useTestGuichets, waitFor } from './guichetHarness.js';

/** The sandbox circuit with a metadata step and an OTP step (main/sandbox/parapheur/demo.ts). */
const otpCircuit = 'contrat-otp';
/** A circuit with neither a metadata nor an OTP step: FAST refuses metadata there. */
const plainCircuit = 'courrier-visa-signature';
const signer = { firstName: 'Camille', lastName: 'Exemple', phone: '06 12 34 56 78', email: ' Camille.Exemple@Example.org ' };
const metadata = [
  { name: 'TEXT_001', value: 'Dossier 2026-118 — « bail » & avenant' },
  { name: 'NUM_001', value: '45812' },
];

const guichets = useTestGuichets('guichet-metadata-');
const app = (dir?: string) => guichets.start(dir ? { dir } : {});

const rowsOf = async (guichet: Guichet) => (await call(guichet, 'parapheur.documents.list', { sort: 'recent', limit: 50, offset: 0 })).items;

/** State names of a simulated document's history, without the system noise of null entries. */
function historyOf(sim: Awaited<ReturnType<typeof app>>['sim'], documentId: string): string[] {
  return (sim.control.document(documentId)?.history ?? []).map((h) => h.stateName ?? '');
}

function expectMetadataThenOtp(states: string[]) {
  const meta = states.lastIndexOf('Métadonnées définies');
  const otp = states.indexOf('Informations OTP définies');
  expect(meta, states.join(' → ')).toBeGreaterThan(0);
  expect(otp, states.join(' → ')).toBeGreaterThan(meta);
}

describe('deposit metadata (uploadMeta) before the OTP information, real simulator', () => {
  it('defines the metadata after the upload and before the OTP information, readable back through metas', async () => {
    const { guichet, dir, sim } = await app();
    await call(guichet, 'parapheur.deposit.submit', {
      target: { kind: 'circuit', circuitId: otpCircuit },
      label: 'Bail',
      otpSigners: [signer],
      metadata,
      fileIds: [await stage(guichet, makePdf(dir, 'bail.pdf'))],
    });
    const row = await waitFor('filed, follow-ups done', async () =>
      (await rowsOf(guichet)).find((r) => r.outboxState === 'filed' && r.documentId && sim.control.document(r.documentId)?.otpInformation),
    );
    const doc = sim.control.document(row.documentId!)!;
    expect(doc.metadata).toEqual(metadata);
    expect(doc.otpInformation).toEqual([expect.objectContaining({ firstName: 'Camille', phone: '+33612345678', email: 'camille.exemple@example.org' })]);
    expectMetadataThenOtp(historyOf(sim, row.documentId!));
    expect(historyOf(sim, row.documentId!).filter((s) => s === 'Métadonnées définies')).toHaveLength(1);
    expect(row.lastError).toBeNull();
    expect(sim.control.uploadCount()).toBe(1);

    // The same values, read back by the client through row 20 (`documents/<id>/metas`).
    const session = await guichet.parapheur!.connection.session();
    expect((await session.client.documentMetas(row.documentId!)).map(({ name, value }) => ({ name, value }))).toEqual(metadata);

    // The document's detail shows what was given, as it was normalised and sent.
    const detail = await waitFor('follow-ups no longer pending', async () => {
      const d = await call(guichet, 'parapheur.documents.get', { localId: row.localId });
      return d.followupsPending ? null : d;
    });
    expect(detail.metadata).toEqual(metadata);
    // The circuit remembers the names (not the values) for the next deposit.
    const circuit = (await call(guichet, 'parapheur.circuits.list', {})).find((c) => c.id === otpCircuit)!;
    expect(circuit.lastMetadataNames).toEqual(['TEXT_001', 'NUM_001']);
    expect(circuit.lastLabel).toBe('Bail');
    expect(detail.otpSigners).toEqual([expect.objectContaining({ firstName: 'Camille', lastName: 'Exemple', phone: '+33612345678', email: 'camille.exemple@example.org' })]);
  });

  it('refuses bad metadata before anything is stored or sent', async () => {
    const { guichet, dir, sim } = await app();
    const fileIds = [await stage(guichet, makePdf(dir, 'refus.pdf'))];
    const submit = (entries: { name: string; value: string }[]) =>
      call(guichet, 'parapheur.deposit.submit', { target: { kind: 'circuit', circuitId: otpCircuit }, label: 'x', otpSigners: [signer], metadata: entries, fileIds });
    // The contract: names like TEXT_001, values of 255 characters at most, 20 entries, each name once.
    await expect(submit([{ name: 'TEXT 001', value: 'a' }])).rejects.toMatchObject({ code: 'IPC_INVALID_PAYLOAD' });
    await expect(submit([{ name: 'TEXT_001', value: 'x'.repeat(256) }])).rejects.toMatchObject({ code: 'IPC_INVALID_PAYLOAD' });
    await expect(submit(Array.from({ length: 21 }, (_, i) => ({ name: `TEXT_${i}`, value: 'v' })))).rejects.toMatchObject({ code: 'IPC_INVALID_PAYLOAD' });
    await expect(submit([{ name: 'TEXT_001', value: 'a' }, { name: 'TEXT_001', value: 'b' }])).rejects.toMatchObject({ code: 'IPC_INVALID_PAYLOAD' });
    // The outbox: what XML could never carry is refused in French, before the row exists.
    await expect(submit([{ name: 'TEXT_001', value: 'bip\u0007' }])).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/caractère invisible/) });
    expect(await rowsOf(guichet)).toHaveLength(0);
    expect(sim.control.uploadCount()).toBe(0);
  });

  it('refuses an SMS signer FAST could not reach before anything is stored or sent', async () => {
    const { guichet, dir, sim } = await app();
    const fileIds = [await stage(guichet, makePdf(dir, 'otp.pdf'))];
    const submit = (s: typeof signer) => call(guichet, 'parapheur.deposit.submit', { target: { kind: 'circuit', circuitId: otpCircuit }, label: 'x', otpSigners: [s], fileIds });
    await expect(submit({ ...signer, phone: '06 12' })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/numéro de téléphone « 06 12 » n’est pas valide/) });
    await expect(submit({ ...signer, email: 'camille@' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(submit({ ...signer, firstName: '   ' })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/prénom/) });
    expect(await rowsOf(guichet)).toHaveLength(0);
    expect(sim.control.uploadCount()).toBe(0);
  });

  it('leaves the document filed, with a clear French message and no retry, when the circuit has no metadata step', async () => {
    const { guichet, dir, sim } = await app();
    const notes: { title: string; body: string }[] = [];
    guichet.bus.on('notify', (n) => notes.push({ title: clerkText(n.title, 'en'), body: n.body ? clerkText(n.body, 'en') : '' }));
    await call(guichet, 'parapheur.deposit.submit', {
      target: { kind: 'circuit', circuitId: plainCircuit },
      label: 'Sans métadonnées',
      metadata: [{ name: 'TEXT_001', value: 'refusée' }],
      fileIds: [await stage(guichet, makePdf(dir, 'courrier.pdf'))],
    });
    const row = await waitFor('filed with the refusal noted', async () => (await rowsOf(guichet)).find((r) => r.outboxState === 'filed' && r.lastError));
    expect(clerkText(row.lastError!)).toMatch(/^Document déposé \(n° \d+\) et suivi normalement\. Ses métadonnées n’ont pas été enregistrées : le circuit « .+ » n’a pas d’étape de métadonnées/);
    expect(row.phase).toBe('depose');
    expect(sim.control.document(row.documentId!)!.metadata).toEqual([]);
    // No retry loop: a refusal is an answer. Nothing is owed on the row any more, nothing is scheduled.
    expect(guichet.db.prepare('SELECT followups_pending, next_attempt_at FROM parapheur_documents WHERE local_id = ?').get(row.localId)).toEqual({
      followups_pending: 0,
      next_attempt_at: null,
    });

    // The tracker rewrites last_error on each look at the history: the note survives it. The row stays
    // filed, the document once on FAST, the refusal journaled once.
    const polled = await waitFor('looked at by the tracker', async () => (await rowsOf(guichet)).find((r) => r.localId === row.localId && r.lastPolledAt));
    expect(polled).toMatchObject({ outboxState: 'filed', lastError: row.lastError });
    expect(sim.control.uploadCount()).toBe(1);
    const journal = await call(guichet, 'journal.list', { limit: 50 });
    expect(journal.filter((e) => e.action === 'parapheur.deposit.followupRefused')).toHaveLength(1);
    // The notification says the same, in the clerk's language, with the circuit's own name inside.
    expect(notes).toContainEqual({
      title: 'Document filed, with a problem',
      body: expect.stringMatching(/^“courrier\.pdf”: Its metadata was not recorded: circuit “.+” has no metadata step, FAST refused it\.$/),
    });
  });

  it('retries the metadata after a 503 without uploading again, then defines the OTP information', async () => {
    const { guichet, dir, sim } = await app();
    sim.faults.update({ forcedStatus: 503, onlyPaths: /metadata/, times: 1 });
    await call(guichet, 'parapheur.deposit.submit', {
      target: { kind: 'circuit', circuitId: otpCircuit },
      label: '503',
      otpSigners: [signer],
      metadata,
      fileIds: [await stage(guichet, makePdf(dir, 'indisponible.pdf'))],
    });
    const row = await waitFor(
      'follow-ups done after the 503',
      async () => (await rowsOf(guichet)).find((r) => r.documentId && sim.control.document(r.documentId)?.otpInformation && r.lastError === null),
      30_000,
    );
    expect(sim.faults.injectedCount).toBe(1);
    expect(sim.control.uploadCount()).toBe(1);
    expect(sim.control.document(row.documentId!)!.metadata).toEqual(metadata);
    expectMetadataThenOtp(historyOf(sim, row.documentId!));
  });

  it('makes the calls on an adopted document too, when the upload landed but its answer was lost', async () => {
    const { guichet, dir, sim } = await app();
    sim.control.dropNextUploadResponse(1);
    await call(guichet, 'parapheur.deposit.submit', {
      target: { kind: 'circuit', circuitId: otpCircuit },
      label: 'Perdu',
      otpSigners: [signer],
      metadata,
      fileIds: [await stage(guichet, makePdf(dir, 'perdu.pdf'))],
    });
    const row = await waitFor(
      'adopted, follow-ups done',
      async () => (await rowsOf(guichet)).find((r) => r.outboxState === 'filed' && r.documentId && sim.control.document(r.documentId)?.otpInformation),
      60_000,
    );
    expect(sim.control.uploadCount()).toBe(1);
    expect(sim.control.document(row.documentId!)!.metadata).toEqual(metadata);
    expectMetadataThenOtp(historyOf(sim, row.documentId!));
  });

  it('finishes the metadata and OTP calls after a restart, on the document already filed', { timeout: 60_000 }, async () => {
    const dir = tempDir('guichet-metadata-restart-');
    const first = await app(dir);
    // FAST keeps failing the metadata call: the document is filed, its follow-ups still owed.
    first.sim.faults.update({ forcedStatus: 503, onlyPaths: /metadata/, times: 1000 });
    await call(first.guichet, 'parapheur.deposit.submit', {
      target: { kind: 'circuit', circuitId: otpCircuit },
      label: 'Redémarrage',
      otpSigners: [signer],
      metadata,
      fileIds: [await stage(first.guichet, makePdf(dir, 'redemarrage.pdf'))],
    });
    const pending = await waitFor('filed, metadata pending', async () =>
      (await rowsOf(first.guichet)).find((r) => r.outboxState === 'filed' && /pas encore transmises/.test(r.lastError ? clerkText(r.lastError) : '')),
    );
    expect(clerkText(pending.lastError!)).toMatch(/nouvel essai automatique, sans nouveau dépôt/);
    expect(first.sim.control.document(pending.documentId!)!.otpInformation).toBeNull();
    await guichets.stop(first.guichet);

    // A new process, a healthy FAST: the owed calls are made on the same document, nothing re-uploaded.
    const second = await app(dir);
    const done = await waitFor('follow-ups done after the restart', async () =>
      (await rowsOf(second.guichet)).find((r) => r.localId === pending.localId && r.lastError === null && second.sim.control.document(r.documentId!)?.otpInformation),
    );
    expect(done.documentId).toBe(pending.documentId);
    expect(second.sim.control.documents()).toHaveLength(1);
    expect(second.sim.control.document(done.documentId!)!.metadata).toEqual(metadata);
    expectMetadataThenOtp(historyOf(second.sim, done.documentId!));
  });
});
