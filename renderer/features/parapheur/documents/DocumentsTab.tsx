import { useHostLinkStore } from '../../../app/store/hostLinkStore.js';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DocumentRow } from '../../../../shared/domain/parapheur.js';
import { guichet } from '../../../bridge/index.js';
import { useParapheurText } from '../i18n/index.js';
import { useCircuitsStore } from '../circuits/circuitsStore.js';
import { failureText } from '../ui/feedback.js';
import { useNow } from '../../../components/useNow.js';
import type { ResponseOf } from '../../../../shared/ipc/contract.js';
import type { Tx } from '../i18n/index.js';
import { DocumentFilterBar } from './DocumentFilterBar.js';
import { DocumentList } from './DocumentList.js';
import { DocumentDetailPanel } from './detail/DocumentDetailPanel.js';
import {
  applyPage,
  emptyFilters,
  emptySparseRows,
  firstMissing,
  hasActiveFilters,
  matchesFilters,
  toListRequest,
  upsertRows,
  type DocumentFilters,
  type DocumentSort,
  type SparseRows,
} from './documentQuery.js';
import { EmptyState } from '../../../components/EmptyState.js';
import { SyncStatusLine } from '../../../components/SyncStatusLine.js';

const pageSize = 250;
/** Live changes arrive in bursts (a batch of uploads): applied together, at most this often. */
const flushEveryMs = 200;

type LoadState = { phase: 'loading' } | { phase: 'ready' } | { phase: 'failed'; message: string };

