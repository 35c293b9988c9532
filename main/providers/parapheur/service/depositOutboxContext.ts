import { backoffDelay } from '../../../core/http/retry.js';
import type { DocumentLedger, LedgerRow } from './documentLedger.js';
import type { ParapheurSessions } from './parapheurConnection.js';
import type { ParapheurServiceDeps } from './deps.js';

/** A 5xx (or an unreadable answer) is tried this many times before the outbox gives up. */
export const maxServerErrorAttempts = 6;

export interface InFlight {
  controller: AbortController;
  batchId: string;
  /** Every byte is sent: FAST may be storing the document right now, so aborting could not undo it. */
  bodySent: boolean;
}

/**
 * What the parts of the outbox (validation, packing, filing, reconciliation, post-upload calls, the
 * send loop) share: the row store, the session, the rows in flight, and the two ways a part tells the
 * rest that a row changed: `emit` for the page, `schedulePump` for the send loop.
 */
export interface OutboxContext {
  deps: ParapheurServiceDeps;
  ledger: DocumentLedger;
  connection: ParapheurSessions;
  inFlight: Map<number, InFlight>;
  emit(row: LedgerRow): void;
  schedulePump(delayMs: number): void;
}

/** The wait before the next try of a row, growing with its attempts, five minutes at most. */
export function retryDelayMs(attempts: number): number {
  return backoffDelay(Math.min(attempts, 10), 2000, 5 * 60_000);
}

