import type { ParapheurContext, RequestScope } from './context.js';
import { ON_DEMAND_CIRCUIT_ID } from './demo.js';
import { FastFailure, fail, readSmallBody } from './reply.js';
import { ficheDeCirculation, hasSignature, signedPdf } from './renderings.js';
import type { DocRecord } from './store.js';
import { formatHistory } from './history.js';
import type { RemainingKind, SimUser } from './types.js';
import { checkSubscriber, smsUrl, uploadMeta, uploadOnDemand, uploadOtp, uploadOtpInformation, uploadToCircuit } from './uploads.js';
import { zipStream, type ZipEntry } from '../../core/files/zipWriter.js';

/** Routing of the REST API (docs/providers/fast-parapheur.md#base-url-and-paths), paths relative to /parapheur-ws/rest/v1/. */

export const API_PREFIX = '/parapheur-ws/rest/v1/';

type Handler = (s: RequestScope) => Promise<void>;

interface Route {
  method: string;
  pattern: RegExp;
  handler: Handler;
}

const ID = '([^/]+)';

/** Resolves a path id like FAST (a Java `long`): conversion error, then unknown/deleted document. */
function documentOf(s: RequestScope, raw: string): DocRecord {
  if (!/^\d{1,18}$/.test(raw)) {
    fail(
      undefined,
      `Internal error: Failed to convert value of type 'java.lang.String' to required type 'long'; nested exception is java.lang.NumberFormatException: For input string: "${raw}"`,
    );
  }
  const id = BigInt(raw).toString();
  const doc = s.ctx.store.get(id);
  if (!doc || doc.deleted) fail(undefined, 'Internal error: Invalid docId');
  if (!s.user.sirens.includes(doc.siren)) fail(100, 'Unauthorized', "Votre utilisateur n'est pas autorisé à accéder à ce document.");
  return doc;
}

const withDoc =
  (fn: (s: RequestScope, doc: DocRecord) => Promise<void>): Handler =>
  async (s) => {
    const doc = documentOf(s, s.params[0] ?? '');
    await fn(s, doc);
  };

function lastState(doc: DocRecord): string | null {
  for (let i = doc.entries.length - 1; i >= 0; i--) {
    const st = doc.entries[i]!.stateName;
    if (st !== null) return st;
  }
  return null;
}

function flag(v: string | null): boolean {
  return v !== null && /^(true|1|yes)$/i.test(v.trim());
}

function mainDownload(doc: DocRecord): ZipEntry & { contentType: string } {
  const isPdfCircuit = doc.circuitType === 'BUREAUTIQUE_PDF';
  if (isPdfCircuit && hasSignature(doc)) {
    const name = /\.pdf$/i.test(doc.fileName) ? doc.fileName : `${doc.fileName.replace(/\.zip$/i, '')}`.replace(/(\.pdf)?$/i, '.pdf');
    return { name, data: signedPdf(doc), contentType: 'application/pdf' };
  }
  return { name: doc.fileName, path: doc.path, contentType: contentTypeOf(doc.fileName) };
}

function contentTypeOf(fileName: string): string {
  const ext = (/\.([A-Za-z0-9]+)$/.exec(fileName)?.[1] ?? '').toLowerCase();
  return ext === 'pdf' ? 'application/pdf' : ext === 'xml' ? 'application/xml' : ext === 'zip' ? 'application/zip' : 'application/octet-stream';
}

const DELETABLE = new Set(['Préparé', 'Refusé', 'Rejeté', 'Visa désapprouvé']);

const REMAINING_LABEL: Record<RemainingKind, string> = { ack: "d'acquittement Hélios", 'pes-retour': 'de PES Retour', chorus: 'de fichier Chorus' };

/** English state names used by documents/search (MAARCH) → predicate on the document. */
const SEARCH_STATES: Record<string, (d: DocRecord) => boolean> = {
  prepared: (d) => lastState(d) === 'Préparé',
  inprogress: (d) => d.status === 'open',
  signed: (d) => hasSignature(d),
  refused: (d) => d.status === 'refused',
  completed: (d) => d.status === 'completed',
  classified: (d) => lastState(d) === 'Classé',
};

function exportUser(ctx: ParapheurContext, user: SimUser, siren: string): Record<string, unknown> {
  const circuits = ctx.store.circuits
    .filter((c) => c.siren === siren)
    .map((c) => {
      const profiles: { profil: string }[] = [];
      const email = user.email.toLowerCase();
      const labels = ctx.profileLabels;
      if (c.depositors.some((d) => d.toLowerCase() === email)) profiles.push({ profil: labels.depositor });
      if (c.steps.some((st) => st.kind === 'signature' && st.members.includes(email))) profiles.push({ profil: labels.signer });
      if (c.steps.some((st) => st.kind === 'visa' && st.members.includes(email))) profiles.push({ profil: labels.validator });
      return { circuitId: c.id, circuitName: c.name, habilitations: profiles };
    })
    .filter((c) => c.habilitations.length > 0);
  return {
    nom: user.technical ? user.lastName : user.lastName.toUpperCase(),
    prenom: user.firstName,
    email: user.email,
    authenticationType: user.authenticationType,
    groupes: user.groups,
    circuits,
  };
}

