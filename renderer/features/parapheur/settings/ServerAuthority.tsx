import { useCallback, useEffect, useId, useState } from 'react';
import type { z } from 'zod';
import type { serverAuthorityInfoSchema } from '../../../../shared/domain/parapheur.js';
import { guichet } from '../../../bridge/index.js';
import { pushToast } from '../../../app/store/toastStore.js';
import { useParapheurText } from '../i18n/index.js';
import { formatDate } from '../../../components/format.js';
import { failureText } from '../ui/feedback.js';
import { useFileDrop } from '../../../components/useFileDrop.js';
import { UploadIcon } from '../../../components/icons.js';
import { FilePicker } from '../../../components/FilePicker.js';

type ServerAuthorityInfo = z.output<typeof serverAuthorityInfoSchema>;

export function isAuthorityFileName(name: string): boolean {
  return /\.(pem|crt|cer)$/i.test(name);
}

/**
 * Réglages › FAST Parapheur: the certificate authority of a FAST server this computer does not
 * recognise (the connection test says when). The file goes to main by staged id; main keeps the
 * certificates only and says whose they are.
 */
export function ServerAuthority() {
  const { tx, intlLocale } = useParapheurText();
  const id = useId();
  const [status, setStatus] = useState<ServerAuthorityInfo | null>(null);
  const [busy, setBusy] = useState<'import' | 'remove' | null>(null);
  const [error, setError] = useState<string | null>(null);

  const loadStatus = useCallback(async () => {
    try {
      setStatus(await guichet.invoke('parapheur.serverAuthority.status', {}));
    } catch (e) {
      setError(failureText(e, tx));
    }
  }, [tx]);

  useEffect(() => {
    void loadStatus();
  }, [loadStatus]);

  const importFile = async (files: File[]) => {
    const picked = files[0];
    if (!picked || busy) return;
    if (!isAuthorityFileName(picked.name)) {
      setError(tx('serverAuthority.wrongType'));
      return;
    }
    setBusy('import');
    setError(null);
    let fileId: string | null = null;
    try {
      const [ref] = await guichet.stageFiles([picked]);
      if (!ref) throw new Error('stage');
      fileId = ref.id;
      const next = await guichet.invoke('parapheur.serverAuthority.import', { fileId });
      fileId = null;
      setStatus(next);
      pushToast({ level: 'success', title: tx('serverAuthority.imported'), body: next.authorities.map((a) => a.subject).join(' ; ') || undefined });
    } catch (e) {
      setError(failureText(e, tx));
    } finally {
      // Main drops the staged copy after a successful import only: a refused one is dropped here.
      if (fileId) void guichet.invoke('files.forget', { id: fileId }).catch(() => undefined);
      setBusy(null);
    }
  };
  const { over, handlers } = useFileDrop((files) => void importFile(files), busy === null);

  const remove = async () => {
    if (busy) return;
    setBusy('remove');
    setError(null);
    try {
      setStatus(await guichet.invoke('parapheur.serverAuthority.clear', {}));
      pushToast({ level: 'success', title: tx('serverAuthority.removed') });
    } catch (e) {
      setError(failureText(e, tx));
    } finally {
      setBusy(null);
    }
  };

  const statusText = !status ? tx('common.loading') : status.configured ? tx('serverAuthority.configured') : tx('serverAuthority.notConfigured');

  return (
    <div className="certificate-slot" data-testid="parapheur-server-authority">
      <div className="secret-field__head">
        <h4 className="field__label certificate-slot__title">{tx('serverAuthority.title')}</h4>
        <span className={status?.configured ? 'badge badge--success' : 'badge badge--neutral'}>
          <span className="visually-hidden">{tx('serverAuthority.status')} </span>
          <span data-testid="server-authority-status" data-configured={status ? String(status.configured) : 'unknown'}>
            {statusText}
          </span>
        </span>
      </div>
      <p className="muted" id={`${id}-intro`}>
        {tx('serverAuthority.intro')}
      </p>
      {status?.sandbox ? <p className="muted">{tx('serverAuthority.sandboxNote')}</p> : null}
      {status && status.authorities.length > 0 ? (
        <ul className="certificate-slot__details" aria-label={tx('serverAuthority.listLabel')} data-testid="server-authority-list">
          {status.authorities.map((a, index) => (
            <li key={`${index}-${a.subject}`}>
              {a.subject} — {tx('serverAuthority.notAfter', { date: formatDate(a.notAfter, intlLocale) })}
            </li>
          ))}
        </ul>
      ) : null}
      <div className={over ? 'drop-area drop-area--compact drop-area--over' : 'drop-area drop-area--compact'} {...handlers} data-testid="server-authority-drop">
        <UploadIcon />
        <span className="drop-area__text" id={`${id}-file-hint`}>
          {busy === 'import' ? tx('serverAuthority.importing') : over ? tx('serverAuthority.dropHere') : tx('serverAuthority.fileHint')}
        </span>
        <FilePicker
          label={tx('serverAuthority.choose')}
          accept=".pem,.crt,.cer,application/x-pem-file,application/x-x509-ca-cert,application/pkix-cert"
          disabled={busy !== null}
          aria-busy={busy === 'import'}
          aria-describedby={`${id}-intro ${id}-file-hint`}
          testId="server-authority-choose"
          inputTestId="server-authority-file"
          onFiles={(files) => void importFile(files)}
        />
      </div>
      {status?.configured ? (
        <div className="button-row">
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={() => void remove()}
            disabled={busy !== null}
            aria-busy={busy === 'remove'}
            data-testid="server-authority-remove"
          >
            {busy === 'remove' ? tx('serverAuthority.removing') : tx('serverAuthority.remove')}
          </button>
        </div>
      ) : null}
      {error ? (
        <p className="field-error" role="alert" data-testid="server-authority-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
