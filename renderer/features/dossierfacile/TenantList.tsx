import { useCallback, useEffect, useState } from 'react';
import { useHostLinkStore } from '../../app/store/hostLinkStore.js';
import { guichet } from '../../bridge/index.js';
import { EmptyState } from '../../components/EmptyState.js';
import { SearchField } from '../../components/SearchField.js';
import { SelectField } from '../../components/Field.js';
import { RefreshIcon, TrashIcon } from '../../components/icons.js';
import { formatDate } from '../../components/format.js';
import { toastSuccess } from '../../components/feedback.js';
import { usePagedList } from '../../components/usePagedList.js';
import { SyncStatusLine } from '../../components/SyncStatusLine.js';
import { dfcTenantStatuses } from '../../../shared/domain/dossierfacileVocabulary.js';
import type { DfcTenantRow } from '../../../shared/domain/dossierfacile.js';
import type { ResponseOf } from '../../../shared/ipc/contract.js';
import { failureText, useDfcText } from './i18n/index.js';
import { accessTone, personName, statusLabel, statusTone } from './presentation.js';

const rowHeight = 60;
type StatusFilter = '' | (typeof dfcTenantStatuses)[number];
type SyncState = ResponseOf<'dossierfacile.sync.state'>;

/** The tenants kept on this computer, in one virtualized list searched by name, e-mail and status. */
export function TenantList({ onOpen, onReconnect, refreshKey }: { onOpen(row: DfcTenantRow): void; onReconnect(row: DfcTenantRow): void; refreshKey: number }) {
  const text = useDfcText();
  const { tx } = text;
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<StatusFilter>('');
  const [sync, setSync] = useState<SyncState | null>(null);
  const [syncKey, setSyncKey] = useState(0);
  // Back from a lost host: changes made meanwhile came as no event.
  const relinks = useHostLinkStore((s) => s.relinks);

  const query = useCallback(
    (after?: NonNullable<ResponseOf<'dossierfacile.tenants.list'>['next']>) =>
      guichet.invoke('dossierfacile.tenants.list', {
        ...(status ? { statuses: [status] } : {}),
        ...(search.trim() ? { search: search.trim() } : {}),
        limit: 200,
        ...(after ? { after } : {}),
      }),
    [status, search],
  );

  const { rows, setRows, total, setTotal, error, setError, scrollRef, virtualizer, items } = usePagedList({
    query,
    reloadOn: [refreshKey, relinks, syncKey, text],
    failure: (e) => failureText(text, e),
    rowHeight,
    rowKey: (r: DfcTenantRow) => r.localId,
  });

  useEffect(() => {
    void guichet
      .invoke('dossierfacile.sync.state', {})
      .then(setSync)
      .catch(() => undefined);
    const offRow = guichet.on('dossierfacile.tenant.changed', (row) => setRows((old) => (old.some((r) => r.localId === row.localId) ? old.map((r) => (r.localId === row.localId ? row : r)) : old)));
    const offPurged = guichet.on('dossierfacile.tenant.purged', ({ localId }) => {
      setRows((old) => old.filter((r) => r.localId !== localId));
      setTotal((n) => Math.max(0, n - 1));
    });
    const offSync = guichet.on('dossierfacile.sync.changed', (s) => {
      setSync(s);
      if (!s.running) setSyncKey((k) => k + 1);
    });
    return () => {
      offRow();
      offPurged();
      offSync();
    };
  }, [relinks]);

  const runSync = async () => {
    setError(null);
    setSync((s) => (s ? { ...s, running: true } : { running: true, lastRunAt: null, lastError: null, changed: null, lastSuccessAt: null, waiting: 0, unreachable: false }));
    try {
      const done = await guichet.invoke('dossierfacile.sync.run', {});
      setSync(done);
      if (!done.lastError) toastSuccess(done.changed ? tx('sync.done', { count: done.changed }) : tx('sync.nothing'));
      setSyncKey((k) => k + 1);
    } catch (e) {
      setSync((s) => (s ? { ...s, running: false } : s));
      setError(failureText(text, e));
    }
  };

  const filtered = search.trim() !== '' || status !== '';

  return (
    <section className="card dfc-list" aria-labelledby="dfc-list-title">
      <div className="dfc-list__head">
        <h3 id="dfc-list-title">{tx('list.title')}</h3>
        <span className="dfc-list__count" data-testid="dfc-count">
          {tx('list.count', { count: total })}
        </span>
        <div className="dfc-list__sync">
          {sync ? (
            <SyncStatusLine
              provider="DossierFacile"
              className="dfc-list__last"
              lastSyncedAt={sync.lastSuccessAt}
              unreachable={sync.unreachable}
              problem={sync.lastError && !sync.unreachable ? tx('sync.failed', { reason: failureText(text, sync.lastError) }) : null}
              queued={sync.waiting > 0 ? tx('sync.waiting', { count: sync.waiting }) : null}
              running={sync.running}
              testId="dfc-sync-last"
            />
          ) : null}
          <button type="button" className="button button--secondary" onClick={() => void runSync()} disabled={sync?.running} aria-busy={sync?.running} data-testid="dfc-sync">
            <RefreshIcon />
            {sync?.running ? tx('sync.running') : tx('sync.run')}
          </button>
        </div>
      </div>
      <div className="dfc-list__filters">
        <SearchField label={tx('list.search')} placeholder={tx('list.searchHint')} value={search} onChange={setSearch} testId="dfc-search" />
        <SelectField<StatusFilter>
          id="dfc-filter-status"
          testId="dfc-filter-status"
          label={tx('list.status')}
          value={status}
          onChange={setStatus}
          options={[{ value: '', label: tx('list.allStatuses') }, ...dfcTenantStatuses.map((s) => ({ value: s, label: tx(`status.${s}`) }))]}
        />
      </div>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      {rows.length === 0 && !error ? (
        <EmptyState testId="dfc-empty">{filtered ? tx('list.noMatch') : tx('list.empty')}</EmptyState>
      ) : null}
      <div ref={scrollRef} className="dfc-list__scroll">
        <ul role="list" aria-label={tx('list.listLabel')} style={{ height: virtualizer.getTotalSize(), position: 'relative', margin: 0, padding: 0 }}>
          {items.map((item) => {
            const row = rows[item.index]!;
            const name = personName(row);
            return (
              <li
                key={item.key}
                className="dfc-list__row"
                data-testid={`dfc-row-${row.tenantId}`}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, height: rowHeight, transform: `translateY(${item.start}px)`, listStyle: 'none' }}
              >
                <span className="dfc-list__who">
                  <strong>{name}</strong>
                  {row.email ? <span className="dfc-list__email">{row.email}</span> : null}
                </span>
                <span className="dfc-list__badges">
                  <span className={`status-badge status-badge--${statusTone(row.status)}`} data-testid="dfc-row-status">
                    {statusLabel(text, row.status)}
                  </span>
                  {row.purgedAt ? (
                    // Said in words (and the date for screen readers), not by the badge's colour alone.
                    <span className="status-badge status-badge--neutral dfc-list__purged" data-testid="dfc-row-purged">
                      <TrashIcon />
                      {tx('list.purged')}
                      <span className="visually-hidden"> {tx('list.purgedOn', { date: formatDate(row.purgedAt, text.intlLocale) ?? '' })}</span>
                    </span>
                  ) : null}
                  {row.access !== 'active' ? (
                    <span className={`status-badge status-badge--${accessTone(row.access)}`} data-testid="dfc-row-access">
                      {tx(`access.${row.access}`)}
                    </span>
                  ) : null}
                </span>
                <span className="dfc-list__actions">
                  {row.access === 'reconnect' ? (
                    <button type="button" className="button button--secondary button--small" onClick={() => onReconnect(row)} aria-label={tx('list.reconnectLabel', { name })} data-testid={`dfc-reconnect-${row.tenantId}`}>
                      {tx('file.reconnect')}
                    </button>
                  ) : null}
                  <button type="button" className="button button--secondary button--small" onClick={() => onOpen(row)} aria-label={tx('list.openLabel', { name })} data-testid={`dfc-open-${row.tenantId}`}>
                    {tx('list.open')}
                  </button>
                </span>
              </li>
            );
          })}
        </ul>
      </div>
    </section>
  );
}
