import { GuichetError, isGuichetError, type HostText } from '../../../../shared/ipc/errors.js';
import { onDemandCircuitId } from '../../../../shared/domain/parapheurVocabulary.js';
import type { DocumentRow } from '../../../../shared/domain/parapheur.js';
import { parapheurErrorCodes, isUnknownDocumentError } from '../errors.js';
import { validateDocumentId } from '../normalize.js';
import type { LedgerRow } from './documentLedger.js';
import { providerPollRuleMs } from './documentTracker.js';
import type { OutboxContext } from './depositOutboxContext.js';
import { storedText } from './storedText.js';

/**
 * Records on a row the FAST number of its document: the number FAST answered, the one a
 * reconciliation found, or the one the clerk gives; and « numéro FAST inconnu » when none is known.
 */
export function createDepositFiling({ deps, ledger, connection, emit, schedulePump }: OutboxContext) {
  const now = deps.clocks.now;
  const db = deps.db;
  const holderOfId = db.prepare<{ environment: string; document_id: string; local_id: number }, LedgerRow>(
    'SELECT * FROM parapheur_documents WHERE environment = @environment AND document_id = @document_id AND local_id <> @local_id',
  );

  /** « Déposé — numéro FAST inconnu »: on FAST, out of the outbox for good, waiting for the clerk to give its number. */
  function markIdUnknown(row: LedgerRow, note: HostText) {
    const at = now().toISOString();
    emit(
      ledger.update(row.local_id, {
        outbox_state: 'filed',
        phase: 'depose',
        document_id_status: 'unknown',
        filed_at: row.filed_at ?? at,
        last_error: storedText(note),
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
      summary: { key: 'parapheur:activity.summaries.fileProblem', params: { name: row.original_name }, parts: { problem: note } },
    });
    deps.bus.emit('notify', {
      level: 'warning',
      title: { key: 'parapheur:notify.idUnknownTitle' },
      body: { key: 'parapheur:notify.fileProblem', params: { name: row.original_name }, parts: { problem: note } },
    });
  }

  /**
   * The clerk gives (or confirms) the FAST number of a document Guichet could not identify. It must be
   * a document FAST has (its history is read, which also serves as the first poll) and no other row's.
   */
  async function confirmDocumentId(localId: number, rawId: string): Promise<DocumentRow> {
    const row = ledger.get(localId);
    if (!row) throw new GuichetError('NOT_FOUND', { key: 'parapheur:hostErrors.documentNotFound' });
    if (row.document_id_status !== 'unknown' && row.document_id_status !== 'reused') {
      throw new GuichetError('CONFLICT', { key: 'parapheur:hostErrors.idKnown', details: { reason: 'id-known' } });
    }
    const documentId = validateDocumentId(rawId);
    const holder = holderOfId.get({ environment: row.environment, document_id: documentId, local_id: localId });
    if (holder) {
      throw new GuichetError('CONFLICT', {
        key: 'parapheur:hostErrors.idTaken',
        params: { documentId, name: holder.original_name },
        details: { reason: 'id-taken', documentId, otherLocalId: holder.local_id },
      });
    }
    const session = await connection.session();
    const readAt = now();
    try {
      await session.client.history(documentId);
    } catch (error) {
      if (isUnknownDocumentError(error) || (isGuichetError(error) && error.code === parapheurErrorCodes.forbiddenSiren)) {
        throw new GuichetError('INVALID_INPUT', {
          key: 'parapheur:hostErrors.idUnknownOnFast',
          params: { documentId },
          details: { reason: 'id-unknown-on-fast', documentId },
        });
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
      summary: { key: 'parapheur:activity.summaries.idConfirmed', params: { documentId, name: row.original_name } },
    });
    return ledger.toDocumentRow(ledger.get(localId)!);
  }

  /**
   * Records the FAST number of a row. FAST may hand out a number the ledger already holds (a server
   * that restarted its numbering): both rows are kept, the number goes to this one (FAST just gave it),
   * and the older row is flagged for the clerk, never a database error.
   * `historyReadAt`: when the document's history was just read, so the first poll keeps FAST's 30 minutes.
   */
  function markFiled(row: LedgerRow, documentId: string, note: HostText | null, historyReadAt?: Date) {
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
            last_error: storedText({ key: 'parapheur:notes.idReused', params: { documentId, name: row.original_name } }),
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
        last_error: storedText(note),
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
        summary: {
          key: 'parapheur:activity.summaries.fileProblem',
          params: { name: record.flagged.original_name },
          parts: { problem: { key: 'parapheur:notes.idReused', params: { documentId, name: row.original_name } } },
        },
      });
      deps.bus.emit('notify', {
        level: 'warning',
        title: { key: 'parapheur:notify.idReusedTitle' },
        body: {
          key: 'parapheur:notify.fileProblem',
          params: { name: record.flagged.original_name },
          parts: { problem: { key: 'parapheur:notes.idReused', params: { documentId, name: row.original_name } } },
        },
      });
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
      // An on-demand circuit has no name of its own: the catalogue names it (`filed_onDemand`).
      summary: {
        key: 'parapheur:activity.summaries.filed',
        params: { name: row.original_name, circuit: row.circuit_name, documentId, ...(row.circuit_id === onDemandCircuitId ? { context: 'onDemand' } : {}) },
      },
    });
  }


  return { markFiled, markIdUnknown, confirmDocumentId };
}
export type DepositFiling = ReturnType<typeof createDepositFiling>;
