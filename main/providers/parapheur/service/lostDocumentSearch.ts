import crypto from 'node:crypto';
import type Database from 'better-sqlite3';
import { isGuichetError } from '../../../../shared/ipc/errors.js';
import { isRetryableParapheurError, isUnknownDocumentError, parapheurErrorCodes } from '../errors.js';
import type { RemainingKind } from '../client.js';
import type { LedgerRow } from './documentLedger.js';
import type { ParapheurSession } from './parapheurConnection.js';

/** How far from a known number the neighbourhood walk looks, each way (FAST numbers documents of every subscriber in one sequence). */
const neighbourhoodSpan = 60;
/** Known numbers the walk starts from: those filed closest in time to the row. */
const anchorCount = 4;
/** Upper bound of the documents downloaded to compare with the row's file, whatever their source. */
const maxDownloads = 400;
/** Upper bound of the histories read for the deposit-date fallback (each one counts under the 30-minute rule). */
const maxHistories = 10;
const remainingKinds: readonly RemainingKind[] = ['ack', 'pes-retour', 'chorus'];

export interface ReconcileResult {
  /** The number of the row's document on FAST, or null when no means found it (or two candidates fit). */
  documentId: string | null;
  /** `content`: the file FAST gives back hashes like ours; `depositDate`: the only document prepared since the row was created. */
  foundBy?: 'content' | 'depositDate';
  /** When the found document's history was read (a poll under FAST's 30-minute rule). */
  historyReadAt?: Date;
}

/**
 * Finds the document FAST created from an outbox row whose answer was lost, without uploading anything.
 * Every means the API offers, cheapest first: `documents/search` on the row's circuit when the
 * deployment has it (reference.md row 21: disabled on some), then the numbers around the ones the
 * ledger knows (FAST hands out sequential numbers) and the ids of the remaining lists. A candidate is
 * ours when the file FAST gives back hashes like the row's blob; when none does (the document was
 * signed meanwhile), the only candidate FAST prepared since the row was created is taken, five
 * minutes allowed for clock differences.
 * A transient failure (network, FAST unavailable) is thrown, to try again later; a missing endpoint or
 * a refused candidate is just one means less.
 */
