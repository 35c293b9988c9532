import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AppShell } from './AppShell.js';
import { connectHostEvents, initialDataLoaded, takeInitialData } from './hostSession.js';
import { readIpcFailure } from './ipcFailure.js';
import { useSettingsStore } from './store/settingsStore.js';
import { applyTheme } from './theme.js';
import { applyLocale } from '../i18n/index.js';
import { ErrorIcon } from '../components/icons.js';

type StartupState = { phase: 'loading' } | { phase: 'ready' } | { phase: 'failed'; message: string | null };

export function App() {
  const { t } = useTranslation();
  // Straight to the shell when the host has already answered (main.tsx waits a moment for it).
  const [startup, setStartup] = useState<StartupState>(() => (initialDataLoaded() ? { phase: 'ready' } : { phase: 'loading' }));
  const locale = useSettingsStore((s) => s.settings?.locale);
  const theme = useSettingsStore((s) => s.settings?.theme);

  useEffect(() => connectHostEvents(), []);

  const start = useCallback(() => {
    let cancelled = false;
    if (!initialDataLoaded()) setStartup({ phase: 'loading' });
    takeInitialData().then(
      () => {
        if (!cancelled) setStartup({ phase: 'ready' });
      },
      (error: unknown) => {
        if (!cancelled) setStartup({ phase: 'failed', message: readIpcFailure(error).message });
      },
    );
    return () => {
      cancelled = true;
    };
  }, []);

  useEffect(() => start(), [start]);

  useEffect(() => {
    if (locale) void applyLocale(locale);
  }, [locale]);

  useEffect(() => {
    if (theme) applyTheme(theme);
  }, [theme]);

  if (startup.phase === 'ready') return <AppShell />;

  if (startup.phase === 'loading') {
    return (
      <div className="startup" role="status" data-testid="app-loading">
        <span className="spinner" aria-hidden="true" />
        <p>{t('app.loading')}</p>
      </div>
    );
  }

  return (
    <main className="startup" data-testid="app-error">
      <div className="startup__card" role="alert">
        <h1 className="startup__title">
          <ErrorIcon />
          {t('app.startupFailedTitle')}
        </h1>
        {startup.message ? <p>{startup.message}</p> : null}
        <p>{t('app.startupFailedHint')}</p>
      </div>
      <button type="button" className="button button--primary" onClick={start} data-testid="app-retry">
        {t('app.retry')}
      </button>
    </main>
  );
}
