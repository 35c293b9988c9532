import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { DayRangeFields } from '../../components/DayRangeFields.js';
import { SelectField } from '../../components/Field.js';
import { SearchField } from '../../components/SearchField.js';
import { useDebouncedSearch } from '../../components/useDebouncedSearch.js';
import { emptyJournalFilters, hasJournalFilters, journalKinds, type JournalFilters, type JournalKind } from './journalEntries.js';

const journalProviders = ['parapheur', 'id360', 'dossierfacile'] as const;

/** One row: search, service, type, dates. The list below takes the rest of the window. */
export function JournalFilterBar({ filters, onFilters }: { filters: JournalFilters; onFilters(next: JournalFilters): void }) {
  const { t } = useTranslation();
  const id = useId();
  const [search, setSearch] = useDebouncedSearch(filters.search, (next) => onFilters({ ...filters, search: next }));

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
      <SelectField
        compact
        id={`${id}-provider`}
        label={t('journal.filters.provider')}
        value={filters.provider}
        testId="journal-filter-provider"
        options={[
          { value: '', label: t('journal.filters.allProviders') },
          ...journalProviders.map((p) => ({ value: p, label: t(`journal.providers.${p}`) })),
          { value: 'general', label: t('journal.filters.general') },
        ]}
        onChange={(provider) => onFilters({ ...filters, provider })}
      />
      <SelectField<JournalKind | ''>
        compact
        id={`${id}-kind`}
        label={t('journal.filters.kind')}
        value={filters.kind}
        testId="journal-filter-kind"
        options={[{ value: '', label: t('journal.filters.allKinds') }, ...journalKinds.map((k) => ({ value: k, label: t(`journal.kinds.${k}`) }))]}
        onChange={(kind) => onFilters({ ...filters, kind })}
      />
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
