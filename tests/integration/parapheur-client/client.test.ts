import { clerkMessage, clerkText } from '../../support/clerkText.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withoutTechnicalUsers, type ParapheurClient } from '../../../main/providers/parapheur/client.js';
import { deriveDocumentState } from '../../../main/providers/parapheur/state.js';
import { readAll, rejectionOf, startSimulatorFixture, type SimulatorFixture } from './simulatorFixture.js';

let fx: SimulatorFixture;
let client: ParapheurClient;

beforeAll(async () => {
  fx = await startSimulatorFixture();
  client = fx.client();
});
afterAll(async () => {
  await fx?.stop();
});

let labelCounter = 0;
const uniqueLabel = (prefix = 'Test') => `${prefix} ${++labelCounter}`;

describe('connection', () => {
  it('testConnection succeeds with the deposit user', async () => {
    const verdict = await client.testConnection();
    expect(verdict).toEqual({ ok: true, key: 'parapheur:connectionTest.ok', params: { siren: fx.sim.siren } });
    expect(clerkText(verdict)).toBe(`Connexion réussie : FAST Parapheur accepte votre certificat pour le SIREN ${fx.sim.siren}.`);
    expect(clerkText(verdict, 'en')).toBe(`Connection succeeded: FAST Parapheur accepts your certificate for SIREN ${fx.sim.siren}.`);
  });
});

describe('uploadToCircuit (row 1)', () => {
  it('files a PDF with label, comment (UTF-8) and recipients, under the `content` part', async () => {
    const progress: Array<[number, number]> = [];
    const file = fx.pdf('Deliberation_ete.pdf');
    const id = await client.uploadToCircuit({
      circuitId: 'courrier-visa-signature',
      file,
      label: 'Délibération été 2024',
      comment: 'À signer « rapidement » & merci',
      recipients: [' Destinataire@Example.fr', 'autre@example.fr'],
      onProgress: (sent, total) => progress.push([sent, total]),
    });
    expect(id).toMatch(/^\d{9}$/);
    const doc = fx.sim.control.document(id);
    expect(doc).toMatchObject({
      circuitId: 'courrier-visa-signature',
      label: 'Délibération été 2024',
      comment: 'À signer « rapidement » & merci',
      fileName: 'Deliberation_ete.pdf',
      size: file.size,
      recipients: ['destinataire@example.fr', 'autre@example.fr'],
      depositor: fx.sim.clientIdentity.email,
    });
    expect(progress.at(-1)).toEqual([file.size, file.size]);
  });

  it('can send the file as `doc` (FAST documentation spelling)', async () => {
    const docClient = fx.client({ uploadFileField: 'doc' });
    const id = await docClient.uploadToCircuit({ circuitId: 'courrier-visa-signature', file: fx.pdf('doc_field.pdf'), label: uniqueLabel() });
    expect(fx.sim.control.document(id)?.fileName).toBe('doc_field.pdf');
  });

  it('sanitises circuit ids (dots) and refuses unsanitised file names before any network call', async () => {
    const before = fx.sim.control.uploadCount();
    const bad = await rejectionOf(client.uploadToCircuit({ circuitId: 'courrier-visa-signature', file: { ...fx.pdf('ok.pdf'), name: 'Délibération.pdf' } }));
    expect(bad.code).toBe('INVALID_INPUT');
    const traversal = await rejectionOf(client.uploadToCircuit({ circuitId: '../../admin', file: fx.pdf('ok.pdf') }));
    expect(traversal.code).toBe('INVALID_INPUT');
    expect(fx.sim.control.uploadCount()).toBe(before);
  });

  it('refuses a file that changed since it was queued', async () => {
    const file = fx.pdf('changed.pdf');
    const e = await rejectionOf(client.uploadToCircuit({ circuitId: 'courrier-visa-signature', file: { ...file, size: file.size + 1 } }));
    expect(e.code).toBe('FILE_CHANGED');
    const missing = await rejectionOf(client.uploadToCircuit({ circuitId: 'courrier-visa-signature', file: { ...file, path: `${file.path}.absent` } }));
    expect(missing.code).toBe('FILE_UNREADABLE');
  });

  it('DUPLICATE for the same (circuit, label, file name); another label is fine', async () => {
    const file = fx.pdf('doublon.pdf');
    const label = uniqueLabel('Doublon');
    await client.uploadToCircuit({ circuitId: 'courrier-visa-signature', file, label });
    const e = await rejectionOf(client.uploadToCircuit({ circuitId: 'courrier-visa-signature', file, label }));
    expect(e.code).toBe('DUPLICATE');
    expect(clerkMessage(e)).toMatch(/déjà été déposé/);
    expect(await client.uploadToCircuit({ circuitId: 'courrier-visa-signature', file, label: `${label} bis` })).toMatch(/^\d+$/);
  });

  it('CIRCUIT_FORBIDDEN for a circuit the certificate may not use, or that does not exist', async () => {
    expect((await rejectionOf(client.uploadToCircuit({ circuitId: 'rh-confidentiel', file: fx.pdf('rh.pdf') }))).code).toBe('CIRCUIT_FORBIDDEN');
    expect((await rejectionOf(client.uploadToCircuit({ circuitId: 'circuit-inexistant', file: fx.pdf('x.pdf') }))).code).toBe('CIRCUIT_FORBIDDEN');
  });

  it('FORMAT_REFUSED when the content is not what the circuit accepts', async () => {
    const e = await rejectionOf(client.uploadToCircuit({ circuitId: 'courrier-visa-signature', file: fx.file('faux.pdf', 'pas un PDF') }));
    expect(e.code).toBe('FORMAT_REFUSED');
  });

  it('RECIPIENT_NOT_ALLOWED when the circuit does not send the signed file', async () => {
    const e = await rejectionOf(
      client.uploadToCircuit({ circuitId: 'deliberations-double-signature', file: fx.pdf('dest.pdf'), recipients: ['elu@example.fr'] }),
    );
    expect(e.code).toBe('RECIPIENT_NOT_ALLOWED');
  });

  it('can be cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const before = fx.sim.control.uploadCount();
    const e = await rejectionOf(client.uploadToCircuit({ circuitId: 'courrier-visa-signature', file: fx.pdf('cancel.pdf'), signal: controller.signal }));
    expect(e.code).toBe('CANCELLED');
    expect(fx.sim.control.uploadCount()).toBe(before);
  });
});