/** synchronization PUT: applies valid entries, returns the failing ones (empty body when all pass). */
async function synchronizeUsers(s: RequestScope): Promise<void> {
  const siren = s.params[0] ?? '';
  const raw = await readSmallBody(s.ctx.faults.requestBody(s.req));
  checkSubscriber(s, siren);
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    fail(undefined, 'Invalid JSON body', "Le corps de la requête n'est pas un JSON valide.");
  }
  if (!Array.isArray(body)) fail(undefined, 'A JSON array of users is expected', 'Une liste JSON d’utilisateurs est attendue.');
  const failures: { email: unknown; errors: string[] }[] = [];
  const valid: SimUser[] = [];
  const seen = new Set<string>();
  for (const item of body as unknown[]) {
    const o = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    const errors: string[] = [];
    const email = typeof o['email'] === 'string' ? o['email'].trim().toLowerCase() : '';
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) errors.push('email invalide');
    if (seen.has(email)) errors.push('email en double');
    if (o['authenticationType'] !== 'CERTIFICAT' && o['authenticationType'] !== 'BASIC') errors.push('authenticationType doit valoir CERTIFICAT ou BASIC');
    if (typeof o['firstName'] !== 'string' || o['firstName'].trim() === '') errors.push('firstName manquant');
    if (typeof o['lastName'] !== 'string' || o['lastName'].trim() === '') errors.push('lastName manquant');
    if (o['groups'] !== undefined && (!Array.isArray(o['groups']) || o['groups'].some((g) => typeof g !== 'string'))) errors.push('groups doit être une liste de textes');
    if (errors.length > 0) {
      failures.push({ email: o['email'] ?? null, errors });
      continue;
    }
    seen.add(email);
    valid.push({
      email,
      firstName: String(o['firstName']).trim(),
      lastName: String(o['lastName']).trim(),
      authenticationType: o['authenticationType'] as SimUser['authenticationType'],
      sirens: [siren],
      groups: (o['groups'] as string[] | undefined) ?? [],
    });
  }
  const users = s.ctx.store.users;
  for (const v of valid) {
    const existing = users.get(v.email);
    if (existing) {
      existing.firstName = v.firstName;
      existing.lastName = v.lastName;
      existing.authenticationType = v.authenticationType;
      existing.groups = v.groups;
      if (!existing.sirens.includes(siren)) existing.sirens.push(siren);
    } else {
      users.set(v.email, v);
    }
  }
  // Destructive by design (DOC): users of this SIREN absent from the body are removed from it.
  const keep = new Set(valid.map((v) => v.email));
  for (const f of failures) if (typeof f.email === 'string') keep.add(f.email.trim().toLowerCase());
  for (const [email, user] of [...users]) {
    if (user.technical || keep.has(email) || !user.sirens.includes(siren)) continue;
    user.sirens = user.sirens.filter((x) => x !== siren);
    if (user.sirens.length === 0) users.delete(email);
  }
  if (failures.length === 0) await s.reply.empty();
  else await s.reply.json(failures);
}

