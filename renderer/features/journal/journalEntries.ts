import type { JournalEntry } from '../../../shared/ipc/contract.js';
import { containsAllTerms, localDayBound, searchTerms } from '../../components/filterText.js';
import { i18next } from '../../i18n/index.js';
import { translateHostText } from '../../i18n/hostText.js';

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

/** The clerk's words for an action code (`parapheur.document.en_cours` → « Document en cours de circuit »), or null when this version has none. */
export function actionWords(action: string, catalogue: Readonly<Record<string, unknown>>): string | null {
  let node: unknown = catalogue;
  for (const part of action.split('.')) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, part)) return null;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? node : null;
}

export const journalKinds = ['deposit', 'followUp', 'security', 'settings', 'other'] as const;
export type JournalKind = (typeof journalKinds)[number];

/** What an entry is about, for the « Type » filter: the action code's shape says it (`<provider>.deposit.filed`, `secrets.set`). */
export function journalKind(action: string): JournalKind {
  const parts = action.split('.');
  if (parts[1] === 'deposit') return 'deposit';
  if (parts[1] === 'document' || parts[1] === 'collect' || parts[1] === 'users') return 'followUp';
  if (parts[0] === 'secrets' || parts[1] === 'certificate') return 'security';
  if (parts[0] === 'settings') return 'settings';
  return 'other';
}

export interface JournalFilters {
  search: string;
  /** '' = every service, 'general' = entries of no provider (settings, secrets), else a provider id. */
  provider: string;
  kind: JournalKind | '';
  /** Local calendar days as the date inputs give them (YYYY-MM-DD). */
  from: string;
  to: string;
}

export const emptyJournalFilters: JournalFilters = { search: '', provider: '', kind: '', from: '', to: '' };

export function hasJournalFilters(f: JournalFilters): boolean {
  return f.search.trim() !== '' || f.provider !== '' || f.kind !== '' || f.from !== '' || f.to !== '';
}

/** The entries the clerk asked for: every search word must appear in what the row shows (summary, action words, author). */
export function filterJournal(entries: readonly JournalEntry[], f: JournalFilters, wordsOf: (action: string) => string): JournalEntry[] {
  if (!hasJournalFilters(f)) return entries as JournalEntry[];
  const from = localDayBound(f.from, 'start');
  const to = localDayBound(f.to, 'end');
  const terms = searchTerms(f.search);
  return entries.filter((e) => {
    if (f.provider === 'general' ? e.provider !== null : f.provider !== '' && e.provider !== f.provider) return false;
    if (f.kind !== '' && journalKind(e.action) !== f.kind) return false;
    if (from && e.at < from) return false;
    if (to && e.at > to) return false;
    if (terms.length === 0) return true;
    return containsAllTerms(`${journalSummaryText(e)} ${wordsOf(e.action)} ${journalActorText(e.actor)}`, terms);
  });
}

type LooseT = (key: string, options?: Record<string, unknown>) => string;

/**
 * Who acted, in the interface language. Stored values are stable words ('agent', 'système'); the
 * catalogue entry is `app:activity.actors.<value>`, else the stored value (a newer Guichet's).
 */
export function journalActorText(actor: string): string {
  const key = `app:activity.actors.${actor}`;
  return i18next.exists(key) ? (i18next.t as unknown as LooseT)(key) : actor;
}

/** The entry's summary (a catalogue entry main stored) in the interface language. */
export function journalSummaryText(entry: JournalEntry): string {
  return translateHostText(entry.summary);
}
