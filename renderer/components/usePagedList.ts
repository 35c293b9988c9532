import { useEffect, useRef, useState, type DependencyList } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';

/** One page of a list main serves by cursor: its rows, where the next page starts (null: no more), the total when known. */
export interface ListPage<Row, Cursor> {
  items: Row[];
  next: Cursor | null;
  total?: number;
}

export interface PagedListOptions<Row, Cursor> {
  /** Asks main for the first page (no cursor) or the page after `after`; a new function means new filters. */
  query(after?: Cursor): Promise<ListPage<Row, Cursor>>;
  /** Anything else that should reload the first page (a refresh, the host back after a loss…). */
  reloadOn: DependencyList;
  /** The clerk's sentence for a failed load. */
  failure(error: unknown): string;
  rowHeight: number;
  rowKey(row: Row): number | string;
}

/**
 * A long list read from main page by page into one virtualized list: only the rows near the view are in the
 * page, and the next page is asked for when the view comes within ten rows of the end. Shared by the lists
 * that page by cursor (ID360 tracker, DossierFacile tenants).
 */
export function usePagedList<Row, Cursor>({ query, reloadOn, failure, rowHeight, rowKey }: PagedListOptions<Row, Cursor>) {
  const [rows, setRows] = useState<Row[]>([]);
  const [total, setTotal] = useState(0);
  const [next, setNext] = useState<Cursor | null>(null);
  const [error, setError] = useState<string | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const failureRef = useRef(failure);
  failureRef.current = failure;

  useEffect(() => {
    let live = true;
    query()
      .then((page) => {
        if (!live) return;
        setRows(page.items);
        setTotal(page.total ?? page.items.length);
        setNext(page.next);
        setError(null);
      })
      .catch((e: unknown) => live && setError(failureRef.current(e)));
    return () => {
      live = false;
    };
  }, [query, ...reloadOn]);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 8,
    getItemKey: (i) => {
      const row = rows[i];
      return row === undefined ? i : rowKey(row);
    },
  });
  const items = virtualizer.getVirtualItems();
  const last = items.at(-1);
  useEffect(() => {
    if (next === null || !last || last.index < rows.length - 10) return;
    const cursor = next;
    setNext(null);
    void query(cursor).then((page) => {
      setRows((old) => [...old, ...page.items]);
      setNext(page.next);
    });
  }, [last, next, rows.length, query]);

  return { rows, setRows, total, setTotal, error, setError, scrollRef, virtualizer, items };
}
