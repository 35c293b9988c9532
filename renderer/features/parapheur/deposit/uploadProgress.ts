import type { DocumentPhase, DocumentRow, OutboxState } from '../../../../shared/domain/parapheur.js';
import type { HostText } from '../../../../shared/ipc/errors.js';
import { isActiveOutbox } from '../documentFormat.js';

export interface UploadItem {
  localId: number;
  name: string;
  sent: number;
  total: number;
  state: OutboxState;
  /** Where the document went after filing: a file refused later must not keep reading « Déposé ». */
  phase: DocumentPhase;
  lastError: HostText | null;
}

export interface UploadBatch {
  batchId: string;
  circuitId: string;
  circuitName: string;
  createdAt: string;
  items: UploadItem[];
}

export interface BatchSummary {
  count: number;
  sent: number;
  total: number;
  filed: number;
  failed: number;
  cancelled: number;
  active: number;
}

function itemOf(row: DocumentRow): UploadItem {
  const done = row.outboxState === 'filed';
  return { localId: row.localId, name: row.originalName, sent: done ? row.size : 0, total: row.size, state: row.outboxState, phase: row.phase, lastError: row.lastError };
}

/** A deposit the clerk just made, newest first; a batch already shown is refreshed, not doubled. */
export function addBatch(batches: readonly UploadBatch[], rows: readonly DocumentRow[]): UploadBatch[] {
  const first = rows[0];
  if (!first) return [...batches];
  const batch: UploadBatch = { batchId: first.batchId, circuitId: first.circuitId, circuitName: first.circuitName, createdAt: first.createdAt, items: rows.map(itemOf) };
  return [batch, ...batches.filter((b) => b.batchId !== batch.batchId)];
}

/** Failures older than this are left to the Documents tab rather than shown again at every start. */
const recentFailureMs = 24 * 3600_000;

/** Rebuilds the panel after a reload: every batch that still has a file on its way (or failed lately). */
export function seedBatches(batches: readonly UploadBatch[], rows: readonly DocumentRow[], nowMs: number): UploadBatch[] {
  let next = [...batches];
  const wanted = rows.filter(
    (r) => isActiveOutbox(r.outboxState) || (r.outboxState === 'failed' && nowMs - Date.parse(r.createdAt) < recentFailureMs),
  );
  const groups = new Map<string, DocumentRow[]>();
  for (const row of wanted) groups.set(row.batchId, [...(groups.get(row.batchId) ?? []), row]);
  for (const [batchId, group] of groups) {
    if (next.some((b) => b.batchId === batchId)) continue;
    next = [...next, { batchId, circuitId: group[0]!.circuitId, circuitName: group[0]!.circuitName, createdAt: group[0]!.createdAt, items: group.map(itemOf) }];
  }
  return next.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

function mapItem(batches: readonly UploadBatch[], batchId: string, localId: number, change: (item: UploadItem) => UploadItem): UploadBatch[] | null {
  const bi = batches.findIndex((b) => b.batchId === batchId);
  if (bi < 0) return null;
  const batch = batches[bi]!;
  const ii = batch.items.findIndex((i) => i.localId === localId);
  if (ii < 0) return null;
  const items = batch.items.slice();
  items[ii] = change(items[ii]!);
  const next = batches.slice();
  next[bi] = { ...batch, items };
  return next;
}

export function applyProgress(batches: readonly UploadBatch[], p: { localId: number; batchId: string; sent: number; total: number }): UploadBatch[] {
  return (
    mapItem(batches, p.batchId, p.localId, (item) => ({
      ...item,
      sent: p.sent,
      total: p.total > 0 ? p.total : item.total,
      // Bytes flowing means the row is uploading, even if its state event is still on the way.
      state: isActiveOutbox(item.state) ? 'uploading' : item.state,
    })) ?? (batches as UploadBatch[])
  );
}

export function applyRowChange(batches: readonly UploadBatch[], row: DocumentRow): UploadBatch[] {
  return (
    mapItem(batches, row.batchId, row.localId, (item) => ({
      ...item,
      state: row.outboxState,
      phase: row.phase,
      lastError: row.lastError,
      // A retry starts from zero again; a filed file is complete whatever the last progress said.
      sent: row.outboxState === 'filed' ? item.total : row.outboxState === 'queued' || row.outboxState === 'waiting_network' ? 0 : item.sent,
    })) ?? (batches as UploadBatch[])
  );
}

export function summarizeBatch(batch: UploadBatch): BatchSummary {
  const s: BatchSummary = { count: batch.items.length, sent: 0, total: 0, filed: 0, failed: 0, cancelled: 0, active: 0 };
  for (const item of batch.items) {
    // Cancelled and failed files no longer count in the bytes still to send.
    if (item.state !== 'cancelled' && item.state !== 'failed') {
      s.total += item.total;
      s.sent += Math.min(item.sent, item.total);
    }
    if (item.state === 'filed') s.filed++;
    else if (item.state === 'failed') s.failed++;
    else if (item.state === 'cancelled') s.cancelled++;
    else s.active++;
  }
  return s;
}

/** No file of any deposit is still on its way: the panel folds to one line and leaves the circuits in view. */
export function allSettled(batches: readonly UploadBatch[]): boolean {
  return batches.every((b) => summarizeBatch(b).active === 0);
}
