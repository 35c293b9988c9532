import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import type { z } from 'zod';
import type { certificateInfoSchema } from '../../../../shared/domain/parapheur.js';
import { guichet } from '../../../bridge/index.js';
import { pushToast } from '../../../app/store/toastStore.js';
import { useParapheurText } from '../i18n/index.js';
import { formatDate } from '../../../components/format.js';
import { failureText } from '../ui/feedback.js';
import { useFileDrop } from '../../../components/useFileDrop.js';
import { UploadIcon } from '../../../components/icons.js';
import { ServerAuthority } from './ServerAuthority.js';
import { FilePicker } from '../../../components/FilePicker.js';

type CertificateInfo = z.output<typeof certificateInfoSchema>;

const soonMs = 30 * 86_400_000;

export function isCertificateFileName(name: string): boolean {
  return /\.(p12|pfx)$/i.test(name);
}

/**
 * Réglages › FAST Parapheur: the PKCS#12 deposit certificate. The file goes straight to main (staged
 * by id, never read here) and into the vault; the password field is never pre-filled and is emptied
 * after every attempt. All the screen gets back is the certificate's public description.
 */
export function ParapheurCertificateSlot() {
  const { tx, intlLocale } = useParapheurText();
  const id = useId();
  const [status, setStatus] = useState<CertificateInfo | null>(null);
  const [statusError, setStatusError] = useState<string | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const loadStatus = useCallback(async () => {
    try {
      setStatus(await guichet.invoke('parapheur.certificate.status', {}));
      setStatusError(null);
    } catch (e) {
      setStatusError(failureText(e, tx));
    }
  }, [tx]);

  useEffect(() => {
    void loadStatus();
  }, [loadStatus]);

  // Each attempt (a file chosen, an import sent) starts with no message: an old « mot de passe
  // incorrect » next to a new error would tell the clerk about a file that is no longer there.
  const clearErrors = () => {
    setFileError(null);
    setError(null);
    setStatusError(null);
  };

  const choose = (files: File[]) => {
    const picked = files[0];
    if (!picked) return;
    clearErrors();
    if (!isCertificateFileName(picked.name)) {
      setFile(null);
      setFileError(tx('certificate.wrongType'));
      return;
    }
    setFile(picked);
  };
  const { over, handlers } = useFileDrop(choose, !busy);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!file || busy) return;
    setBusy(true);
    clearErrors();
    const secret = password;
    // Emptied at once: the password lives no longer than the call that needs it.
    setPassword('');
    let fileId: string | null = null;
    try {
      const [ref] = await guichet.stageFiles([file]);
      if (!ref) throw new Error('stage');
      fileId = ref.id;
      const next = await guichet.invoke('parapheur.certificate.import', { fileId, password: secret });
      fileId = null;
      setStatus(next);
      setFile(null);
      pushToast({ level: 'success', title: tx('certificate.imported'), body: next.subject ?? undefined });
    } catch (e) {
      setError(failureText(e, tx));
    } finally {
      // Main drops the staged copy after every attempt; this covers a call that never reached it.
      if (fileId) void guichet.invoke('files.forget', { id: fileId }).catch(() => undefined);
      setBusy(false);
    }
  };

  const expiry = status?.notAfter ? Date.parse(status.notAfter) : NaN;
  const expiryDate = formatDate(status?.notAfter, intlLocale);
  const expired = Number.isFinite(expiry) && expiry < Date.now();
  const expiresSoon = !expired && Number.isFinite(expiry) && expiry - Date.now() < soonMs;
  const statusText = !status
    ? tx('common.loading')
    : status.sandbox
      ? tx('certificate.sandbox')
      : status.configured
        ? tx('certificate.configured')
        : tx('certificate.notConfigured');

  return (
    <div className="certificate-slot" data-testid="parapheur-certificate">
      <div className="secret-field__head">
        <h4 className="field__label certificate-slot__title">{tx('certificate.title')}</h4>
        <span className={status?.configured ? 'badge badge--success' : 'badge badge--neutral'}>
          <span className="visually-hidden">{tx('certificate.status')} </span>
          <span data-testid="certificate-status" data-configured={status ? String(status.configured) : 'unknown'} data-sandbox={status ? String(status.sandbox) : 'unknown'}>
            {statusText}
          </span>
        </span>
      </div>
      {statusError ? (
        <p className="field-error" role="alert">
          {statusError}
        </p>
      ) : null}
      {status && (status.subject || status.email || status.notAfter) ? (
        <dl className="definition-grid certificate-slot__details" data-testid="certificate-details">
          {status.subject ? (
            <div className="definition-grid__pair">
              <dt>{tx('certificate.subject')}</dt>
              <dd>{status.subject}</dd>
            </div>
          ) : null}
          {status.email ? (
            <div className="definition-grid__pair">
              <dt>{tx('certificate.email')}</dt>
              <dd>{status.email}</dd>
            </div>
          ) : null}
          {status.issuer ? (
            <div className="definition-grid__pair">
              <dt>{tx('certificate.issuer')}</dt>
              <dd>{status.issuer}</dd>
            </div>
          ) : null}
          {expiryDate ? (
            <div className="definition-grid__pair">
              <dt>{tx('certificate.notAfter')}</dt>
              <dd>{expiryDate}</dd>
            </div>
          ) : null}
        </dl>
      ) : null}
      {expired && expiryDate ? <p className="notice notice--error">{tx('certificate.expired', { date: expiryDate })}</p> : null}
      {expiresSoon && expiryDate ? <p className="notice notice--warning">{tx('certificate.expiresSoon', { date: expiryDate })}</p> : null}
      {status?.sandbox ? <p className="muted">{tx('certificate.sandboxNote')}</p> : null}

      <form className="certificate-slot__form" onSubmit={(e) => void onSubmit(e)} noValidate aria-labelledby={`${id}-import`}>
        <p id={`${id}-import`} className="certificate-slot__subtitle">
          {tx('certificate.importTitle')}
        </p>
        <div className={over ? 'drop-area drop-area--compact drop-area--over' : 'drop-area drop-area--compact'} {...handlers} data-testid="certificate-drop">
          <UploadIcon />
          <span className="drop-area__text" id={`${id}-file-hint`}>
            {file ? tx('certificate.chosen', { name: file.name }) : over ? tx('certificate.dropHere') : tx('certificate.fileHint')}
          </span>
          <FilePicker
            label={tx('certificate.choose')}
            accept=".p12,.pfx,application/x-pkcs12"
            disabled={busy}
            aria-describedby={`${id}-file-hint`}
            testId="certificate-choose"
            inputTestId="certificate-file"
            onFiles={choose}
          />
        </div>
        {fileError ? (
          <p className="field-error" role="alert" data-testid="certificate-file-error">
            {fileError}
          </p>
        ) : null}
        <div className={error ? 'field field--invalid' : 'field'}>
          <label className="field__label" htmlFor={`${id}-password`}>
            {tx('certificate.password')}
          </label>
          <div className="secret-field__row">
            <input
              id={`${id}-password`}
              className="input"
              type="password"
              autoComplete="new-password"
              spellCheck={false}
              value={password}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${id}-error` : undefined}
              data-testid="certificate-password"
              onChange={(e) => setPassword(e.target.value)}
            />
            <button type="submit" className="button button--primary" disabled={!file || busy} aria-busy={busy} data-testid="certificate-import">
              {busy ? tx('certificate.importing') : tx('certificate.submit')}
            </button>
          </div>
          {error ? (
            <p className="field-error" id={`${id}-error`} role="alert" data-testid="certificate-error">
              {error}
            </p>
          ) : null}
        </div>
      </form>
      <ServerAuthority />
    </div>
  );
}