describe('history (row 6) and status derivation', () => {
  it('visa + signature, filed: DEPOSITED → IN_PROGRESS → COMPLETED', async () => {
    const id = await client.uploadToCircuit({ circuitId: 'courrier-visa-signature', file: fx.pdf('cycle.pdf'), label: uniqueLabel() });
    let state = deriveDocumentState(await client.history(id), { stepCount: 2 });
    expect(state).toMatchObject({ status: 'DEPOSITED', deletable: true });
    fx.sim.control.act(id, 'approve');
    state = deriveDocumentState(await client.history(id), { stepCount: 2, previous: state });
    expect(state).toMatchObject({ status: 'IN_PROGRESS', stepsDone: 1, currentStepLabel: 'Envoyé pour signature' });
    fx.sim.control.act(id, 'approve');
    state = deriveDocumentState(await client.history(id), { stepCount: 2, previous: state });
    expect(state).toMatchObject({ status: 'COMPLETED', phase: 'classe', stepsDone: 2 });
    expect(state.signedAt).toBeDefined();
  });

  it('double signature without Classé: rule 5 with the step count, rule 6 without', async () => {
    const id = await client.uploadToCircuit({ circuitId: 'deliberations-double-signature', file: fx.pdf('double.pdf'), label: uniqueLabel() });
    fx.sim.control.act(id, 'approve');
    const afterFirst = await client.history(id);
    expect(deriveDocumentState(afterFirst, { stepCount: 2 }).status).toBe('IN_PROGRESS');
    const unknownN = deriveDocumentState(afterFirst);
    expect(unknownN.status).toBe('IN_PROGRESS');
    fx.sim.control.act(id, 'approve');
    const history = await client.history(id);
    expect(history.at(-1)?.stateName).toBe('Signé');
    expect(deriveDocumentState(history, { stepCount: 2 })).toMatchObject({ status: 'COMPLETED', rule: 5 });
    const first = deriveDocumentState(history, { previous: unknownN });
    expect(first.status).toBe('IN_PROGRESS');
    expect(deriveDocumentState(await client.history(id), { previous: first })).toMatchObject({ status: 'COMPLETED', rule: 6 });
  });

  it('unknown id → UNKNOWN_DOCUMENT (rule 1); non-numeric ids never leave the client', async () => {
    const e = await rejectionOf(client.history('999999999'));
    expect(e.code).toBe('UNKNOWN_DOCUMENT');
    expect(deriveDocumentState({ error: e }).status).toBe('UNKNOWN');
    expect((await rejectionOf(client.history('12/../../x'))).code).toBe('INVALID_INPUT');
  });
});

