import { useCallback, useEffect, useState } from 'react';
import { useHostLinkStore } from '../../app/store/hostLinkStore.js';
import { guichet } from '../../bridge/index.js';
import { SearchField } from '../../components/SearchField.js';
import { SelectField, TextField } from '../../components/Field.js';
import { usePagedList } from '../../components/usePagedList.js';
import { SyncStatusLine } from '../../components/SyncStatusLine.js';
import { id360Statuses } from '../../../shared/domain/id360Vocabulary.js';
import type { EnrollmentRow, Id360Status } from '../../../shared/domain/id360.js';
import type { ResponseOf } from '../../../shared/ipc/contract.js';
import { failureText, useId360Text, type Id360Text } from './i18n/index.js';

const rowHeight = 56;
type StatusFilter = '' | Id360Status | 'expired';

export function statusLabel(text: Id360Text, row: Pick<EnrollmentRow, 'status' | 'expired' | 'creation'>): string {
  if (row.creation) return text.tx(row.creation === 'uncertain' ? 'status.creationUncertain' : 'status.creationSending');
  return row.expired ? text.tx('status.expired') : text.tx(`status.${row.status}`);
}

/** ID360's status code in the clerk's words; an unknown one keeps its code and ID360's message. */
export function codeText(text: Id360Text, c: { code: string; message: string | null }): string {
  return text.txOr(`codes.${c.code}`, text.tx('codes.other', { code: c.code, message: c.message ?? '' }));
}

/**
 * Why a check ended KO or FAILED, for its tracker row (issue 10: « KO (reason and failing status codes
 * in plain French) »): a short line (the first code in plain French, and how many more) and the full
 * text (every code, then ID360's own reason) for the row's title. Null when there is nothing to say.
 */
export function failureSummary(text: Id360Text, row: Pick<EnrollmentRow, 'status' | 'statusCodes' | 'reason'>): { short: string; full: string } | null {
  if (row.status !== 'KO' && row.status !== 'FAILED') return null;
  const codes = [...new Map(row.statusCodes.map((c) => [c.code, c])).values()];
  const worded = codes.map((c) => codeText(text, c));
  const provider = row.reason ? text.tx('tracker.providerReason', { reason: row.reason }) : null;
  if (worded.length === 0 && !provider) return null;
  const short =
    worded.length === 0 ? text.tx('tracker.reasonInReport') : worded.length === 1 ? worded[0]! : text.tx('tracker.reasonAndMore', { reason: worded[0]!, more: worded.length - 1 });
  return { short, full: [...worded, ...(provider ? [provider] : [])].join(' ') };
}

