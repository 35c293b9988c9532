import { useCaseOriginStore } from '../../app/store/caseOriginStore.js';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { guichet } from '../../bridge/index.js';
import { ModalDialog } from '../../components/ModalDialog.js';
import { TextField } from '../../components/Field.js';
import { ExternalIcon } from '../../components/icons.js';
import type { DfcTenantRow } from '../../../shared/domain/dossierfacile.js';
import type { EventPayload } from '../../../shared/ipc/contract.js';
import { failureText, useDfcText } from './i18n/index.js';
import { personName } from './presentation.js';

type Progress = EventPayload<'dossierfacile.connect.progress'>;
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * « Connecter un locataire »: the tenant signs in and consents in the browser; the dialog says where
 * it stands (navigateur ouvert, en attente du consentement, connecté). Under the web host the page is
 * the system browser: the sign-in page opens from the link the dialog shows.
 */
export function ConnectDialog({ onClose, reconnect }: { onClose(connected: DfcTenantRow | null): void; /** « Reconnecter »: the tenant whose sign-in ended, their e-mail as login_hint. */ reconnect?: DfcTenantRow }) {
  const text = useDfcText();
  const { tx } = text;
  const origin = useCaseOriginStore((s) => (s.origin?.provider === 'dossierfacile' ? s.origin : null));
  const titleId = useId();
  const [email, setEmail] = useState(reconnect?.email ?? '');
  const [emailError, setEmailError] = useState<string | null>(null);
  const [attemptId, setAttemptId] = useState<string | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const attemptRef = useRef<string | null>(null);
  const linkRef = useRef<HTMLAnchorElement>(null);
  const running = attemptId !== null && progress?.step !== 'connected' && progress?.step !== 'failed';

  useEffect(
    () =>
      guichet.on('dossierfacile.connect.progress', (p) => {
        if (p.attemptId !== attemptRef.current) return;
        setProgress(p);
        if (p.step === 'failed') setError(p.error ? failureText(text, p.error) : tx('common.unexpected'));
      }),
    [text, tx],
  );

  useEffect(() => {
    if (progress?.step === 'browser-opened' && progress.opened === false) linkRef.current?.focus();
  }, [progress?.step, progress?.opened]);

  const start = async (event: FormEvent) => {
    event.preventDefault();
    const hint = email.trim();
    if (hint && !emailPattern.test(hint)) {
      setEmailError(tx('connect.emailInvalid'));
      return;
    }
    setEmailError(null);
    setError(null);
    setProgress(null);
    try {
      const { attemptId: id } = await guichet.invoke('dossierfacile.connect.start', {
        ...(hint ? { loginHint: hint } : {}),
        // Started from an Archive case: the tenant's files will join it.
        ...(origin ? { archiveCaseId: origin.caseId } : {}),
      });
      if (origin) useCaseOriginStore.getState().clear();
      attemptRef.current = id;
      setAttemptId(id);
    } catch (e) {
      setError(failureText(text, e));
    }
  };

  const close = () => {
    if (running && attemptId) void guichet.invoke('dossierfacile.connect.cancel', { attemptId }).catch(() => undefined);
    onClose(progress?.step === 'connected' ? (progress.tenant ?? null) : null);
  };

  const steps = ['browser-opened', 'waiting-consent', 'connected'] as const;
  const reached = (step: (typeof steps)[number]) => {
    const order = ['starting', ...steps];
    return progress ? order.indexOf(progress.step) >= order.indexOf(step) : false;
  };

  return (
    <ModalDialog onClose={close} labelledBy={titleId} className="dfc-connect" testId="dfc-connect-dialog">
      <form className="modal__form" onSubmit={(e) => void start(e)} noValidate>
        <div className="modal__body">
          <h2 id={titleId} className="modal__title">
            {reconnect ? tx('connect.reconnectTitle', { name: personName(reconnect) }) : tx('connect.title')}
          </h2>
          <p className="modal__text">{reconnect ? tx('connect.reconnectIntro') : tx('connect.intro')}</p>
          <TextField id="dfc-connect-email" label={tx('connect.email')} value={email} onChange={setEmail} type="email" autoComplete="off" error={emailError} testId="dfc-connect-email" />
          {attemptId ? (
            <div className="dfc-connect__progress" aria-live="polite" data-testid="dfc-connect-progress">
              <ol className="dfc-steps">
                {steps.map((step) => (
                  <li key={step} className={reached(step) ? 'dfc-steps__step dfc-steps__step--done' : 'dfc-steps__step'} data-testid={`dfc-step-${step}`} data-reached={reached(step)}>
                    {tx(`connect.steps.${step}`)}
                  </li>
                ))}
              </ol>
              {progress?.authorizationUrl && progress.step !== 'connected' && progress.step !== 'failed' ? (
                progress.opened ? (
                  <p>{tx('connect.openedHint')}</p>
                ) : (
                  <>
                    <p>{tx('connect.openHint')}</p>
                    <a ref={linkRef} className="button button--secondary dfc-connect__link" href={progress.authorizationUrl} target="_blank" rel="noopener noreferrer" data-testid="dfc-connect-link">
                      <ExternalIcon />
                      {tx('connect.openPage')}
                    </a>
                  </>
                )
              ) : null}
              {progress?.step === 'connected' && progress.tenant ? (
                <p className="dfc-connect__done" role="status" data-testid="dfc-connect-done">
                  {tx('connect.connectedAs', { name: personName(progress.tenant) })}
                </p>
              ) : null}
            </div>
          ) : null}
          {error ? (
            <p className="field-error" role="alert" data-testid="dfc-connect-error">
              {error}
            </p>
          ) : null}
        </div>
        <div className="modal__actions">
          <button type="button" className="button button--secondary" onClick={close} data-testid="dfc-connect-close">
            {running ? tx('connect.cancel') : tx('connect.close')}
          </button>
          {progress?.step === 'connected' ? null : (
            <button type="submit" className="button button--primary" disabled={running} data-testid="dfc-connect-start">
              {tx('connect.start')}
            </button>
          )}
        </div>
      </form>
    </ModalDialog>
  );
}