describe('refusal, comment, FdC, deletion (rows 8, 9, 19)', () => {
  it('a refused document: comment, routing sheet, deletion, then unknown', async () => {
    const id = await client.uploadToCircuit({ circuitId: 'courrier-visa-signature', file: fx.pdf('refus.pdf'), label: uniqueLabel() });
    expect(await client.refusalComment(id)).toBe('');
    fx.sim.control.act(id, 'refuse', { comment: 'Montant erroné : corriger la ligne 3' });
    const state = deriveDocumentState(await client.history(id));
    expect(state).toMatchObject({ status: 'REFUSED', phase: 'visa_desapprouve', deletable: true });
    expect(state.refusedBy).toMatch(/MARTIN Alice/);
    expect(await client.refusalComment(id)).toBe('Montant erroné : corriger la ligne 3');

    const fdc = await client.getFdc(id);
    expect(fdc.kind).toBe('pdf');
    expect((await readAll(fdc.stream)).subarray(0, 5).toString('latin1')).toBe('%PDF-');

    await client.deleteDocument(id);
    expect(fx.sim.control.document(id)?.deleted).toBe(true);
    const gone = await rejectionOf(client.history(id));
    expect(gone.code).toBe('UNKNOWN_DOCUMENT');
    expect((await rejectionOf(client.deleteDocument(id))).code).toBe('UNKNOWN_DOCUMENT');
  });

  it('NOT_DELETABLE once the document is in a circuit step', async () => {
    const id = await client.uploadToCircuit({ circuitId: 'courrier-visa-signature', file: fx.pdf('encours.pdf'), label: uniqueLabel() });
    fx.sim.control.act(id, 'approve');
    const e = await rejectionOf(client.deleteDocument(id));
    expect(e.code).toBe('NOT_DELETABLE');
  });
});

describe('download (row 7)', () => {
  it('streams the signed PDF, and a ZIP with the FdC flag', async () => {
    const id = await client.uploadToCircuit({ circuitId: 'courrier-visa-signature', file: fx.pdf('signer.pdf'), label: uniqueLabel() });
    fx.sim.control.completeAll();
    const progress: number[] = [];
    const signed = await client.download(id, {}, { onProgress: (n) => progress.push(n) });
    expect(signed.kind).toBe('pdf');
    expect(signed.contentType).toMatch(/application\/pdf/);
    const bytes = await readAll(signed.stream);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(signed.size).toBe(bytes.length);
    expect(progress.at(-1)).toBe(bytes.length);

    const zip = await client.download(id, { fdc: true });
    expect(zip.kind).toBe('zip');
    const zipBytes = await readAll(zip.stream);
    expect(zipBytes.subarray(0, 2).toString('latin1')).toBe('PK');
  });

  it('an error JSON instead of bytes becomes the mapped error', async () => {
    const e = await rejectionOf(client.download('999999998'));
    expect(e.code).toBe('UNKNOWN_DOCUMENT');
    expect((await rejectionOf(client.getFdc('999999998'))).code).toBe('UNKNOWN_DOCUMENT');
  });

  it('can be cancelled while streaming', async () => {
    const id = await client.uploadToCircuit({ circuitId: 'courrier-visa-signature', file: fx.pdf('annule.pdf'), label: uniqueLabel() });
    const controller = new AbortController();
    const result = await client.download(id, {}, { signal: controller.signal });
    controller.abort();
    const e = await rejectionOf(readAll(result.stream));
    expect(e.code).toBe('CANCELLED');
  });
});