export function TrackerList({ onOpen, refreshKey }: { onOpen(row: EnrollmentRow): void; refreshKey: number }) {
  const text = useId360Text();
  const { tx, intlLocale } = text;
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<StatusFilter>('');
  const [processUuid, setProcessUuid] = useState('');
  const [from, setFrom] = useState('');
  const [processes, setProcesses] = useState<ResponseOf<'id360.processes.list'>>([]);
  // Back from a lost host: statuses polled meanwhile came as no event.
  const relinks = useHostLinkStore((s) => s.relinks);

  const query = useCallback(
    (after?: NonNullable<ResponseOf<'id360.enrollments.list'>['next']>) =>
      guichet.invoke('id360.enrollments.list', {
        ...(status === 'expired' ? { expiredOnly: true } : status ? { statuses: [status] } : {}),
        ...(processUuid ? { processUuid } : {}),
        ...(from ? { createdFrom: new Date(`${from}T00:00:00`).toISOString() } : {}),
        ...(search.trim() ? { search: search.trim() } : {}),
        limit: 100,
        ...(after ? { after } : {}),
      }),
    [status, processUuid, from, search],
  );

  const { rows, setRows, error, scrollRef, virtualizer, items } = usePagedList({
    query,
    reloadOn: [refreshKey, relinks, text],
    failure: (e) => failureText(text, e),
    rowHeight,
    rowKey: (r: EnrollmentRow) => r.localId,
  });

  useEffect(() => {
    void guichet
      .invoke('id360.processes.list', {})
      .then(setProcesses)
      .catch(() => undefined);
    return guichet.on('id360.enrollment.changed', (row) => setRows((old) => (old.some((r) => r.localId === row.localId) ? old.map((r) => (r.localId === row.localId ? row : r)) : old)));
  }, []);


  const date = new Intl.DateTimeFormat(intlLocale, { dateStyle: 'short', timeStyle: 'short' });
  const day = new Intl.DateTimeFormat(intlLocale, { dateStyle: 'short' });

  return (
    <section className="card id360-tracker" aria-labelledby="id360-tracker-title">
      <h3 id="id360-tracker-title">{tx('tracker.title')}</h3>
      <TrackerSyncLine text={text} />
      <div className="id360-tracker__filters">
        <SearchField label={tx('tracker.search')} value={search} onChange={setSearch} testId="id360-search" />
        <SelectField<StatusFilter>
          id="id360-filter-status"
          testId="id360-filter-status"
          label={tx('tracker.status')}
          value={status}
          onChange={setStatus}
          options={[{ value: '', label: tx('tracker.allStatuses') }, ...id360Statuses.filter((s) => s !== 'UNKNOWN').map((s) => ({ value: s, label: tx(`status.${s}`) })), { value: 'expired', label: tx('status.expired') }]}
        />
        <SelectField
          id="id360-filter-process"
          testId="id360-filter-process"
          label={tx('tracker.process')}
          value={processUuid}
          onChange={setProcessUuid}
          options={[{ value: '', label: tx('tracker.allProcesses') }, ...processes.map((p) => ({ value: p.uuid, label: p.label }))]}
        />
        <TextField id="id360-filter-from" testId="id360-filter-from" type="date" label={tx('tracker.from')} value={from} onChange={setFrom} />
      </div>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      {rows.length === 0 && !error ? <p className="empty-state">{tx('tracker.empty')}</p> : null}
      <div ref={scrollRef} className="id360-tracker__scroll" style={{ maxHeight: 480, overflow: 'auto' }}>
        <ul role="list" aria-label={tx('tracker.listLabel')} style={{ height: virtualizer.getTotalSize(), position: 'relative', margin: 0, padding: 0 }}>
          {items.map((item) => {
            const row = rows[item.index]!;
            const name = [row.person['first_name'], row.person['last_name']].filter(Boolean).join(' ');
            const failure = failureSummary(text, row);
            return (
              <li
                key={item.key}
                className="id360-tracker__row"
                data-testid={`id360-row-${row.localId}`}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, height: rowHeight, transform: `translateY(${item.start}px)`, listStyle: 'none' }}
              >
                <span className="id360-tracker__who">
                  <span className="id360-tracker__name">
                    <strong>{row.clientReference ?? row.enrollmentId}</strong> {name}
                  </span>
                  {failure ? (
                    <span className="id360-tracker__reason" data-testid="id360-row-reason" title={failure.full}>
                      {failure.short}
                    </span>
                  ) : null}
                </span>
                <span className="id360-tracker__state">
                  <span className={`badge badge--${row.creation ? 'uncertain' : row.expired ? 'expired' : row.status.toLowerCase()}`} data-testid="id360-row-status">
                    {statusLabel(text, row)}
                    {row.status === 'STARTED' && row.stepsTotal ? ` · ${tx('tracker.steps', { done: row.stepsDone ?? 0, total: row.stepsTotal })}` : ''}
                  </span>
                  {row.controlsPending && !row.expired ? (
                    <span className="id360-tracker__marker" data-testid="id360-row-controls-pending">
                      {tx('tracker.controlsPending')}
                    </span>
                  ) : row.atRisk ? (
                    <span className="id360-tracker__marker" data-testid="id360-row-at-risk">
                      {tx('tracker.atRisk', { at: day.format(new Date(row.missingUntil ?? row.providerUntil)) })}
                    </span>
                  ) : null}
                </span>
                <span className="id360-tracker__when">{tx('tracker.created', { at: date.format(new Date(row.createdAt)) })}</span>
                <button type="button" className="button button--secondary button--small" onClick={() => onOpen(row)} data-testid={`id360-open-${row.localId}`}>
                  {tx('tracker.open')}
                </button>
              </li>
            );
          })}
        </ul>
      </div>
    </section>
  );
}

/** Coalesces a burst of tracker events into one read. */
const reReadAfterMs = 500;

/**
 * When ID360 last answered the tracker, whether it can be reached now and what waits (issue 12,
 * « Offline »): read from this computer, again when the tracker reports.
 */
function TrackerSyncLine({ text }: { text: Id360Text }) {
  const { tx } = text;
  const [status, setStatus] = useState<ResponseOf<'id360.sync.status'> | null>(null);
  const relinks = useHostLinkStore((s) => s.relinks);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const read = () => {
      timer = null;
      guichet.invoke('id360.sync.status', {}).then(setStatus, () => undefined);
    };
    read();
    const offSync = guichet.on('id360.sync.changed', setStatus);
    const offRow = guichet.on('id360.enrollment.changed', () => {
      timer ??= setTimeout(read, reReadAfterMs);
    });
    return () => {
      offSync();
      offRow();
      if (timer) clearTimeout(timer);
    };
  }, [relinks]);
  if (!status) return null;
  const queued = [status.following > 0 ? tx('tracker.following', { count: status.following }) : null, status.filesWaiting > 0 ? tx('tracker.filesWaiting', { count: status.filesWaiting }) : null]
    .filter(Boolean)
    .join(' ');
  return <SyncStatusLine provider="ID360" lastSyncedAt={status.lastSyncedAt} unreachable={status.unreachable} queued={queued || tx('tracker.nothingWaiting')} testId="id360-sync-status" />;
}
