import { randomBytes } from 'node:crypto';
import type { RequestScope } from './context.js';
import { ON_DEMAND_CIRCUIT_ID } from './demo.js';
import { MultipartError, boundaryOf, discardFiles, fileParts, parseMultipart, textField, textFields, type MultipartFile, type MultipartResult } from './multipart.js';
import { fail } from './reply.js';
import type { DocRecord } from './store.js';
import type { CircuitType, FileKind, SimCircuit, SimOtpSigner, SimStep, SimUser } from './types.js';
import { XmlError, parseMetaDataList, parseXml } from './xml.js';

/** Deposit endpoints (#1, #2, #5) and the metadata / OTP information endpoints (#3, #4). */

const EMAIL = /^[^\s@;,]+@[^\s@;,]+\.[^\s@;,]+$/;
const MAX_TEXT = 255;

async function readMultipart(s: RequestScope): Promise<MultipartResult> {
  const boundary = boundaryOf(s.req.headers['content-type']);
  if (!boundary) {
    await s.ctx.faults.discardBody(s.req);
    fail(120, 'Upload doc error: multipart/form-data expected', 'Le dépôt doit être envoyé au format multipart/form-data.');
  }
  try {
    return await parseMultipart(s.ctx.faults.requestBody(s.req), boundary, s.ctx.store.incomingDir);
  } catch (e) {
    if (e instanceof MultipartError) {
      fail(120, `Upload doc error: malformed multipart body (${e.message})`, 'Le contenu envoyé est mal formé (multipart).');
    }
    throw e;
  }
}

export function checkSubscriber(s: RequestScope, siren: string): void {
  if (!/^\d{9}$/.test(siren) || !s.ctx.store.subscribers.has(siren)) {
    fail(111, 'Subscriber not found', "Le siren renseigné n'existe pas");
  }
  if (!s.user.sirens.includes(siren)) {
    fail(100, 'Unauthorized', "Votre utilisateur n'est pas autorisé à déposer dans ce siren.");
  }
}

function limited(parts: MultipartResult, names: string[], label: string): string {
  const value = textField(parts, ...names) ?? '';
  if (value.length > MAX_TEXT) {
    fail(120, `Upload doc error: ${label} exceeds ${MAX_TEXT} characters`, `Le champ « ${label} » dépasse ${MAX_TEXT} caractères.`);
  }
  return value;
}

function emailList(value: string, label: string): string[] {
  const list = value
    .split(/[;,]/)
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e !== '');
  for (const e of list) {
    if (!EMAIL.test(e)) fail(120, `Upload doc error: invalid e-mail '${e}' in ${label}`, `L'adresse e-mail « ${e} » du champ « ${label} » n'est pas valide.`);
  }
  return list;
}

function detectKind(file: MultipartFile): FileKind | 'unknown' {
  const ext = (/\.([A-Za-z0-9]+)$/.exec(file.fileName)?.[1] ?? '').toLowerCase();
  const head = file.head;
  if (ext === 'pdf') return head.includes('%PDF-') ? 'pdf' : 'unknown';
  if (ext === 'zip') return head.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1')) ? 'zip' : 'unknown';
  if (ext === 'xml') return /^(\uFEFF)?\s*</.test(head.toString('utf8')) ? 'xml' : 'unknown';
  return 'unknown';
}

const KIND_LABEL: Record<FileKind, string> = { pdf: 'PDF', xml: 'XML', zip: 'ZIP', any: 'tout format' };

function checkFormat(file: MultipartFile, accepts: FileKind[], circuitName: string): void {
  if (file.size === 0) fail(120, 'Upload doc error: empty file', `Le fichier « ${file.fileName} » est vide.`);
  if (accepts.includes('any')) return;
  const kind = detectKind(file);
  if (kind === 'unknown' || !accepts.includes(kind)) {
    const allowed = accepts.map((k) => KIND_LABEL[k]).join(', ');
    fail(
      120,
      `Upload doc error: file format refused by circuit (accepted: ${accepts.join(', ')})`,
      `Format refusé : le circuit « ${circuitName} » accepte uniquement : ${allowed}. Le fichier « ${file.fileName} » ne correspond pas (extension ou contenu).`,
    );
  }
}

