import { useCallback, useEffect, useId, useState } from 'react';
import { guichet } from '../../bridge/index.js';
import { ModalDialog } from '../../components/ModalDialog.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { OpenPdfButton } from '../../components/viewer/OpenPdfButton.js';
import { DownloadIcon, RefreshIcon, TrashIcon } from '../../components/icons.js';
import { toastSuccess } from '../../components/feedback.js';
import { formatDateTime } from '../../components/format.js';
import type { DfcDocumentView, DfcTenantFile, DfcTenantRow } from '../../../shared/domain/dossierfacile.js';
import { failureText, useDfcText, type DfcText } from './i18n/index.js';
import { accessTone, personName, statusLabel, statusTone } from './presentation.js';

function categoryOf(text: DfcText, d: DfcDocumentView): string {
  return text.txOr(`categories.${d.category}`, d.category);
}

function DocumentLine({ text, doc, owner, testId }: { text: DfcText; doc: DfcDocumentView; owner: string; testId: string }) {
  const { tx } = text;
  const category = categoryOf(text, doc);
  const docTone = doc.status === 'VALIDATED' ? 'success' : doc.status === 'DECLINED' ? 'error' : 'info';
  return (
    <li className="dfc-doc" data-testid={testId}>
      <span className="dfc-doc__name">{category}</span>
      <span className={`status-badge status-badge--${docTone}`}>{text.txOr(`documentStatus.${doc.status}`, doc.status)}</span>
      {doc.analysis ? (
        // Informative only (docs/providers/dossierfacile.md#profile): a neutral badge, never a verdict.
        <span className="status-badge status-badge--neutral" title={tx('file.analysisHint')} data-testid="dfc-analysis">
          {tx('file.analysis', { result: text.txOr(`file.analysisResults.${doc.analysis}`, doc.analysis) })}
        </span>
      ) : null}
      {doc.sha256 ? (
        <OpenPdfButton blob={doc.sha256} fileName={`${category} - ${owner}.pdf`} ariaLabel={tx('file.openDocumentLabel', { category, name: owner })} testId={`${testId}-open`}>
          {tx('file.openDocument')}
        </OpenPdfButton>
      ) : (
        <span className="dfc-doc__missing">{doc.purged ? tx('file.purgedCopy') : tx('file.notKept')}</span>
      )}
      {doc.deniedReasons.length > 0 ? <span className="dfc-doc__reason">{tx('file.deniedReasons', { reasons: doc.deniedReasons.join(' ; ') })}</span> : null}
    </li>
  );
}