export function DocumentsTab({ initialSelection }: { initialSelection?: number | null }) {
  const { tx, intlLocale } = useParapheurText();
  const circuits = useCircuitsStore((s) => s.circuits);
  const loadCircuits = useCircuitsStore((s) => s.load);
  const [filters, setFilters] = useState<DocumentFilters>(emptyFilters);
  const [sort, setSort] = useState<DocumentSort>('recent');
  const [data, setData] = useState<SparseRows>(emptySparseRows);
  const [load, setLoad] = useState<LoadState>({ phase: 'loading' });
  const [selectedId, setSelectedId] = useState<number | null>(initialSelection ?? null);
  const now = useNow();
  // Responses of an older query (filters changed meanwhile) are dropped.
  const generation = useRef(0);
  const inFlight = useRef(new Set<number>());
  const query = useRef({ filters, sort });
  query.current = { filters, sort };

  useEffect(() => {
    if (circuits.length === 0) void loadCircuits();
  }, [circuits.length, loadCircuits]);

  const fetchPage = useCallback(
    async (offset: number) => {
      const gen = generation.current;
      if (inFlight.current.has(offset)) return;
      inFlight.current.add(offset);
      try {
        const page = await guichet.invoke('parapheur.documents.list', toListRequest(query.current.filters, query.current.sort, offset, pageSize));
        if (gen !== generation.current) return;
        setData((d) => applyPage(d, offset, page));
        setLoad({ phase: 'ready' });
      } catch (error) {
        if (gen === generation.current) setLoad({ phase: 'failed', message: failureText(error, tx) });
      } finally {
        if (gen === generation.current) inFlight.current.delete(offset);
      }
    },
    [tx],
  );

  // A new query: start again from the first page.
  useEffect(() => {
    generation.current += 1;
    inFlight.current = new Set();
    setData(emptySparseRows);
    setLoad({ phase: 'loading' });
    void fetchPage(0);
  }, [filters, sort, fetchPage]);

  const onRange = useCallback(
    (start: number, end: number) => {
      const missing = firstMissing(data, start, end);
      if (missing !== null) void fetchPage(Math.floor(missing / pageSize) * pageSize);
    },
    [data, fetchPage],
  );

  // Back from a lost host: what changed meanwhile came as no event; reload the rows shown, keeping them meanwhile.
  const relinks = useHostLinkStore((s) => s.relinks);
  useEffect(() => {
    if (relinks > 0) void fetchPage(0);
  }, [relinks, fetchPage]);

  // Live updates from main (deposit progress, tracker polls, deletions).
  useEffect(() => {
    let pending: DocumentRow[] = [];
    let timer: ReturnType<typeof setTimeout> | null = null;
    const flush = () => {
      timer = null;
      const changed = pending;
      pending = [];
      const { filters: f, sort: s } = query.current;
      setData((d) => upsertRows(d, changed, { accepts: (row) => matchesFilters(row, f), sort: s }));
    };
    const unsubscribe = guichet.on('parapheur.document.changed', (row) => {
      pending.push(row);
      if (!timer) timer = setTimeout(flush, flushEveryMs);
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, []);

  const onChanged = useCallback((row: DocumentRow) => {
    const { filters: f, sort: s } = query.current;
    setData((d) => upsertRows(d, [row], { accepts: (r) => matchesFilters(r, f), sort: s }));
  }, []);

  const selectedRow = selectedId === null ? null : (data.rows.find((r) => r?.localId === selectedId) ?? null);
  // A wrong address stops the tracking of every document at once: said once, above the list.
  const trackingIssue = data.rows.find((r) => r?.trackingIssue)?.trackingIssue ?? null;
  const closeDetail = () => {
    const id = selectedId;
    setSelectedId(null);
    // Back to the row the clerk came from.
    requestAnimationFrame(() => {
      const row = document.querySelector(`[data-local-id="${id}"] button`);
      if (row instanceof HTMLElement) row.focus();
    });
  };

  return (
    <div className="documents-tab">
      <DocumentFilterBar tx={tx} circuits={circuits} filters={filters} sort={sort} onFilters={setFilters} onSort={setSort} />
      {/* One line: the count and the last exchange with FAST must not push the list down. */}
      <div className="documents-tab__summary">
        <p className="documents-tab__count muted" role="status" data-testid="document-count">
          {load.phase === 'loading' && data.total === 0 ? tx('documents.loading') : tx('documents.count', { count: data.total })}
        </p>
        <SyncStatus tx={tx} />
      </div>
      {trackingIssue ? (
        <p className="notice notice--error" role="status" data-testid="documents-tracking-issue">
          {tx('detail.addressNotFound', { host: trackingIssue.host })}
        </p>
      ) : null}
      {load.phase === 'failed' ? (
        <div className="notice notice--error" role="alert" data-testid="documents-error">
          <p>{load.message}</p>
          <button type="button" className="button button--secondary button--small" onClick={() => setFilters((f) => ({ ...f }))}>
            {tx('common.retry')}
          </button>
        </div>
      ) : null}
      {load.phase === 'ready' && data.total === 0 ? (
        <EmptyState testId="documents-empty">
          {hasActiveFilters(filters) ? tx('documents.empty') : tx('documents.emptyAll')}
        </EmptyState>
      ) : null}
      <div className={selectedId !== null ? 'documents-body documents-body--with-detail' : 'documents-body'}>
        <DocumentList tx={tx} intlLocale={intlLocale} data={data} now={now} selectedId={selectedId} onOpen={(row) => setSelectedId(row.localId)} onRange={onRange} />
        {selectedId !== null ? (
          <DocumentDetailPanel
            key={selectedId}
            tx={tx}
            intlLocale={intlLocale}
            localId={selectedId}
            row={selectedRow}
            now={now}
            onClose={closeDetail}
            onChanged={onChanged}
          />
        ) : null}
      </div>
    </div>
  );
}

/**
 * When FAST was last asked and what waits to be sent: what a clerk needs to read when the network is
 * cut (issue 12, « Offline »). Local data only; read again as documents change.
 */
function SyncStatus({ tx }: { tx: Tx }) {
  const [status, setStatus] = useState<ResponseOf<'parapheur.documents.syncStatus'> | null>(null);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const read = () => {
      timer = null;
      guichet.invoke('parapheur.documents.syncStatus', {}).then(setStatus, () => undefined);
    };
    read();
    const unsubscribe = guichet.on('parapheur.document.changed', () => {
      timer ??= setTimeout(read, flushEveryMs);
    });
    // A circuit refresh or a connection test found FAST reachable or not.
    const offSync = guichet.on('parapheur.sync.changed', setStatus);
    return () => {
      unsubscribe();
      offSync();
      if (timer) clearTimeout(timer);
    };
  }, []);
  if (!status) return null;
  return (
    <SyncStatusLine
      provider="FAST"
      lastSyncedAt={status.lastSyncedAt}
      unreachable={status.unreachable}
      queued={tx('documents.waiting', { count: status.waiting })}
      testId="parapheur-sync-status"
    />
  );
}