describe('uploadOnDemand (row 2)', () => {
  it('files with a circuit defined on the fly, annexes, recipients, cc and agents', async () => {
    const annexes = [fx.file('annexe_1.txt', 'Annexe un'), fx.file('annexe_2.txt', 'Annexe deux')];
    const file = fx.pdf('a_la_volee.pdf');
    const progress: Array<[number, number]> = [];
    const id = await client.uploadOnDemand({
      file,
      circuit: {
        type: 'BUREAUTIQUE_PDF',
        steps: [
          { step: 'visa', members: ['Alice.Martin@mairie-exemple.fr'] },
          { step: 'signature', members: ['bruno.lefevre@mairie-exemple.fr', 'chloe.dubois@mairie-exemple.fr'] },
        ],
      },
      comment: 'Circuit improvisé',
      recipients: ['destinataire@example.fr'],
      cc: ['copie@example.fr'],
      agents: ['farid.benali@mairie-exemple.fr', 'david.moreau@mairie-exemple.fr'],
      annexes,
      onProgress: (sent, total) => progress.push([sent, total]),
    });
    const doc = fx.sim.control.document(id);
    expect(doc).toMatchObject({
      onDemand: true,
      circuitId: 'circuit-a-la-volee',
      comment: 'Circuit improvisé',
      recipients: ['destinataire@example.fr'],
      cc: ['copie@example.fr'],
      agents: ['farid.benali@mairie-exemple.fr', 'david.moreau@mairie-exemple.fr'],
      steps: [
        { kind: 'visa', members: ['alice.martin@mairie-exemple.fr'] },
        { kind: 'signature', members: ['bruno.lefevre@mairie-exemple.fr', 'chloe.dubois@mairie-exemple.fr'] },
      ],
    });
    expect(doc?.annexes.map((a) => a.fileName)).toEqual(['annexe_1.txt', 'annexe_2.txt']);
    const total = file.size + annexes[0]!.size + annexes[1]!.size;
    expect(progress.at(-1)).toEqual([total, total]);
  });

  it('maps the circuit errors 119 and 122', async () => {
    const member = await rejectionOf(
      client.uploadOnDemand({ file: fx.pdf('m.pdf'), circuit: { type: 'BUREAUTIQUE_PDF', steps: [{ step: 'signature', members: ['inconnu@example.fr'] }] } }),
    );
    expect(member.code).toBe('INVALID_MEMBER');
    expect(member.details).toMatchObject({ providerCode: 119 });
    const self = await rejectionOf(
      client.uploadOnDemand({
        file: fx.pdf('s.pdf'),
        circuit: { type: 'BUREAUTIQUE_PDF', steps: [{ step: 'visa', members: [fx.sim.clientIdentity.email] }] },
      }),
    );
    expect(self.code).toBe('AGENT_IS_MEMBER');
  });

  it('validates the circuit locally (type, step, members)', async () => {
    const bad = await rejectionOf(
      client.uploadOnDemand({ file: fx.pdf('t.pdf'), circuit: { type: 'NOPE' as 'BUREAUTIQUE_PDF', steps: [{ step: 'visa', members: ['a@b.fr'] }] } }),
    );
    expect(bad.code).toBe('INVALID_INPUT');
    const empty = await rejectionOf(client.uploadOnDemand({ file: fx.pdf('u.pdf'), circuit: { type: 'BUREAUTIQUE_PDF', steps: [{ step: 'signature', members: [] }] } }));
    expect(clerkMessage(empty)).toMatch(/aucun membre/);
  });
});

