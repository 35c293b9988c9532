import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import { GuichetError, isGuichetError } from '../../../../shared/ipc/errors.js';
import {
  depositedAnnexSchema,
  depositMetadataEntrySchema,
  type DepositMetadataEntry,
  maxDepositMetadataEntries,
  type DepositTarget,
  type DocumentRow,
  type FileCheck,
} from '../../../../shared/domain/parapheur.js';
import { backoffDelay } from '../../../core/http/retry.js';
import { isTransientNetworkError } from '../../../core/http/networkErrors.js';
import { parapheurErrorCodes, isRetryableParapheurError, isUnknownDocumentError } from '../errors.js';
import { checkComment, checkLabel, depositProviderFileName, normalizeEmail, normalizeEmailList, sanitizeProviderFileName, toE164, validateDocumentId } from '../normalize.js';
import { buildMetadataXml, buildOtpInformationXml } from '../xml.js';
import { zipStream } from '../../../core/files/zipWriter.js';
import type { DocumentLedger, LedgerRow } from './documentLedger.js';
import type { ParapheurSessions, ParapheurSession } from './parapheurConnection.js';
import type { ParapheurServiceDeps } from './deps.js';
import type { DroppedFile } from '../../../core/files/droppedFiles.js';
import { damagedPdfMediaType } from '../../../core/files/mediaTypes.js';
import type { CircuitBook } from './circuitBook.js';
import type { UploadFile } from '../client.js';
import { createDepositReconciler, type ReconcileResult } from './depositReconciler.js';
import { providerPollRuleMs } from './documentTracker.js';

/** No provider limit is published; beyond this a deposit is almost certainly a mistake. */
export const maxDepositBytes = 1024 ** 3;
const onDemandCircuitId = 'circuit-a-la-volee';
const maxServerErrorAttempts = 6;
const activeStates = ['queued', 'uploading', 'unknown', 'waiting_network'] as const;
/** Keeps a row out of the pump's pick while a one-off check decides its fate. */
const neverDue = '9999-12-31T00:00:00.000Z';

const mediaTypeOfKind: Record<string, string[]> = {
  pdf: ['application/pdf'],
  xml: ['application/xml'],
  zip: ['application/zip'],
};
const kindNames: Record<string, string> = { pdf: 'PDF', xml: 'XML', zip: 'ZIP', any: 'tout format' };

export interface DepositRequest {
  target: DepositTarget;
  label: string;
  comment: string;
  recipients: string;
  cc: string;
  agents: string;
  otpSigners: { firstName: string; lastName: string; phone: string; email: string }[];
  /**
   * Metadata defined on FAST right after the upload (uploadMeta, docs/providers/fast-parapheur.md#metadata-and-otp), before the OTP
   * information (same section). Only circuits with a metadata (or OTP) step accept them.
   */
  metadata?: DepositMetadataEntry[];
  fileIds: string[];
  /**
   * Annexes of the (single) main file: packed with it into `<main>.zip` for a predefined circuit
   * accepting ZIP, sent as repeated `annexes` parts for an on-demand circuit.
   */
  annexFileIds?: string[];
}

/** One entry of the `annexes` column: the provider-safe name sent to FAST, the clerk's own name, the stored copy. */
interface StoredAnnex {
  name: string;
  originalName: string;
  size: number;
  sha256: string;
}


interface InFlight {
  controller: AbortController;
  batchId: string;
  /** Every byte is sent: FAST may be storing the document right now, so aborting could not undo it. */
  bodySent: boolean;
}

/**
 * The clerk's metadata, checked before the row exists: an entry FAST could never receive (bad name,
 * a control character in the value) is refused in the dialog, not after the document is filed.
 * Empty rows are dropped; a name given twice is refused (FAST would silently keep the last one).
 */
export function checkMetadata(entries: readonly DepositMetadataEntry[]): DepositMetadataEntry[] {
  const kept = entries.map((e) => ({ name: String(e.name ?? '').trim(), value: String(e.value ?? '').trim() })).filter((e) => e.name !== '' || e.value !== '');
  const parsed = depositMetadataEntrySchema.array().max(maxDepositMetadataEntries).safeParse(kept);
  if (!parsed.success) {
    throw new GuichetError('INVALID_INPUT', `Métadonnées invalides : ${maxDepositMetadataEntries} au plus, des noms comme TEXT_001 (lettres, chiffres et _, 64 caractères au plus), des valeurs de 255 caractères au plus.`);
  }
  const names = new Set<string>();
  for (const entry of parsed.data) {
    if (names.has(entry.name)) throw new GuichetError('INVALID_INPUT', `La métadonnée ${entry.name} figure deux fois : gardez-en une seule.`);
    names.add(entry.name);
  }
  buildMetadataXml(parsed.data);
  return parsed.data;
}

type OtpSigner = DepositRequest['otpSigners'][number];

/**
 * The SMS signers, checked and normalised before the row exists: a phone number that cannot become
 * E.164, or an invalid e-mail, is refused in the dialog rather than after the document is filed
 * (FAST would refuse the OTP information and the document would wait for a signer it cannot reach).
 */
export function checkOtpSigners(signers: readonly OtpSigner[]): OtpSigner[] {
  if (signers.length === 0) return [];
  buildOtpInformationXml(signers);
  return signers.map((s) => ({ firstName: s.firstName.trim(), lastName: s.lastName.trim(), phone: toE164(s.phone), email: normalizeEmail(s.email) }));
}

