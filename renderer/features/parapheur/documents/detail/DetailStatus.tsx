import type { DocumentRow } from '../../../../../shared/domain/parapheur.js';
import type { Tx } from '../../i18n/index.js';
import { LateFlag, PhaseBadge } from '../../ui/PhaseBadge.js';
import { DocumentIdForm } from './DocumentIdForm.js';
import { translateHostText } from '../../../../i18n/hostText.js';

/** Where the document stands: its phase, and any refusal, tracking problem or unknown FAST number. */
export function DetailStatus({ tx, row, onChanged }: { tx: Tx; row: DocumentRow; onChanged(row: DocumentRow): void }) {
  return (
    <>
      <p className="doc-detail__badges">
        <PhaseBadge row={row} tx={tx} />
        {row.late ? <LateFlag tx={tx} /> : null}
        {/* FAST's last label (« Refusé ») is not the state of a document since deleted on FAST. */}
        {row.currentStepLabel && row.phase !== 'supprime' ? <span className="muted">{row.currentStepLabel}</span> : null}
      </p>
      {row.refusalComment ? (
        <div className="notice notice--error doc-detail__refusal" data-testid="document-refusal">
          <div>
            <p className="notice__title">{tx('detail.refusal')}</p>
            <p>{row.refusalComment}</p>
          </div>
        </div>
      ) : null}
      {row.trackingIssue ? (
        <p className="notice notice--error" data-testid="document-tracking-issue">
          {tx('detail.addressNotFound', { host: row.trackingIssue.host })}
        </p>
      ) : null}
      {row.lastError ? (
        <p className={row.outboxState === 'failed' ? 'notice notice--error' : 'notice notice--info'} data-testid="document-last-error">
          {translateHostText(row.lastError)}
        </p>
      ) : null}
      {row.documentIdStatus === 'searching' ? (
        <p className="notice notice--info" data-testid="document-id-searching">
          {tx('detail.idSearching')}
        </p>
      ) : null}
      {row.documentIdStatus === 'unknown' || row.documentIdStatus === 'reused' ? <DocumentIdForm tx={tx} row={row} onConfirmed={onChanged} /> : null}
    </>
  );
}
