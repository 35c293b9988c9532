import type { DocumentDetail } from '../../../../../shared/domain/parapheur.js';
import { formatDateTime } from '../../../../components/format.js';
import type { Tx } from '../../i18n/index.js';
import { isSystemActor } from '../../documentFormat.js';

/** FAST's history of the document, as FAST reports it; its automatic steps are shown as the system's. */
export function DetailHistory({ tx, intlLocale, current }: { tx: Tx; intlLocale: string; current: DocumentDetail | null }) {
  const history = current ? current.history.filter((h) => h.stateName !== null) : [];
  return (
    <section aria-labelledby="doc-history-title" className="doc-detail__history">
      <h3 id="doc-history-title" className="doc-detail__subtitle">
        {tx('detail.history')}
      </h3>
      {history.length === 0 ? (
        <p className="muted">{current ? tx('detail.historyEmpty') : tx('common.loading')}</p>
      ) : (
        <ol className="timeline" data-testid="document-history">
          {history.map((h, i) => (
            <li key={`${h.date}-${i}`} className="timeline__item" data-testid="history-entry">
              <time className="timeline__date" dateTime={h.date}>
                {formatDateTime(h.date, intlLocale) ?? h.date}
              </time>
              <span className="timeline__state">{h.stateName}</span>
              <span className={isSystemActor(h.userFullname) ? 'timeline__actor timeline__actor--system' : 'timeline__actor'}>
                {isSystemActor(h.userFullname) ? tx('detail.system') : h.userFullname}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