describe('OTP circuits (rows 3, 4, 5, 10, 20)', () => {
  const signer = { firstName: 'Camille', lastName: 'Exemple', phone: '06 12 34 56 78', email: 'Camille.Exemple@example.org' };

  it('upload → metadata → OTP information, then metas and the SMS url', async () => {
    const id = await client.uploadToCircuit({ circuitId: 'contrat-otp', file: fx.pdf('contrat.pdf'), label: uniqueLabel() });
    await client.defineMetadata(id, [
      { name: 'TEXT_001', value: `Dossier "A&B" <2024> l'été` },
      { name: 'NUM_001', value: '45812' },
    ]);
    await client.defineOtpInformation(id, [signer]);
    const doc = fx.sim.control.document(id);
    expect(doc?.metadata).toEqual([
      { name: 'TEXT_001', value: `Dossier "A&B" <2024> l'été` },
      { name: 'NUM_001', value: '45812' },
    ]);
    expect(doc?.otpInformation).toEqual([{ firstName: 'Camille', lastName: 'Exemple', phone: '+33612345678', email: 'camille.exemple@example.org' }]);
    const labels = (await client.history(id)).map((e) => e.stateName);
    expect(labels).toEqual(expect.arrayContaining(['Préparé', 'Métadonnées définies', 'Informations OTP définies']));

    expect(await client.documentMetas(id)).toEqual([
      { id: '1', name: 'TEXT_001', value: `Dossier "A&B" <2024> l'été` },
      { id: '2', name: 'NUM_001', value: '45812' },
    ]);
    expect(await client.otpUrl([id])).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/boucle-sms\/documentView\?id=/);

    fx.sim.control.completeAll();
    const state = deriveDocumentState(await client.history(id), { stepCount: 2 });
    expect(state.status).toBe('COMPLETED');
  });

  it('documentMetas answers [] for a document without metadata (204)', async () => {
    const id = await client.uploadToCircuit({ circuitId: 'courrier-visa-signature', file: fx.pdf('sansmeta.pdf'), label: uniqueLabel() });
    expect(await client.documentMetas(id)).toEqual([]);
  });

  it('metadata on a circuit without metadata step is refused by FAST', async () => {
    const id = await client.uploadToCircuit({ circuitId: 'courrier-visa-signature', file: fx.pdf('meta_refus.pdf'), label: uniqueLabel() });
    const e = await rejectionOf(client.defineMetadata(id, [{ name: 'TEXT_001', value: 'x' }]));
    expect(e.code).toBe('METADATA_NOT_ALLOWED');
    expect(e.details).toMatchObject({ providerCode: 120 });
  });

  it('uploadOtp files and returns the id and the signing url in one call', async () => {
    const result = await client.uploadOtp({
      circuitId: 'contrat-otp',
      file: fx.pdf('contrat_direct.pdf'),
      signers: [signer],
      label: uniqueLabel(),
      comment: 'OTP direct',
      referer: 'https://mairie-exemple.fr/merci',
    });
    expect(result.id).toMatch(/^\d+$/);
    expect(result.url).toMatch(/boucle-sms/);
    const doc = fx.sim.control.document(result.id);
    expect(doc).toMatchObject({ referer: 'https://mairie-exemple.fr/merci', comment: 'OTP direct' });
    expect(doc?.otpInformation?.[0]?.phone).toBe('+33612345678');
  });
});

