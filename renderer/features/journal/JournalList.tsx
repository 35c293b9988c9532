import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { JournalEntry } from '../../../shared/ipc/contract.js';
import { formatJournalDate, journalActorText, journalSummaryText } from './journalEntries.js';

/**
 * Only the visible rows are in the DOM (the journal can hold tens of thousands of entries). Each row
 * says its position in the whole list (aria-posinset/setsize) so screen readers still announce
 * "3 of 5 000", and each cell carries its column name for the same reason.
 */
export function JournalList({ entries, intlLocale, wordsOf }: { entries: JournalEntry[]; intlLocale: string; wordsOf(action: string): string }) {
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