function mainFile(parts: MultipartResult, names: string[]): MultipartFile {
  const files = fileParts(parts, ...names);
  const file = files[0];
  if (!file) fail(120, `Upload doc error: missing file part '${names[0]}'`, `Aucun fichier n'a été reçu (champ « ${names[0]} »).`);
  if (file.fileName.length > MAX_TEXT) fail(120, 'Upload doc error: file name too long', `Le nom du fichier dépasse ${MAX_TEXT} caractères.`);
  return file;
}

function checkDuplicate(s: RequestScope, circuitId: string, siren: string, label: string, fileName: string): void {
  if (s.ctx.store.isDuplicate(circuitId, siren, label, fileName)) {
    fail(undefined, 'Fichier deja depose par un agent', `Fichier déjà déposé par un agent : « ${fileName} » existe déjà dans ce circuit avec ce libellé.`);
  }
}

function depositCircuit(s: RequestScope, siren: string, circuitId: string): SimCircuit {
  if (circuitId.length > MAX_TEXT) fail(120, 'Upload doc error: circuit id too long', `L'identifiant de circuit dépasse ${MAX_TEXT} caractères.`);
  const circuit = s.ctx.store.circuit(siren, circuitId);
  if (!circuit) fail(120, `Upload doc error: circuit '${circuitId}' not found`, `Le circuit « ${circuitId} » n'existe pas pour ce siren.`);
  if (!s.ctx.store.canDeposit(s.user, circuit)) {
    fail(
      120,
      `Upload doc error: user is not allowed to deposit in circuit '${circuitId}'`,
      `Dépôt refusé : votre certificat n'est pas autorisé dans le circuit « ${circuit.name} ».`,
    );
  }
  return circuit;
}

/** Answers an accepted upload, unless the simulator was told to drop this answer. */
async function answerUpload(s: RequestScope, body: () => Promise<void>): Promise<void> {
  if (s.ctx.dropUploadResponses > 0) {
    s.ctx.dropUploadResponses--;
    s.req.socket.destroy();
    return;
  }
  await body();
}

/** #1 POST documents/v2/<siren>/<circuitId>/upload */
export async function uploadToCircuit(s: RequestScope): Promise<void> {
  const [siren = '', circuitId = ''] = s.params;
  const parts = await readMultipart(s);
  try {
    checkSubscriber(s, siren);
    const circuit = depositCircuit(s, siren, circuitId);
    if (circuit.id === ON_DEMAND_CIRCUIT_ID) {
      fail(120, 'Upload doc error: use the ondemand service for this circuit', 'Ce circuit est réservé aux dépôts « à la volée ».');
    }
    // Real clients send `content`; the official documentation says `doc`: FAST accepts both.
    const file = mainFile(parts, ['content', 'doc']);
    const label = limited(parts, ['label'], 'label');
    const comment = limited(parts, ['comment'], 'comment');
    const recipients = emailList(limited(parts, ['emailDestinataire', 'email_destinataire'], 'emailDestinataire'), 'emailDestinataire');
    if (recipients.length > 0 && !circuit.recipientMailAllowed) {
      fail(
        120,
        'Upload doc error: recipient mail is not enabled on this circuit',
        `Le circuit « ${circuit.name} » n'autorise pas l'envoi du document signé à un destinataire : retirez le destinataire.`,
      );
    }
    checkFormat(file, circuit.accepts, circuit.name);
    checkDuplicate(s, circuit.id, siren, label, file.fileName);
    if (circuit.type.startsWith('HELIOS') && s.ctx.store.hasFileName(circuit.id, siren, file.fileName)) {
      fail(
        undefined,
        'Fichier refusé : un fichier PES avec le même nomfic a deja ete envoye',
        `Fichier refusé : un flux PES nommé « ${file.fileName} » a déjà été envoyé. Renommez le fichier.`,
      );
    }
    const doc = s.ctx.store.create({
      siren,
      circuit,
      steps: circuit.steps,
      onDemand: false,
      label,
      comment,
      file,
      annexes: [],
      pictograms: null,
      recipients,
      cc: [],
      agents: [],
      depositor: s.user.email,
      referer: null,
      otpInformation: null,
    });
    await answerUpload(s, () => s.reply.text(doc.id));
  } finally {
    discardFiles(parts.files);
  }
}

