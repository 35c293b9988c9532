import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { guichet } from '../../../bridge/index.js';
import { readHostIssues, readIpcFailure } from '../../../app/ipcFailure.js';
import { refreshSecretsStatus } from '../../../app/hostSession.js';
import { useSettingsStore } from '../../../app/store/settingsStore.js';
import { TextField } from '../../../components/Field.js';
import { toastSuccess } from '../../../components/feedback.js';
import { isAcceptedProviderUrl } from '../../../../shared/domain/providerUrl.js';
import type { DfcPartnerSettingsView } from '../../../../shared/ipc/dossierfacile.js';
import { failureText, useDfcText } from '../i18n/index.js';

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
type Field = 'email' | 'callbackUrl';

/** Where the relay takes DossierFacile's webhooks (docs/providers/dossierfacile.md#relay). */
export function relayWebhookUrl(relay: string): string {
  return `${relay.endsWith('/') ? relay : `${relay}/`}dossierfacile/webhook`;
}

/**
 * Réglages › DossierFacile › « Paramètres partenaire »: what DossierFacile keeps about the
 * organisation (`GET/PATCH /dfc/api/v1/settings`): its name, read-only; the technical e-mail; the
 * address of its notifications and their key. The key never reaches this page: main draws it, hands
 * it to DossierFacile and keeps it in the vault; the page only says whether one is set.
 */
