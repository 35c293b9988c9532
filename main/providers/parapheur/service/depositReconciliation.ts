import { isGuichetError } from '../../../../shared/ipc/errors.js';
import { isTransientNetworkError } from '../../../core/http/networkErrors.js';
import { isRetryableParapheurError } from '../errors.js';
import { createLostDocumentSearch, type ReconcileResult } from './lostDocumentSearch.js';
import { retryDelayMs, type OutboxContext } from './depositOutboxContext.js';
import { storedText, withCause } from './storedText.js';
import type { DepositFiling } from './depositFiling.js';
import type { DepositFollowups } from './depositFollowups.js';

/**
 * What the outbox does when FAST may have a document without Guichet knowing its number: after FAST's
 * duplicate answer to a retry, and after a cancel that came while an upload was under way. It only
 * looks (`lostDocumentSearch.ts`), never uploads.
 */
export function createDepositReconciliation(
  { deps, ledger, connection, inFlight, emit, schedulePump }: OutboxContext,
  { markFiled, markIdUnknown }: Pick<DepositFiling, 'markFiled' | 'markIdUnknown'>,
  { runFollowups }: DepositFollowups,
) {
  const now = deps.clocks.now;
  const search = createLostDocumentSearch(deps.db, deps.logger);

  /**
   * A cancelled upload that had started: one look at FAST (never an upload) to find out whether an
   * earlier attempt landed, and say so. Whatever the look gives, the row leaves the outbox.
   */
  async function reconcileCancelled(localId: number) {
    const controller = new AbortController();
    inFlight.set(localId, { controller, batchId: ledger.get(localId)!.batch_id, bodySent: false });
    try {
      const session = await connection.session();
      const found = await search.find(session, ledger.get(localId)!, controller.signal);
      if (controller.signal.aborted) return;
      if (found.documentId) {
        markFiled(ledger.get(localId)!, found.documentId, { key: 'parapheur:notes.arrivedBeforeCancel' }, found.historyReadAt);
      } else {
        emit(ledger.update(localId, { outbox_state: 'cancelled', last_error: storedText({ key: 'parapheur:notes.cancelled' }), next_attempt_at: null }));
      }
    } catch (error) {
      if (controller.signal.aborted) return;
      deps.logger.warn('reconcile after cancel failed', { localId, error: (error as Error).message });
      emit(
        ledger.update(localId, {
          outbox_state: 'cancelled',
          last_error: storedText({ key: 'parapheur:notes.cancelledUnchecked' }),
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
      found = await search.find(session, ledger.get(localId)!, signal);
    } catch (error) {
      if (signal.aborted) return;
      const row = ledger.get(localId)!;
      if (isRetryableParapheurError(error)) {
        const delay = retryDelayMs(row.attempts);
        emit(
          ledger.update(localId, {
            last_error: storedText(withCause({ key: 'parapheur:notes.searchInterrupted' }, error)),
            next_attempt_at: new Date(now().getTime() + delay).toISOString(),
          }),
        );
        schedulePump(delay);
        if (isTransientNetworkError(error)) void deps.network.check();
        return;
      }
      if (!isGuichetError(error)) deps.logger.error('reconciliation failed unexpectedly', { localId, error: (error as Error)?.message });
      markIdUnknown(row, withCause({ key: 'parapheur:notes.searchFailed' }, error));
      return;
    }
    if (signal.aborted) return;
    if (!found.documentId) {
      markIdUnknown(
        ledger.get(localId)!,
        { key: 'parapheur:notes.idNotFound' },
      );
      return;
    }
    const note =
      found.foundBy === 'depositDate'
        ? { key: 'parapheur:notes.foundByDepositDate' }
        : null;
    // The earlier attempt may have died before its metadata / OTP calls: they are owed here too.
    markFiled(ledger.get(localId)!, found.documentId, note, found.historyReadAt);
    await runFollowups(localId);
  }


  return { reconcile, reconcileCancelled };
}
export type DepositReconciliation = ReturnType<typeof createDepositReconciliation>;
