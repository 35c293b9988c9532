import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { DocumentRow } from '../../../../shared/domain/parapheur.js';
import type { Tx } from '../i18n/index.js';
import { circuitNameOf, isTerminal, waitingText, finishedText } from '../documentFormat.js';
import { LateFlag, PhaseBadge } from '../ui/PhaseBadge.js';
import type { SparseRows } from './documentQuery.js';

interface DocumentListProps {
  tx: Tx;
  intlLocale: string;
  data: SparseRows;
  now: number;
  selectedId: number | null;
  onOpen(row: DocumentRow): void;
  /** Asks for the rows of [start, end] that are not loaded yet. */
  onRange(start: number, end: number): void;
}

const rowHeight = 64;

/**
 * Virtualized: only the rows on screen are in the DOM, so 10 000 documents scroll as smoothly as 10.
 * One tab stop for the whole list (roving tabindex): arrows, Page Up/Down, Home/End move between
 * rows, Enter opens the detail.
 */
export function DocumentList({ tx, intlLocale, data, now, selectedId, onOpen, onRange }: DocumentListProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const focusAfterScroll = useRef(false);
  const virtualizer = useVirtualizer({
    count: data.total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 8,
    getItemKey: (index) => data.rows[index]?.localId ?? `pending-${index}`,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? -1;
  // Scrolled away from the active row: the first visible one keeps the list reachable with Tab.
  const tabbable = items.some((i) => i.index === active && data.rows[i.index]) ? active : (items.find((i) => data.rows[i.index])?.index ?? -1);

  useEffect(() => {
    if (last >= first) onRange(first, last);
  }, [first, last, data, onRange]);

  useEffect(() => {
    if (active > data.total - 1) setActive(Math.max(0, data.total - 1));
  }, [active, data.total]);

  useEffect(() => {
    if (!focusAfterScroll.current) return;
    const target = scrollRef.current?.querySelector<HTMLElement>(`[data-row-index="${active}"]`);
    if (target) {
      focusAfterScroll.current = false;
      target.focus();
    }
  });

  const moveTo = (index: number) => {
    const next = Math.max(0, Math.min(data.total - 1, index));
    setActive(next);
    focusAfterScroll.current = true;
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  const pageSize = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? rowHeight * 10) / rowHeight) - 1);
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const keys: Record<string, number> = {
      ArrowDown: active + 1,
      ArrowUp: active - 1,
      PageDown: active + pageSize,
      PageUp: active - pageSize,
      Home: 0,
      End: data.total - 1,
    };
    const target = keys[event.key];
    if (target === undefined || data.total === 0) return;
    event.preventDefault();
    moveTo(target);
  };

  return (
    <div className="doc-table">
      <div className="doc-table__header" aria-hidden="true">
        <span>{tx('documents.columns.name')}</span>
        <span>{tx('documents.columns.circuit')}</span>
        <span>{tx('documents.columns.phase')}</span>
        <span>{tx('documents.columns.holder')}</span>
        <span>{tx('documents.columns.waiting')}</span>
      </div>
      <div className="doc-table__scroll" ref={scrollRef} onKeyDown={onKeyDown} data-testid="document-list">
        <div role="list" aria-label={tx('documents.listLabel')} className="doc-table__list" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const row = data.rows[item.index];
            const style = { transform: `translateY(${item.start}px)`, height: rowHeight };
            if (!row) {
              return (
                <div key={item.key} role="listitem" className="doc-row doc-row--pending" style={style} aria-busy="true" aria-posinset={item.index + 1} aria-setsize={data.total}>
                  <span className="doc-row__skeleton">{tx('documents.rowLoading')}</span>
                </div>
              );
            }
            const waiting = waitingText(row, now, tx);
            const finished = finishedText(row, intlLocale, tx);
            const selected = row.localId === selectedId;
            return (
              <div
                key={item.key}
                role="listitem"
                aria-posinset={item.index + 1}
                aria-setsize={data.total}
                className={['doc-row', item.index % 2 === 1 ? 'doc-row--alt' : '', selected ? 'doc-row--selected' : '', row.late ? 'doc-row--late' : ''].join(' ')}
                style={style}
                data-testid="document-row"
                data-phase={row.phase}
                data-name={row.originalName}
                data-local-id={row.localId}
                data-late={row.late ? 'true' : 'false'}
              >
                <button
                  type="button"
                  className="doc-row__button"
                  tabIndex={item.index === tabbable ? 0 : -1}
                  data-row-index={item.index}
                  aria-current={selected ? 'true' : undefined}
                  title={tx('documents.open', { name: row.originalName })}
                  onFocus={() => setActive(item.index)}
                  onClick={() => {
                    setActive(item.index);
                    onOpen(row);
                  }}
                >
                  <span className="doc-row__cell doc-row__cell--name">
                    <span className="doc-row__name">{row.originalName}</span>
                    {row.label ? <span className="doc-row__label">{row.label}</span> : null}
                  </span>
                  <span className="doc-row__cell doc-row__cell--wrap">
                    <span className="visually-hidden">{tx('documents.cellLabel', { column: tx('documents.columns.circuit') })}</span>
                    {circuitNameOf(row, tx)}
                  </span>
                  <span className="doc-row__cell doc-row__cell--phase">
                    <span className="visually-hidden">{tx('documents.cellLabel', { column: tx('documents.columns.phase') })}</span>
                    <PhaseBadge row={row} tx={tx} />
                    {row.late ? <LateFlag tx={tx} /> : null}
                  </span>
                  <span className="doc-row__cell doc-row__cell--holder">
                    <span className="visually-hidden">{tx('documents.cellLabel', { column: tx('documents.columns.holder') })}</span>
                    {/* A finished document is with nobody (its last actor is in the detail). */}
                    {(isTerminal(row.phase) ? null : row.holder) ?? tx('common.none')}
                  </span>
                  <span className="doc-row__cell doc-row__cell--waiting doc-row__cell--wrap">
                    <span className="visually-hidden">{tx('documents.cellLabel', { column: tx('documents.columns.waiting') })}</span>
                    {waiting ?? finished ?? tx('common.none')}
                  </span>
                </button>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
