import type { JournalEntry } from '../../../shared/ipc/contract.js';

/**
 * Adds entries (a fresh page, an older page, or one live `journal.appended` event) to the list:
 * newest first, each id once. An event can arrive before the page that already contains it, so
 * duplicates are expected, not an error.
 */
export function mergeJournalEntries(current: readonly JournalEntry[], incoming: readonly JournalEntry[]): JournalEntry[] {
  const byId = new Map<number, JournalEntry>();
  for (const entry of current) byId.set(entry.id, entry);
  for (const entry of incoming) byId.set(entry.id, entry);
  return [...byId.values()].sort((a, b) => b.id - a.id);
}

/** The id to pass as `before` to fetch the next older page, or null when the list is empty. */
export function oldestJournalId(entries: readonly JournalEntry[]): number | null {
  let oldest: number | null = null;
  for (const entry of entries) if (oldest === null || entry.id < oldest) oldest = entry.id;
  return oldest;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** "25/11/2025 09:17:03" in fr-FR; an unreadable date is shown as stored rather than as "Invalid Date". */
export function formatJournalDate(at: string, intlLocale: string): string {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return at;
  let formatter = formatters.get(intlLocale);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(intlLocale, { dateStyle: 'short', timeStyle: 'medium' });
    formatters.set(intlLocale, formatter);
  }
  return formatter.format(date);
}
