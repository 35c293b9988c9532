import { useState } from 'react';
import { guichet } from '../../../bridge/index.js';
import { useParapheurText, type Tx } from '../i18n/index.js';
import { circuitNameOf, isActiveOutbox, outboxTone } from '../documentFormat.js';
import { translateHostText } from '../../../i18n/hostText.js';
import { formatDateTime, formatSize } from '../../../components/format.js';
import { ProgressBar } from '../../../components/ProgressBar.js';
import { failureText } from '../ui/feedback.js';
import { toastInfo } from '../../../components/feedback.js';
import { pushToast } from '../../../app/store/toastStore.js';
import { allSettled, summarizeBatch, type UploadBatch, type UploadItem } from './uploadProgress.js';
import { PhaseBadge } from '../ui/PhaseBadge.js';
import { useUploadProgressStore } from './uploadProgressStore.js';

async function cancel(selector: { localId: number } | { batchId: string }, tx: Tx) {
  try {
    const { cancelled } = await guichet.invoke('parapheur.deposit.cancel', selector);
    toastInfo(cancelled > 0 ? tx('progress.cancelled', { count: cancelled }) : tx('progress.nothingCancelled'));
  } catch (error) {
    pushToast({ level: 'error', title: tx('common.failed'), body: failureText(error, tx) });
  }
}

/** Deposits on their way: one overall bar per deposit, one bar per file, cancel for either. */
export function UploadsPanel() {
  const { tx } = useParapheurText();
  const batches = useUploadProgressStore((s) => s.batches);
  if (batches.length === 0) return null;
  const list = (
    <ul className="uploads__batches">
      {batches.map((batch) => (
        <BatchView key={batch.batchId} batch={batch} tx={tx} />
      ))}
    </ul>
  );
  if (allSettled(batches)) {
    const totals = batches.map(summarizeBatch).reduce((a, b) => ({ filed: a.filed + b.filed, count: a.count + b.count }), { filed: 0, count: 0 });
    // Everything went: one line that opens on demand, so the circuits stay in view.
    return (
      <details className="panel uploads uploads--settled" data-testid="uploads-panel" data-settled="true">
        <summary className="uploads__summary">
          <span className="panel__title uploads__summary-title">{tx('progress.title')}</span>
          <span className="muted">{tx('progress.done', { done: totals.filed, total: totals.count })}</span>
        </summary>
        {list}
      </details>
    );
  }
  return (
    <section className="panel uploads" aria-labelledby="uploads-title" data-testid="uploads-panel" data-settled="false">
      <h2 id="uploads-title" className="panel__title">
        {tx('progress.title')}
      </h2>
      {list}
    </section>
  );
}

/** Above this many files the list starts folded: the overall bar says enough. */
const foldAbove = 8;

function BatchView({ batch, tx }: { batch: UploadBatch; tx: Tx }) {
  const { intlLocale } = useParapheurText();
  const dismiss = useUploadProgressStore((s) => s.dismiss);
  const summary = summarizeBatch(batch);
  const [open, setOpen] = useState(batch.items.length <= foldAbove);
  const title = tx('progress.batch', { circuit: circuitNameOf(batch, tx), date: formatDateTime(batch.createdAt, intlLocale) ?? '' });
  const listId = `batch-${batch.batchId}-files`;
  return (
    <li className="upload-batch" data-testid="upload-batch" data-batch-id={batch.batchId}>
      <div className="upload-batch__head">
        <h3 className="upload-batch__title">{title}</h3>
        <span className="muted" data-testid="upload-batch-done">
          {tx('progress.done', { done: summary.filed, total: summary.count })}
        </span>
        <div className="button-row button-row--tight">
          {summary.active > 0 ? (
            <button type="button" className="button button--secondary button--small" onClick={() => void cancel({ batchId: batch.batchId }, tx)} data-testid="upload-batch-cancel">
              {tx('progress.cancelBatch')}
            </button>
          ) : (
            <button type="button" className="button button--secondary button--small" onClick={() => dismiss(batch.batchId)} data-testid="upload-batch-dismiss">
              {tx('progress.dismiss')}
            </button>
          )}
        </div>
      </div>
      <ProgressBar
        value={summary.sent}
        max={summary.total}
        label={`${tx('progress.overall')} — ${title}`}
        text={`${formatSize(summary.sent, intlLocale)} / ${formatSize(summary.total, intlLocale)}`}
        tone={summary.failed > 0 ? 'error' : summary.active === 0 ? 'success' : 'accent'}
        testId="upload-batch-progress"
      />
      {batch.items.length > foldAbove ? (
        <button type="button" className="link-button" aria-expanded={open} aria-controls={listId} onClick={() => setOpen((o) => !o)}>
          {tx('deposit.previewDocumentsCount', { count: batch.items.length })}
        </button>
      ) : null}
      {open ? (
        <ul id={listId} className="upload-items">
          {batch.items.map((item) => (
            <ItemView key={item.localId} item={item} tx={tx} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

function ItemView({ item, tx }: { item: UploadItem; tx: Tx }) {
  const active = isActiveOutbox(item.state);
  const tone = outboxTone(item.state);
  return (
    <li className="upload-item" data-testid="upload-item" data-state={item.state} data-name={item.name}>
      <span className="upload-item__name">{item.name}</span>
      {item.state === 'filed' && item.phase !== 'depose' && item.phase !== 'en_attente' ? (
        // Filed, then FAST moved it on (signed, refused): say where it is now.
        <span data-testid="upload-item-state" data-phase={item.phase}>
          <PhaseBadge row={{ phase: item.phase, stepDone: null, stepCount: null }} tx={tx} />
        </span>
      ) : (
        <span className={`status-badge status-badge--${tone}`} data-testid="upload-item-state">
          {tx(`progress.states.${item.state}`)}
        </span>
      )}
      <ProgressBar
        value={item.sent}
        max={item.total}
        label={tx('progress.fileProgress', { name: item.name })}
        tone={item.state === 'failed' ? 'error' : item.state === 'filed' ? 'success' : 'accent'}
      />
      {active ? (
        <button
          type="button"
          className="button button--secondary button--small"
          aria-label={tx('progress.cancelFile', { name: item.name })}
          onClick={() => void cancel({ localId: item.localId }, tx)}
          data-testid="upload-item-cancel"
        >
          {tx('progress.cancel')}
        </button>
      ) : (
        <span />
      )}
      {item.lastError ? (
        <p className={item.state === 'failed' ? 'upload-item__error field-error' : 'upload-item__note muted'}>{translateHostText(item.lastError)}</p>
      ) : null}
    </li>
  );
}
