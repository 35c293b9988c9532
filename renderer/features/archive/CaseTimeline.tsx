import { useEffect, useState } from 'react';
import type { ResponseOf } from '../../../shared/ipc/contract.js';
import { guichet } from '../../bridge/index.js';
import { formatDateTime } from '../../components/format.js';
import { translateHostText } from '../../i18n/hostText.js';
import { useArchiveText } from './i18n/index.js';

type Entry = ResponseOf<'archive.cases.timeline'>[number];

/** What happened to a case's items, from every provider's journal, newest first; loaded when opened. */
export function CaseTimeline({ caseId, reload }: { caseId: number; reload: number }) {
  const { tx, intlLocale } = useArchiveText();
  const [open, setOpen] = useState(false);
  const [entries, setEntries] = useState<Entry[] | null>(null);

  useEffect(() => {
    if (!open) return;
    let cancelled = false;
    guichet.invoke('archive.cases.timeline', { caseId }).then(
      (list) => !cancelled && setEntries(list),
      () => !cancelled && setEntries([]),
    );
    return () => {
      cancelled = true;
    };
  }, [open, caseId, reload]);

  return (
    <details className="archive-timeline" data-testid="archive-case-timeline" onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>{tx('cases.timeline')}</summary>
      {entries === null ? null : entries.length === 0 ? (
        <p className="muted">{tx('cases.timelineEmpty')}</p>
      ) : (
        <ol className="archive-timeline__list" tabIndex={0} aria-label={tx('cases.timeline')}>
          {entries.map((e) => (
            <li key={e.id} data-testid="archive-case-event">
              <time dateTime={e.at}>{formatDateTime(e.at, intlLocale)}</time> {translateHostText(e.summary)}
            </li>
          ))}
        </ol>
      )}
    </details>
  );
}