const CIRCUIT_TYPES: CircuitType[] = ['BUREAUTIQUE_PDF', 'BUREAUTIQUE_XML', 'HELIOS_AVEC_TELETRANSMISSION', 'HELIOS_SANS_TELETRANSMISSION'];

/** Validates the on-demand `circuit` JSON (errors 117–122, docs/providers/fast-parapheur.md#circuits). */
export function parseOnDemandCircuit(s: RequestScope, siren: string, raw: string | undefined): { type: CircuitType; steps: SimStep[] } {
  if (raw === undefined || raw.trim() === '') fail(121, 'Circuit definition error', "Le paramètre circuit n'est pas correctement renseigné.");
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    fail(121, 'Circuit definition error', "Le paramètre circuit n'est pas un JSON valide.");
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(121, 'Circuit definition error', "Le paramètre circuit n'est pas correctement renseigné.");
  const obj = value as Record<string, unknown>;
  if (!Array.isArray(obj['steps']) || obj['steps'].length === 0) fail(121, 'Circuit definition error', 'Le circuit doit contenir au moins une étape.');
  const type = obj['type'];
  if (typeof type !== 'string' || !CIRCUIT_TYPES.includes(type as CircuitType)) fail(117, 'Invalid circuit type', 'Le type de circuit est incorrect');
  const steps: SimStep[] = [];
  for (const item of obj['steps'] as unknown[]) {
    if (typeof item !== 'object' || item === null) fail(121, 'Circuit definition error', 'Une étape du circuit est mal formée.');
    const st = item as Record<string, unknown>;
    const kindRaw = typeof st['step'] === 'string' ? st['step'].trim().toLowerCase() : '';
    const kind = kindRaw === 'visa' ? 'visa' : kindRaw === 'signature' ? 'signature' : kindRaw === 'otpsignature' ? 'otp' : null;
    if (!kind) fail(118, 'Invalid step type', "Le type d'étape est incorrect");
    const membersRaw = st['members'];
    if (membersRaw !== undefined && !Array.isArray(membersRaw)) fail(121, 'Circuit definition error', 'Les membres d’une étape doivent être une liste.');
    const members = ((membersRaw as unknown[] | undefined) ?? []).map((m) => (typeof m === 'string' ? m.trim().toLowerCase() : ''));
    if (kind !== 'otp' && members.length === 0) fail(119, 'Invalid step member', `L'étape ${kind} n'a aucun membre.`);
    for (const m of members) {
      if (!EMAIL.test(m)) fail(119, 'Invalid step member', `Le membre « ${m} » n'est pas une adresse e-mail valide.`);
      if (m === s.user.email.toLowerCase()) fail(122, 'The agent cannot be a step member', "L'agent déposant ne peut être signataire ou valideur du document.");
      if (kind !== 'otp') {
        const u: SimUser | undefined = s.ctx.store.user(m);
        if (!u || u.technical || !u.sirens.includes(siren)) fail(119, 'Invalid step member', `Le membre « ${m} » n'a pas de compte FAST pour ce siren.`);
      }
    }
    steps.push({ kind, members });
  }
  return { type: type as CircuitType, steps };
}

