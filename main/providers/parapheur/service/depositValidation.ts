import { GuichetError, type HostText } from '../../../../shared/ipc/errors.js';
import { onDemandCircuitId } from '../../../../shared/domain/parapheurVocabulary.js';
import {
  depositMetadataEntrySchema,
  type DepositMetadataEntry,
  maxDepositMetadataEntries,
  type DepositTarget,
  type FileCheck,
} from '../../../../shared/domain/parapheur.js';
import { checkLabel, depositProviderFileName, normalizeEmail, sanitizeProviderFileName, toE164 } from '../normalize.js';
import { buildMetadataXml, buildOtpInformationXml } from '../xml.js';
import type { DroppedFile } from '../../../core/files/droppedFiles.js';
import { damagedPdfMediaType } from '../../../core/files/mediaTypes.js';
import type { ParapheurSession, ParapheurSessions } from './parapheurConnection.js';
import type { ParapheurServiceDeps } from './deps.js';
import type { CircuitBook } from './circuitBook.js';
import { clerkTextOf } from './storedText.js';

/** No provider limit is published; beyond this a deposit is almost certainly a mistake. */
export const maxDepositBytes = 1024 ** 3;

const mediaTypeOfKind: Record<string, string[]> = {
  pdf: ['application/pdf'],
  xml: ['application/xml'],
  zip: ['application/zip'],
};
/** The formats a circuit accepts, as the catalogue names them (`{{expected, list}}`). */
const kindTexts: Record<string, HostText> = {
  pdf: { key: 'parapheur:fileChecks.kinds.pdf' },
  xml: { key: 'parapheur:fileChecks.kinds.xml' },
  zip: { key: 'parapheur:fileChecks.kinds.zip' },
  any: { key: 'parapheur:fileChecks.kinds.any' },
};

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

/**
 * The clerk's metadata, checked before the row exists: an entry FAST could never receive (bad name,
 * a control character in the value) is refused in the dialog, not after the document is filed.
 * Empty rows are dropped; a name given twice is refused (FAST would silently keep the last one).
 */
