import { useEffect, useRef, useState, type DragEvent, type FormEvent, type KeyboardEvent } from 'react';
import type { DocumentDetail as Detail, DocumentOutputRole, DocumentRow } from '../../../../shared/domain/parapheur.js';
import { guichet } from '../../../bridge/index.js';
import { CloseIcon, DownloadIcon, ExternalIcon, GripIcon, RefreshIcon, TrashIcon } from '../../../components/icons.js';
import { OpenPdfButton } from '../../../components/viewer/OpenPdfButton.js';
import type { Tx } from '../i18n/index.js';
import { fdcFileName, isActiveOutbox, isSystemActor, isTerminal, signedFileName, waitingText } from '../documentFormat.js';
import { formatDateTime, formatSize } from '../../../components/format.js';
import { ConfirmDialog } from '../../../components/ConfirmDialog.js';
import { TechnicalDetails } from '../../../components/TechnicalDetails.js';
import { LateFlag, PhaseBadge } from '../ui/PhaseBadge.js';
import { failureText } from '../ui/feedback.js';
import { toastInfo, toastSuccess } from '../../../components/feedback.js';

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

/** Absolute URL of a stored blob: DownloadURL needs one, and the viewer fetches it. */
export function absoluteBlobUrl(sha256: string): string {
  return new URL(guichet.blobUrl(sha256), window.location.href).href;
}

/** `application/pdf:<name>:<url>`: a name with ':' would end the name field early. */
export function downloadUrlData(name: string, url: string): string {
  return `application/pdf:${name.replace(/:/g, '-')}:${url}`;
}

/** A stored file listed in the detail: a deposited annex, or a file of FAST's ZIP answer. */
interface StoredFile {
  name: string;
  size: number;
  sha256: string;
  role?: DocumentOutputRole;
}

interface StoredFilesProps {
  tx: Tx;
  intlLocale: string;
  files: readonly StoredFile[];
  /** Id of the section title. */
  titleId: string;
  title: string;
  /** Test hooks of the list and of each item. */
  listTestId: 'document-annexes' | 'document-outputs';
  testId: 'document-annex' | 'document-output';
}

/**
 * « Déposé — numéro FAST inconnu », or a number FAST gave to another document: the clerk types the
 * document's FAST number; main checks it against FAST (and that no other document has it) before keeping it.
 */
function DocumentIdForm({ tx, row, onConfirmed }: { tx: Tx; row: DocumentRow; onConfirmed(row: DocumentRow): void }) {
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const fieldId = `document-id-${row.localId}`;
  const reused = row.documentIdStatus === 'reused';
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const updated = await guichet.invoke('parapheur.documents.confirmId', { localId: row.localId, documentId: value.trim() });
      onConfirmed(updated);
      toastSuccess(tx('detail.idConfirmed'), updated.documentId ?? undefined);
    } catch (failure) {
      setError(failureText(failure, tx));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="notice notice--warning doc-detail__id-form" onSubmit={(e) => void submit(e)} data-testid="document-id-form">
      <p className="notice__title">{reused ? tx('detail.idReusedTitle') : tx('detail.idUnknownTitle')}</p>
      <p>{reused ? tx('detail.idReusedBody', { id: row.formerDocumentId ?? '' }) : tx('detail.idUnknownBody')}</p>
      <div className="field field--compact">
        <label className="field__label" htmlFor={fieldId}>
          {tx('detail.idLabel')}
        </label>
        <input
          id={fieldId}
          className="input"
          inputMode="numeric"
          autoComplete="off"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          aria-describedby={`${fieldId}-hint${error ? ` ${fieldId}-error` : ''}`}
          aria-invalid={error ? true : undefined}
          required
          data-testid="document-id-input"
        />
        <p className="field__hint" id={`${fieldId}-hint`}>
          {tx('detail.idHint')}
        </p>
        {error ? (
          <p className="field-error" role="alert" id={`${fieldId}-error`} data-testid="document-id-error">
            {error}
          </p>
        ) : null}
      </div>
      <button type="submit" className="button button--primary button--small" disabled={busy || value.trim() === ''} aria-busy={busy} data-testid="document-id-confirm">
        {busy ? tx('detail.idConfirming') : tx('detail.idConfirm')}
      </button>
    </form>
  );
}

/** Names inside a ZIP may carry folders: the file saved on disk keeps the last part only. */
function baseName(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1) || name;
}

function isPdfName(name: string): boolean {
  return /\.pdf$/i.test(name);
}