/** #2 POST documents/ondemand/<siren>/upload */
export async function uploadOnDemand(s: RequestScope): Promise<void> {
  const [siren = ''] = s.params;
  const parts = await readMultipart(s);
  try {
    checkSubscriber(s, siren);
    const base = depositCircuit(s, siren, ON_DEMAND_CIRCUIT_ID);
    // `circuit_id` (listed by the documentation, not sent by current clients) is ignored.
    const def = parseOnDemandCircuit(s, siren, textField(parts, 'circuit'));
    const file = mainFile(parts, ['doc', 'content']);
    const comment = limited(parts, ['comment'], 'comment');
    const label = limited(parts, ['label'], 'label');
    const recipients = emailList(limited(parts, ['email_destinataire', 'emailDestinataire'], 'email_destinataire'), 'email_destinataire');
    const cc = emailList(limited(parts, ['email_cc'], 'email_cc'), 'email_cc');
    const agents = emailList(limited(parts, ['agents'], 'agents'), 'agents');
    const accepts: FileKind[] = def.type === 'BUREAUTIQUE_PDF' ? ['pdf'] : def.type === 'BUREAUTIQUE_XML' ? ['any'] : ['xml'];
    checkFormat(file, accepts, 'à la volée');
    const annexes = fileParts(parts, 'annexes');
    for (const a of annexes) if (a.size === 0) fail(120, 'Upload doc error: empty annex', `L'annexe « ${a.fileName} » est vide.`);
    const pictograms = textFields(parts, 'pictograms')[0] ?? null;
    if (pictograms !== null) {
      try {
        parseXml(pictograms);
      } catch (e) {
        fail(120, `Upload doc error: invalid pictograms XML (${(e as Error).message})`, "Le fichier de pictogrammes n'est pas un XML valide.");
      }
    }
    checkDuplicate(s, base.id, siren, label, file.fileName);
    const doc = s.ctx.store.create({
      siren,
      circuit: { ...base, type: def.type },
      steps: def.steps,
      onDemand: true,
      label,
      comment,
      file,
      annexes,
      pictograms,
      recipients,
      cc,
      agents,
      depositor: s.user.email,
      referer: null,
      otpInformation: null,
    });
    await answerUpload(s, () => s.reply.text(doc.id));
  } finally {
    discardFiles(parts.files);
  }
}

function otpStepCount(steps: SimStep[]): number {
  return steps.filter((st) => st.kind === 'otp').length;
}

/** OTP information XML (docs/providers/fast-parapheur.md#metadata-and-otp): one group of four per OTP step, suffixed by the OTP step index. */
export function parseOtpInformation(xml: string | undefined, otpSteps: number, part: string): SimOtpSigner[] {
  if (xml === undefined || xml.trim() === '') fail(120, `Missing ${part} file`, `Le fichier d'informations OTP (« ${part} ») est manquant.`);
  let items: { name: string; value: string }[];
  try {
    items = parseMetaDataList(xml);
  } catch (e) {
    const msg = e instanceof XmlError ? e.message : String(e);
    fail(120, `Invalid OTP information XML: ${msg}`, "Le fichier d'informations OTP n'est pas un XML valide.");
  }
  const map = new Map(items.map((i) => [i.name, i.value.trim()]));
  const signers: SimOtpSigner[] = [];
  for (let i = 0; i < otpSteps; i++) {
    const get = (k: string): string => {
      const v = map.get(`OTP_${k}_${i}`);
      if (!v) fail(120, `Invalid OTP information: OTP_${k}_${i} is missing`, `Information OTP manquante : OTP_${k}_${i}.`);
      return v;
    };
    const signer = { firstName: get('firstname'), lastName: get('lastname'), phone: get('phonenumber').replace(/[\s.]/g, ''), email: get('email').toLowerCase() };
    if (!EMAIL.test(signer.email)) fail(120, `Invalid OTP information: bad e-mail for step ${i}`, `L'adresse e-mail du signataire OTP n°${i + 1} n'est pas valide.`);
    // FAST accepts national numbers, but SMS delivery needs E.164 (docs/providers/fast-parapheur.md#metadata-and-otp).
    if (!/^\+[1-9]\d{6,14}$/.test(signer.phone) && !/^0[1-9]\d{8}$/.test(signer.phone)) {
      fail(120, `Invalid OTP information: bad phone number for step ${i}`, `Le numéro de téléphone du signataire OTP n°${i + 1} n'est pas valide (format attendu : +33612345678).`);
    }
    signers.push(signer);
  }
  return signers;
}

function otpUrl(s: RequestScope): string {
  return `${s.ctx.origin}/boucle-sms/documentView?id=${encodeURIComponent(randomBytes(24).toString('base64'))}`;
}

