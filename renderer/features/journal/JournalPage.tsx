import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useVirtualizer } from '@tanstack/react-virtual';
import { guichet } from '../../bridge/index.js';
import type { JournalEntry } from '../../../shared/ipc/contract.js';
import { PageHeading } from '../../components/PageHeading.js';
import { readIpcFailure } from '../../app/ipcFailure.js';
import { useHostLinkStore } from '../../app/store/hostLinkStore.js';
import { intlLocaleOf, type Locale } from '../../i18n/index.js';
import { fr } from '../../i18n/fr.js';
import { en } from '../../i18n/en.js';
import { DayRangeFields } from '../../components/DayRangeFields.js';
import { SearchField } from '../../components/SearchField.js';
import { EmptyState } from '../../components/EmptyState.js';
import {
  actionWords,
  emptyJournalFilters,
  filterJournal,
  formatJournalDate,
  hasJournalFilters,
  journalActorText,
  journalKinds,
  journalSummaryText,
  mergeJournalEntries,
  oldestJournalId,
  type JournalFilters,
  type JournalKind,
} from './journalEntries.js';

const journalProviders = ['parapheur', 'id360', 'dossierfacile'] as const;

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

/**
 * Only the visible rows are in the DOM (the journal can hold tens of thousands of entries). Each row
 * says its position in the whole list (aria-posinset/setsize) so screen readers still announce
 * "3 of 5 000", and each cell carries its column name for the same reason.
 */
function JournalList({ entries, intlLocale, wordsOf }: { entries: JournalEntry[]; intlLocale: string; wordsOf(action: string): string }) {
  const { t } = useTranslation();
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: entries.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 56,
    overscan: 10,
    getItemKey: (index) => entries[index]?.id ?? index,
  });

  return (
    <div className="journal">
      <div className="journal__header" aria-hidden="true">
        <span>{t('journal.columns.date')}</span>
        <span>{t('journal.columns.actor')}</span>
        <span>{t('journal.columns.action')}</span>
        <span>{t('journal.columns.summary')}</span>
      </div>
      {/* Focusable so that keyboard users can scroll it with the arrow keys. */}
      <div className="journal__scroll" ref={scrollRef} tabIndex={0} role="region" aria-label={t('journal.listLabel')}>
        <div role="list" className="journal__list" data-testid="journal-list" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const entry = entries[item.index];
            if (!entry) return null;
            return (
              <div
                key={item.key}
                role="listitem"
                aria-posinset={item.index + 1}
                aria-setsize={entries.length}
                className={item.index % 2 === 1 ? 'journal__row journal__row--alt' : 'journal__row'}
                data-index={item.index}
                data-testid="journal-entry"
                data-entry-id={entry.id}
                ref={virtualizer.measureElement}
                style={{ transform: `translateY(${item.start}px)` }}
              >
                <span className="journal__cell journal__cell--date">
                  <span className="visually-hidden">{t('journal.cellLabel', { column: t('journal.columns.date') })}</span>
                  <time dateTime={entry.at}>{formatJournalDate(entry.at, intlLocale)}</time>
                </span>
                <span className="journal__cell journal__cell--actor">
                  <span className="visually-hidden">{t('journal.cellLabel', { column: t('journal.columns.actor') })}</span>
                  {journalActorText(entry.actor)}
                </span>
                <span className="journal__cell journal__cell--action">
                  <span className="visually-hidden">{t('journal.cellLabel', { column: t('journal.columns.action') })}</span>
                  {wordsOf(entry.action)}
                </span>
                <span className="journal__cell journal__cell--summary">
                  <span className="visually-hidden">{t('journal.cellLabel', { column: t('journal.columns.summary') })}</span>
                  {journalSummaryText(entry)}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

const searchDelayMs = 300;

/** One row: search, service, type, dates. The list below takes the rest of the window. */
function JournalFilterBar({ filters, onFilters }: { filters: JournalFilters; onFilters(next: JournalFilters): void }) {
  const { t } = useTranslation();
  const id = useId();
  const [search, setSearch] = useState(filters.search);
  useEffect(() => {
    if (search === filters.search) return;
    const timer = setTimeout(() => onFilters({ ...filters, search }), searchDelayMs);
    return () => clearTimeout(timer);
  }, [search, filters, onFilters]);

  return (
    <section className="journal-filters" aria-label={t('journal.filters.label')} data-testid="journal-filters">
      <SearchField
        className="journal-filters__search"
        label={t('journal.filters.search')}
        value={search}
        placeholder={t('journal.filters.searchHint')}
        testId="journal-search"
        onChange={setSearch}
      />
      <div className="field field--compact">
        <label className="field__label" htmlFor={`${id}-provider`}>
          {t('journal.filters.provider')}
        </label>
        <select
          id={`${id}-provider`}
          className="select"
          value={filters.provider}
          data-testid="journal-filter-provider"
          onChange={(e) => onFilters({ ...filters, provider: e.target.value })}
        >
          <option value="">{t('journal.filters.allProviders')}</option>
          {journalProviders.map((p) => (
            <option key={p} value={p}>
              {t(`journal.providers.${p}`)}
            </option>
          ))}
          <option value="general">{t('journal.filters.general')}</option>
        </select>
      </div>
      <div className="field field--compact">
        <label className="field__label" htmlFor={`${id}-kind`}>
          {t('journal.filters.kind')}
        </label>
        <select
          id={`${id}-kind`}
          className="select"
          value={filters.kind}
          data-testid="journal-filter-kind"
          onChange={(e) => onFilters({ ...filters, kind: journalKinds.find((k) => k === e.target.value) ?? '' })}
        >
          <option value="">{t('journal.filters.allKinds')}</option>
          {journalKinds.map((k: JournalKind) => (
            <option key={k} value={k}>
              {t(`journal.kinds.${k}`)}
            </option>
          ))}
        </select>
      </div>
      <DayRangeFields
        from={filters.from}
        to={filters.to}
        fromLabel={t('journal.filters.from')}
        toLabel={t('journal.filters.to')}
        testIdPrefix="journal-filter"
        onChange={(range) => onFilters({ ...filters, ...range })}
      />
      {hasJournalFilters(filters) ? (
        <button
          type="button"
          className="link-button"
          data-testid="journal-filter-reset"
          onClick={() => {
            setSearch('');
            onFilters(emptyJournalFilters);
          }}
        >
          {t('journal.filters.reset')}
        </button>
      ) : null}
    </section>
  );
}