/** Annexes and files received from FAST: name, size, « Ouvrir » for a PDF, download link for all. */
function StoredFiles({ tx, intlLocale, files, titleId, title, testId, listTestId }: StoredFilesProps) {
  return (
    <section aria-labelledby={titleId} className="doc-detail__files">
      <h3 id={titleId} className="doc-detail__subtitle">
        {title}
      </h3>
      <ul className="doc-files" data-testid={listTestId}>
        {files.map((f, i) => (
          <li key={`${i}-${f.name}`} className="doc-files__item" data-testid={testId} data-name={f.name} data-role={f.role}>
            <span className="doc-files__name">{f.name}</span>
            <span className="doc-files__meta muted">
              {f.role ? `${tx(`detail.outputRoles.${f.role}`)} · ` : ''}
              {formatSize(f.size, intlLocale)}
            </span>
            <span className="doc-files__actions">
              {isPdfName(f.name) ? (
                <OpenPdfButton blob={f.sha256} fileName={baseName(f.name)} ariaLabel={tx('detail.fileOpenLabel', { name: f.name })}>
                  {tx('detail.fileOpen')}
                </OpenPdfButton>
              ) : null}
              <a
                className="button button--secondary button--small"
                href={guichet.blobUrl(f.sha256, baseName(f.name))}
                download={baseName(f.name)}
                aria-label={tx('detail.fileDownloadLabel', { name: f.name })}
              >
                <DownloadIcon />
                {tx('detail.fileDownload')}
              </a>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function DocumentDetailPanel({ tx, intlLocale, localId, row: listRow, now, onClose, onChanged }: DocumentDetailProps) {
  const [detail, setDetail] = useState<Detail | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [refreshing, setRefreshing] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  // Load again when the list reports a change of this document (phase, new files…).
  const version = listRow ? `${listRow.phase}|${listRow.outboxState}|${listRow.documentIdStatus}|${listRow.documentId}|${listRow.stepDone}|${listRow.signedBlob}|${listRow.fdcBlob}|${listRow.lastPolledAt}` : '';
  useEffect(() => {
    let cancelled = false;
    guichet.invoke('parapheur.documents.get', { localId }).then(
      (d) => {
        if (!cancelled) {
          setDetail(d);
          setLoadError(null);
        }
      },
      (error: unknown) => {
        if (!cancelled) setLoadError(failureText(error, tx));
      },
    );
    return () => {
      cancelled = true;
    };
    // tx only words the error: a language switch does not need a reload.
  }, [localId, version]);

  useEffect(() => {
    heading.current?.focus();
    setActionError(null);
  }, [localId]);

  const row = detail?.row.localId === localId ? detail.row : listRow;
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
        <p className={loadError ? 'field-error' : 'muted'} role={loadError ? 'alert' : 'status'}>
          {loadError ?? tx('common.loading')}
        </p>
      </aside>
    );
  }

  const refresh = async () => {
    setRefreshing(true);
    setActionError(null);
    const wasDeleted = row.phase === 'supprime';
    try {
      const d = await guichet.invoke('parapheur.documents.refresh', { localId });
      setDetail(d);
      onChanged(d.row);
      if (!wasDeleted) toastSuccess(tx('detail.refreshed'), d.row.originalName);
      else if (d.row.phase !== 'supprime') toastSuccess(tx('detail.foundAgain'), d.row.originalName);
      else toastInfo(tx('detail.stillDeleted'), d.row.originalName);
    } catch (error) {
      // TOO_SOON and the others come with a French sentence meant to be shown as is.
      setActionError(failureText(error, tx));
    } finally {
      setRefreshing(false);
    }
  };

  const saveAs = async (which: 'signed' | 'fdc') => {
    setActionError(null);
    try {
      const result = await guichet.invoke('parapheur.documents.saveAs', { localId, which });
      if (result.saved) toastSuccess(tx('detail.saved'), result.path ? tx('detail.savedBody', { path: result.path }) : undefined);
    } catch (error) {
      setActionError(failureText(error, tx));
    }
  };

  const cancelDeposit = async () => {
    setActionError(null);
    try {
      const { cancelled } = await guichet.invoke('parapheur.deposit.cancel', { localId });
      toastInfo(cancelled > 0 ? tx('progress.cancelled', { count: cancelled }) : tx('progress.nothingCancelled'));
    } catch (error) {
      setActionError(failureText(error, tx));
    }
  };

  const openInFast = async (url: string) => {
    setActionError(null);
    if (guichet.host === 'web') {
      window.open(url, '_blank', 'noopener');
      return;
    }
    try {
      await guichet.invoke('shell.openExternal', { url });
    } catch (error) {
      setActionError(failureText(error, tx));
    }
  };

  const doDelete = async () => {
    setDeleting(true);
    setDeleteError(null);
    try {
      const updated = await guichet.invoke('parapheur.documents.delete', { localId, confirm: true });
      onChanged(updated);
      setDetail((d) => (d ? { ...d, row: updated } : d));
      setConfirmDelete(false);
      toastSuccess(tx('detail.deleted'), updated.originalName);
    } catch (error) {
      setDeleteError(failureText(error, tx));
    } finally {
      setDeleting(false);
    }
  };

  const signedName = signedFileName(row.originalName, tx);
  const signedUrl = row.signedBlob ? absoluteBlobUrl(row.signedBlob) : null;
  const onDragOut = (event: DragEvent<HTMLAnchorElement>) => {
    if (!signedUrl) return;
    if (guichet.host === 'electron') {
      // Electron drags a real file (named copy) through the main process: the desktop gets a PDF.
      event.preventDefault();
      guichet.invoke('parapheur.documents.dragOut', { localId, which: 'signed' }).catch((error: unknown) => setActionError(failureText(error, tx)));
      return;
    }
    event.dataTransfer.effectAllowed = 'copy';
    event.dataTransfer.setData('DownloadURL', downloadUrlData(signedName, signedUrl));
    event.dataTransfer.setData('text/uri-list', signedUrl);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key === 'Escape' && !confirmDelete) {
      event.stopPropagation();
      onClose();
    }
  };

  const waiting = waitingText(row, now, tx);
  const current = detail?.row.localId === localId ? detail : null;
  const history = current ? current.history.filter((h) => h.stateName !== null) : [];
  const annexes = current?.annexes ?? [];
  const outputs = current?.outputs ?? [];
  const fields: [string, string | null][] = [
    [tx('detail.circuit'), row.circuitName],
    [tx('detail.labelField'), row.label || null],
    [tx('detail.comment'), row.comment || null],
    // Once finished nobody holds the document: the same person is then its last actor.
    [isTerminal(row.phase) ? tx('detail.lastActor') : tx('detail.holder'), row.holder],
    [tx('detail.waiting'), waiting],
    [tx('detail.documentId'), row.documentId],
    [tx('detail.size'), formatSize(row.size, intlLocale)],
    [tx('detail.recipients'), detail?.recipients || null],
    [tx('detail.createdAt'), formatDateTime(row.createdAt, intlLocale)],
    [tx('detail.filedAt'), formatDateTime(row.filedAt, intlLocale)],
    [row.phase === 'supprime' ? tx('detail.deletedAt') : tx('detail.finishedAt'), formatDateTime(row.finishedAt, intlLocale)],
    [tx('detail.lastPolledAt'), formatDateTime(row.lastPolledAt, intlLocale)],
    [tx('detail.nextPollAt'), formatDateTime(row.nextPollAt, intlLocale)],
  ];

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
          {row.lastError}
        </p>
      ) : null}
      {row.documentIdStatus === 'searching' ? (
        <p className="notice notice--info" data-testid="document-id-searching">
          {tx('detail.idSearching')}
        </p>
      ) : null}
      {row.documentIdStatus === 'unknown' || row.documentIdStatus === 'reused' ? (
        <DocumentIdForm
          tx={tx}
          row={row}
          onConfirmed={(updated) => {
            onChanged(updated);
            setDetail((d) => (d ? { ...d, row: updated } : d));
          }}
        />
      ) : null}

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
            <button type="button" className="button button--secondary button--small" onClick={() => void saveAs('signed')} data-testid="document-save-as">
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
        {signedUrl ? (
          <a
            className="drag-out"
            href={signedUrl}
            download={signedName}
            draggable
            onDragStart={onDragOut}
            aria-label={tx('detail.dragOutLabel', { name: row.originalName })}
            title={tx('detail.dragOut')}
            data-testid="document-drag-out"
          >
            <GripIcon />
            <span className="drag-out__name">{signedName}</span>
          </a>
        ) : null}
      </div>
      <div className="doc-detail__actions">
        {row.outboxState === 'filed' && row.documentId ? (
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={() => void refresh()}
            disabled={refreshing}
            aria-busy={refreshing}
            // A document marked deleted may have been so by mistake: asking FAST again restores it if FAST still has it.
            title={row.phase === 'supprime' ? tx('detail.recheckHint') : undefined}
            data-testid="document-refresh"
          >
            <RefreshIcon />
            {refreshing ? tx('detail.refreshing') : row.phase === 'supprime' ? tx('detail.recheck') : tx('detail.refresh')}
          </button>
        ) : null}
        {detail?.webUrl ? (
          <button type="button" className="button button--secondary button--small" onClick={() => void openInFast(detail.webUrl!)} data-testid="document-open-fast">
            <ExternalIcon />
            {tx('detail.openInFast')}
          </button>
        ) : null}
        {isActiveOutbox(row.outboxState) ? (
          <button type="button" className="button button--secondary button--small" onClick={() => void cancelDeposit()} data-testid="document-cancel">
            {tx('detail.cancelDeposit')}
          </button>
        ) : null}
        {row.deletable ? (
          <button
            type="button"
            className="button button--danger-outline button--small"
            onClick={() => {
              setDeleteError(null);
              setConfirmDelete(true);
            }}
            data-testid="document-delete"
          >
            <TrashIcon />
            {tx('detail.delete')}
          </button>
        ) : null}
      </div>
      {actionError ? (
        <p className="notice notice--warning" role="alert" data-testid="document-action-error">
          {actionError}
        </p>
      ) : null}

      <dl className="definition-grid doc-detail__fields">
        {fields
          .filter(([, value]) => value !== null && value !== '')
          .map(([label, value]) => (
            <div key={label} className="definition-grid__pair">
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
      </dl>
      <TechnicalDetails summary={tx('common.technicalDetails')} testId="document-technical">
        <dl className="definition-grid">
          <div className="definition-grid__pair">
            <dt>{tx('detail.providerName')}</dt>
            <dd>{row.providerName}</dd>
          </div>
        </dl>
      </TechnicalDetails>

      {current && (current.metadata.length > 0 || current.otpSigners.length > 0) ? (
        <section aria-labelledby="doc-followups-title" className="doc-detail__files" data-testid="document-followups">
          <h3 id="doc-followups-title" className="doc-detail__subtitle">
            {current.metadata.length > 0 ? tx('detail.metadata') : tx('detail.otpSigners')}
          </h3>
          {current.followupsPending ? (
            <p className="notice notice--info" data-testid="document-followups-pending">
              {tx('detail.followupsPending')}
            </p>
          ) : null}
          {current.metadata.length > 0 ? (
            <dl className="definition-grid" data-testid="document-metadata">
              {current.metadata.map((m) => (
                <div key={m.name} className="definition-grid__pair">
                  <dt>{m.name}</dt>
                  <dd>{m.value}</dd>
                </div>
              ))}
            </dl>
          ) : null}
          {current.metadata.length > 0 && current.otpSigners.length > 0 ? <h4 className="doc-detail__subtitle">{tx('detail.otpSigners')}</h4> : null}
          {current.otpSigners.length > 0 ? (
            <ol className="doc-detail__signers" data-testid="document-otp-signers">
              {current.otpSigners.map((o, i) => (
                <li key={i} data-testid="document-otp-signer">
                  <span>
                    {o.firstName} {o.lastName}
                  </span>{' '}
                  <span className="muted">
                    {o.phone} · {o.email}
                  </span>
                </li>
              ))}
            </ol>
          ) : null}
        </section>
      ) : null}
      {annexes.length > 0 ? (
        <StoredFiles tx={tx} intlLocale={intlLocale} files={annexes} titleId="doc-annexes-title" title={tx('detail.annexes')} testId="document-annex" listTestId="document-annexes" />
      ) : null}
      {outputs.length > 0 ? (
        <StoredFiles tx={tx} intlLocale={intlLocale} files={outputs} titleId="doc-outputs-title" title={tx('detail.outputs')} testId="document-output" listTestId="document-outputs" />
      ) : null}

      <section aria-labelledby="doc-history-title" className="doc-detail__history">
        <h3 id="doc-history-title" className="doc-detail__subtitle">
          {tx('detail.history')}
        </h3>
        {history.length === 0 ? (
          <p className="muted">{detail ? tx('detail.historyEmpty') : tx('common.loading')}</p>
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

      {confirmDelete ? (
        <ConfirmDialog
          title={tx('detail.deleteTitle')}
          body={<p>{tx('detail.deleteBody', { name: row.originalName })}</p>}
          confirmLabel={deleting ? tx('detail.deleting') : tx('detail.deleteConfirm')}
          cancelLabel={tx('common.cancel')}
          busy={deleting}
          danger
          error={deleteError}
          testId="document-delete-dialog"
          onConfirm={() => void doDelete()}
          onCancel={() => setConfirmDelete(false)}
        />
      ) : null}
    </aside>
  );
}
