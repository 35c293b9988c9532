/**
 * Text search in a PDF's text layer: case and accent insensitive (« resume » finds « Résumé »), across
 * the text runs of a page. A page's text is its runs joined in order, a line break after a run that ends
 * a line: the offsets of a match then map back onto the runs the text layer draws (one element per run).
 */

export interface TextRun {
  str: string;
  hasEOL?: boolean;
}

export interface PageText {
  /** The page's text, runs joined. */
  text: string;
  /** Offset of each run in `text`. */
  runStarts: number[];
}

export interface SearchMatch {
  /** 1-based page number. */
  page: number;
  /** Offsets in the page's text, end excluded. */
  start: number;
  end: number;
}

/** A highlighted part of one run, in the run's own offsets. */
export interface RunHighlight {
  run: number;
  start: number;
  end: number;
  selected: boolean;
}

export function pageTextOf(items: readonly unknown[]): PageText {
  let text = '';
  const runStarts: number[] = [];
  for (const item of items) {
    // Marked-content entries have no `str` and no element in the text layer: they are skipped on both sides.
    if (!item || typeof (item as TextRun).str !== 'string') continue;
    const run = item as TextRun;
    runStarts.push(text.length);
    text += run.str;
    if (run.hasEOL) text += '\n';
  }
  return { text, runStarts };
}

/** Lower case, no accents, any white space as one space; with, for each folded character, its offset in the source. */
export function fold(source: string): { folded: string; origin: number[] } {
  let folded = '';
  const origin: number[] = [];
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    const base = /\s/.test(ch)
      ? ' '
      : ch
          .normalize('NFD')
          .replace(/\p{M}/gu, '')
          .toLowerCase();
    for (const c of base) {
      folded += c;
      origin.push(i);
    }
  }
  return { folded, origin };
}

export function foldQuery(query: string): string {
  return fold(query.trim()).folded.replace(/ +/g, ' ');
}

/** Every occurrence of `query` (already folded) in one page's text. */
export function findInPage(page: number, pageText: PageText, foldedQuery: string): SearchMatch[] {
  if (!foldedQuery) return [];
  const { folded, origin } = fold(pageText.text);
  // Runs often end in a space and are followed by one: searching collapses white space on both sides.
  const collapsedOrigin: number[] = [];
  let collapsed = '';
  for (let i = 0; i < folded.length; i++) {
    if (folded[i] === ' ' && collapsed.endsWith(' ')) continue;
    collapsed += folded[i];
    collapsedOrigin.push(origin[i]!);
  }
  const matches: SearchMatch[] = [];
  let from = 0;
  for (;;) {
    const at = collapsed.indexOf(foldedQuery, from);
    if (at < 0) break;
    const last = at + foldedQuery.length - 1;
    matches.push({ page, start: collapsedOrigin[at]!, end: collapsedOrigin[last]! + 1 });
    from = at + Math.max(1, foldedQuery.length);
  }
  return matches;
}

/** The parts of each run a page's matches cover. */
export function runHighlights(pageText: PageText, matches: readonly SearchMatch[], selected: SearchMatch | null): RunHighlight[] {
  const out: RunHighlight[] = [];
  const { runStarts, text } = pageText;
  for (const m of matches) {
    const isSelected = selected !== null && selected.page === m.page && selected.start === m.start;
    for (let r = 0; r < runStarts.length; r++) {
      const runStart = runStarts[r]!;
      const runEnd = r + 1 < runStarts.length ? runStarts[r + 1]! : text.length;
      const start = Math.max(m.start, runStart);
      const end = Math.min(m.end, runEnd);
      if (start < end) out.push({ run: r, start: start - runStart, end: end - runStart, selected: isSelected });
    }
  }
  return out;
}
