/** What the search and date filters of every screen share. */

/** Lower case, no accents: « Délibération » matches « deliberation ». */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

const dayPattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A date input's day as an instant in the clerk's time zone: the ledger stores UTC ISO strings, so
 * "à partir du 3 mars" must start at local midnight, not at UTC midnight.
 */
export function localDayBound(day: string, edge: 'start' | 'end'): string | null {
  const m = dayPattern.exec(day);
  if (!m) return null;
  const [year, month, date] = [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
  const at = edge === 'start' ? new Date(year, month, date, 0, 0, 0, 0) : new Date(year, month, date, 23, 59, 59, 999);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}

/** The words typed in a search box, folded: a line matches when it contains every one of them. */
export function searchTerms(search: string): string[] {
  return foldText(search).split(/\s+/).filter(Boolean);
}

/** Whether the text contains every term (accents and case ignored); no term matches everything. */
export function containsAllTerms(text: string, terms: readonly string[]): boolean {
  if (terms.length === 0) return true;
  const folded = foldText(text);
  return terms.every((term) => folded.includes(term));
}