describe('remaining lists and their files (rows 11–16)', () => {
  it.each(['ack', 'pes-retour', 'chorus'] as const)('%s: listed, downloaded as XML, then no longer listed', async (kind) => {
    const id = await client.uploadToCircuit({
      circuitId: 'helios-pes',
      file: fx.file(`PES_${kind}.xml`, `<?xml version="1.0"?><PES_Aller><NomFic V="PES_${kind}.xml"/></PES_Aller>`),
      label: uniqueLabel(),
    });
    fx.sim.control.addRemaining(kind, id);
    expect(await client.remaining(kind)).toContain(id);
    const file = await client.downloadRemaining(kind, id);
    expect(file.kind).toBe('xml');
    expect((await readAll(file.stream)).toString('utf8')).toContain(id);
    expect(await client.remaining(kind)).not.toContain(id);
  });

  it('a completed PES flow publishes its acknowledgement', async () => {
    const id = await client.uploadToCircuit({
      circuitId: 'helios-pes',
      file: fx.file('PES_auto.xml', '<?xml version="1.0"?><PES_Aller/>'),
      label: uniqueLabel(),
    });
    fx.sim.control.completeAll();
    const state = deriveDocumentState(await client.history(id), { stepCount: 1 });
    expect(state.status).toBe('COMPLETED');
    expect(await client.remaining('ack')).toContain(id);
  });
});

describe('users, search and circuits (rows 17, 18, 21 and the simulator extension)', () => {
  it('exportUsersData lists users; technical ones are filtered separately', async () => {
    const users = await client.exportUsersData();
    const sophie = users.find((u) => u.email === fx.sim.clientIdentity.email);
    expect(sophie).toMatchObject({ firstName: 'Sophie', lastName: 'GARNIER', authenticationType: 'CERTIFICAT' });
    expect(sophie?.raw).toHaveProperty('groupes');
    expect(users.some((u) => u.lastName === 'e-signature')).toBe(true);
    expect(withoutTechnicalUsers(users).some((u) => u.lastName === 'e-signature')).toBe(false);
    expect(withoutTechnicalUsers(users).length).toBe(users.length - 1);
  });

  it('search finds documents by circuit and state', async () => {
    const id = await client.uploadToCircuit({ circuitId: 'courrier-avec-annexes', file: fx.pdf('cherche.pdf'), label: uniqueLabel() });
    expect(await client.search({ circuit: 'courrier-avec-annexes' })).toContain(id);
    expect(await client.search({ state: 'Prepared', circuit: 'courrier-avec-annexes' })).toContain(id);
    fx.sim.control.act(id, 'approve');
    expect(await client.search({ state: 'Prepared', circuit: 'courrier-avec-annexes' })).not.toContain(id);
  });

  it('listCircuits (simulator extension) lists the circuits the certificate may use', async () => {
    const circuits = await client.listCircuits();
    expect(circuits).not.toBeNull();
    const ids = circuits!.map((c) => c.circuitId);
    expect(ids).toEqual(expect.arrayContaining(['courrier-visa-signature', 'deliberations-double-signature', 'contrat-otp']));
    expect(ids).not.toContain('rh-confidentiel');
    const courrier = circuits!.find((c) => c.circuitId === 'courrier-visa-signature');
    expect(courrier?.validators[0]?.username).toBe('alice.martin@mairie-exemple.fr');
    expect(courrier?.signers[0]?.userFullname).toMatch(/LEF[EÈ]VRE Bruno/);
  });

  it('synchronizeUsers (raw call) reports failing entries', async () => {
    const current = withoutTechnicalUsers(await client.exportUsersData());
    const body = current.map((u) => ({
      authenticationType: (u.authenticationType === 'BASIC' ? 'BASIC' : 'CERTIFICAT') as 'BASIC' | 'CERTIFICAT',
      email: u.email,
      firstName: u.firstName,
      lastName: u.lastName,
      groups: [],
    }));
    const result = await client.synchronizeUsers([...body, { authenticationType: 'BASIC', email: 'nouveau@mairie-exemple.fr', firstName: '', lastName: 'X', groups: [] }]);
    expect(result.ok).toBe(false);
    expect(result.failures).toHaveLength(1);
    const ok = await client.synchronizeUsers(body);
    expect(ok).toEqual({ ok: true, failures: [] });
  });
});
