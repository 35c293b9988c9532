import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { DocumentRow } from '../../../../../shared/domain/parapheur.js';
import { ConfirmDialog } from '../../../../components/ConfirmDialog.js';
import { CloseIcon } from '../../../../components/icons.js';
import type { Tx } from '../../i18n/index.js';
import { DetailActions } from './DetailActions.js';
import { DetailFields } from './DetailFields.js';
import { DetailHistory } from './DetailHistory.js';
import { DetailStatus } from './DetailStatus.js';
import { StoredFiles } from './StoredFiles.js';
import { useDocumentActions } from './useDocumentActions.js';
import { useDocumentDetail } from './useDocumentDetail.js';

interface DocumentDetailProps {
  tx: Tx;
  intlLocale: string;
  localId: number;
  /** The row as the list knows it: shown at once, replaced by the full detail when it arrives. */
  row: DocumentRow | null;
  now: number;
  onClose(): void;
  onChanged(row: DocumentRow): void;
}

/** One document next to the list: where it stands, its files, what can be done with it, its history. */
export function DocumentDetailPanel({ tx, intlLocale, localId, row: listRow, now, onClose, onChanged }: DocumentDetailProps) {
  const loaded = useDocumentDetail(localId, listRow, tx);
  const actions = useDocumentActions(localId, tx, loaded, onChanged);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, [localId]);

  const { row, current } = loaded;
  if (!row) {
    return (
      <aside className="doc-detail" aria-label={tx('detail.label')} data-testid="document-detail">
        <div className="doc-detail__head">
          <h2 className="doc-detail__title" tabIndex={-1} ref={heading}>
            {tx('detail.label')}
          </h2>
          <button type="button" className="icon-button" onClick={onClose} aria-label={tx('detail.close')} title={tx('detail.close')}>
            <CloseIcon />
          </button>
        </div>
        <p className={loaded.loadError ? 'field-error' : 'muted'} role={loaded.loadError ? 'alert' : 'status'}>
          {loaded.loadError ?? tx('common.loading')}
        </p>
      </aside>
    );
  }

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key === 'Escape' && !actions.deletion.asked) {
      event.stopPropagation();
      onClose();
    }
  };
  const annexes = current?.annexes ?? [];
  const outputs = current?.outputs ?? [];

  return (
    <aside className="doc-detail" aria-labelledby="doc-detail-title" data-testid="document-detail" data-local-id={row.localId} onKeyDown={onKeyDown}>
      <div className="doc-detail__head">
        <h2 id="doc-detail-title" className="doc-detail__title" tabIndex={-1} ref={heading}>
          {row.originalName}
        </h2>
        <button type="button" className="icon-button" onClick={onClose} aria-label={tx('detail.close')} title={tx('detail.close')} data-testid="document-detail-close">
          <CloseIcon />
        </button>
      </div>
      <DetailStatus
        tx={tx}
        row={row}
        onChanged={(updated) => {
          onChanged(updated);
          loaded.replaceRow(updated);
        }}
      />
      <DetailActions tx={tx} row={row} current={current} actions={actions} />
      <DetailFields tx={tx} intlLocale={intlLocale} row={row} current={current} now={now} />
      {annexes.length > 0 ? (
        <StoredFiles tx={tx} intlLocale={intlLocale} files={annexes} titleId="doc-annexes-title" title={tx('detail.annexes')} testId="document-annex" listTestId="document-annexes" />
      ) : null}
      {outputs.length > 0 ? (
        <StoredFiles tx={tx} intlLocale={intlLocale} files={outputs} titleId="doc-outputs-title" title={tx('detail.outputs')} testId="document-output" listTestId="document-outputs" />
      ) : null}
      <DetailHistory tx={tx} intlLocale={intlLocale} current={current} />

      {actions.deletion.asked ? (
        <ConfirmDialog
          title={tx('detail.deleteTitle')}
          body={<p>{tx('detail.deleteBody', { name: row.originalName })}</p>}
          confirmLabel={actions.deletion.busy ? tx('detail.deleting') : tx('detail.deleteConfirm')}
          cancelLabel={tx('common.cancel')}
          busy={actions.deletion.busy}
          danger
          error={actions.deletion.error}
          testId="document-delete-dialog"
          onConfirm={() => void actions.deletion.confirm()}
          onCancel={actions.deletion.cancel}
        />
      ) : null}
    </aside>
  );
}