export function DfcPartnerSettingsSection() {
  const text = useDfcText();
  const { tx } = text;
  const titleId = useId();
  const relay = useSettingsStore((s) => s.settings?.providers.dossierfacile.webhookRelayUrl);
  const environment = useSettingsStore((s) => s.settings?.providers.dossierfacile.environment);
  const [saved, setSaved] = useState<DfcPartnerSettingsView | null>(null);
  const [email, setEmail] = useState('');
  const [callbackUrl, setCallbackUrl] = useState('');
  const [problems, setProblems] = useState<Partial<Record<Field, string>>>({});
  const [loadError, setLoadError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'load' | 'save' | 'key' | null>('load');

  const show = useCallback((view: DfcPartnerSettingsView) => {
    setSaved(view);
    setEmail(view.email ?? '');
    setCallbackUrl(view.callbackUrl ?? '');
  }, []);

  const load = useCallback(() => {
    setBusy('load');
    setLoadError(null);
    guichet
      .invoke('dossierfacile.partnerSettings.get', {})
      .then((view) => {
        show(view);
        // Main keeps DossierFacile's key in the vault: the secrets below say so at once.
        void refreshSecretsStatus().catch(() => undefined);
      })
      .catch((e: unknown) => setLoadError(failureText(text, e)))
      .finally(() => setBusy(null));
  }, [show, text]);

  // Read again when the environment changes: each has its own partner at DossierFacile.
  useEffect(load, [load, environment]);

  async function send(patch: { email?: string; callbackUrl?: string; callbackApiKey?: 'generate' }, kind: 'save' | 'key'): Promise<void> {
    setBusy(kind);
    setError(null);
    try {
      show(await guichet.invoke('dossierfacile.partnerSettings.update', patch));
      setProblems({});
      if (kind === 'key') void refreshSecretsStatus().catch(() => undefined);
      toastSuccess(kind === 'key' ? tx('partnerSettings.keyGenerated') : tx('partnerSettings.saved'));
    } catch (e) {
      const failure = readIpcFailure(e);
      const byField: Partial<Record<Field, string>> = {};
      for (const issue of readHostIssues(failure.details)) if (issue.path === 'email' || issue.path === 'callbackUrl') byField[issue.path] = issue.message;
      setProblems(byField);
      setError(Object.keys(byField).length > 0 ? tx('partnerSettings.fixErrors') : failureText(text, e));
    } finally {
      setBusy(null);
    }
  }

  async function onSave(event: FormEvent) {
    event.preventDefault();
    if (!saved) return;
    const cleanEmail = email.trim();
    const cleanUrl = callbackUrl.trim();
    const found: Partial<Record<Field, string>> = {};
    if (cleanEmail !== (saved.email ?? '') && !emailPattern.test(cleanEmail)) found.email = tx('partnerSettings.errors.email');
    if (cleanUrl !== '' && !isAcceptedProviderUrl(cleanUrl)) found.callbackUrl = tx('partnerSettings.errors.callbackUrl');
    if (Object.keys(found).length > 0) {
      setProblems(found);
      setError(tx('partnerSettings.fixErrors'));
      document.getElementById(found.email ? 'dfc-partner-email' : 'dfc-partner-callback-url')?.focus();
      return;
    }
    const patch = {
      ...(cleanEmail !== (saved.email ?? '') ? { email: cleanEmail } : {}),
      ...(cleanUrl !== (saved.callbackUrl ?? '') ? { callbackUrl: cleanUrl } : {}),
    };
    if (Object.keys(patch).length === 0) return;
    await send(patch, 'save');
  }

  const suggested = relay ? relayWebhookUrl(relay) : null;

  return (
    <section className="settings-section dfc-partner" aria-labelledby={titleId} data-testid="dfc-partner-settings">
      <h3 id={titleId} className="settings-section__title">
        {tx('partnerSettings.title')}
      </h3>
      <p className="muted">{tx('partnerSettings.intro')}</p>
      {busy === 'load' ? (
        <p className="muted" role="status">
          {tx('partnerSettings.loading')}
        </p>
      ) : null}
      {loadError ? (
        <div className="notice notice--warning" role="alert" data-testid="dfc-partner-load-error">
          <p>{tx('partnerSettings.loadFailed', { reason: loadError })}</p>
          <button type="button" className="button button--secondary button--small" onClick={load}>
            {tx('partnerSettings.retry')}
          </button>
        </div>
      ) : null}
      {saved ? (
        <form className="settings-form" onSubmit={(e) => void onSave(e)} noValidate>
          <TextField id="dfc-partner-name" testId="dfc-partner-name" label={tx('partnerSettings.name')} hint={tx('partnerSettings.nameHint')} value={saved.name} onChange={() => undefined} readOnly />
          <TextField
            id="dfc-partner-email"
            testId="dfc-partner-email"
            label={tx('partnerSettings.email')}
            hint={tx('partnerSettings.emailHint')}
            type="email"
            value={email}
            onChange={(v) => {
              setEmail(v);
              setProblems((p) => ({ ...p, email: undefined }));
            }}
            error={problems.email ?? null}
          />
          <TextField
            id="dfc-partner-callback-url"
            testId="dfc-partner-callback-url"
            label={tx('partnerSettings.callbackUrl')}
            hint={suggested ? tx('partnerSettings.callbackUrlRelayHint', { url: suggested }) : tx('partnerSettings.callbackUrlHint')}
            inputMode="url"
            value={callbackUrl}
            onChange={(v) => {
              setCallbackUrl(v);
              setProblems((p) => ({ ...p, callbackUrl: undefined }));
            }}
            error={problems.callbackUrl ?? null}
          />
          <div className="field" role="group" aria-labelledby={`${titleId}-key`}>
            <span className="field__label" id={`${titleId}-key`}>
              {tx('partnerSettings.callbackApiKey')}
            </span>
            <p className="field__hint">
              <span className={saved.callbackApiKeySet ? 'badge badge--success' : 'badge badge--neutral'} data-testid="dfc-partner-key-status" data-set={String(saved.callbackApiKeySet)}>
                {saved.callbackApiKeySet ? tx('partnerSettings.keySet') : tx('partnerSettings.keyNotSet')}
              </span>{' '}
              {tx('partnerSettings.keyHint')}
            </p>
            <div>
              <button type="button" className="button button--secondary button--small" disabled={busy !== null} onClick={() => void send({ callbackApiKey: 'generate' }, 'key')} data-testid="dfc-partner-key-generate">
                {saved.callbackApiKeySet ? tx('partnerSettings.keyRenew') : tx('partnerSettings.keyGenerate')}
              </button>
            </div>
          </div>
          <div className="save-bar">
            <button type="submit" className="button button--primary" disabled={busy !== null} aria-busy={busy === 'save'} data-testid="dfc-partner-save">
              {busy === 'save' ? tx('partnerSettings.saving') : tx('partnerSettings.save')}
            </button>
            {error ? (
              <p className="field-error" role="alert" data-testid="dfc-partner-error">
                {error}
              </p>
            ) : null}
          </div>
        </form>
      ) : null}
    </section>
  );
}
