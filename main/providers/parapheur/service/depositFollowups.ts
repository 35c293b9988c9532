import { isGuichetError, type HostText } from '../../../../shared/ipc/errors.js';
import { depositMetadataEntrySchema, type DepositMetadataEntry } from '../../../../shared/domain/parapheur.js';
import { isTransientNetworkError } from '../../../core/http/networkErrors.js';
import { parapheurErrorCodes, isRetryableParapheurError } from '../errors.js';
import type { LedgerRow } from './documentLedger.js';
import { maxServerErrorAttempts, retryDelayMs, type OutboxContext } from './depositOutboxContext.js';
import { circuitNameText, storedText, withCause } from './storedText.js';

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


/** The calls owed on a filed document: its metadata, then its OTP signers' information. */
export function createDepositFollowups({ deps, ledger, connection, emit, schedulePump }: OutboxContext) {
  const now = deps.clocks.now;

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
  /** A filed document whose follow-up calls left a problem: journalled with the note, and told to the clerk. */
  function reportFileProblem(action: string, documentId: string, name: string, note: HostText, shown: HostText): void {
    deps.journal.append({
      actor: 'système',
      action,
      provider: 'parapheur',
      objectType: 'document',
      objectId: documentId,
      summary: { key: 'parapheur:activity.summaries.fileProblem', params: { name }, parts: { problem: note } },
    });
    deps.bus.emit('notify', {
      level: 'warning',
      title: { key: 'parapheur:notify.filedWithProblemTitle' },
      body: { key: 'parapheur:notify.fileProblem', params: { name }, parts: { problem: shown } },
    });
  }

  async function runFollowups(localId: number): Promise<void> {
    let row = ledger.get(localId);
    if (!row || row.followups_pending !== 1 || !row.document_id) return;
    const documentId = row.document_id;
    const problems: HostText[] = [];
    let step: 'metadata' | 'otp' = 'metadata';
    try {
      const session = await connection.session();
      const metadata = metadataOf(row);
      if (metadata === null) {
        problems.push({ key: 'parapheur:notes.metadataUnreadable' });
      } else if (metadata.length > 0) {
        try {
          await session.client.defineMetadata(documentId, metadata);
        } catch (error) {
          if (isTransientFollowupError(error)) throw error;
          // Not retried: FAST answered. The circuit simply has no metadata step (only some do).
          problems.push(
            isGuichetError(error) && error.code === parapheurErrorCodes.metadataNotAllowed
              ? { key: 'parapheur:notes.metadataNoStep', parts: { circuit: circuitNameText(row) } }
              : withCause({ key: 'parapheur:notes.metadataRefused' }, error),
          );
        }
      }
      step = 'otp';
      if (row.otp_signers) {
        try {
          await session.client.defineOtpInformation(documentId, JSON.parse(row.otp_signers));
        } catch (error) {
          if (isTransientFollowupError(error)) throw error;
          problems.push(withCause({ key: 'parapheur:notes.otpRefused' }, error));
        }
      }
      const note: HostText | null =
        problems.length > 0 ? { key: 'parapheur:notes.filedWithProblems', params: { documentId }, parts: { problems } } : null;
      row = ledger.update(localId, { followups_pending: 0, followup_error: storedText(note), next_attempt_at: null });
      emit(row);
      if (note) reportFileProblem('parapheur.deposit.followupRefused', documentId, row.original_name, note, { key: 'parapheur:notes.sentences', parts: { items: problems } });
    } catch (error) {
      // Which call is owed, as the catalogue's context: « les métadonnées » or « les informations des signataires OTP ».
      const what = step === 'metadata' && row.metadata_json ? 'metadata' : 'otp';
      const attempts = row.followup_attempts + 1;
      // The network and "FAST indisponible" are waited out; a server that keeps failing is given up on.
      if (isRetryableParapheurError(error) || attempts < maxServerErrorAttempts) {
        const delay = retryDelayMs(attempts);
        row = ledger.update(localId, {
          followup_attempts: attempts,
          followup_error: storedText(withCause({ key: 'parapheur:notes.followupRetrying', params: { context: what, documentId } }, error)),
          next_attempt_at: new Date(now().getTime() + delay).toISOString(),
        });
        emit(row);
        schedulePump(delay);
        if (isTransientNetworkError(error)) void deps.network.check();
        return;
      }
      const note = withCause({ key: 'parapheur:notes.followupGaveUp', params: { context: what, documentId, attempts } }, error);
      row = ledger.update(localId, { followup_attempts: attempts, followups_pending: 0, followup_error: storedText(note), next_attempt_at: null });
      emit(row);
      reportFileProblem('parapheur.deposit.followupFailed', documentId, row.original_name, note, note);
    }
  }


  return { runFollowups };
}
export type DepositFollowups = ReturnType<typeof createDepositFollowups>;
