import { describe, expect, it } from 'vitest';
import { containsAllTerms, searchTerms } from '../../../renderer/components/filterText.js';

describe('the search boxes of every list (journal, archive, FAST users)', () => {
  it('matches a line holding every word typed, in any order, accents and case ignored', () => {
    const terms = searchTerms('  délibération   CONSEIL ');
    expect(terms).toEqual(['deliberation', 'conseil']);
    expect(containsAllTerms('Conseil municipal — Délibération 2026-14', terms)).toBe(true);
    expect(containsAllTerms('Délibération du bureau', terms)).toBe(false);
  });

  it('an empty box matches everything', () => {
    expect(searchTerms('   ')).toEqual([]);
    expect(containsAllTerms('n’importe quoi', searchTerms(''))).toBe(true);
  });
});
