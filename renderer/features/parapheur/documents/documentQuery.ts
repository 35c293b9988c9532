import { documentPhases } from '../../../../shared/domain/parapheurVocabulary.js';
import type { DocumentPhase, DocumentRow } from '../../../../shared/domain/parapheur.js';
import type { RequestOf } from '../../../../shared/ipc/contract.js';
import { foldText, localDayBound } from '../../../components/filterText.js';

export type DocumentSort = 'recent' | 'waiting';

/** What the clerk chose in the filter bar; empty strings mean "no filter". */
export interface DocumentFilters {
  circuitId: string;
  phases: DocumentPhase[];
  search: string;
  /** Local calendar days as the date inputs give them (YYYY-MM-DD). */
  from: string;
  to: string;
  lateOnly: boolean;
  /** Documents the clerk deleted on FAST stay in the ledger (what was filed, when) but can be put out of sight. */
  hideDeleted: boolean;
}

export const emptyFilters: DocumentFilters = { circuitId: '', phases: [], search: '', from: '', to: '', lateOnly: false, hideDeleted: false };

export function hasActiveFilters(f: DocumentFilters): boolean {
  return f.circuitId !== '' || f.phases.length > 0 || f.search.trim() !== '' || f.from !== '' || f.to !== '' || f.lateOnly || f.hideDeleted;
}

/** The filters folded under « Plus de filtres »: how many are set, to say it on the button. */
export function secondaryFilterCount(f: DocumentFilters): number {
  return [f.from !== '', f.to !== '', f.phases.length > 0, f.lateOnly, f.hideDeleted].filter(Boolean).length;
}

/** The phases to ask for: the chosen ones, or all of them, less the deleted ones when hidden; undefined = no phase filter. */
export function requestedPhases(f: DocumentFilters): DocumentPhase[] | undefined {
  if (!f.hideDeleted) return f.phases.length > 0 ? [...f.phases] : undefined;
  const kept = f.phases.filter((p) => p !== 'supprime');
  // Hiding the deleted wins over a « supprimé » chip: what is left is every other document.
  return kept.length > 0 ? kept : documentPhases.filter((p) => p !== 'supprime');
}

/** The documents.list request for these filters: only the filters actually set are sent. */
export function toListRequest(
  filters: DocumentFilters,
  sort: DocumentSort,
  offset: number,
  limit: number,
): RequestOf<'parapheur.documents.list'> {
  const request: RequestOf<'parapheur.documents.list'> = { sort, offset, limit };
  if (filters.circuitId) request.circuitId = filters.circuitId;
  const phases = requestedPhases(filters);
  if (phases) request.phases = phases;
  const search = filters.search.trim().slice(0, 200);
  if (search) request.search = search;
  const from = localDayBound(filters.from, 'start');
  if (from) request.from = from;
  const to = localDayBound(filters.to, 'end');
  if (to) request.to = to;
  if (filters.lateOnly) request.lateOnly = true;
  return request;
}

/**
 * Whether a document that just appeared (live event) belongs in the list the clerk is looking at.
 * Close to main's query: each search word must start a word of the document's texts.
 */
export function matchesFilters(row: DocumentRow, f: DocumentFilters): boolean {
  if (f.circuitId && row.circuitId !== f.circuitId) return false;
  const phases = requestedPhases(f);
  if (phases && !phases.includes(row.phase)) return false;
  if (f.lateOnly && !row.late) return false;
  const from = localDayBound(f.from, 'start');
  if (from && row.createdAt < from) return false;
  const to = localDayBound(f.to, 'end');
  if (to && row.createdAt > to) return false;
  const terms = foldText(f.search).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  if (terms.length > 0) {
    const words = foldText(
      [row.originalName, row.label, row.circuitName, row.comment, row.holder ?? '', row.documentId ?? '', row.providerName].join(' '),
    )
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean);
    if (!terms.every((term) => words.some((w) => w.startsWith(term)))) return false;
  }
  return true;
}

/**
 * The list as the screen holds it: `total` rows on the host, of which the pages already fetched.
 * Indexes are the host's offsets, so a page lands where the host says it belongs.
 */
export interface SparseRows {
  total: number;
  rows: (DocumentRow | undefined)[];
}

export const emptySparseRows: SparseRows = { total: 0, rows: [] };

export function applyPage(state: SparseRows, offset: number, page: { total: number; items: readonly DocumentRow[] }): SparseRows {
  const rows = state.rows.slice(0, page.total);
  rows.length = page.total;
  page.items.forEach((item, i) => {
    if (offset + i < page.total) rows[offset + i] = item;
  });
  return { total: page.total, rows };
}

/** The first index in [start, end] whose row has not been fetched yet, or null. */
export function firstMissing(state: SparseRows, start: number, end: number): number | null {
  for (let i = Math.max(0, start); i <= Math.min(end, state.total - 1); i++) {
    if (state.rows[i] === undefined) return i;
  }
  return null;
}

/**
 * Live updates: a known document is replaced in place (its position does not jump under the
 * clerk's pointer); a new one that matches the filters is added where the sort would put it.
 */
export function upsertRows(
  state: SparseRows,
  changed: readonly DocumentRow[],
  opts: { accepts(row: DocumentRow): boolean; sort: DocumentSort },
): SparseRows {
  if (changed.length === 0) return state;
  const indexOf = new Map<number, number>();
  state.rows.forEach((row, i) => {
    if (row) indexOf.set(row.localId, i);
  });
  let rows = state.rows;
  let total = state.total;
  const fresh: DocumentRow[] = [];
  for (const row of changed) {
    const at = indexOf.get(row.localId);
    if (at !== undefined) {
      if (rows === state.rows) rows = rows.slice();
      rows[at] = row;
    } else if (opts.accepts(row) && !fresh.some((r) => r.localId === row.localId)) {
      fresh.push(row);
    } else {
      const dup = fresh.findIndex((r) => r.localId === row.localId);
      if (dup >= 0) fresh[dup] = row;
    }
  }
  if (fresh.length > 0) {
    // Newest first, as the host sorts them (created_at DESC, local_id DESC).
    const ordered = [...fresh].sort((a, b) => b.localId - a.localId);
    if (opts.sort === 'recent') {
      rows = [...ordered, ...rows];
    } else {
      // Documents not yet waiting for anyone come last in the "waiting" order.
      rows = [...rows, ...ordered];
    }
    total += fresh.length;
    if (rows.length < total) rows.length = total;
  }
  return rows === state.rows && total === state.total ? state : { total, rows };
}
