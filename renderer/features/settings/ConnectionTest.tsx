import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { guichet } from '../../bridge/index.js';
import type { ProviderId } from '../../../shared/domain/providers.js';
import { readIpcFailure } from '../../app/ipcFailure.js';
import { translateHostText } from '../../i18n/hostText.js';
import { ErrorIcon, SuccessIcon } from '../../components/icons.js';

interface TestOutcome {
  ok: boolean;
  message: string;
  details?: string;
}

/** Asks main to reach the provider with the saved settings and shows its verdict in the interface language. */
export function ConnectionTest({ provider, hasUnsavedChanges }: { provider: ProviderId; hasUnsavedChanges: boolean }) {
  const { t } = useTranslation();
  const [running, setRunning] = useState(false);
  const [outcome, setOutcome] = useState<TestOutcome | null>(null);
  const headingId = `test-connection-title-${provider}`;

  const run = async () => {
    setRunning(true);
    setOutcome(null);
    try {
      const result = await guichet.invoke('providers.testConnection', { provider });
      setOutcome({ ok: result.ok, message: translateHostText(result), details: result.details });
    } catch (error) {
      setOutcome({ ok: false, message: readIpcFailure(error).message ?? t('errors.unexpected') });
    } finally {
      setRunning(false);
    }
  };

  return (
    <section className="settings-section" aria-labelledby={headingId}>
      <h3 id={headingId} className="settings-section__title">
        {t('settings.test.title')}
      </h3>
      <p className={hasUnsavedChanges ? 'notice notice--warning' : 'muted'}>
        {hasUnsavedChanges ? t('settings.test.unsavedNote') : t('settings.test.savedSettingsNote')}
      </p>
      <button
        type="button"
        className="button button--secondary"
        onClick={() => void run()}
        disabled={running}
        aria-busy={running}
        data-testid={`test-connection-${provider}`}
      >
        {running ? t('settings.test.running') : t('settings.test.button')}
      </button>
      {/* Always in the DOM, so the verdict is announced when it arrives. */}
      <div
        className="connection-result"
        aria-live="polite"
        data-testid={`test-connection-result-${provider}`}
        data-state={running ? 'running' : outcome ? (outcome.ok ? 'success' : 'failure') : 'idle'}
      >
        {outcome ? (
          <div className={outcome.ok ? 'notice notice--success' : 'notice notice--error'}>
            {outcome.ok ? <SuccessIcon /> : <ErrorIcon />}
            <div>
              <p className="notice__title">{outcome.ok ? t('settings.test.success') : t('settings.test.failure')}</p>
              <p>{outcome.message}</p>
              {outcome.details ? (
                <details className="connection-result__details">
                  <summary>{t('settings.test.details')}</summary>
                  <pre>{outcome.details}</pre>
                </details>
              ) : null}
            </div>
          </div>
        ) : null}
      </div>
    </section>
  );
}
