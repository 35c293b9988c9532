import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { guichet } from '../../bridge/index.js';
import type { JournalEntry } from '../../../shared/ipc/contract.js';
import { PageHeading } from '../../components/PageHeading.js';
import { readIpcFailure } from '../../app/ipcFailure.js';
import { useHostLinkStore } from '../../app/store/hostLinkStore.js';
import { intlLocaleOf, type Locale } from '../../i18n/index.js';
import { fr } from '../../i18n/fr.js';
import { en } from '../../i18n/en.js';
import { EmptyState } from '../../components/EmptyState.js';
import { actionWords, emptyJournalFilters, filterJournal, hasJournalFilters, mergeJournalEntries, oldestJournalId, type JournalFilters } from './journalEntries.js';
import { JournalFilterBar } from './JournalFilterBar.js';
import { JournalList } from './JournalList.js';

const pageSize = 200;

type LoadState = { phase: 'loading' } | { phase: 'ready' } | { phase: 'failed'; message: string | null };

export function JournalPage() {
  const { t, i18n } = useTranslation();
  const locale: Locale = i18n.language === 'en' ? 'en' : 'fr';
  const intlLocale = intlLocaleOf[locale];
  const wordsOf = useCallback(
    (action: string) => actionWords(action, (locale === 'en' ? en : fr).journal.actions) ?? t('journal.otherAction'),
    [locale, t],
  );
  const [filters, setFilters] = useState<JournalFilters>(emptyJournalFilters);
  const [entries, setEntries] = useState<JournalEntry[]>([]);
  const [load, setLoad] = useState<LoadState>({ phase: 'loading' });
  const [hasOlder, setHasOlder] = useState(false);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [olderError, setOlderError] = useState<string | null>(null);
  const [reloadCount, setReloadCount] = useState(0);
  // Back from a lost host: entries written meanwhile came as no event (merged, nothing shown is dropped).
  const relinks = useHostLinkStore((s) => s.relinks);

  useEffect(() => {
    let cancelled = false;
    setLoad({ phase: 'loading' });
    // Subscribe before listing: an entry appended meanwhile is merged, never missed.
    const unsubscribe = guichet.on('journal.appended', (entry) => {
      setEntries((current) => mergeJournalEntries(current, [entry]));
    });
    guichet.invoke('journal.list', { limit: pageSize }).then(
      (page) => {
        if (cancelled) return;
        setEntries((current) => mergeJournalEntries(current, page));
        setHasOlder(page.length === pageSize);
        setLoad({ phase: 'ready' });
      },
      (error: unknown) => {
        if (!cancelled) setLoad({ phase: 'failed', message: readIpcFailure(error).message });
      },
    );
    return () => {
      cancelled = true;
      unsubscribe();
    };
  }, [reloadCount, relinks]);

  const loadOlder = useCallback(async () => {
    const before = oldestJournalId(entries);
    if (before === null) return;
    setLoadingOlder(true);
    setOlderError(null);
    try {
      const page = await guichet.invoke('journal.list', { limit: pageSize, before });
      setEntries((current) => mergeJournalEntries(current, page));
      setHasOlder(page.length === pageSize);
    } catch (error) {
      setOlderError(readIpcFailure(error).message ?? t('errors.unexpected'));
    } finally {
      setLoadingOlder(false);
    }
  }, [entries, t]);

  const shown = useMemo(() => filterJournal(entries, filters, wordsOf), [entries, filters, wordsOf]);

  return (
    <div className="page page--fill" data-testid="page-journal">
      <PageHeading intro={t('journal.intro')}>{t('journal.title')}</PageHeading>
      {load.phase === 'loading' && entries.length === 0 ? (
        <p role="status" className="muted" data-testid="journal-loading">
          {t('journal.loading')}
        </p>
      ) : null}
      {load.phase === 'failed' ? (
        <div className="notice notice--error" role="alert" data-testid="journal-error">
          <p>{load.message ?? t('errors.unexpected')}</p>
          <button type="button" className="button button--secondary" onClick={() => setReloadCount((n) => n + 1)}>
            {t('journal.reload')}
          </button>
        </div>
      ) : null}
      {load.phase === 'ready' && entries.length === 0 ? (
        <EmptyState testId="journal-empty">
          {t('journal.empty')}
        </EmptyState>
      ) : null}
      {entries.length > 0 ? (
        <>
          <JournalFilterBar filters={filters} onFilters={setFilters} />
          <p className="journal-count muted" data-testid="journal-count" role="status">
            {t('journal.count', { count: shown.length })}
            {hasJournalFilters(filters) && hasOlder ? ` · ${t('journal.filters.scope')}` : ''}
          </p>
          {shown.length === 0 ? (
            <p className="notice notice--info" data-testid="journal-no-match">
              {t('journal.filters.none')}
            </p>
          ) : (
            <JournalList entries={shown} intlLocale={intlLocale} wordsOf={wordsOf} />
          )}
          <div className="journal-footer">
            {hasOlder ? (
              <button
                type="button"
                className="button button--secondary"
                onClick={() => void loadOlder()}
                disabled={loadingOlder}
                aria-busy={loadingOlder}
                data-testid="journal-load-older"
              >
                {loadingOlder ? t('journal.loadingOlder') : t('journal.loadOlder')}
              </button>
            ) : (
              <p className="muted">{t('journal.noOlder')}</p>
            )}
            {olderError ? (
              <p className="field-error" role="alert">
                {olderError}
              </p>
            ) : null}
          </div>
        </>
      ) : null}
    </div>
  );
}