/** The metadata stored on a row; a row whose metadata cannot be read has none to send (logged by the caller). */
function metadataOf(row: LedgerRow): DepositMetadataEntry[] | null {
  if (!row.metadata_json) return [];
  try {
    const parsed = depositMetadataEntrySchema.array().safeParse(JSON.parse(row.metadata_json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * A failure of a post-upload call worth trying again: the network, FAST down, or a 5xx / unreadable
 * answer without a FAST error body. A FAST error body (metadata refused, unknown document…) or a local
 * validation error is an answer, not an accident: retrying would only loop.
 */
function isTransientFollowupError(error: unknown): boolean {
  if (isRetryableParapheurError(error)) return true;
  if (!isGuichetError(error)) return false;
  if (error.code === parapheurErrorCodes.malformed) return true;
  const details = error.details as { httpStatus?: number; providerCode?: number } | undefined;
  return error.code === parapheurErrorCodes.providerError && details?.providerCode === undefined && typeof details?.httpStatus === 'number' && details.httpStatus >= 500;
}

/**
 * What the clerk reads of a failure: our own errors are written for them; anything else (a database
 * constraint, a programming error) is logged by the caller and shown as a coded generic sentence.
 */
function clerkMessageOf(error: unknown): string {
  if (isGuichetError(error)) return error.message;
  return 'Erreur interne de Guichet (code INTERNAL) ; l’incident a été journalisé. Réessayez, ou signalez-le au support.';
}

/**
 * The deposit outbox. A file the clerk drops is checked, copied into the blob store and written as a
 * ledger row BEFORE anything is sent; a runner then streams rows to FAST with bounded concurrency.
 * Exactly once: an upload whose outcome is unknown (crash, reset, timeout after the body left) is
 * retried with the same (circuit, label, file name); FAST's duplicate rule turns a retry of an upload
 * that did land into a "duplicate" answer, and the existing document is then found and adopted.
 */
export function createDepositOutbox(
  deps: ParapheurServiceDeps,
  ledger: DocumentLedger,
  connection: ParapheurSessions,
  circuits: Pick<CircuitBook, 'get' | 'remember' | 'refresh'>,
) {
  const now = deps.clocks.now;
  const db = deps.db;
  const inFlight = new Map<number, InFlight>();
  let running = false;
  let pumpTimer: NodeJS.Timeout | null = null;
  let pumping = false;
  const lastProgress = new Map<number, number>();
  const sends = new Set<Promise<void>>();

  const insertRow = db.prepare(`
    INSERT INTO parapheur_documents (batch_id, environment, siren, circuit_id, circuit_name, on_demand, label, comment, recipients, cc, agents,
      otp_signers, metadata_json, original_name, provider_name, media_type, blob_sha256, size, annexes, outbox_state, phase, step_count, created_at, updated_at)
    VALUES (@batch_id, @environment, @siren, @circuit_id, @circuit_name, @on_demand, @label, @comment, @recipients, @cc, @agents,
      @otp_signers, @metadata_json, @original_name, @provider_name, @media_type, @blob_sha256, @size, @annexes, 'queued', 'en_attente', @step_count, @now, @now)`);
  const sameDeposit = db.prepare<{ environment: string; siren: string; circuit_id: string; label: string; original_name: string }, { created_at: string; outbox_state: string }>(`
    SELECT created_at, outbox_state FROM parapheur_documents
    WHERE environment = @environment AND siren = @siren AND circuit_id = @circuit_id AND label = @label AND original_name = @original_name
      AND outbox_state NOT IN ('failed', 'cancelled') AND phase <> 'supprime'
    LIMIT 1`);
  const dueRows = db.prepare<{ now: string; limit: number }, LedgerRow>(`
    SELECT * FROM parapheur_documents
    WHERE outbox_state IN ('queued', 'unknown', 'waiting_network') AND (next_attempt_at IS NULL OR next_attempt_at <= @now)
    ORDER BY local_id LIMIT @limit`);
  const dueFollowups = db.prepare<{ now: string; limit: number }, LedgerRow>(`
    SELECT * FROM parapheur_documents
    WHERE followups_pending = 1 AND (next_attempt_at IS NULL OR next_attempt_at <= @now)
    ORDER BY local_id LIMIT @limit`);
  const nextDue = db.prepare<[], { at: string | null }>(`
    SELECT min(at) AS at FROM (
      SELECT min(coalesce(next_attempt_at, '')) AS at FROM parapheur_documents WHERE outbox_state IN ('queued', 'unknown', 'waiting_network')
      UNION ALL
      SELECT min(coalesce(next_attempt_at, '')) AS at FROM parapheur_documents WHERE followups_pending = 1
    )`);
  const holderOfId = db.prepare<{ environment: string; document_id: string; local_id: number }, LedgerRow>(
    'SELECT * FROM parapheur_documents WHERE environment = @environment AND document_id = @document_id AND local_id <> @local_id',
  );
  const reconciler = createDepositReconciler(db, deps.logger);

  function emit(row: LedgerRow) {
    deps.bus.emit('parapheur.document.changed', ledger.toDocumentRow(row));
  }

  async function describeTarget(session: ParapheurSession, target: DepositTarget) {
    if (target.kind === 'ondemand') {
      const kinds = target.circuit.type === 'BUREAUTIQUE_PDF' ? ['pdf'] : target.circuit.type === 'BUREAUTIQUE_XML' ? ['xml'] : ['xml'];
      return { id: onDemandCircuitId, name: 'Circuit à la volée', accepts: kinds, stepCount: target.circuit.steps.length, onDemand: JSON.stringify(target.circuit) };
    }
    // A circuit id the ledger does not know yet may simply be new on FAST: ask once before refusing.
    const circuit = circuits.get(session, target.circuitId) ?? (await circuits.refresh(session), circuits.get(session, target.circuitId));
    if (!circuit) {
      throw new GuichetError('INVALID_INPUT', `Le circuit « ${target.circuitId} » n’est pas connu : ajoutez-le d’abord à la liste des circuits.`);
    }
    return { id: circuit.id, name: circuit.name, accepts: circuit.accepts as string[], stepCount: circuit.stepCount, onDemand: null };
  }

  /** Why a file may not go to this circuit, or null. Nothing here touches the network. */
  function refusal(file: DroppedFile, accepts: string[]): string | null {
    if (file.mediaType === 'application/x-msdownload' || file.mediaType === 'application/x-executable') {
      return 'Les programmes (.exe et autres exécutables) ne sont jamais déposés dans un parapheur.';
    }
    if (file.size === 0) return 'Le fichier est vide (0 octet).';
    if (file.mediaType === damagedPdfMediaType) {
      return 'Ce PDF est incomplet ou abîmé : aucun lecteur ne peut l’ouvrir. Enregistrez-le à nouveau depuis son logiciel d’origine, puis redéposez-le.';
    }
    if (file.size > maxDepositBytes) return `Le fichier est trop volumineux (${Math.round(file.size / 1024 ** 2)} Mo ; 1 Go au plus).`;
    if (accepts.includes('any')) return null;
    const ok = accepts.some((k) => (mediaTypeOfKind[k] ?? []).includes(file.mediaType));
    if (ok) return null;
    const expected = accepts.map((k) => kindNames[k] ?? k).join(' ou ');
    const looksPdfByName = /\.pdf$/i.test(file.name) && accepts.includes('pdf');
    return looksPdfByName
      ? `Le contenu de ce fichier n’est pas un PDF valide, malgré son extension. Ce circuit n’accepte que : ${expected}.`
      : `Format refusé : ce circuit n’accepte que ${expected}.`;
  }

  async function check(target: DepositTarget, rawLabel: string, fileIds: string[], annexFileIds: string[] = []): Promise<FileCheck[]> {
    const session = await connection.session();
    const circuit = await describeTarget(session, target);
    const label = checkLabel(rawLabel ?? '');
    const seen = new Set<string>();
    const checkOne = (fileId: string): FileCheck => {
      let file: DroppedFile;
      try {
        file = deps.droppedFiles.get(fileId);
      } catch (error) {
        return { fileId, name: '?', size: 0, mediaType: '', accepted: false, reason: (error as Error).message, providerName: null };
      }
      let reason = refusal(file, circuit.accepts);
      if (!reason && seen.has(file.name)) reason = 'Ce fichier figure deux fois dans le dépôt.';
      if (!reason) {
        const earlier = sameDeposit.get({ environment: session.environment, siren: session.siren, circuit_id: circuit.id, label, original_name: file.name });
        if (earlier) {
          reason = `Déjà déposé dans ce circuit avec ce libellé le ${new Date(earlier.created_at).toLocaleString('fr-FR')}. Changez le libellé pour le déposer à nouveau.`;
        }
      }
      seen.add(file.name);
      let providerName: string | null = null;
      if (reason === null) {
        // With annexes a predefined circuit wants `<main file name with extension>.zip`: the name
        // keeps room for `.zip`. On demand, the annexes are parts of their own and the name is plain.
        providerName = depositProviderFileName(file.name, fileId, { zip: annexFileIds.length > 0 && !circuit.onDemand });
      }
      return { fileId, name: file.name, size: file.size, mediaType: file.mediaType, accepted: reason === null, reason, providerName };
    };
    // In slices: checking a 500-file drop in one go held the event loop for tens of milliseconds.
    const mains: FileCheck[] = [];
    for (const [index, fileId] of fileIds.entries()) {
      if (index > 0 && index % 25 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
      mains.push(checkOne(fileId));
    }
    if (annexFileIds.length === 0) return mains;
    const annexes = checkAnnexes(circuit, mains, annexFileIds);
    // All or nothing: a document never leaves without one of the annexes the clerk attached.
    if (mains.length === 1 && mains[0]!.accepted && annexes.some((a) => !a.accepted)) {
      mains[0] = { ...mains[0]!, accepted: false, providerName: null, reason: 'Une annexe au moins est refusée (voir ci-dessous) : le document n’est pas déposé sans elle.' };
    }
    return [...mains, ...annexes];
  }

  /**
   * Annexes of one main document (docs/providers/fast-parapheur.md#annexes): a predefined circuit takes them inside
   * `<main>.pdf.zip`, so only when it accepts ZIP and only around one PDF; an on-demand circuit takes
   * them as repeated `annexes` parts next to its main file, whatever its format. Every annex is
   * checked like a deposit, and the main file with its annexes must stay within the deposit size limit.
   */
  function checkAnnexes(circuit: { accepts: string[]; onDemand: string | null }, mains: FileCheck[], annexFileIds: string[]): FileCheck[] {
    const main = mains.length === 1 && mains[0]!.accepted ? mains[0]! : null;
    const onDemand = circuit.onDemand !== null;
    let general: string | null = null;
    if (!onDemand && !circuit.accepts.includes('zip')) general = 'Ce circuit n’accepte pas d’annexes : il faudrait qu’il accepte les archives ZIP (« <fichier>.pdf.zip »).';
    else if (mains.length !== 1) general = 'Les annexes accompagnent un seul document : déposez un document principal à la fois avec ses annexes.';
    else if (!main) general = 'Le document principal est refusé : ses annexes ne peuvent pas partir seules.';
    else if (!onDemand && main.mediaType !== 'application/pdf') general = 'Avec des annexes, le document principal doit être un PDF.';
    // Names already taken: in the ZIP (the main entry), or among the parts of the on-demand upload.
    const taken = new Set<string>(main?.providerName ? [main.providerName.replace(/\.zip$/, '').toLowerCase()] : []);
    let total = main?.size ?? 0;
    return annexFileIds.map((fileId) => {
      let file: DroppedFile;
      try {
        file = deps.droppedFiles.get(fileId);
      } catch (error) {
        return { fileId, name: '?', size: 0, mediaType: '', accepted: false, reason: (error as Error).message, providerName: null, annex: true };
      }
      let reason = general;
      if (!reason && (file.mediaType === 'application/x-msdownload' || file.mediaType === 'application/x-executable')) {
        reason = 'Les programmes (.exe et autres exécutables) ne sont jamais déposés dans un parapheur, même en annexe.';
      }
      if (!reason && file.size === 0) reason = 'L’annexe est vide (0 octet).';
      if (!reason && file.mediaType === damagedPdfMediaType) reason = 'Ce PDF est incomplet ou abîmé : aucun lecteur ne peut l’ouvrir.';
      if (!reason && mains.some((m) => m.fileId === fileId)) reason = 'Ce fichier est déjà le document principal.';
      let providerName: string | null = null;
      if (!reason) {
        // Readable names for the signers (MAARCH uses PJ_<n>); the same name twice gets a number.
        const clean = sanitizeProviderFileName(file.name);
        const dot = clean.lastIndexOf('.');
        providerName = clean;
        for (let n = 2; taken.has(providerName.toLowerCase()); n++) {
          providerName = dot > 0 ? `${clean.slice(0, dot)}_${n}${clean.slice(dot)}` : `${clean}_${n}`;
        }
        total += file.size;
        if (total > maxDepositBytes) {
          const what = onDemand ? 'le dépôt' : 'l’archive';
          reason = `Avec cette annexe, ${what} dépasserait la taille maximale d’un dépôt (${Math.round(maxDepositBytes / 1024 ** 2)} Mo).`;
          providerName = null;
        } else {
          taken.add(providerName.toLowerCase());
        }
      }
      return { fileId, name: file.name, size: file.size, mediaType: file.mediaType, accepted: reason === null, reason, providerName, annex: true };
    });
  }

  async function submit(request: DepositRequest): Promise<{ batchId: string; accepted: DocumentRow[]; refused: FileCheck[] }> {
    const session = await connection.session();
    const circuit = await describeTarget(session, request.target);
    const label = checkLabel(request.label ?? '');
    const comment = checkComment(request.comment ?? '');
    const recipients = request.recipients ? normalizeEmailList(request.recipients) : '';
    const cc = request.cc ? normalizeEmailList(request.cc) : '';
    const agents = request.agents ? normalizeEmailList(request.agents) : '';
    const metadata = checkMetadata(request.metadata ?? []);
    const otpSigners = checkOtpSigners(request.otpSigners);
    const checks = await check(request.target, label, request.fileIds, request.annexFileIds ?? []);
    const batchId = crypto.randomBytes(9).toString('base64url');
    const accepted: DocumentRow[] = [];
    const refused = checks.filter((c) => !c.accepted);
    const annexChecks = checks.filter((c) => c.annex && c.accepted);
    for (const c of checks.filter((x) => x.accepted && !x.annex)) {
      const file = deps.droppedFiles.get(c.fileId);
      // The outbox keeps its own copy: the clerk may move or delete the original right after the drop.
      // With annexes on a predefined circuit, that copy is the `<main>.pdf.zip` itself; on demand, the
      // main file and each annex are copied as they are. Either way everything is stored before the
      // row exists: every retry sends the very same bytes, and the hash of what FAST gives back on
      // download (the ZIP, or the on-demand main file) stays the reconciliation key.
      const withAnnexes = annexChecks.length > 0;
      const packed = withAnnexes && !circuit.onDemand ? await packWithAnnexes(file, c.providerName!, annexChecks) : null;
      const attached = withAnnexes && circuit.onDemand ? await storeAnnexes(annexChecks) : null;
      const annexes = packed?.annexes ?? attached;
      const blob = packed?.blob ?? (await deps.blobs.putFile(file.path, { mediaType: file.mediaType }));
      const info = insertRow.run({
        batch_id: batchId,
        environment: session.environment,
        siren: session.siren,
        circuit_id: circuit.id,
        circuit_name: circuit.name,
        on_demand: circuit.onDemand,
        label,
        comment,
        recipients,
        cc,
        agents,
        otp_signers: otpSigners.length ? JSON.stringify(otpSigners) : null,
        metadata_json: metadata.length ? JSON.stringify(metadata) : null,
        original_name: file.name,
        provider_name: c.providerName!,
        media_type: packed ? 'application/zip' : file.mediaType,
        blob_sha256: blob.sha256,
        size: blob.size,
        annexes: annexes ? JSON.stringify(annexes) : null,
        step_count: circuit.stepCount,
        now: now().toISOString(),
      });
      const row = ledger.get(Number(info.lastInsertRowid))!;
      accepted.push(ledger.toDocumentRow(row));
      await deps.droppedFiles.forget(c.fileId);
      for (const a of annexChecks) await deps.droppedFiles.forget(a.fileId);
      deps.journal.append({
        actor: 'agent',
        action: 'parapheur.deposit.queued',
        provider: 'parapheur',
        objectType: 'document',
        objectId: String(row.local_id),
        summary: packed
          ? `« ${file.name} » et ${packed.annexes.length} annexe(s) mis en file pour le circuit ${circuit.name} (archive ${c.providerName})`
          : annexes
            ? `« ${file.name} » et ${annexes.length} annexe(s) mis en file pour le circuit ${circuit.name}`
            : `« ${file.name} » mis en file pour le circuit ${circuit.name}`,
      });
    }
    if (request.target.kind === 'circuit' && accepted.length > 0) circuits.remember(session, circuit.id, label, recipients, metadata.map((m) => m.name));
    kick();
    return { batchId, accepted, refused };
  }

  /**
   * Builds `<main>.pdf.zip` (main file + annexes, stored uncompressed) straight into the blob store.
   * The parts are copied into the store first: the writer reads each file twice (CRC, then bytes),
   * and a blob cannot change in between, whereas the clerk's original can.
   */
  async function packWithAnnexes(main: DroppedFile, zipName: string, annexChecks: FileCheck[]) {
    const mainBlob = await deps.blobs.putFile(main.path, { mediaType: main.mediaType });
    const annexes = await storeAnnexes(annexChecks);
    const entries = [
      { name: zipName.replace(/\.zip$/, ''), path: deps.blobs.pathOf(mainBlob.sha256) },
      ...annexes.map((a) => ({ name: a.name, path: deps.blobs.pathOf(a.sha256) })),
    ];
    const blob = await deps.blobs.putStream(Readable.from(zipStream(entries, now())), { mediaType: 'application/zip', maxBytes: maxDepositBytes + 1024 ** 2 });
    return { blob, annexes };
  }

  /** Copies each accepted annex into the blob store, in the clerk's order, under its provider-safe name. */
  async function storeAnnexes(annexChecks: FileCheck[]): Promise<StoredAnnex[]> {
    const annexes: StoredAnnex[] = [];
    for (const a of annexChecks) {
      const file = deps.droppedFiles.get(a.fileId);
      const blob = await deps.blobs.putFile(file.path, { mediaType: file.mediaType });
      annexes.push({ name: a.providerName!, originalName: file.name, size: blob.size, sha256: blob.sha256 });
    }
    return annexes;
  }

  /**
   * The `annexes` parts of an on-demand upload, from the row's stored copies. Read strictly: a row
   * whose annexes cannot be read fails rather than leaving without them.
   */
  function annexPartsOf(row: LedgerRow): UploadFile[] {
    if (!row.annexes) return [];
    let value: unknown;
    try {
      value = JSON.parse(row.annexes);
    } catch {
      value = null;
    }
    const parsed = depositedAnnexSchema.array().safeParse(value);
    if (!parsed.success) {
      throw new GuichetError('INTERNAL', 'Les annexes enregistrées pour ce dépôt sont illisibles : le document n’est pas envoyé sans elles. Déposez-le à nouveau avec ses annexes.');
    }
    return parsed.data.map((a) => ({ path: deps.blobs.pathOf(a.sha256), name: a.name, size: a.size }));
  }

  function cancel(selector: { localId: number } | { batchId: string }): number {
    const rows =
      'localId' in selector
        ? [ledger.get(selector.localId)].filter((r): r is LedgerRow => !!r)
        : (db.prepare('SELECT * FROM parapheur_documents WHERE batch_id = ?').all(selector.batchId) as LedgerRow[]);
    let cancelled = 0;
    for (const row of rows) {
      if (!(activeStates as readonly string[]).includes(row.outbox_state)) continue;
      // An upload in flight may already have landed: it is aborted, then reconciled, never forgotten.
      const flying = inFlight.get(row.local_id);
      // Once the whole body is sent, FAST may store it after our abort, behind our back: let it finish
      // and track the document rather than call it cancelled while it sits in the circuit.
      if (flying?.bodySent) continue;
      if (flying) flying.controller.abort();
      if (row.document_id_status === 'searching') {
        // FAST has it already: stop looking for its number at once, and leave the clerk the way to give it.
        markIdUnknown(
          ledger.get(row.local_id)!,
          'Recherche arrêtée à votre demande. FAST avait déjà reçu ce document : indiquez son numéro FAST pour le suivre, ou supprimez-le dans FAST.',
        );
      } else if (row.outbox_state === 'uploading' || row.outbox_state === 'unknown') {
        emit(ledger.update(row.local_id, { outbox_state: 'unknown', last_error: 'Annulation demandée pendant l’envoi : vérification auprès de FAST…', next_attempt_at: neverDue }));
        void reconcileCancelled(row.local_id);
      } else {
        emit(ledger.update(row.local_id, { outbox_state: 'cancelled', phase: 'en_attente', last_error: 'Dépôt annulé', next_attempt_at: null }));
      }
      cancelled++;
    }
    return cancelled;
  }

  /**
   * A cancelled upload that had started: one look at FAST (never an upload) to find out whether an
   * earlier attempt landed, and say so. Whatever the look gives, the row leaves the outbox.
   */
  async function reconcileCancelled(localId: number) {
    const controller = new AbortController();
    inFlight.set(localId, { controller, batchId: ledger.get(localId)!.batch_id, bodySent: false });
    try {
      const session = await connection.session();
      const found = await reconciler.find(session, ledger.get(localId)!, controller.signal);
      if (controller.signal.aborted) return;
      if (found.documentId) {
        markFiled(ledger.get(localId)!, found.documentId, 'Le document était déjà arrivé chez FAST avant l’annulation : il est suivi normalement.', found.historyReadAt);
      } else {
        emit(ledger.update(localId, { outbox_state: 'cancelled', last_error: 'Dépôt annulé', next_attempt_at: null }));
      }
    } catch (error) {
      if (controller.signal.aborted) return;
      deps.logger.warn('reconcile after cancel failed', { localId, error: (error as Error).message });
      emit(
        ledger.update(localId, {
          outbox_state: 'cancelled',
          last_error: 'Dépôt annulé. Guichet n’a pas pu vérifier auprès de FAST qu’un envoi précédent n’était pas arrivé : vérifiez dans FAST.',
          next_attempt_at: null,
        }),
      );
    } finally {
      inFlight.delete(localId);
    }
  }

  /**
   * Looks for the number of a document FAST has (it answered « déjà déposé »), never uploading it
   * again: found, the row is filed; not found, it is « déposé — numéro FAST inconnu » and the clerk
   * gives the number; a network failure is tried again later, still without uploading.
   */
  async function reconcile(localId: number, signal: AbortSignal): Promise<void> {
    let found: ReconcileResult;
    try {
      const session = await connection.session();
      found = await reconciler.find(session, ledger.get(localId)!, signal);
    } catch (error) {
      if (signal.aborted) return;
      const row = ledger.get(localId)!;
      if (isRetryableParapheurError(error)) {
        const delay = backoffDelay(Math.min(row.attempts, 10), 2000, 5 * 60_000);
        emit(
          ledger.update(localId, {
            last_error: `FAST a déjà reçu ce document ; la recherche de son numéro est interrompue (${clerkMessageOf(error)}) : elle reprendra automatiquement, sans nouvel envoi.`,
            next_attempt_at: new Date(now().getTime() + delay).toISOString(),
          }),
        );
        schedulePump(delay);
        if (isTransientNetworkError(error)) void deps.network.check();
        return;
      }
      if (!isGuichetError(error)) deps.logger.error('reconciliation failed unexpectedly', { localId, error: (error as Error)?.message });
      markIdUnknown(row, `Document déposé chez FAST, mais la recherche de son numéro a échoué (${clerkMessageOf(error)}). Indiquez son numéro FAST pour le suivre.`);
      return;
    }
    if (signal.aborted) return;
    if (!found.documentId) {
      markIdUnknown(
        ledger.get(localId)!,
        'Document déposé chez FAST, mais Guichet ne retrouve pas son numéro (plusieurs documents possibles, ou recherche indisponible sur ce serveur). Indiquez son numéro FAST pour le suivre ; il ne sera pas déposé à nouveau.',
      );
      return;
    }
    const note =
      found.foundBy === 'depositDate'
        ? 'Document retrouvé chez FAST par sa date de dépôt (il y a déjà été traité, son contenu ne peut plus être comparé) : vérifiez dans FAST qu’il s’agit bien du vôtre.'
        : null;
    // The earlier attempt may have died before its metadata / OTP calls: they are owed here too.
    markFiled(ledger.get(localId)!, found.documentId, note, found.historyReadAt);
    await runFollowups(localId);
  }

  /** A pump-started search for the number of a document FAST has. */
  async function sendReconcile(row: LedgerRow) {
    const controller = new AbortController();
    inFlight.set(row.local_id, { controller, batchId: row.batch_id, bodySent: false });
    try {
      await reconcile(row.local_id, controller.signal);
    } finally {
      inFlight.delete(row.local_id);
      schedulePump(0);
    }
  }

  /** « Déposé — numéro FAST inconnu »: on FAST, out of the outbox for good, waiting for the clerk to give its number. */
  function markIdUnknown(row: LedgerRow, note: string) {
    const at = now().toISOString();
    emit(
      ledger.update(row.local_id, {
        outbox_state: 'filed',
        phase: 'depose',
        document_id_status: 'unknown',
        filed_at: row.filed_at ?? at,
        last_error: note,
        next_attempt_at: null,
        next_poll_at: null,
        deletable: 0,
      }),
    );
    deps.journal.append({
      actor: 'système',
      action: 'parapheur.deposit.idUnknown',
      provider: 'parapheur',
      objectType: 'document',
      objectId: String(row.local_id),
      summary: `« ${row.original_name} » : ${note}`,
    });
    deps.bus.emit('notify', { level: 'warning', title: 'Document déposé, numéro FAST inconnu', body: `« ${row.original_name} » : ${note}` });
  }

  /**
   * The clerk gives (or confirms) the FAST number of a document Guichet could not identify. It must be
   * a document FAST has (its history is read, which also serves as the first poll) and no other row's.
   */
  async function confirmDocumentId(localId: number, rawId: string): Promise<DocumentRow> {
    const row = ledger.get(localId);
    if (!row) throw new GuichetError('NOT_FOUND', 'Document introuvable.');
    if (row.document_id_status !== 'unknown' && row.document_id_status !== 'reused') {
      throw new GuichetError('CONFLICT', 'Ce document a déjà son numéro FAST.', { reason: 'id-known' });
    }
    const documentId = validateDocumentId(rawId);
    const holder = holderOfId.get({ environment: row.environment, document_id: documentId, local_id: localId });
    if (holder) {
      throw new GuichetError('CONFLICT', `Le numéro ${documentId} est déjà celui d’un autre document suivi par Guichet (« ${holder.original_name} »).`, {
        reason: 'id-taken',
        documentId,
        otherLocalId: holder.local_id,
      });
    }
    const session = await connection.session();
    const readAt = now();
    try {
      await session.client.history(documentId);
    } catch (error) {
      if (isUnknownDocumentError(error) || (isGuichetError(error) && error.code === parapheurErrorCodes.forbiddenSiren)) {
        throw new GuichetError('INVALID_INPUT', `FAST ne connaît aucun document n° ${documentId} pour votre compte : vérifiez le numéro.`, { reason: 'id-unknown-on-fast', documentId });
      }
      throw error;
    }
    markFiled(ledger.get(localId)!, documentId, null, readAt);
    deps.journal.append({
      actor: 'agent',
      action: 'parapheur.document.idConfirmed',
      provider: 'parapheur',
      objectType: 'document',
      objectId: documentId,
      summary: `Numéro FAST ${documentId} indiqué pour « ${row.original_name} » et vérifié auprès de FAST`,
    });
    return ledger.toDocumentRow(ledger.get(localId)!);
  }

  /**
   * Records the FAST number of a row. FAST may hand out a number the ledger already holds (a server
   * that restarted its numbering): both rows are kept, the number goes to this one (FAST just gave it),
   * and the older row is flagged for the clerk, never a database error.
   * `historyReadAt`: when the document's history was just read, so the first poll keeps FAST's 30 minutes.
   */
  function markFiled(row: LedgerRow, documentId: string, note: string | null, historyReadAt?: Date) {
    const at = now();
    // Written with the document id, in one statement: from here on the row is never uploaded again,
    // and whatever post-upload call is left (metadata, OTP information) is owed on this document.
    const followups = row.metadata_json !== null || row.otp_signers !== null;
    // First look at the history a minute after filing (in the time of the row's environment: a real
    // minute outside the sandbox); later polls follow the 30-minute rule, counted from a history read now.
    const clock = deps.clocks.of(row.environment);
    const firstPoll = historyReadAt
      ? new Date(historyReadAt.getTime() + clock.realMs(providerPollRuleMs))
      : new Date(at.getTime() + Math.max(1000, clock.realMs(60_000)));
    const previousHolder = holderOfId.get({ environment: row.environment, document_id: documentId, local_id: row.local_id });
    const record = db.transaction(() => {
      const flagged = previousHolder
        ? ledger.update(previousHolder.local_id, {
            document_id: null,
            former_document_id: documentId,
            document_id_status: 'reused',
            next_poll_at: null,
            deletable: 0,
            last_error: `Numéro repris par FAST pour un autre document : FAST a donné le n° ${documentId} à « ${row.original_name} ». Ce document-ci n’est plus suivi ; s’il est toujours chez FAST, indiquez son nouveau numéro.`,
          })
        : null;
      const updated = ledger.update(row.local_id, {
        outbox_state: 'filed',
        document_id: documentId,
        document_id_status: null,
        phase: 'depose',
        status: 'DEPOSITED',
        deletable: 1,
        filed_at: at.toISOString(),
        waiting_since: at.toISOString(),
        last_error: note,
        next_attempt_at: null,
        next_poll_at: firstPoll.toISOString(),
        ...(historyReadAt ? { last_polled_at: historyReadAt.toISOString() } : {}),
        followups_pending: followups ? 1 : 0,
        followup_attempts: 0,
        followup_error: null,
      });
      return { flagged, updated };
    })();
    if (record.flagged) {
      emit(record.flagged);
      deps.journal.append({
        actor: 'système',
        action: 'parapheur.document.idReused',
        provider: 'parapheur',
        objectType: 'document',
        objectId: String(record.flagged.local_id),
        summary: `« ${record.flagged.original_name} » : ${record.flagged.last_error}`,
      });
      deps.bus.emit('notify', { level: 'warning', title: 'Numéro repris par FAST', body: `« ${record.flagged.original_name} » : ${record.flagged.last_error}` });
    }
    emit(record.updated);
    // Picked up by the pump when this is not a send that goes on with them itself (a reconciliation).
    if (followups) schedulePump(0);
    deps.journal.append({
      actor: 'agent',
      action: 'parapheur.deposit.filed',
      provider: 'parapheur',
      objectType: 'document',
      objectId: documentId,
      summary: `« ${row.original_name} » déposé dans ${row.circuit_name} (n° ${documentId})`,
    });
  }

  function scheduleRetry(row: LedgerRow, state: 'unknown' | 'waiting_network', message: string) {
    const delay = backoffDelay(Math.min(row.attempts, 10), 2000, 5 * 60_000);
    emit(
      ledger.update(row.local_id, {
        outbox_state: state,
        last_error: message,
        next_attempt_at: new Date(now().getTime() + delay).toISOString(),
      }),
    );
    schedulePump(delay);
  }

  /**
   * The calls owed on a document FAST already has, in the order FAST requires (docs/providers/fast-parapheur.md#metadata-and-otp):
   * metadata (uploadMeta), then the OTP information. Resumable by construction: `followups_pending`
   * was set together with the document id, so a crash before or during these calls leaves a filed
   * row that the pump picks up again at the next start, and the upload is never repeated. Both calls
   * are definitions FAST overwrites (PUT), so a round always starts over from the metadata rather
   * than remembering which call went through: re-defining the same values is harmless, and it keeps
   * the metadata written before the OTP information even when only the OTP call had failed.
   * Never throws: a refusal is written on the row, the document stays filed and tracked.
   */
  async function runFollowups(localId: number): Promise<void> {
    let row = ledger.get(localId);
    if (!row || row.followups_pending !== 1 || !row.document_id) return;
    const documentId = row.document_id;
    const problems: string[] = [];
    let step: 'metadata' | 'otp' = 'metadata';
    try {
      const session = await connection.session();
      const metadata = metadataOf(row);
      if (metadata === null) {
        problems.push('Les métadonnées enregistrées pour ce dépôt sont illisibles : elles n’ont pas été transmises, saisissez-les dans FAST.');
      } else if (metadata.length > 0) {
        try {
          await session.client.defineMetadata(documentId, metadata);
        } catch (error) {
          if (isTransientFollowupError(error)) throw error;
          // Not retried: FAST answered. The circuit simply has no metadata step (only some do).
          problems.push(
            isGuichetError(error) && error.code === parapheurErrorCodes.metadataNotAllowed
              ? `Ses métadonnées n’ont pas été enregistrées : le circuit « ${row.circuit_name} » n’a pas d’étape de métadonnées, FAST les a refusées.`
              : `Ses métadonnées n’ont pas été enregistrées (${(error as Error).message}).`,
          );
        }
      }
      step = 'otp';
      if (row.otp_signers) {
        try {
          await session.client.defineOtpInformation(documentId, JSON.parse(row.otp_signers));
        } catch (error) {
          if (isTransientFollowupError(error)) throw error;
          problems.push(`Les informations des signataires OTP n’ont pas été enregistrées (${(error as Error).message}) : complétez-les dans FAST.`);
        }
      }
      const note = problems.length > 0 ? `Document déposé (n° ${documentId}) et suivi normalement. ${problems.join(' ')}` : null;
      row = ledger.update(localId, { followups_pending: 0, followup_error: note, next_attempt_at: null });
      emit(row);
      if (note) {
        deps.journal.append({
          actor: 'système',
          action: 'parapheur.deposit.followupRefused',
          provider: 'parapheur',
          objectType: 'document',
          objectId: documentId,
          summary: `« ${row.original_name} » : ${note}`,
        });
        deps.bus.emit('notify', { level: 'warning', title: 'Document déposé, avec un problème', body: `« ${row.original_name} » : ${problems.join(' ')}` });
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const what = step === 'metadata' && row.metadata_json ? 'les métadonnées' : 'les informations des signataires OTP';
      const attempts = row.followup_attempts + 1;
      // The network and "FAST indisponible" are waited out; a server that keeps failing is given up on.
      if (isRetryableParapheurError(error) || attempts < maxServerErrorAttempts) {
        const delay = backoffDelay(Math.min(attempts, 10), 2000, 5 * 60_000);
        row = ledger.update(localId, {
          followup_attempts: attempts,
          followup_error: `Document déposé (n° ${documentId}) ; ${what} ne sont pas encore transmises (${message}) : nouvel essai automatique, sans nouveau dépôt.`,
          next_attempt_at: new Date(now().getTime() + delay).toISOString(),
        });
        emit(row);
        schedulePump(delay);
        if (isTransientNetworkError(error)) void deps.network.check();
        return;
      }
      const note = `Document déposé (n° ${documentId}), mais ${what} n’ont pas pu être transmises après ${attempts} essais (${message}). Complétez-les dans FAST.`;
      row = ledger.update(localId, { followup_attempts: attempts, followups_pending: 0, followup_error: note, next_attempt_at: null });
      emit(row);
      deps.journal.append({ actor: 'système', action: 'parapheur.deposit.followupFailed', provider: 'parapheur', objectType: 'document', objectId: documentId, summary: `« ${row.original_name} » : ${note}` });
      deps.bus.emit('notify', { level: 'warning', title: 'Document déposé, avec un problème', body: `« ${row.original_name} » : ${note}` });
    }
  }

  /** A pump-started round of follow-ups, counted in flight so that it is neither doubled nor cut by stop(). */
  async function sendFollowups(row: LedgerRow) {
    inFlight.set(row.local_id, { controller: new AbortController(), batchId: row.batch_id, bodySent: true });
    try {
      await runFollowups(row.local_id);
    } catch (error) {
      deps.logger.warn('post-upload calls failed unexpectedly', { localId: row.local_id, error: (error as Error).message });
    } finally {
      inFlight.delete(row.local_id);
      schedulePump(0);
    }
  }

  async function send(row: LedgerRow) {
    const controller = new AbortController();
    const flight: InFlight = { controller, batchId: row.batch_id, bodySent: false };
    inFlight.set(row.local_id, flight);
    const wasUnknown = row.outbox_state === 'unknown';
    let sentBytes = 0;
    try {
      const session = await connection.session();
      // Durable before the first byte: if the process dies from here on, the row says "uploading" and
      // the next start treats the outcome as unknown.
      row = ledger.update(row.local_id, { outbox_state: 'uploading', attempts: row.attempts + 1, last_error: null });
      emit(row);
      const file = { path: deps.blobs.pathOf(row.blob_sha256), name: row.provider_name, size: row.size };
      const onProgress = (sent: number, total: number) => {
        sentBytes = sent;
        if (sent >= total) flight.bodySent = true;
        const t = Date.now();
        if (sent < total && t - (lastProgress.get(row.local_id) ?? 0) < 100) return;
        lastProgress.set(row.local_id, t);
        deps.bus.emit('parapheur.upload.progress', { localId: row.local_id, batchId: row.batch_id, sent, total });
      };
      let documentId: string;
      try {
        if (row.on_demand) {
          const annexes = annexPartsOf(row);
          documentId = await session.client.uploadOnDemand({
            file,
            ...(annexes.length > 0 ? { annexes } : {}),
            circuit: JSON.parse(row.on_demand),
            comment: row.comment || undefined,
            recipients: row.recipients ? row.recipients.split(';') : undefined,
            cc: row.cc ? row.cc.split(';') : undefined,
            agents: row.agents ? row.agents.split(';') : undefined,
            signal: controller.signal,
            onProgress,
          });
        } else {
          documentId = await session.client.uploadToCircuit({
            circuitId: row.circuit_id,
            file,
            label: row.label || undefined,
            comment: row.comment || undefined,
            recipients: row.recipients ? row.recipients.split(';') : undefined,
            signal: controller.signal,
            onProgress,
          });
        }
      } catch (error) {
        if (isGuichetError(error) && error.code === parapheurErrorCodes.duplicate) {
          // Only a retry of ours can hit the duplicate rule (the file name is unique per deposit): an
          // earlier attempt landed. Written before anything else: from here on this row is never
          // uploaded again, whatever happens to the search for its number (crash and cancel included).
          flight.bodySent = false;
          emit(
            ledger.update(row.local_id, {
              outbox_state: 'unknown',
              document_id_status: 'searching',
              last_error: 'FAST a déjà reçu ce document : Guichet recherche son numéro, sans le déposer à nouveau.',
              next_attempt_at: null,
            }),
          );
          await reconcile(row.local_id, controller.signal);
          return;
        }
        throw error;
      }
      // Filed first, then the metadata and OTP calls: a failure of those must never send the document
      // back to the upload path (it would come back as a duplicate and lose them).
      markFiled(ledger.get(row.local_id)!, documentId, null);
      await runFollowups(row.local_id);
    } catch (error) {
      if (controller.signal.aborted) {
        // cancel() already moved the row on; on stop() the row stays "uploading" and the next start
        // reconciles it like after a crash.
        return;
      }
      const current = ledger.get(row.local_id)!;
      if (!isGuichetError(error)) deps.logger.error('deposit failed unexpectedly', { localId: row.local_id, error: (error as Error)?.message });
      const message = clerkMessageOf(error);
      const httpStatus = isGuichetError(error) ? (error.details as { httpStatus?: number } | undefined)?.httpStatus : undefined;
      // A 5xx may come after the document was stored: treat it as an unknown outcome, retried (and
      // reconciled) a bounded number of times before giving up.
      const serverSide = typeof httpStatus === 'number' && httpStatus >= 500 && current.attempts < maxServerErrorAttempts;
      if (isRetryableParapheurError(error) || serverSide || (isGuichetError(error) && error.code === 'PROVIDER_MALFORMED' && sentBytes > 0)) {
        const offline = isGuichetError(error) && (error.code === 'OFFLINE' || error.code === 'UNREACHABLE');
        // Refused before any byte left: nothing can have been filed. Otherwise FAST may have it.
        const state = offline && sentBytes === 0 && !wasUnknown ? 'waiting_network' : 'unknown';
        scheduleRetry(current, state, state === 'waiting_network' ? 'En attente de réseau : le dépôt partira dès que FAST sera joignable.' : `Envoi interrompu (${message}) : nouvel essai automatique, sans doublon.`);
        if (isTransientNetworkError(error)) void deps.network.check();
        return;
      }
      emit(ledger.update(row.local_id, { outbox_state: 'failed', phase: 'erreur', last_error: message, next_attempt_at: null }));
      deps.journal.append({
        actor: 'système',
        action: 'parapheur.deposit.failed',
        provider: 'parapheur',
        objectType: 'document',
        objectId: String(row.local_id),
        summary: `Échec du dépôt de « ${row.original_name} » : ${message}`,
      });
      deps.bus.emit('notify', { level: 'error', title: 'Dépôt refusé', body: `« ${row.original_name} » : ${message}` });
    } finally {
      inFlight.delete(row.local_id);
      lastProgress.delete(row.local_id);
      schedulePump(0);
    }
  }

  async function pump() {
    if (!running || pumping) return;
    pumping = true;
    try {
      const concurrency = deps.settings.get().providers.parapheur.concurrency;
      const free = concurrency - inFlight.size;
      if (free <= 0) return;
      if (!deps.network.isOnline()) {
        for (const row of dueRows.all({ now: now().toISOString(), limit: 1000 })) {
          if (row.outbox_state === 'queued') {
            emit(ledger.update(row.local_id, { outbox_state: 'waiting_network', last_error: 'En attente de réseau : le dépôt partira dès le retour de la connexion.' }));
          }
        }
        return;
      }
      const at = now().toISOString();
      const rows = dueRows.all({ now: at, limit: free + inFlight.size }).filter((r) => !inFlight.has(r.local_id));
      // Follow-ups of filed documents first: they are short, and a signer may be waiting for the SMS.
      const followups = dueFollowups.all({ now: at, limit: free + inFlight.size }).filter((r) => !inFlight.has(r.local_id) && r.outbox_state === 'filed');
      // A row FAST already has (document_id_status 'searching') is only ever looked for, never sent.
      const work = [
        ...followups.map((r) => () => sendFollowups(r)),
        ...rows.map((r) => (r.document_id_status === 'searching' ? () => sendReconcile(r) : () => send(r))),
      ];
      for (const start of work.slice(0, free)) {
        const sending = start();
        sends.add(sending);
        void sending.finally(() => sends.delete(sending));
      }
    } finally {
      pumping = false;
      const next = nextDue.get()?.at;
      if (next) schedulePump(Math.max(0, Date.parse(next) - now().getTime()));
    }
  }

  function schedulePump(delayMs: number) {
    if (!running) return;
    if (pumpTimer) clearTimeout(pumpTimer);
    pumpTimer = setTimeout(() => {
      pumpTimer = null;
      void pump();
    }, Math.min(delayMs, 60_000));
    pumpTimer.unref?.();
  }

  function kick() {
    schedulePump(0);
  }

  return {
    check,
    submit,
    cancel,
    confirmDocumentId,
    kick,
    /** Resumes the outbox after a start: rows left "uploading" by a crash have an unknown outcome. */
    start() {
      const stale = db.prepare("SELECT * FROM parapheur_documents WHERE outbox_state = 'uploading'").all() as LedgerRow[];
      for (const row of stale) {
        ledger.update(row.local_id, { outbox_state: 'unknown', last_error: 'Guichet s’est arrêté pendant l’envoi : vérification auprès de FAST, sans doublon.', next_attempt_at: null });
      }
      // Waiting rows, and the post-upload calls a previous run still owed, are due at once after a start.
      db.prepare("UPDATE parapheur_documents SET next_attempt_at = NULL WHERE outbox_state = 'waiting_network' OR followups_pending = 1").run();
      running = true;
      deps.network.onChange((online) => {
        if (online) {
          db.prepare("UPDATE parapheur_documents SET next_attempt_at = NULL WHERE outbox_state = 'waiting_network' OR followups_pending = 1").run();
          kick();
        }
      });
      kick();
    },
    async stop() {
      running = false;
      if (pumpTimer) clearTimeout(pumpTimer);
      for (const f of inFlight.values()) f.controller.abort();
      // The database closes after this: let every send finish its bookkeeping first.
      await Promise.allSettled([...sends]);
    },
    inFlightCount: () => inFlight.size,
  };
}
export type DepositOutbox = ReturnType<typeof createDepositOutbox>;
