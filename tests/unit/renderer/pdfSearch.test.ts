import { describe, expect, it } from 'vitest';
import { findInPage, foldQuery, pageTextOf, runHighlights } from '../../../renderer/components/viewer/pdfSearch.js';

/** The viewer's search on text runs as pdf.js gives them (`str`, `hasEOL`; marked-content entries have no `str`). */
describe('search in a page of a PDF', () => {
  const runs = [
    { str: 'Arrêté du Maire', hasEOL: true },
    { type: 'beginMarkedContent' },
    { str: 'portant réglementation ', hasEOL: false },
    { str: 'de la circulation', hasEOL: true },
    { type: 'endMarkedContent' },
    { str: 'RÉGLEMENTATION définitive', hasEOL: false },
  ];
  const page = pageTextOf(runs);

  it('finds a word whatever its case and accents, each occurrence once', () => {
    const matches = findInPage(3, page, foldQuery('Reglementation'));
    expect(matches).toHaveLength(2);
    expect(matches.map((m) => page.text.slice(m.start, m.end))).toEqual(['réglementation', 'RÉGLEMENTATION']);
    expect(matches.every((m) => m.page === 3)).toBe(true);
  });

  it('finds words across two runs and across a line end, and marks the part of each run they cover', () => {
    const [match] = findInPage(1, page, foldQuery('  réglementation   de la '));
    expect(match).toBeDefined();
    const marks = runHighlights(page, [match!], match!);
    // Run 1 is « portant réglementation », run 2 « de la circulation » (marked content has no run); the query is trimmed.
    expect(marks).toEqual([
      { run: 1, start: 8, end: 23, selected: true },
      { run: 2, start: 0, end: 5, selected: true },
    ]);
    const [acrossLines] = findInPage(1, page, foldQuery('maire portant'));
    expect(page.text.slice(acrossLines!.start, acrossLines!.end)).toBe('Maire\nportant');
  });

  it('finds nothing for an empty query or a word absent from the page', () => {
    expect(findInPage(1, page, foldQuery('   '))).toEqual([]);
    expect(findInPage(1, page, foldQuery('stationnement'))).toEqual([]);
  });
});
