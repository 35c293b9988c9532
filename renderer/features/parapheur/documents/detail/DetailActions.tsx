import type { DocumentDetail, DocumentRow } from '../../../../../shared/domain/parapheur.js';
import { guichet } from '../../../../bridge/index.js';
import { DownloadIcon, ExternalIcon, RefreshIcon, TrashIcon } from '../../../../components/icons.js';
import { FileDragOut } from '../../../../components/FileDragOut.js';
import { OpenPdfButton } from '../../../../components/viewer/OpenPdfButton.js';
import type { Tx } from '../../i18n/index.js';
import { fdcFileName, isActiveOutbox, signedFileName } from '../../documentFormat.js';
import type { DocumentActions } from './useDocumentActions.js';

interface DetailActionsProps {
  tx: Tx;
  row: DocumentRow;
  current: DocumentDetail | null;
  actions: DocumentActions;
}

/** The signed PDF and routing sheet (open, save, drag out), then what can be asked of FAST or of the outbox. */
export function DetailActions({ tx, row, current, actions }: DetailActionsProps) {
  const signedName = signedFileName(row.originalName, tx);
  const webUrl = current?.webUrl;
  return (
    <>
      <div className="doc-detail__actions">
        {row.signedBlob ? (
          <OpenPdfButton blob={row.signedBlob} fileName={signedName} testId="document-open-signed" primary>
            {tx('detail.openSigned')}
          </OpenPdfButton>
        ) : null}
        {row.fdcBlob ? (
          <OpenPdfButton blob={row.fdcBlob} fileName={fdcFileName(row.originalName, tx)} testId="document-open-fdc">
            {tx('detail.openFdc')}
          </OpenPdfButton>
        ) : null}
        {row.signedBlob ? (
          guichet.host === 'electron' ? (
            <button type="button" className="button button--secondary button--small" onClick={() => void actions.saveAs('signed', signedName)} data-testid="document-save-as">
              <DownloadIcon />
              {tx('detail.saveAs')}
            </button>
          ) : (
            <a className="button button--secondary button--small" href={guichet.blobUrl(row.signedBlob, signedName)} download={signedName} data-testid="document-download">
              <DownloadIcon />
              {tx('detail.download')}
            </a>
          )
        ) : null}
        {row.signedBlob ? (
          <FileDragOut
            sha256={row.signedBlob}
            fileName={signedName}
            mediaType="application/pdf"
            label={tx('detail.dragOutLabel', { name: row.originalName })}
            title={tx('detail.dragOut')}
            testId="document-drag-out"
            startNativeDrag={() => actions.dragOut(signedName)}
            onError={actions.reportError}
          />
        ) : null}
      </div>
      <div className="doc-detail__actions">
        {row.outboxState === 'filed' && row.documentId ? (
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={() => void actions.refresh(row)}
            disabled={actions.refreshing}
            aria-busy={actions.refreshing}
            // A document marked deleted may have been so by mistake: asking FAST again restores it if FAST still has it.
            title={row.phase === 'supprime' ? tx('detail.recheckHint') : undefined}
            data-testid="document-refresh"
          >
            <RefreshIcon />
            {actions.refreshing ? tx('detail.refreshing') : row.phase === 'supprime' ? tx('detail.recheck') : tx('detail.refresh')}
          </button>
        ) : null}
        {webUrl ? (
          <button type="button" className="button button--secondary button--small" onClick={() => void actions.openInFast(webUrl)} data-testid="document-open-fast">
            <ExternalIcon />
            {tx('detail.openInFast')}
          </button>
        ) : null}
        {isActiveOutbox(row.outboxState) ? (
          <button type="button" className="button button--secondary button--small" onClick={() => void actions.cancelDeposit()} data-testid="document-cancel">
            {tx('detail.cancelDeposit')}
          </button>
        ) : null}
        {row.deletable ? (
          <button type="button" className="button button--danger-outline button--small" onClick={actions.deletion.ask} data-testid="document-delete">
            <TrashIcon />
            {tx('detail.delete')}
          </button>
        ) : null}
      </div>
      {actions.error ? (
        <p className="notice notice--warning" role="alert" data-testid="document-action-error">
          {actions.error}
        </p>
      ) : null}
    </>
  );
}
