import { useId, useState } from 'react';
import type { Circuit, DocumentPhase } from '../../../../shared/domain/parapheur.js';
import { onDemandCircuitId } from '../../../../shared/domain/parapheurVocabulary.js';
import type { Tx } from '../i18n/index.js';
import { phaseFilterGroups } from '../documentFormat.js';
import { DayRangeFields } from '../../../components/DayRangeFields.js';
import { SelectField } from '../../../components/Field.js';
import { SearchField } from '../../../components/SearchField.js';
import { useDebouncedSearch } from '../../../components/useDebouncedSearch.js';
import { emptyFilters, hasActiveFilters, secondaryFilterCount, type DocumentFilters, type DocumentSort } from './documentQuery.js';

interface DocumentFilterBarProps {
  tx: Tx;
  circuits: readonly Circuit[];
  filters: DocumentFilters;
  sort: DocumentSort;
  onFilters(next: DocumentFilters): void;
  onSort(next: DocumentSort): void;
}

export function DocumentFilterBar({ tx, circuits, filters, sort, onFilters, onSort }: DocumentFilterBarProps) {
  const id = useId();
  // The list is asked again once the clerk pauses, not at every keystroke.
  const [search, setSearch] = useDebouncedSearch(filters.search, (next) => onFilters({ ...filters, search: next }));

  const togglePhases = (group: readonly DocumentPhase[], on: boolean) =>
    onFilters({
      ...filters,
      phases: on ? [...filters.phases.filter((p) => !group.includes(p)), ...group] : filters.phases.filter((p) => !group.includes(p)),
      // Asking for the deleted ones shows them again.
      hideDeleted: on && group.includes('supprime') ? false : filters.hideDeleted,
    });
  const secondary = secondaryFilterCount(filters);
  // Dates, states and checkboxes fold away so that the list starts high; open when one of them is set.
  const [moreOpen, setMoreOpen] = useState(() => secondary > 0);

  return (
    <section className="filter-bar" aria-label={tx('documents.filtersLabel')} data-testid="document-filters">
      <div className="filter-bar__row">
        <SearchField
          className="filter-bar__search"
          label={tx('documents.search')}
          value={search}
          placeholder={tx('documents.searchHint')}
          testId="document-search"
          onChange={setSearch}
        />
        <SelectField
          compact
          id={`${id}-circuit`}
          label={tx('documents.circuit')}
          value={filters.circuitId}
          testId="document-filter-circuit"
          options={[
            { value: '', label: tx('documents.allCircuits') },
            ...circuits.map((c) => ({ value: c.id, label: c.name })),
            { value: onDemandCircuitId, label: tx('onDemand.name') },
          ]}
          onChange={(circuitId) => onFilters({ ...filters, circuitId })}
        />
        <SelectField<DocumentSort>
          compact
          id={`${id}-sort`}
          label={tx('documents.sort')}
          value={sort}
          testId="document-sort"
          options={[
            { value: 'recent', label: tx('documents.sorts.recent') },
            { value: 'waiting', label: tx('documents.sorts.waiting') },
          ]}
          onChange={onSort}
        />
        <button
          type="button"
          className="button button--secondary button--small filter-bar__more"
          aria-expanded={moreOpen}
          aria-controls={`${id}-more`}
          data-testid="document-filters-more"
          onClick={() => setMoreOpen((open) => !open)}
        >
          {secondary > 0 ? tx('documents.moreFiltersActive', { count: secondary }) : tx('documents.moreFilters')}
        </button>
      </div>
      <div className="filter-bar__row filter-bar__row--chips" id={`${id}-more`} hidden={!moreOpen}>
        <DayRangeFields
          from={filters.from}
          to={filters.to}
          fromLabel={tx('documents.from')}
          toLabel={tx('documents.to')}
          testIdPrefix="document-filter"
          onChange={(range) => onFilters({ ...filters, ...range })}
        />
        <fieldset className="chip-group">
          <legend className="chip-group__legend">{tx('documents.phases')}</legend>
          {phaseFilterGroups.map(({ key, phases }) => {
            const pressed = phases.every((p) => filters.phases.includes(p));
            return (
              <button
                key={key}
                type="button"
                className="chip"
                aria-pressed={pressed}
                data-testid={`document-filter-phase-${key}`}
                onClick={() => togglePhases(phases, !pressed)}
              >
                {tx(`phases.${key}`)}
              </button>
            );
          })}
        </fieldset>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={filters.hideDeleted}
            data-testid="document-filter-hide-deleted"
            onChange={(e) =>
              onFilters({ ...filters, hideDeleted: e.target.checked, phases: e.target.checked ? filters.phases.filter((p) => p !== 'supprime') : filters.phases })
            }
          />
          <span>{tx('documents.hideDeleted')}</span>
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={filters.lateOnly} data-testid="document-filter-late" onChange={(e) => onFilters({ ...filters, lateOnly: e.target.checked })} />
          <span>{tx('documents.lateOnly')}</span>
        </label>
        {hasActiveFilters(filters) ? (
          <button
            type="button"
            className="link-button"
            onClick={() => {
              setSearch('');
              onFilters(emptyFilters);
            }}
            data-testid="document-filter-reset"
          >
            {tx('documents.reset')}
          </button>
        ) : null}
      </div>
    </section>
  );
}
