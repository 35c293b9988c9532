import { useEffect, useRef, useState } from 'react';

/**
 * The text of a search box, passed on to `commit` once the clerk pauses typing, not at every
 * keystroke (a list asked again, a long list filtered again). Returns the text as typed and its setter.
 */
export function useDebouncedSearch(committed: string, commit: (search: string) => void, delayMs = 300): [string, (search: string) => void] {
  const [search, setSearch] = useState(committed);
  // The latest commit: a parent re-rendering meanwhile (a live list) does not restart the wait.
  const commitNow = useRef(commit);
  commitNow.current = commit;
  useEffect(() => {
    if (search === committed) return;
    const timer = setTimeout(() => commitNow.current(search), delayMs);
    return () => clearTimeout(timer);
  }, [search, committed, delayMs]);
  return [search, setSearch];
}
