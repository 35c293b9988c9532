import type Database from 'better-sqlite3';
import type { DocumentIdStatus, DocumentPhase, DocumentRow, OutboxState, TrackingIssue } from '../../../../shared/domain/parapheur.js';
import { environmentSchema } from '../../../../shared/domain/providers.js';
import { readStoredText } from './storedText.js';

/** One row of parapheur_documents, as stored. */
export interface LedgerRow {
  local_id: number;
  batch_id: string;
  environment: string;
  siren: string;
  circuit_id: string;
  circuit_name: string;
  on_demand: string | null;
  label: string;
  comment: string;
  recipients: string;
  cc: string;
  agents: string;
  otp_signers: string | null;
  original_name: string;
  provider_name: string;
  media_type: string;
  blob_sha256: string;
  size: number;
  outbox_state: OutboxState;
  attempts: number;
  next_attempt_at: string | null;
  /** What the clerk should know about the row now: a catalogue entry in JSON (storedText.ts), or an older Guichet's sentence. */
  last_error: string | null;
  document_id: string | null;
  status: string | null;
  phase: DocumentPhase;
  step_done: number | null;
  step_count: number | null;
  current_step_label: string | null;
  holder: string | null;
  waiting_since: string | null;
  history_json: string | null;
  history_fingerprint: string | null;
  refusal_comment: string | null;
  deletable: number;
  last_polled_at: string | null;
  next_poll_at: string | null;
  signed_blob: string | null;
  fdc_blob: string | null;
  /**
   * JSON `[{ name, originalName, size, sha256 }]` of the annexes: packed into the deposited `<main>.zip`
   * (predefined circuit), or sent as `annexes` parts next to the main file (on demand).
   */
  annexes: string | null;
  /** JSON `[{ name, value }]` of the metadata defined on FAST after the upload (uploadMeta), NULL when none. */
  metadata_json: string | null;
  /** 1 while the post-upload calls (metadata, then OTP information) of a filed document are still due. */
  followups_pending: number;
  /** Failed rounds of those calls. */
  followup_attempts: number;
  /** Why those calls are late or were refused (kept apart from last_error, which every poll rewrites). */
  followup_error: string | null;
  /** A document FAST has whose number this row lacks (see migration 7); NULL when the number is known. */
  document_id_status: DocumentIdStatus | null;
  /** The number a `reused` row had before FAST gave it to another document. */
  former_document_id: string | null;
  created_at: string;
  filed_at: string | null;
  finished_at: string | null;
  updated_at: string;
}

export const terminalPhases: ReadonlySet<DocumentPhase> = new Set(['signe', 'refuse', 'visa_desapprouve', 'classe', 'archive', 'supprime']);

export interface ListQuery {
  circuitId?: string;
  label?: string;
  phases?: DocumentPhase[];
  search?: string;
  from?: string;
  to?: string;
  lateOnly?: boolean;
  sort: 'recent' | 'waiting';
  limit: number;
  offset: number;
}

/** Turns free text into an FTS5 query of prefix terms: no operator of the clerk's text is interpreted. */
export function ftsQuery(search: string): string | null {
  const terms = search
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0)
    .slice(0, 8);
  return terms.length === 0 ? null : terms.map((t) => `"${t.replace(/"/g, '')}"*`).join(' ');
}

/**
 * SQL of the deposit ledger. The same table is the outbox (rows to send), the tracker's queue
 * (rows to poll) and the clerk's document list.
 */