/** A tenant's file at a glance: application type, each tenant and guarantor, each document with its status, the PDFs kept. */
export function TenantFileDialog({ row: initial, onClose, onPurged, onReconnect }: { row: DfcTenantRow; onClose(): void; onPurged(): void; onReconnect(row: DfcTenantRow): void }) {
  const text = useDfcText();
  const { tx } = text;
  const titleId = useId();
  const [file, setFile] = useState<DfcTenantFile | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Kept apart from `error`: a reload after a change event must not wipe what the clerk's action said.
  const [loadError, setLoadError] = useState<string | null>(null);
  const [fetching, setFetching] = useState(false);
  const [refreshing, setRefreshing] = useState(false);
  const [redownloading, setRedownloading] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [purging, setPurging] = useState(false);
  const [purgeError, setPurgeError] = useState<string | null>(null);
  const row = file?.row ?? initial;
  const name = personName(row);

  const load = useCallback(() => {
    guichet
      .invoke('dossierfacile.tenants.file', { localId: initial.localId })
      .then((f) => {
        setFile(f);
        setLoadError(null);
      })
      .catch((e: unknown) => setLoadError(failureText(text, e)));
  }, [initial.localId, text]);

  useEffect(() => {
    load();
    return guichet.on('dossierfacile.tenant.changed', (r) => {
      if (r.localId === initial.localId) load();
    });
  }, [initial.localId, load]);

  const fetchFiles = async () => {
    setFetching(true);
    setError(null);
    try {
      setFile(await guichet.invoke('dossierfacile.tenants.fetchFiles', { localId: initial.localId }));
      toastSuccess(tx('file.fetched'));
    } catch (e) {
      setError(failureText(text, e));
    } finally {
      setFetching(false);
    }
  };

  /** « Actualiser »: the file read again with the tenant's own connection. */
  const refresh = async () => {
    setRefreshing(true);
    setError(null);
    try {
      setFile(await guichet.invoke('dossierfacile.tenants.refresh', { localId: initial.localId }));
      toastSuccess(tx('file.refreshed'));
    } catch (e) {
      setError(failureText(text, e));
    } finally {
      setRefreshing(false);
    }
  };

  /** « Télécharger à nouveau »: the copies purged from the Archive come back, and later syncs keep them. */
  const redownload = async () => {
    setRedownloading(true);
    setError(null);
    try {
      setFile(await guichet.invoke('dossierfacile.tenants.redownload', { localId: initial.localId }));
      toastSuccess(tx('file.redownloaded'));
    } catch (e) {
      setError(failureText(text, e));
      load();
    } finally {
      setRedownloading(false);
    }
  };

  const purge = async () => {
    setPurging(true);
    setPurgeError(null);
    try {
      const { filesDeleted } = await guichet.invoke('dossierfacile.tenants.purge', { localId: initial.localId, confirm: true });
      toastSuccess(tx('file.purged', { count: filesDeleted }));
      setConfirming(false);
      onPurged();
    } catch (e) {
      setPurgeError(failureText(text, e));
    } finally {
      setPurging(false);
    }
  };

  const usable = row.access === 'active' || row.access === 'reconnect';

  return (
    <>
      <ModalDialog onClose={onClose} labelledBy={titleId} className="modal--wide dfc-file" testId="dfc-file">
        <div className="modal__header">
          <h2 id={titleId} className="modal__title">
            {tx('file.title', { name })}
          </h2>
        </div>
        <div className="modal__body">
          {row.access !== 'active' ? (
            <p className={`notice notice--${accessTone(row.access) === 'error' ? 'error' : 'warning'}`} role="status" data-testid="dfc-access-notice">
              <strong>{tx(`access.${row.access}`)}</strong> — {tx(`accessNotice.${row.access}`)}
            </p>
          ) : null}
          {error || loadError ? (
            <p className="field-error" role="alert" data-testid="dfc-file-error">
              {error ?? loadError}
            </p>
          ) : null}
          {file?.purgedAt ? (
            <div className="notice notice--info dfc-file__purged" role="status" data-testid="dfc-purged-notice">
              <p>{tx('file.purgedNotice', { date: formatDateTime(file.purgedAt, text.intlLocale) ?? '' })}</p>
              {usable ? (
                <button
                  type="button"
                  className="button button--secondary"
                  onClick={() => void redownload()}
                  disabled={redownloading}
                  aria-busy={redownloading}
                  aria-label={tx('file.redownloadLabel', { name })}
                  data-testid="dfc-redownload"
                >
                  <DownloadIcon />
                  {redownloading ? tx('file.redownloading') : tx('file.redownload')}
                </button>
              ) : null}
            </div>
          ) : null}
          {file ? (
            <>
              <dl className="dfc-file__facts">
                <div>
                  <dt>{tx('file.applicationType')}</dt>
                  <dd data-testid="dfc-application-type">{file.applicationType ? text.txOr(`file.applicationTypes.${file.applicationType}`, file.applicationType) : '—'}</dd>
                </div>
                <div>
                  <dt>{tx('file.fileStatus')}</dt>
                  <dd>
                    <span className={`status-badge status-badge--${statusTone(file.fileStatus ?? row.status)}`} data-testid="dfc-file-status">
                      {statusLabel(text, file.fileStatus ?? row.status)}
                    </span>
                  </dd>
                </div>
              </dl>
              <div className="dfc-file__pdf">
                {file.dossierPdfSha256 ? (
                  <OpenPdfButton blob={file.dossierPdfSha256} fileName={`DossierFacile - ${name}.pdf`} testId="dfc-open-dossier" primary>
                    {tx('file.dossierPdf')}
                  </OpenPdfButton>
                ) : usable ? (
                  <p className="dfc-file__hint">{tx('file.dossierPdfMissing')}</p>
                ) : null}
              </div>
              {file.tenants.map((p) => (
                <section key={p.id} className="dfc-person" aria-labelledby={`${titleId}-p${p.id}`} data-testid={`dfc-person-${p.id}`}>
                  <h3 id={`${titleId}-p${p.id}`}>
                    {p.name}{' '}
                    <span className="dfc-person__role">{p.type === 'JOIN' ? tx('file.invitedTenant') : tx('file.mainTenant')}</span>{' '}
                    <span className={`status-badge status-badge--${statusTone(p.status)}`}>{statusLabel(text, p.status)}</span>
                  </h3>
                  {p.documents.length === 0 ? <p className="dfc-file__hint">{tx('file.noDocuments')}</p> : null}
                  <ul className="dfc-docs" aria-label={tx('file.documents')}>
                    {p.documents.map((d) => (
                      <DocumentLine key={d.documentId} text={text} doc={d} owner={p.name} testId={`dfc-doc-${d.documentId}`} />
                    ))}
                  </ul>
                  {p.guarantors.map((g) => (
                    <div key={g.id} className="dfc-guarantor" data-testid={`dfc-guarantor-${g.id}`}>
                      <h4>
                        {tx('file.guarantorLine', { type: text.txOr(`file.guarantorTypes.${g.type}`, tx('file.guarantor')), name: g.name })}
                      </h4>
                      <ul className="dfc-docs" aria-label={tx('file.documents')}>
                        {g.documents.map((d) => (
                          <DocumentLine key={d.documentId} text={text} doc={d} owner={g.name} testId={`dfc-doc-${d.documentId}`} />
                        ))}
                      </ul>
                    </div>
                  ))}
                </section>
              ))}
            </>
          ) : null}
        </div>
        <div className="modal__actions">
          <button type="button" className="button button--danger" onClick={() => setConfirming(true)} data-testid="dfc-purge">
            <TrashIcon />
            {tx('file.purge')}
          </button>
          {row.access === 'active' ? (
            <button type="button" className="button button--secondary" onClick={() => void refresh()} disabled={refreshing} aria-busy={refreshing} data-testid="dfc-refresh">
              <RefreshIcon />
              {refreshing ? tx('file.refreshing') : tx('file.refresh')}
            </button>
          ) : null}
          {row.access === 'reconnect' ? (
            <button type="button" className="button button--secondary" onClick={() => onReconnect(row)} data-testid="dfc-reconnect">
              <RefreshIcon />
              {tx('file.reconnect')}
            </button>
          ) : null}
          {usable && row.filesMissing > 0 ? (
            <button type="button" className="button button--secondary" onClick={() => void fetchFiles()} disabled={fetching} aria-busy={fetching} data-testid="dfc-fetch">
              <DownloadIcon />
              {fetching ? tx('file.fetching') : tx('file.fetch')}
            </button>
          ) : null}
          <button type="button" className="button button--primary" onClick={onClose} data-testid="dfc-file-close">
            {tx('file.close')}
          </button>
        </div>
      </ModalDialog>
      {confirming ? (
        <ConfirmDialog
          title={tx('file.purgeTitle', { name })}
          body={tx('file.purgeBody')}
          confirmLabel={tx('file.purgeConfirm')}
          cancelLabel={tx('connect.cancel')}
          danger
          busy={purging}
          error={purgeError}
          testId="dfc-purge-confirm"
          onConfirm={() => void purge()}
          onCancel={() => setConfirming(false)}
        />
      ) : null}
    </>
  );
}
