import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startParapheurSimulator, type ParapheurSimulator } from '../../../main/sandbox/parapheur/index.js';
import { fastCall, json, postMultipart, samplePdf, uploadPdf, type FastErrorBody } from './fastCall.js';

let dir: string;
let sim: ParapheurSimulator;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'guichet-sim-upload-'));
  sim = await startParapheurSimulator({ dataDir: dir, autoAdvance: false });
});

afterAll(async () => {
  await sim.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('FAST simulator: predefined-circuit upload (#1)', () => {
  it('accepts the `content` part and answers a bare 9-digit id as text/plain', async () => {
    const before = sim.control.uploadCount();
    const r = await uploadPdf(sim, 'courrier-visa-signature', 'courrier_content.pdf', [
      { name: 'label', value: 'Courriers 2024' },
      { name: 'comment', value: 'Merci de viser' },
      { name: 'emailDestinataire', value: 'Destinataire@Example.fr; autre@example.fr' },
    ]);
    expect(r.status).toBe(200);
    expect(r.text).toMatch(/^\d{9}$/);
    expect(r.headers['content-type']).toMatch(/^text\/plain/);
    expect(sim.control.uploadCount()).toBe(before + 1);
    const doc = sim.control.documents().find((d) => d.id === r.text)!;
    expect(doc.fileName).toBe('courrier_content.pdf');
    expect(doc.label).toBe('Courriers 2024');
    expect(doc.recipients).toEqual(['destinataire@example.fr', 'autre@example.fr']);
    expect(readFileSync(doc.path)).toEqual(samplePdf('courrier_content.pdf'));
    expect(doc.history.map((h) => h.stateName)).toEqual(['Préparé']);
  });

  it('accepts the `doc` part too, and gives sequential ids', async () => {
    const a = await uploadPdf(sim, 'courrier-visa-signature', 'courrier_doc_a.pdf', [], { part: 'doc' });
    const b = await uploadPdf(sim, 'courrier-visa-signature', 'courrier_doc_b.pdf', [], { part: 'doc' });
    expect(a.status).toBe(200);
    expect(Number(b.text)).toBe(Number(a.text) + 1);
  });

  it('refuses a duplicate (circuit, label, file name) but accepts the same name under another label', async () => {
    const first = await uploadPdf(sim, 'courrier-visa-signature', 'doublon.pdf', [{ name: 'label', value: 'A' }]);
    expect(first.status).toBe(200);
    const count = sim.control.uploadCount();
    const dup = await uploadPdf(sim, 'courrier-visa-signature', 'doublon.pdf', [{ name: 'label', value: 'A' }]);
    expect(dup.status).toBe(400);
    expect(json<FastErrorBody>(dup).developerMessage).toBe('Fichier deja depose par un agent');
    expect(sim.control.uploadCount()).toBe(count);
    const other = await uploadPdf(sim, 'courrier-visa-signature', 'doublon.pdf', [{ name: 'label', value: 'B' }]);
    expect(other.status).toBe(200);
  });

  it('checks the format: extension and %PDF- magic for office circuits', async () => {
    const txt = await postMultipart(sim, `documents/v2/${sim.siren}/courrier-visa-signature/upload`, [
      { name: 'content', fileName: 'note.txt', content: 'bonjour' },
    ]);
    expect(txt.status).toBe(400);
    expect(json<FastErrorBody>(txt).userFriendlyMessage).toMatch(/Format refusé/);
    const fake = await postMultipart(sim, `documents/v2/${sim.siren}/courrier-visa-signature/upload`, [
      { name: 'content', fileName: 'faux.pdf', content: 'pas un pdf' },
    ]);
    expect(fake.status).toBe(400);
    const xml = await postMultipart(sim, `documents/v2/${sim.siren}/helios-pes/upload`, [
      { name: 'content', fileName: 'PES_depense.xml', content: '<?xml version="1.0"?><PES_Aller/>' },
    ]);
    expect(xml.status).toBe(200);
  });

  it('refuses a second PES with the same file name, whatever the label', async () => {
    const pes = (label: string): Promise<import('./fastCall.js').CallResult> =>
      postMultipart(sim, `documents/v2/${sim.siren}/helios-pes/upload`, [
        { name: 'content', fileName: 'PES_recettes.xml', content: '<PES_Aller/>' },
        { name: 'label', value: label },
      ]);
    expect((await pes('Janvier')).status).toBe(200);
    const again = await pes('Février');
    expect(json<FastErrorBody>(again).developerMessage).toBe('Fichier refusé : un fichier PES avec le même nomfic a deja ete envoye');
  });

  it('answers 111 for an unknown SIREN and 100 for a SIREN the user does not belong to', async () => {
    const unknown = await uploadPdf(sim, 'courrier-visa-signature', 'x.pdf', [], { siren: sim.unknownSiren });
    expect(json<FastErrorBody>(unknown)).toMatchObject({ errorCode: 111, developerMessage: 'Subscriber not found' });
    const other = await uploadPdf(sim, 'cc-courrier', 'x.pdf', [], { siren: sim.otherSiren });
    expect(json<FastErrorBody>(other)).toMatchObject({ errorCode: 100, developerMessage: 'Unauthorized' });
  });

  it('refuses a circuit the certificate is not allowed in, an unknown circuit, and the on-demand circuit', async () => {
    const forbidden = await uploadPdf(sim, 'rh-confidentiel', 'rh.pdf');
    expect(forbidden.status).toBe(400);
    expect(json<FastErrorBody>(forbidden).userFriendlyMessage).toMatch(/n'est pas autorisé/);
    const unknown = await uploadPdf(sim, 'nexiste-pas', 'x.pdf');
    expect(json<FastErrorBody>(unknown).userFriendlyMessage).toMatch(/n'existe pas/);
    const onDemand = await uploadPdf(sim, 'circuit-a-la-volee', 'x.pdf');
    expect(onDemand.status).toBe(400);
  });

  it('enforces the 255-character limits and the recipient-mail circuit setting', async () => {
    const long = await uploadPdf(sim, 'courrier-visa-signature', 'long.pdf', [{ name: 'label', value: 'x'.repeat(256) }]);
    expect(json<FastErrorBody>(long).developerMessage).toMatch(/255/);
    const mail = await uploadPdf(sim, 'deliberations-double-signature', 'delib.pdf', [{ name: 'emailDestinataire', value: 'a@example.fr' }]);
    expect(json<FastErrorBody>(mail).userFriendlyMessage).toMatch(/destinataire/);
    const ok = await uploadPdf(sim, 'deliberations-double-signature', 'delib.pdf', [{ name: 'label', value: 'x'.repeat(255) }]);
    expect(ok.status).toBe(200);
  });

  it('answers an error body (not a reset) to a malformed or oversized multipart body', async () => {
    const huge = await uploadPdf(sim, 'courrier-visa-signature', 'champ_enorme.pdf', [
      { name: 'comment', value: 'x'.repeat(2 * 1024 * 1024) },
      { name: 'annexe', fileName: 'suite.bin', content: Buffer.alloc(3 * 1024 * 1024) },
    ]);
    expect(huge.status).toBe(400);
    expect(json<FastErrorBody>(huge).errorCode).toBe(120);
    const truncated = await fastCall(sim, 'POST', `documents/v2/${sim.siren}/courrier-visa-signature/upload`, {
      body: '--abc\r\nContent-Disposition: form-data; name="content"; filename="a.pdf"\r\n\r\n%PDF-1.4 tronqué',
      headers: { 'content-type': 'multipart/form-data; boundary=abc' },
    });
    expect(json<FastErrorBody>(truncated).developerMessage).toMatch(/malformed multipart/);
    const notMultipart = await fastCall(sim, 'POST', `documents/v2/${sim.siren}/courrier-visa-signature/upload`, { body: '{}', headers: { 'content-type': 'application/json' } });
    expect(json<FastErrorBody>(notMultipart).errorCode).toBe(120);
  });

  it('tolerates `//` in paths', async () => {
    const r = await uploadPdf(sim, 'courrier-visa-signature', 'slashes.pdf', [], {});
    const hist = await fastCall(sim, 'GET', `/parapheur-ws/rest/v1//documents/v2/${r.text}/history`, { absolutePath: true });
    expect(hist.status).toBe(200);
    expect(json<unknown[]>(hist)).toHaveLength(1);
  });

  it('answers errors with HTTP 200 when configured so', async () => {
    sim.control.setErrorStatus(200);
    try {
      const r = await uploadPdf(sim, 'courrier-visa-signature', 'doublon.pdf', [{ name: 'label', value: 'A' }]);
      expect(r.status).toBe(200);
      expect(json<FastErrorBody>(r).developerMessage).toBe('Fichier deja depose par un agent');
      expect(typeof json<FastErrorBody>(r).generation).toBe('number');
    } finally {
      sim.control.setErrorStatus(400);
    }
  });

  it('answers the Java conversion error for a non-numeric id and Invalid docId for an unknown one', async () => {
    const nan = await fastCall(sim, 'GET', 'documents/v2/abc/history');
    expect(json<FastErrorBody>(nan).developerMessage).toMatch(/^Internal error: Failed to convert value of type 'java.lang.String' to required type 'long'/);
    const unknown = await fastCall(sim, 'GET', 'documents/v2/999999999/history');
    expect(json<FastErrorBody>(unknown)).toEqual({ generation: expect.any(Number), developerMessage: 'Internal error: Invalid docId' });
  });

  it('answers 404 for the obsolete circuits/upload path', async () => {
    const r = await postMultipart(sim, 'circuits/upload', [{ name: 'siren', value: sim.siren }]);
    expect(r.status).toBe(404);
  });
});

describe('FAST simulator: on-demand upload (#2)', () => {
  const path = (): string => `documents/ondemand/${sim.siren}/upload`;
  const circuit = (c: unknown): { name: string; value: string } => ({ name: 'circuit', value: typeof c === 'string' ? c : JSON.stringify(c) });
  const goodCircuit = {
    type: 'BUREAUTIQUE_PDF',
    steps: [
      { step: 'visa', members: ['alice.martin@mairie-exemple.fr'] },
      { step: 'signature', members: ['bruno.lefevre@mairie-exemple.fr', 'chloe.dubois@mairie-exemple.fr'] },
    ],
  };

  it('files into circuit-a-la-volee with repeated annexes and email_destinataire', async () => {
    const r = await postMultipart(sim, path(), [
      { name: 'doc', fileName: 'arrete.pdf', content: samplePdf('arrete'), contentType: 'application/pdf' },
      circuit(goodCircuit),
      { name: 'comment', value: 'Arrêté du maire' },
      { name: 'email_destinataire', value: 'dest@example.fr' },
      { name: 'agents', value: 'emilie.laurent@mairie-exemple.fr' },
      { name: 'annexes', fileName: 'annexe1.pdf', content: samplePdf('annexe 1') },
      { name: 'annexes', fileName: 'annexe2.pdf', content: samplePdf('annexe 2') },
    ]);
    expect(r.status).toBe(200);
    expect(r.text).toMatch(/^\d{9}$/);
    const doc = sim.control.documents().find((d) => d.id === r.text)!;
    expect(doc.circuitId).toBe('circuit-a-la-volee');
    expect(doc.onDemand).toBe(true);
    expect(doc.annexes.map((a) => a.fileName)).toEqual(['annexe1.pdf', 'annexe2.pdf']);
    expect(doc.recipients).toEqual(['dest@example.fr']);
    expect(doc.steps).toHaveLength(2);
  });

  it.each([
    ['no circuit', null, 121],
    ['malformed JSON', '{"type":', 121],
    ['bad type', { type: 'PAPIER', steps: [{ step: 'visa', members: ['alice.martin@mairie-exemple.fr'] }] }, 117],
    ['bad step', { type: 'BUREAUTIQUE_PDF', steps: [{ step: 'cachet', members: ['alice.martin@mairie-exemple.fr'] }] }, 118],
    ['unknown member', { type: 'BUREAUTIQUE_PDF', steps: [{ step: 'signature', members: ['inconnu@example.fr'] }] }, 119],
    ['depositor as member', { type: 'BUREAUTIQUE_PDF', steps: [{ step: 'signature', members: ['sophie.garnier@mairie-exemple.fr'] }] }, 122],
  ])('validates the circuit JSON: %s → %i', async (_name, c, code) => {
    const parts = [{ name: 'doc', fileName: `od-${code}.pdf`, content: samplePdf() }, ...(c === null ? [] : [circuit(c)])];
    const r = await postMultipart(sim, path(), parts);
    expect(json<FastErrorBody>(r).errorCode).toBe(code);
  });

  it('accepts an OTPSignature step without members', async () => {
    const r = await postMultipart(sim, path(), [
      { name: 'doc', fileName: 'od-otp.pdf', content: samplePdf() },
      circuit({ type: 'BUREAUTIQUE_PDF', steps: [{ step: 'visa', members: ['alice.martin@mairie-exemple.fr'] }, { step: 'OTPSignature' }] }),
    ]);
    expect(r.status).toBe(200);
  });
});