export function createDocumentLedger(
  db: Database.Database,
  opts: {
    /** How long a document of this environment may wait at one step, in real milliseconds (its sessions' time scale). */
    lateAfterMs: (environment: string) => number;
    now: () => Date;
    /** What keeps a document from being tracked now (known to the tracker only, never stored). */
    trackingIssueOf?: (row: LedgerRow) => TrackingIssue | null;
  },
) {
  const byLocalId = db.prepare<[number], LedgerRow>('SELECT * FROM parapheur_documents WHERE local_id = ?');

  function isLate(row: LedgerRow): boolean {
    if (!row.waiting_since || terminalPhases.has(row.phase) || row.outbox_state !== 'filed') return false;
    return opts.now().getTime() - Date.parse(row.waiting_since) > opts.lateAfterMs(row.environment);
  }

  function toDocumentRow(row: LedgerRow): DocumentRow {
    return {
      localId: row.local_id,
      batchId: row.batch_id,
      circuitId: row.circuit_id,
      circuitName: row.circuit_name,
      label: row.label,
      comment: row.comment,
      originalName: row.original_name,
      providerName: row.provider_name,
      size: row.size,
      documentId: row.document_id,
      documentIdStatus: row.document_id_status,
      formerDocumentId: row.former_document_id,
      outboxState: row.outbox_state,
      phase: row.phase,
      stepDone: row.step_done,
      stepCount: row.step_count,
      currentStepLabel: row.current_step_label,
      holder: row.holder,
      waitingSince: row.waiting_since,
      late: isLate(row),
      // A tracking problem first (it is the newest); else what became of the post-upload calls.
      lastError: readStoredText(row.last_error ?? row.followup_error),
      trackingIssue: opts.trackingIssueOf?.(row) ?? null,
      refusalComment: row.refusal_comment,
      createdAt: row.created_at,
      filedAt: row.filed_at,
      finishedAt: row.finished_at,
      lastPolledAt: row.last_polled_at,
      nextPollAt: row.next_poll_at,
      signedBlob: row.signed_blob,
      fdcBlob: row.fdc_blob,
      deletable: row.deletable === 1,
    };
  }

  function list(q: ListQuery, scope: { environment: string; siren: string } | null): { total: number; items: DocumentRow[] } {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    if (scope) {
      where.push('d.environment = @environment AND d.siren = @siren');
      Object.assign(params, scope);
    }
    if (q.circuitId) {
      where.push('d.circuit_id = @circuitId');
      params.circuitId = q.circuitId;
    }
    if (q.label) {
      where.push('d.label = @label');
      params.label = q.label;
    }
    if (q.phases && q.phases.length > 0) {
      where.push(`d.phase IN (${q.phases.map((_, i) => `@phase${i}`).join(', ')})`);
      q.phases.forEach((p, i) => (params[`phase${i}`] = p));
    }
    if (q.from) {
      where.push('d.created_at >= @from');
      params.from = q.from;
    }
    if (q.to) {
      where.push('d.created_at <= @to');
      params.to = q.to;
    }
    const fts = q.search ? ftsQuery(q.search) : null;
    if (fts) {
      where.push('d.local_id IN (SELECT rowid FROM parapheur_documents_fts WHERE parapheur_documents_fts MATCH @fts)');
      params.fts = fts;
    }
    if (q.lateOnly) {
      // Each environment has its own time scale, so its own threshold.
      const environments = scope ? [scope.environment] : environmentSchema.options;
      const waitedTooLong = environments.map((environment, i) => {
        params[`lateEnvironment${i}`] = environment;
        params[`lateBefore${i}`] = new Date(opts.now().getTime() - opts.lateAfterMs(environment)).toISOString();
        return `(d.environment = @lateEnvironment${i} AND d.waiting_since < @lateBefore${i})`;
      });
      where.push(`d.waiting_since IS NOT NULL AND (${waitedTooLong.join(' OR ')}) AND d.outbox_state = 'filed'`);
      where.push("d.phase NOT IN ('signe','refuse','visa_desapprouve','classe','archive','supprime')");
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const order =
      q.sort === 'waiting'
        ? "ORDER BY CASE WHEN d.phase IN ('signe','refuse','visa_desapprouve','classe','archive','supprime') OR d.waiting_since IS NULL THEN 1 ELSE 0 END, d.waiting_since ASC, d.local_id DESC"
        : 'ORDER BY d.created_at DESC, d.local_id DESC';
    const total = (db.prepare(`SELECT count(*) AS n FROM parapheur_documents d ${clause}`).get(params) as { n: number }).n;
    const rows = db
      .prepare(`SELECT d.* FROM parapheur_documents d ${clause} ${order} LIMIT @limit OFFSET @offset`)
      .all({ ...params, limit: q.limit, offset: q.offset }) as LedgerRow[];
    return { total, items: rows.map(toDocumentRow) };
  }

  return {
    get(localId: number): LedgerRow | undefined {
      return byLocalId.get(localId);
    },
    list,
    toDocumentRow,
    isLate,
    update(localId: number, fields: Partial<Omit<LedgerRow, 'local_id'>>): LedgerRow {
      const keys = Object.keys(fields);
      if (keys.length > 0) {
        db.prepare(`UPDATE parapheur_documents SET ${keys.map((k) => `${k} = @${k}`).join(', ')}, updated_at = @__now WHERE local_id = @__id`).run({
          ...fields,
          __now: opts.now().toISOString(),
          __id: localId,
        });
      }
      return byLocalId.get(localId)!;
    },
  };
}
export type DocumentLedger = ReturnType<typeof createDocumentLedger>;