const routes: Route[] = [
  { method: 'POST', pattern: /^documents\/v2\/otp\/([^/]+)\/([^/]+)\/upload$/, handler: uploadOtp },
  { method: 'PUT', pattern: /^documents\/v2\/otp\/([^/]+)\/metadata\/define$/, handler: withDoc(uploadOtpInformation) },
  {
    method: 'GET',
    pattern: /^documents\/v2\/otp\/url$/,
    handler: async (s) => {
      const ids = s.query.getAll('id').flatMap((v) => v.split(','));
      if (ids.length === 0) fail(undefined, "Required request parameter 'id' is not present", 'Au moins un identifiant de document est attendu.');
      const docs = ids.map((id) => documentOf(s, id.trim()));
      await s.reply.json({ url: smsUrl(s, docs) });
    },
  },
  { method: 'POST', pattern: /^documents\/ondemand\/([^/]+)\/upload$/, handler: uploadOnDemand },
  {
    method: 'POST',
    pattern: /^documents\/search$/,
    handler: async (s) => {
      if (!s.ctx.searchEnabled) {
        await s.ctx.faults.discardBody(s.req);
        fail(undefined, `Not Found: ${API_PREFIX}documents/search`, undefined, 404);
      }
      const raw = await readSmallBody(s.ctx.faults.requestBody(s.req));
      let q: Record<string, unknown>;
      try {
        q = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        fail(undefined, 'Invalid JSON body', "Le corps de la requête n'est pas un JSON valide.");
      }
      const siren = String(q['siren'] ?? '');
      checkSubscriber(s, siren);
      const circuit = typeof q['circuit'] === 'string' ? q['circuit'] : null;
      const state = typeof q['state'] === 'string' ? SEARCH_STATES[q['state'].toLowerCase()] : undefined;
      const label = typeof q['label'] === 'string' ? q['label'] : null;
      const ids = [...s.ctx.store.docs.keys()]
        .map((id) => s.ctx.store.get(id)!)
        .filter((d) => !d.deleted && d.siren === siren && (!circuit || d.circuitId === circuit) && (!label || d.label === label) && (!state || state(d)))
        .map((d) => Number(d.id));
      await s.reply.json(ids);
    },
  },
  { method: 'POST', pattern: /^documents\/v2\/([^/]+)\/([^/]+)\/upload$/, handler: uploadToCircuit },
  { method: 'PUT', pattern: /^documents\/v2\/([^/]+)\/metadata\/define$/, handler: withDoc(uploadMeta) },
  {
    method: 'GET',
    pattern: /^documents\/v2\/([^/]+)\/history$/,
    handler: async (s) => {
      const rawId = s.params[0] ?? '';
      // The 30-minute rule counts the call even when it fails.
      const violated = s.ctx.pollRule !== 'off' && /^\d+$/.test(rawId) && s.ctx.store.recordPoll(BigInt(rawId).toString());
      const doc = documentOf(s, rawId);
      if (violated && s.ctx.pollRule === 'error') {
        fail(
          undefined,
          'Too many requests: history of this document was requested less than 30 minutes ago',
          "Espacement minimum de 30 minutes pour le même document : merci d'espacer les consultations de l'historique.",
        );
      }
      await s.reply.json(formatHistory(doc.entries));
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^documents/v2/${ID}/download$`),
    handler: withDoc(async (s, doc) => {
      const acquit = flag(s.query.get('acquit'));
      const fdc = flag(s.query.get('FdC') ?? s.query.get('fdc') ?? s.query.get('FDC'));
      const main = mainDownload(doc);
      if (!acquit && !fdc) {
        if ('data' in main) await s.reply.bytes(main.data, main.contentType, main.name);
        else await s.reply.file(main.path, doc.size, main.contentType, main.name);
        return;
      }
      const entries: ZipEntry[] = [main];
      if (fdc) entries.push({ name: `FdC_${doc.id}.pdf`, data: ficheDeCirculation(doc) });
      if (acquit) {
        const ack = s.ctx.store.peekRemaining('ack', doc.id);
        if (ack) entries.push({ name: `ACQUIT_${doc.id}.xml`, data: Buffer.from(ack.content, 'utf8') });
      }
      await s.reply.stream(zipStream(entries), 'application/zip', `${doc.id}.zip`);
    }),
  },
  {
    method: 'GET',
    pattern: new RegExp(`^documents/v2/${ID}/getFdc$`),
    handler: withDoc(async (s, doc) => {
      await s.reply.bytes(ficheDeCirculation(doc), 'application/pdf', `FdC_${doc.id}.pdf`);
    }),
  },
  {
    method: 'GET',
    pattern: new RegExp(`^documents/v2/${ID}/comments/refusal$`),
    handler: withDoc(async (s, doc) => {
      if (doc.status !== 'refused' || !doc.refusalComment) fail(102, 'No refusal comment for this document', 'Aucun commentaire de refus pour ce document.');
      await s.reply.json({ comment: doc.refusalComment });
    }),
  },
  {
    method: 'GET',
    pattern: /^documents\/v2\/([^/]+)\/(ack|pes-retour|chorus)\/remaining$/,
    handler: async (s) => {
      const siren = s.params[0] ?? '';
      checkSubscriber(s, siren);
      const kind = s.params[1] as RemainingKind;
      await s.reply.json(s.ctx.store.remainingIds(kind, siren).map(Number));
    },
  },
  {
    method: 'GET',
    pattern: /^documents\/v2\/([^/]+)\/(ack|pes-retour|chorus)\/download$/,
    handler: async (s) => {
      const raw = s.params[0] ?? '';
      const kind = s.params[1] as RemainingKind;
      if (!/^\d{1,18}$/.test(raw)) documentOf(s, raw);
      const id = BigInt(raw).toString();
      const doc = s.ctx.store.docs.get(id);
      if (kind === 'ack' && doc && !doc.circuitType.startsWith('HELIOS')) {
        fail(undefined, 'Acknowledgement only exists for PES documents', "L'acquittement Hélios ne concerne que les flux PES.");
      }
      const item = s.ctx.store.peekRemaining(kind, id);
      if (!item) {
        if (!doc || doc.deleted) fail(undefined, 'Internal error: Invalid docId');
        fail(undefined, `No ${kind} available for document ${id}`, `Aucun fichier ${REMAINING_LABEL[kind]} n'est disponible pour le document ${id}.`);
      }
      if (!s.user.sirens.includes(item.siren)) fail(100, 'Unauthorized', "Votre utilisateur n'est pas autorisé à accéder à ce document.");
      s.ctx.store.takeRemaining(kind, id);
      await s.reply.bytes(Buffer.from(item.content, 'utf8'), 'application/xml;charset=UTF-8', `${kind}_${id}.xml`);
    },
  },
  {
    method: 'DELETE',
    pattern: new RegExp(`^documents/v2/${ID}$`),
    handler: withDoc(async (s, doc) => {
      const state = lastState(doc);
      if (state === null || !DELETABLE.has(state)) {
        fail(
          undefined,
          `Document cannot be deleted in state '${state ?? 'inconnu'}'`,
          `Le document ne peut pas être supprimé dans l'état « ${state ?? 'inconnu'} » (seulement Préparé, Refusé, Rejeté ou Visa désapprouvé).`,
        );
      }
      s.ctx.store.delete(doc);
      await s.reply.empty();
    }),
  },
  {
    method: 'GET',
    pattern: new RegExp(`^documents/${ID}/metas$`),
    handler: withDoc(async (s, doc) => {
      if (doc.metadata.length === 0) {
        await s.reply.empty(204);
        return;
      }
      await s.reply.json(doc.metadata.map((m, i) => ({ metaDataId: i + 1, metaDataName: m.name, metaDataValue: m.value })));
    }),
  },
  {
    method: 'GET',
    pattern: /^exportUsersData$/,
    handler: async (s) => {
      const siren = s.query.get('siren') ?? '';
      checkSubscriber(s, siren);
      const users = [...s.ctx.store.users.values()].filter((u) => u.sirens.includes(siren));
      await s.reply.json({ users: users.map((u) => exportUser(s.ctx, u, siren)) });
    },
  },
  { method: 'PUT', pattern: /^synchronization\/([^/]+)\/users$/, handler: synchronizeUsers },
  {
    // Simulator extension (FAST only lists circuits through SOAP getCircuits).
    method: 'GET',
    pattern: /^circuits$/,
    handler: async (s) => {
      if (!s.ctx.circuitListing) {
        await s.reply.error({ developerMessage: `Not Found: ${API_PREFIX}circuits` }, 404);
        return;
      }
      const siren = s.query.get('siren') ?? '';
      checkSubscriber(s, siren);
      const name = (email: string): { username: string; userFullname: string } => {
        const u = s.ctx.store.user(email);
        return { username: email, userFullname: u ? `${u.lastName.toUpperCase()} ${u.firstName}` : email };
      };
      const list = s.ctx.store.circuits
        .filter((c) => c.siren === siren && s.ctx.store.canDeposit(s.user, c))
        .map((c) => ({
          circuitId: c.id,
          circuitName: c.name,
          circuitType: c.type,
          signers: c.steps.filter((st) => st.kind === 'signature').flatMap((st) => st.members.map(name)),
          validators: c.steps.filter((st) => st.kind === 'visa').flatMap((st) => st.members.map(name)),
          steps: c.steps.map((st) => ({ kind: st.kind, members: st.members })),
          accepts: c.accepts,
          classify: c.classify,
          metadata: c.metadata,
          recipientMailAllowed: c.recipientMailAllowed,
          onDemand: c.id === ON_DEMAND_CIRCUIT_ID,
        }));
      await s.reply.json(list, 200, { 'x-simulator-extension': 'true' });
    },
  },
];

/** Finds the route of a normalised API path; `null` = unknown path, `'method'` = known path, other verb. */
export function matchRoute(method: string, path: string): { handler: Handler; params: string[] } | 'method' | null {
  let pathKnown = false;
  for (const r of routes) {
    const m = r.pattern.exec(path);
    if (!m) continue;
    if (r.method !== method) {
      pathKnown = true;
      continue;
    }
    let params: string[];
    try {
      params = m.slice(1).map((p) => decodeURIComponent(p ?? ''));
    } catch {
      params = m.slice(1).map((p) => p ?? '');
    }
    return { handler: r.handler, params };
  }
  return pathKnown ? 'method' : null;
}

export { FastFailure };
