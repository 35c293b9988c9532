import { useEffect, useId, useState } from 'react';
import type { Circuit, DocumentPhase } from '../../../../shared/domain/parapheur.js';
import type { Tx } from '../i18n/index.js';
import { phaseFilterGroups } from '../documentFormat.js';
import { DayRangeFields } from '../../../components/DayRangeFields.js';
import { SearchField } from '../../../components/SearchField.js';
import { emptyFilters, hasActiveFilters, secondaryFilterCount, type DocumentFilters, type DocumentSort } from './documentQuery.js';

interface DocumentFilterBarProps {
  tx: Tx;
  circuits: readonly Circuit[];
  filters: DocumentFilters;
  sort: DocumentSort;
  onFilters(next: DocumentFilters): void;
  onSort(next: DocumentSort): void;
}

const searchDelayMs = 300;

export function DocumentFilterBar({ tx, circuits, filters, sort, onFilters, onSort }: DocumentFilterBarProps) {
  const id = useId();
  const [search, setSearch] = useState(filters.search);

  // The list is asked again once the clerk pauses, not at every keystroke.
  useEffect(() => {
    if (search === filters.search) return;
    const timer = setTimeout(() => onFilters({ ...filters, search }), searchDelayMs);
    return () => clearTimeout(timer);
  }, [search, filters, onFilters]);

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
        <div className="field field--compact">
          <label className="field__label" htmlFor={`${id}-circuit`}>
            {tx('documents.circuit')}
          </label>
          <select
            id={`${id}-circuit`}
            className="select"
            value={filters.circuitId}
            data-testid="document-filter-circuit"
            onChange={(e) => onFilters({ ...filters, circuitId: e.target.value })}
          >
            <option value="">{tx('documents.allCircuits')}</option>
            {circuits.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
            <option value="circuit-a-la-volee">{tx('onDemand.name')}</option>
          </select>
        </div>
        <div className="field field--compact">
          <label className="field__label" htmlFor={`${id}-sort`}>
            {tx('documents.sort')}
          </label>
          <select id={`${id}-sort`} className="select" value={sort} data-testid="document-sort" onChange={(e) => onSort(e.target.value === 'waiting' ? 'waiting' : 'recent')}>
            <option value="recent">{tx('documents.sorts.recent')}</option>
            <option value="waiting">{tx('documents.sorts.waiting')}</option>
          </select>
        </div>
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