export function checkMetadata(entries: readonly DepositMetadataEntry[]): DepositMetadataEntry[] {
  const kept = entries.map((e) => ({ name: String(e.name ?? '').trim(), value: String(e.value ?? '').trim() })).filter((e) => e.name !== '' || e.value !== '');
  const parsed = depositMetadataEntrySchema.array().max(maxDepositMetadataEntries).safeParse(kept);
  if (!parsed.success) {
    throw new GuichetError('INVALID_INPUT', { key: 'parapheur:hostErrors.metadataInvalid', params: { max: maxDepositMetadataEntries } });
  }
  const names = new Set<string>();
  for (const entry of parsed.data) {
    if (names.has(entry.name)) throw new GuichetError('INVALID_INPUT', { key: 'parapheur:hostErrors.metadataTwice', params: { name: entry.name } });
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

/** The circuit a deposit goes to, as the checks need it. */
export type DepositCircuit = Awaited<ReturnType<ReturnType<typeof createDepositValidator>['describeTarget']>>;

/**
 * The checks a drop goes through before anything is stored or sent: the circuit exists, each file's
 * format, size and emptiness, duplicates in the drop and in the ledger, the annexes, and the unique
 * provider file name. Nothing here touches the network, except once a circuit refresh for an unknown id.
 */
export function createDepositValidator(deps: ParapheurServiceDeps, connection: ParapheurSessions, circuits: Pick<CircuitBook, 'get' | 'refresh'>) {
  const sameDeposit = deps.db.prepare<{ environment: string; siren: string; circuit_id: string; label: string; original_name: string }, { created_at: string; outbox_state: string }>(`
    SELECT created_at, outbox_state FROM parapheur_documents
    WHERE environment = @environment AND siren = @siren AND circuit_id = @circuit_id AND label = @label AND original_name = @original_name
      AND outbox_state NOT IN ('failed', 'cancelled') AND phase <> 'supprime'
    LIMIT 1`);

  async function describeTarget(session: ParapheurSession, target: DepositTarget) {
    if (target.kind === 'ondemand') {
      const kinds = target.circuit.type === 'BUREAUTIQUE_PDF' ? ['pdf'] : target.circuit.type === 'BUREAUTIQUE_XML' ? ['xml'] : ['xml'];
      // No name of its own: the row keeps the id, the renderer names it in the clerk's language.
      return { id: onDemandCircuitId, name: onDemandCircuitId, accepts: kinds, stepCount: target.circuit.steps.length, onDemand: JSON.stringify(target.circuit) };
    }
    // A circuit id the ledger does not know yet may simply be new on FAST: ask once before refusing.
    const circuit = circuits.get(session, target.circuitId) ?? (await circuits.refresh(session), circuits.get(session, target.circuitId));
    if (!circuit) {
      throw new GuichetError('INVALID_INPUT', { key: 'parapheur:hostErrors.circuitUnknown', params: { circuitId: target.circuitId } });
    }
    return { id: circuit.id, name: circuit.name, accepts: circuit.accepts as string[], stepCount: circuit.stepCount, onDemand: null };
  }

  /** Why a file may not go to this circuit, or null. Nothing here touches the network. */
  function refusal(file: DroppedFile, accepts: string[]): HostText | null {
    if (file.mediaType === 'application/x-msdownload' || file.mediaType === 'application/x-executable') {
      return { key: 'parapheur:fileChecks.executable' };
    }
    if (file.size === 0) return { key: 'parapheur:fileChecks.empty' };
    if (file.mediaType === damagedPdfMediaType) return { key: 'parapheur:fileChecks.damagedPdf' };
    if (file.size > maxDepositBytes) return { key: 'parapheur:fileChecks.tooLarge', params: { size: file.size, limit: maxDepositBytes } };
    if (accepts.includes('any')) return null;
    const ok = accepts.some((k) => (mediaTypeOfKind[k] ?? []).includes(file.mediaType));
    if (ok) return null;
    const expected = accepts.map((k) => kindTexts[k] ?? { key: 'parapheur:notes.verbatim', params: { text: k } });
    const looksPdfByName = /\.pdf$/i.test(file.name) && accepts.includes('pdf');
    return { key: looksPdfByName ? 'parapheur:fileChecks.notReallyPdf' : 'parapheur:fileChecks.formatRefused', parts: { expected } };
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
        return { fileId, name: '?', size: 0, mediaType: '', accepted: false, reason: clerkTextOf(error), providerName: null };
      }
      let reason = refusal(file, circuit.accepts);
      if (!reason && seen.has(file.name)) reason = { key: 'parapheur:fileChecks.twiceInDrop' };
      if (!reason) {
        const earlier = sameDeposit.get({ environment: session.environment, siren: session.siren, circuit_id: circuit.id, label, original_name: file.name });
        if (earlier) {
          reason = { key: 'parapheur:fileChecks.alreadyFiled', params: { at: earlier.created_at } };
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
      mains[0] = { ...mains[0]!, accepted: false, providerName: null, reason: { key: 'parapheur:fileChecks.annexRefused' } };
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
    let general: HostText | null = null;
    if (!onDemand && !circuit.accepts.includes('zip')) general = { key: 'parapheur:fileChecks.annexesNeedZip' };
    else if (mains.length !== 1) general = { key: 'parapheur:fileChecks.annexesOneMain' };
    else if (!main) general = { key: 'parapheur:fileChecks.annexesMainRefused' };
    else if (!onDemand && main.mediaType !== 'application/pdf') general = { key: 'parapheur:fileChecks.annexesMainPdf' };
    // Names already taken: in the ZIP (the main entry), or among the parts of the on-demand upload.
    const taken = new Set<string>(main?.providerName ? [main.providerName.replace(/\.zip$/, '').toLowerCase()] : []);
    let total = main?.size ?? 0;
    return annexFileIds.map((fileId) => {
      let file: DroppedFile;
      try {
        file = deps.droppedFiles.get(fileId);
      } catch (error) {
        return { fileId, name: '?', size: 0, mediaType: '', accepted: false, reason: clerkTextOf(error), providerName: null, annex: true };
      }
      let reason = general;
      if (!reason && (file.mediaType === 'application/x-msdownload' || file.mediaType === 'application/x-executable')) {
        reason = { key: 'parapheur:fileChecks.annexExecutable' };
      }
      if (!reason && file.size === 0) reason = { key: 'parapheur:fileChecks.annexEmpty' };
      if (!reason && file.mediaType === damagedPdfMediaType) reason = { key: 'parapheur:fileChecks.annexDamagedPdf' };
      if (!reason && mains.some((m) => m.fileId === fileId)) reason = { key: 'parapheur:fileChecks.annexIsMain' };
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
          reason = { key: 'parapheur:fileChecks.annexTooLarge', params: { context: onDemand ? 'onDemand' : 'zip', limit: maxDepositBytes } };
          providerName = null;
        } else {
          taken.add(providerName.toLowerCase());
        }
      }
      return { fileId, name: file.name, size: file.size, mediaType: file.mediaType, accepted: reason === null, reason, providerName, annex: true };
    });
  }


  return { describeTarget, check };
}
export type DepositValidator = ReturnType<typeof createDepositValidator>;