/** #5 POST documents/v2/otp/<siren>/<circuitId>/upload → JSON {id, url} */
export async function uploadOtp(s: RequestScope): Promise<void> {
  const [siren = '', circuitId = ''] = s.params;
  const parts = await readMultipart(s);
  try {
    checkSubscriber(s, siren);
    const circuit = depositCircuit(s, siren, circuitId);
    const n = otpStepCount(circuit.steps);
    if (n === 0) fail(120, 'Upload doc error: circuit has no OTP step', `Le circuit « ${circuit.name} » ne comporte pas d'étape de signature OTP.`);
    const file = mainFile(parts, ['doc', 'content']);
    const label = limited(parts, ['label'], 'label');
    const comment = limited(parts, ['comment'], 'comment');
    const referer = limited(parts, ['referer'], 'referer');
    const otpInformation = parseOtpInformation(textField(parts, 'meta'), n, 'meta');
    checkFormat(file, circuit.accepts, circuit.name);
    checkDuplicate(s, circuit.id, siren, label, file.fileName);
    const doc = s.ctx.store.create({
      siren,
      circuit,
      steps: circuit.steps,
      onDemand: false,
      label,
      comment,
      file,
      annexes: [],
      pictograms: null,
      recipients: [],
      cc: [],
      agents: [],
      depositor: s.user.email,
      referer: referer || null,
      otpInformation,
    });
    await answerUpload(s, () => s.reply.json({ id: Number(doc.id), url: otpUrl(s) }));
  } finally {
    discardFiles(parts.files);
  }
}

/** #3 PUT documents/v2/<id>/metadata/define */
export async function uploadMeta(s: RequestScope, doc: DocRecord): Promise<void> {
  const parts = await readMultipart(s);
  try {
    const circuit = s.ctx.store.circuit(doc.siren, doc.circuitId);
    const allowed = (circuit?.metadata ?? false) || otpStepCount(doc.steps) > 0;
    if (!allowed) {
      fail(120, 'Metadata not allowed: the circuit has no metadata, OTP or Digiposte step', `Le circuit « ${doc.circuitName} » n'accepte pas de métadonnées.`);
    }
    const xml = textField(parts, 'metadata');
    if (xml === undefined || xml.trim() === '') fail(120, 'Missing metadata file', 'Le fichier de métadonnées (« metadata ») est manquant.');
    let items: { name: string; value: string }[];
    try {
      items = parseMetaDataList(xml);
    } catch (e) {
      fail(120, `Invalid metadata XML: ${(e as Error).message}`, "Le fichier de métadonnées n'est pas un XML valide.");
    }
    for (const item of items) {
      if (item.value.length > MAX_TEXT) fail(120, `Metadata ${item.name} exceeds ${MAX_TEXT} characters`, `La métadonnée ${item.name} dépasse ${MAX_TEXT} caractères.`);
    }
    s.ctx.store.defineMetadata(doc, items);
    await s.reply.empty();
  } finally {
    discardFiles(parts.files);
  }
}

/** #4 PUT documents/v2/otp/<id>/metadata/define */
export async function uploadOtpInformation(s: RequestScope, doc: DocRecord): Promise<void> {
  const parts = await readMultipart(s);
  try {
    const n = otpStepCount(doc.steps);
    if (n === 0) fail(120, 'Document has no OTP step', `Le document ${doc.id} n'a pas d'étape de signature OTP.`);
    if (doc.status !== 'open') fail(120, 'Document is not in a circuit any more', `Le document ${doc.id} n'est plus en circulation.`);
    const signers = parseOtpInformation(textField(parts, 'otpinformation'), n, 'otpinformation');
    s.ctx.store.defineOtpInformation(doc, signers);
    await s.reply.empty();
  } finally {
    discardFiles(parts.files);
  }
}

export function smsUrl(s: RequestScope, docs: DocRecord[]): string {
  const first = docs[0]?.otpInformation?.[0];
  for (const d of docs) {
    const o = d.otpInformation?.[0];
    if (!o) fail(120, `Document ${d.id} has no OTP information`, `Le document ${d.id} n'a pas d'informations OTP.`);
    if (!first || o.email !== first.email || o.phone !== first.phone) {
      fail(120, 'All documents must share the same OTP e-mail and phone number', 'Tous les documents doivent avoir le même e-mail et le même numéro de téléphone OTP.');
    }
  }
  return otpUrl(s);
}
