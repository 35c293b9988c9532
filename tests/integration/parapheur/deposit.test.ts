import { clerkText } from '../../support/clerkText.js';
import fs from 'node:fs';
import crypto from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Guichet } from '../../../main/composition.js';
import { call, makePdf, stage, useTestGuichets, waitFor, waitForTrackerLooks } from './guichetHarness.js';

const circuitId = 'courrier-visa-signature';
const guichets = useTestGuichets('guichet-parapheur-');
const app = guichets.start;

const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const rowsOf = (guichet: Guichet) => call(guichet, 'parapheur.documents.list', { sort: 'recent', limit: 500, offset: 0 });

describe('FAST Parapheur deposit pipeline (real SQLite, real mTLS simulator)', () => {
  it('files three PDFs once each, refuses the .exe with a reason, follows them to "signé" and collects the signed PDF', async () => {
    const { guichet, dir, sim } = await app();
    const pdfs = ['Arrêté n°1.pdf', 'Délibération 2.pdf', 'courrier 3.pdf'].map((n) => makePdf(dir, n));
    const exe = path.join(dir, 'setup.exe');
    fs.writeFileSync(exe, Buffer.concat([Buffer.from('MZ'), crypto.randomBytes(200)]));
    const fileIds = [];
    for (const f of [...pdfs, exe]) fileIds.push(await stage(guichet, f));

    const checks = await call(guichet, 'parapheur.deposit.check', { target: { kind: 'circuit', circuitId }, label: 'Conseil', fileIds });
    expect(checks.filter((c) => c.accepted)).toHaveLength(3);
    const refusedExe = checks.find((c) => c.name === 'setup.exe')!;
    expect(refusedExe.accepted).toBe(false);
    expect(clerkText(refusedExe.reason!)).toMatch(/exécutable/);
    expect(checks.find((c) => c.name === 'Arrêté n°1.pdf')!.providerName).toMatch(/^Arrete_n_1_[0-9_a-f]+\.pdf$/);

    const submitted = await call(guichet, 'parapheur.deposit.submit', {
      target: { kind: 'circuit', circuitId },
      label: 'Conseil',
      comment: 'Séance du 12',
      recipients: ' Secretariat@Mairie-Exemple.fr ',
      fileIds,
    });
    expect(submitted.accepted).toHaveLength(3);
    expect(submitted.refused.map((r) => r.name)).toEqual(['setup.exe']);

    await waitFor('three filed', async () => (await rowsOf(guichet)).items.filter((r) => r.outboxState === 'filed').length === 3);
    expect(sim.control.documents()).toHaveLength(3);
    expect(sim.control.documents().map((d) => d.sha256).sort()).toEqual(pdfs.map(sha).sort());
    expect(sim.control.documents()[0]!.recipients).toEqual(['secretariat@mairie-exemple.fr']);

    sim.control.completeAll();
    const done = await waitFor('three signed', async () => {
      const rows = (await rowsOf(guichet)).items;
      return rows.every((r) => ['signe', 'classe'].includes(r.phase) && r.signedBlob && r.fdcBlob) ? rows : null;
    });
    for (const row of done) {
      const signed = guichet.blobs.openRead(row.signedBlob!);
      const chunks: Buffer[] = [];
      for await (const c of signed) chunks.push(c as Buffer);
      const pdf = Buffer.concat(chunks);
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(row.stepDone).toBe(row.stepCount);
    }
    // FAST's 30-minute rule (simulated time) was never broken.
    expect(sim.control.pollViolations()).toEqual([]);
    // The journal tells the story.
    const journal = await call(guichet, 'journal.list', { limit: 100 });
    expect(journal.filter((e) => e.action === 'parapheur.deposit.filed')).toHaveLength(3);
  });

  it('refuses an empty file, a fake PDF and a second deposit with the same label, and says why', async () => {
    const { guichet, dir } = await app();
    const empty = path.join(dir, 'vide.pdf');
    fs.writeFileSync(empty, '');
    const fake = path.join(dir, 'faux.pdf');
    fs.writeFileSync(fake, 'PK\u0003\u0004 this is a zip');
    const good = makePdf(dir, 'bon.pdf');
    const first = await call(guichet, 'parapheur.deposit.submit', {
      target: { kind: 'circuit', circuitId },
      label: 'L1',
      fileIds: [await stage(guichet, good)],
    });
    expect(first.accepted).toHaveLength(1);
    const checks = await call(guichet, 'parapheur.deposit.check', {
      target: { kind: 'circuit', circuitId },
      label: 'L1',
      fileIds: [await stage(guichet, empty), await stage(guichet, fake), await stage(guichet, good)],
    });
    expect(checks.map((c) => [c.name, c.accepted])).toEqual([
      ['vide.pdf', false],
      ['faux.pdf', false],
      ['bon.pdf', false],
    ]);
    expect(clerkText(checks[0]!.reason!)).toMatch(/vide/);
    expect(clerkText(checks[0]!.reason!, 'en')).toBe('The file is empty (0 bytes).');
    expect(clerkText(checks[1]!.reason!)).toMatch(/pas un PDF valide/);
    expect(clerkText(checks[2]!.reason!)).toMatch(/Déjà déposé/);
    expect(clerkText(checks[2]!.reason!, 'en')).toMatch(/^Already filed in this circuit with this label on \d\d\/\d\d\/\d{4}/);
    // Another label is fine (FAST's duplicate rule is per circuit, label and file name).
    const other = await call(guichet, 'parapheur.deposit.check', { target: { kind: 'circuit', circuitId }, label: 'L2', fileIds: [await stage(guichet, good)] });
    expect(other[0]!.accepted).toBe(true);
  });

  it('files exactly once when the connection drops mid-upload', async () => {
    const { guichet, dir, sim } = await app();
    const file = makePdf(dir, 'gros.pdf', 3 * 1024 * 1024);
    sim.faults.update({ resetAfterRequestBytes: 1024 * 1024, onlyPaths: /upload/, times: 2 });
    await call(guichet, 'parapheur.deposit.submit', { target: { kind: 'circuit', circuitId }, label: 'reset', fileIds: [await stage(guichet, file)] });
    const row = await waitFor('filed after resets', async () => (await rowsOf(guichet)).items.find((r) => r.outboxState === 'filed'), 60_000);
    expect(sim.control.documents().filter((d) => d.sha256 === sha(file))).toHaveLength(1);
    expect(row.documentId).toBe(sim.control.documents()[0]!.id);
  });

  it('adopts the document when FAST stored it but the answer was lost, instead of filing it twice', async () => {
    const { guichet, dir, sim } = await app();
    const file = makePdf(dir, 'perdu.pdf');
    sim.control.dropNextUploadResponse(1);
    await call(guichet, 'parapheur.deposit.submit', { target: { kind: 'circuit', circuitId }, label: 'lost', fileIds: [await stage(guichet, file)] });
    const row = await waitFor('reconciled', async () => (await rowsOf(guichet)).items.find((r) => r.outboxState === 'filed'), 60_000);
    expect(sim.control.uploadCount()).toBe(1);
    expect(sim.control.documents()).toHaveLength(1);
    expect(row.documentId).toBe(sim.control.documents()[0]!.id);
  });

  it('adopts its document by deposit date when FAST signed it before the lost answer was reconciled', async () => {
    const { guichet, dir, sim } = await app();
    sim.control.dropNextUploadResponse(1);
    await call(guichet, 'parapheur.deposit.submit', { target: { kind: 'circuit', circuitId }, label: 'signé entre-temps', fileIds: [await stage(guichet, makePdf(dir, 'vite.pdf'))] });
    await waitFor('outcome unknown', async () => (await rowsOf(guichet)).items.find((r) => r.outboxState === 'unknown'));
    // Signed on FAST before Guichet's retry: a download now gives the signed file, not ours.
    sim.control.completeAll();
    const row = await waitFor('adopted', async () => (await rowsOf(guichet)).items.find((r) => r.outboxState === 'filed'), 60_000);
    expect(sim.control.uploadCount()).toBe(1);
    expect(row.documentId).toBe(sim.control.documents()[0]!.id);
    expect(clerkText(row.lastError!)).toMatch(/date de dépôt.*vérifiez dans FAST/);
  });

  it('does not guess when another unknown document was deposited meanwhile: it asks the clerk', async () => {
    const { guichet, dir, sim } = await app();
    sim.control.dropNextUploadResponse(1);
    await call(guichet, 'parapheur.deposit.submit', { target: { kind: 'circuit', circuitId }, label: 'ambigu', fileIds: [await stage(guichet, makePdf(dir, 'ambigu.pdf'))] });
    await waitFor('outcome unknown', async () => (await rowsOf(guichet)).items.find((r) => r.outboxState === 'unknown'));
    // A colleague files into the same circuit from FAST's console, then everything is signed.
    const session = await guichet.parapheur!.connection.session();
    const other = makePdf(dir, 'collegue.pdf');
    await session.client.uploadToCircuit({ circuitId, file: { path: other, name: 'collegue.pdf', size: fs.statSync(other).size }, label: 'console' });
    sim.control.completeAll();
    // FAST has it (its duplicate answer says so): « déposé — numéro FAST inconnu », never sent again.
    const row = await waitFor('number unknown', async () => (await rowsOf(guichet)).items.find((r) => r.documentIdStatus === 'unknown'), 60_000);
    expect(row).toMatchObject({ outboxState: 'filed', documentId: null });
    expect(clerkText(row.lastError!)).toMatch(/ne retrouve pas son numéro.*plusieurs documents possibles/);
    expect(sim.control.uploadCount()).toBe(2);
  });

  it('builds one FAST session for callers that ask at the same time (start-up: page and background)', async () => {
    const { guichet } = await app();
    guichet.parapheur!.connection.invalidate();
    const [a, b] = await Promise.all([guichet.parapheur!.connection.session(), guichet.parapheur!.connection.session()]);
    expect(a).toBe(b);
    expect(await guichet.parapheur!.connection.session()).toBe(a);
  });

  it('retries after HTTP 500s and files once', async () => {
    const { guichet, dir, sim } = await app();
    const file = makePdf(dir, 'cinq-cents.pdf');
    sim.faults.update({ forcedStatus: 500, onlyPaths: /upload/, times: 2 });
    await call(guichet, 'parapheur.deposit.submit', { target: { kind: 'circuit', circuitId }, label: '500', fileIds: [await stage(guichet, file)] });
    await waitFor('filed after 500s', async () => (await rowsOf(guichet)).items.find((r) => r.outboxState === 'filed'), 60_000);
    expect(sim.control.documents()).toHaveLength(1);
  });

  it('queues deposits "en attente de réseau" offline and sends them when the network returns', async () => {
    const { guichet, dir, sim } = await app();
    await guichet.network.setForcedOffline(true);
    const file = makePdf(dir, 'hors-ligne.pdf');
    await call(guichet, 'parapheur.deposit.submit', { target: { kind: 'circuit', circuitId }, label: 'offline', fileIds: [await stage(guichet, file)] });
    const waiting = await waitFor('waiting', async () => (await rowsOf(guichet)).items.find((r) => r.outboxState === 'waiting_network'));
    expect(clerkText(waiting.lastError!)).toMatch(/réseau/);
    expect(sim.control.documents()).toHaveLength(0);
    await guichet.network.setForcedOffline(false);
    await waitFor('sent', async () => (await rowsOf(guichet)).items.find((r) => r.outboxState === 'filed'));
    expect(sim.control.documents()).toHaveLength(1);
  });

  it('flags a document waiting too long at one step "en retard", says who holds it, and notifies once', { timeout: 60_000 }, async () => {
    // 1 real second = 1 simulated day: the 1-day limit passes while the document sits at its visa.
    const { guichet, dir, sim } = await app({ timeScale: 86_400, preseed: { providers: { parapheur: { lateAfterDays: 1 } } } });
    const notes: string[] = [];
    guichet.bus.on('notify', (n) => notes.push(`${clerkText(n.title)} — ${n.body ? clerkText(n.body) : ''}`));
    // A circuit whose steps name their members: the holder is whoever the pending step waits for.
    const target = {
      kind: 'ondemand' as const,
      circuit: {
        type: 'BUREAUTIQUE_PDF' as const,
        steps: [
          { step: 'visa' as const, members: ['alice.martin@mairie-exemple.fr'] },
          { step: 'signature' as const, members: ['bruno.lefevre@mairie-exemple.fr'] },
        ],
      },
    };
    await call(guichet, 'parapheur.deposit.submit', { target, label: 'retard', fileIds: [await stage(guichet, makePdf(dir, 'en-attente.pdf'))] });
    await waitFor('filed', async () => (await rowsOf(guichet)).items.find((r) => r.outboxState === 'filed'));
    // The DGS approves her visa: the document now sits in the mayor's parapheur.
    sim.control.advanceAll();
    const late = await waitFor('late', async () => (await rowsOf(guichet)).items.find((r) => r.late && r.holder === 'bruno.lefevre@mairie-exemple.fr'), 20_000);
    expect(late.phase).toBe('en_cours');
    await waitFor('late notification', () => notes.find((n) => n.startsWith('Document en retard')));
    expect(notes.find((n) => n.startsWith('Document en retard'))).toContain(late.holder!);
    // The list can show late documents only, longest wait first.
    const lateOnly = await call(guichet, 'parapheur.documents.list', { lateOnly: true, sort: 'waiting', limit: 10, offset: 0 });
    expect(lateOnly.items.map((r) => r.localId)).toEqual([late.localId]);
    // The tracker keeps looking at the late document, and says it only once.
    await waitForTrackerLooks(guichet, late.localId);
    expect(notes.filter((n) => n.startsWith('Document en retard'))).toHaveLength(1);
  });

  it('cancels a whole queued batch: nothing leaves once the network returns', async () => {
    const { guichet, dir, sim } = await app();
    await guichet.network.setForcedOffline(true);
    const ids = [];
    for (const n of ['un.pdf', 'deux.pdf', 'trois.pdf']) ids.push(await stage(guichet, makePdf(dir, n)));
    const submitted = await call(guichet, 'parapheur.deposit.submit', { target: { kind: 'circuit', circuitId }, label: 'lot', fileIds: ids });
    await waitFor('queued', async () => (await rowsOf(guichet)).items.filter((r) => r.outboxState === 'waiting_network').length === 3);
    expect(await call(guichet, 'parapheur.deposit.cancel', { batchId: submitted.batchId })).toEqual({ cancelled: 3 });
    await guichet.network.setForcedOffline(false);
    // A deposit made once the network is back gets filed: the outbox has been through its queue since.
    const later = await call(guichet, 'parapheur.deposit.submit', { target: { kind: 'circuit', circuitId }, label: 'après', fileIds: [await stage(guichet, makePdf(dir, 'apres.pdf'))] });
    await waitFor('the later deposit filed', async () => (await rowsOf(guichet)).items.find((r) => r.localId === later.accepted[0]!.localId && r.outboxState === 'filed'));
    expect(sim.control.uploadCount()).toBe(1);
    const rows = (await rowsOf(guichet)).items.filter((r) => r.batchId === submitted.batchId);
    expect(rows.map((r) => r.outboxState)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    expect(clerkText(rows[0]!.lastError!)).toBe('Dépôt annulé');
    expect(clerkText(rows[0]!.lastError!, 'en')).toBe('Filing cancelled');
  });

  it('cancels one file while it is being sent, checks with FAST, and files nothing', async () => {
    const { guichet, dir, sim } = await app();
    // FAST is slow to read: the upload is half-way when the clerk cancels.
    sim.faults.update({ latencyMs: 2000, onlyPaths: /upload/, times: 1 });
    const events: { sent: number; total: number }[] = [];
    guichet.bus.on('parapheur.upload.progress', (p) => events.push(p));
    await call(guichet, 'parapheur.deposit.submit', { target: { kind: 'circuit', circuitId }, label: 'annule', fileIds: [await stage(guichet, makePdf(dir, 'annule.pdf', 48 * 1024 * 1024))] });
    await waitFor('half-way', () => events.find((e) => e.sent > 0 && e.sent < e.total));
    const row = (await rowsOf(guichet)).items[0]!;
    expect(row.outboxState).toBe('uploading');
    expect(await call(guichet, 'parapheur.deposit.cancel', { localId: row.localId })).toEqual({ cancelled: 1 });
    await waitFor('cancelled', async () => (await rowsOf(guichet)).items.find((r) => r.outboxState === 'cancelled'));
    // FAST is done with the aborted upload (it was still holding it when the clerk cancelled).
    await waitFor('FAST done with every request', () => sim.control.openRequestCount() === 0);
    expect(sim.control.documents()).toHaveLength(0);
    expect((await rowsOf(guichet)).items[0]!.outboxState).toBe('cancelled');
  });

  it('does not pretend to cancel a file FAST already received whole: it is filed and followed', async () => {
    const { guichet, dir, sim } = await app();
    // The body is sent, FAST is slow to answer: cancelling now could not stop FAST from storing it.
    sim.faults.update({ latencyMs: 1500, onlyPaths: /upload/, times: 1 });
    const events: { sent: number; total: number }[] = [];
    guichet.bus.on('parapheur.upload.progress', (p) => events.push(p));
    await call(guichet, 'parapheur.deposit.submit', { target: { kind: 'circuit', circuitId }, label: 'trop-tard', fileIds: [await stage(guichet, makePdf(dir, 'trop-tard.pdf'))] });
    await waitFor('body sent', () => events.find((e) => e.sent === e.total));
    const row = (await rowsOf(guichet)).items[0]!;
    expect(await call(guichet, 'parapheur.deposit.cancel', { localId: row.localId })).toEqual({ cancelled: 0 });
    const filed = await waitFor('filed', async () => (await rowsOf(guichet)).items.find((r) => r.outboxState === 'filed'));
    expect(filed.documentId).toBe(sim.control.documents()[0]!.id);
    expect(sim.control.documents()).toHaveLength(1);
  });

  it('reports a refusal with its comment, allows deleting it, and refuses to delete a document in progress', async () => {
    const { guichet, dir, sim } = await app();
    const ids = [await stage(guichet, makePdf(dir, 'a-refuser.pdf')), await stage(guichet, makePdf(dir, 'en-cours.pdf'))];
    await call(guichet, 'parapheur.deposit.submit', { target: { kind: 'circuit', circuitId }, label: 'ref', fileIds: ids });
    const rows = await waitFor('filed', async () => {
      const r = (await rowsOf(guichet)).items;
      return r.filter((x) => x.outboxState === 'filed').length === 2 ? r : null;
    });
    const toRefuse = rows.find((r) => r.originalName === 'a-refuser.pdf')!;
    const inProgress = rows.find((r) => r.originalName === 'en-cours.pdf')!;
    sim.control.act(toRefuse.documentId!, 'refuse', { comment: 'Montant erroné, merci de corriger.' });
    sim.control.act(inProgress.documentId!, 'approve');
    const refused = await waitFor('refused', async () => (await rowsOf(guichet)).items.find((r) => r.localId === toRefuse.localId && r.phase === 'visa_desapprouve'));
    expect(refused.refusalComment).toBe('Montant erroné, merci de corriger.');
    expect(refused.deletable).toBe(true);
    await waitFor('in progress', async () => (await rowsOf(guichet)).items.find((r) => r.localId === inProgress.localId && r.phase === 'en_cours'));

    await expect(call(guichet, 'parapheur.documents.delete', { localId: inProgress.localId, confirm: true })).rejects.toMatchObject({ code: 'NOT_DELETABLE' });
    const deleted = await call(guichet, 'parapheur.documents.delete', { localId: refused.localId, confirm: true });
    expect(deleted.phase).toBe('supprime');
    expect(sim.control.document(refused.documentId!)!.deleted).toBe(true);
  });

  it('refuses an explicit refresh too close to the previous look, with the wait in French', async () => {
    const { guichet, dir } = await app({ timeScale: 1 });
    await call(guichet, 'parapheur.deposit.submit', { target: { kind: 'circuit', circuitId }, label: 'r', fileIds: [await stage(guichet, makePdf(dir, 'r.pdf'))] });
    const row = await waitFor('filed', async () => (await rowsOf(guichet)).items.find((r) => r.outboxState === 'filed'));
    const first = await call(guichet, 'parapheur.documents.refresh', { localId: row.localId });
    expect(first.history.map((h) => h.stateName)).toContain('Préparé');
    await expect(call(guichet, 'parapheur.documents.refresh', { localId: row.localId })).rejects.toMatchObject({ code: 'TOO_SOON' });
  });

  it('finds documents again after a restart, and searches them by name, label and comment', async () => {
    const { guichet, dir } = await app();
    await call(guichet, 'parapheur.deposit.submit', {
      target: { kind: 'circuit', circuitId },
      label: 'Voirie',
      comment: 'Réfection du chemin des Écoliers',
      fileIds: [await stage(guichet, makePdf(dir, 'travaux.pdf'))],
    });
    await waitFor('filed', async () => (await rowsOf(guichet)).items.find((r) => r.outboxState === 'filed'));
    await guichets.stop(guichet);
    const { guichet: again } = await app({ dir });
    const found = await call(again, 'parapheur.documents.list', { search: 'ecoliers', sort: 'recent', limit: 10, offset: 0 });
    expect(found.items.map((r) => r.originalName)).toEqual(['travaux.pdf']);
    const byLabel = await call(again, 'parapheur.documents.list', { search: 'voirie', sort: 'recent', limit: 10, offset: 0 });
    expect(byLabel.total).toBe(1);
    const none = await call(again, 'parapheur.documents.list', { search: 'inexistant', sort: 'recent', limit: 10, offset: 0 });
    expect(none.total).toBe(0);
  });

  it('collects Hélios acknowledgements once, idempotently', async () => {
    const { guichet, dir, sim } = await app();
    const pes = path.join(dir, 'PES_mandats_2026.xml');
    fs.writeFileSync(pes, '<?xml version="1.0" encoding="UTF-8"?>\n<PES_Aller><Enveloppe/></PES_Aller>\n');
    await call(guichet, 'parapheur.circuits.refresh', {});
    await call(guichet, 'parapheur.deposit.submit', { target: { kind: 'circuit', circuitId: 'helios-pes' }, label: 'pes', fileIds: [await stage(guichet, pes)] });
    const row = await waitFor('filed', async () => (await rowsOf(guichet)).items.find((r) => r.outboxState === 'filed'));
    sim.control.addRemaining('ack', row.documentId!);
    expect(await call(guichet, 'parapheur.collect.remaining', {})).toMatchObject({ ack: 1 });
    expect(await call(guichet, 'parapheur.collect.run', {})).toEqual({ downloaded: 1, alreadyHad: 0, failed: 0 });
    expect(await call(guichet, 'parapheur.collect.run', {})).toEqual({ downloaded: 0, alreadyHad: 0, failed: 0 });
    const collected = await call(guichet, 'parapheur.collect.list', {});
    expect(collected).toHaveLength(1);
    expect(fs.readFileSync(guichet.blobs.pathOf(collected[0]!.blob), 'utf8')).toMatch(/<\?xml/);
  });

  it('guards user synchronisation: the confirmation must name the number of deletions', async () => {
    const { guichet } = await app();
    const current = await call(guichet, 'parapheur.users.export', {});
    expect(current.length).toBeGreaterThan(2);
    expect(current.some((u) => /e-signature/i.test(u.lastName))).toBe(false);
    const keep = current.slice(0, 2).map((u) => ({ authenticationType: 'CERTIFICAT' as const, email: u.email, firstName: u.firstName, lastName: u.lastName, groups: [] }));
    const wanted = [...keep, { authenticationType: 'BASIC' as const, email: 'nouvel.agent@mairie-exemple.fr', firstName: 'Nouvel', lastName: 'Agent', groups: [] }];
    const diff = await call(guichet, 'parapheur.users.syncPreview', { users: wanted });
    expect(diff.created).toEqual(['nouvel.agent@mairie-exemple.fr']);
    expect(diff.deleted.length).toBeGreaterThan(0);
    await expect(call(guichet, 'parapheur.users.syncApply', { users: wanted, confirmDeletions: 0 })).rejects.toMatchObject({ code: 'CONFIRMATION_MISMATCH' });
    const applied = await call(guichet, 'parapheur.users.syncApply', { users: wanted, confirmDeletions: diff.deleted.length });
    expect(applied.applied).toBe(true);
  });
});