export function createLostDocumentSearch(db: Database.Database, logger: { warn(message: string, meta?: unknown): void }) {
  const knownIds = db.prepare<{ environment: string }, { document_id: string }>(
    'SELECT document_id FROM parapheur_documents WHERE environment = @environment AND document_id IS NOT NULL',
  );
  const anchorsOf = db.prepare<{ environment: string; at: string; limit: number }, { document_id: string }>(`
    SELECT document_id FROM parapheur_documents
    WHERE environment = @environment AND document_id IS NOT NULL AND filed_at IS NOT NULL
    ORDER BY abs(julianday(filed_at) - julianday(@at)) LIMIT @limit`);

  async function searchCandidates(session: ParapheurSession, row: LedgerRow): Promise<string[]> {
    try {
      // Newest first: FAST lists in numbering order.
      return (await session.client.search({ circuit: row.circuit_id })).reverse();
    } catch (error) {
      if (isRetryableParapheurError(error)) throw error;
      logger.warn('documents/search unavailable: reconciling without it', { code: isGuichetError(error) ? error.code : 'UNKNOWN' });
      return [];
    }
  }

  async function remainingCandidates(session: ParapheurSession): Promise<string[]> {
    const ids: string[] = [];
    for (const kind of remainingKinds) {
      try {
        ids.push(...(await session.client.remaining(kind)));
      } catch (error) {
        if (isRetryableParapheurError(error)) throw error;
      }
    }
    return ids;
  }

  /** Numbers around the anchors, nearest first. */
  function neighbourhood(anchors: readonly string[]): string[] {
    const out: string[] = [];
    for (let distance = 1; distance <= neighbourhoodSpan; distance++) {
      for (const anchor of anchors) {
        const base = BigInt(anchor);
        for (const id of [base + BigInt(distance), base - BigInt(distance)]) if (id > 0n) out.push(id.toString());
      }
    }
    return out;
  }

  /** Hash of what FAST gives back for `id`; null when FAST does not give it to us (unknown, other subscriber). */
  async function contentOf(session: ParapheurSession, id: string, size: number, signal: AbortSignal): Promise<{ sha256: string | null } | null> {
    let download;
    try {
      download = await session.client.download(id, {}, { signal });
    } catch (error) {
      if (signal.aborted || isRetryableParapheurError(error)) throw error;
      if (!isUnknownDocumentError(error) && !(isGuichetError(error) && error.code === parapheurErrorCodes.forbiddenSiren)) {
        logger.warn('candidate download refused', { documentId: id, code: isGuichetError(error) ? error.code : 'UNKNOWN' });
      }
      return null;
    }
    // Another size cannot be our file: no need to read it (it may be ours, signed meanwhile).
    if (download.size !== undefined && download.size !== size) {
      download.stream.destroy();
      return { sha256: null };
    }
    const hash = crypto.createHash('sha256');
    for await (const chunk of download.stream) hash.update(chunk as Buffer);
    return { sha256: hash.digest('hex') };
  }

  async function preparedSince(session: ParapheurSession, row: LedgerRow, candidates: readonly string[], signal: AbortSignal): Promise<ReconcileResult> {
    const since = Date.parse(row.created_at) - 5 * 60_000;
    const recent: string[] = [];
    let readAt: Date | undefined;
    for (const id of candidates.slice(0, maxHistories)) {
      signal.throwIfAborted();
      readAt = new Date();
      const history = await session.client.history(id);
      const dates = history.map((h) => Date.parse(h.date)).filter((t) => Number.isFinite(t));
      if (dates.length > 0 && Math.min(...dates) >= since) recent.push(id);
      if (recent.length > 1) return { documentId: null };
    }
    return recent[0] ? { documentId: recent[0], foundBy: 'depositDate', ...(readAt ? { historyReadAt: readAt } : {}) } : { documentId: null };
  }

  return {
    async find(session: ParapheurSession, row: LedgerRow, signal: AbortSignal): Promise<ReconcileResult> {
      const known = new Set(knownIds.all({ environment: row.environment }).map((r) => r.document_id));
      const seen = new Set<string>();
      const ours: string[] = [];
      let downloads = 0;
      const tryCandidates = async (ids: readonly string[]): Promise<string | null> => {
        for (const id of ids) {
          if (known.has(id) || seen.has(id) || downloads >= maxDownloads) continue;
          seen.add(id);
          signal.throwIfAborted();
          downloads++;
          const content = await contentOf(session, id, row.size, signal);
          if (!content) continue;
          if (content.sha256 === row.blob_sha256) return id;
          ours.push(id);
        }
        return null;
      };
      signal.throwIfAborted();
      const bySearch = await tryCandidates((await searchCandidates(session, row)).slice(0, 50));
      if (bySearch) return { documentId: bySearch, foundBy: 'content' };
      signal.throwIfAborted();
      const anchors = anchorsOf.all({ environment: row.environment, at: row.created_at, limit: anchorCount }).map((r) => r.document_id).filter((id) => /^\d{1,18}$/.test(id));
      const byRemaining = await tryCandidates(await remainingCandidates(session));
      if (byRemaining) return { documentId: byRemaining, foundBy: 'content' };
      const byNumber = await tryCandidates(neighbourhood(anchors));
      if (byNumber) return { documentId: byNumber, foundBy: 'content' };
      // Newest numbers first: ours was filed after the documents the ledger already knows.
      ours.sort((a, b) => (BigInt(b) > BigInt(a) ? 1 : BigInt(b) < BigInt(a) ? -1 : 0));
      return preparedSince(session, row, ours, signal);
    },
  };
}
export type LostDocumentSearch = ReturnType<typeof createLostDocumentSearch>;
