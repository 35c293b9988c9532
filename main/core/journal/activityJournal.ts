import type Database from 'better-sqlite3';
import type { JournalEntry } from '../../../shared/ipc/contract.js';
import type { HostText, MessageParams } from '../../../shared/ipc/errors.js';
import { redact } from '../log/redact.js';

/** A summary main still writes as a French sentence, shown as is. */
const untranslatedSummaryKey = 'app:activity.summaries.untranslated';

export type { JournalEntry } from '../../../shared/ipc/contract.js';

export interface JournalAppend {
  /** Who did it: 'clerk', or the background job ('outbox', 'poller'…). */
  actor: string;
  /** Stable machine name: 'parapheur.deposit', 'id360.enrollment.create'… */
  action: string;
  provider?: string | null;
  objectType?: string | null;
  objectId?: string | null;
  /**
   * What happened, as a catalogue entry rendered in the clerk's language. A plain string is a
   * sentence not yet converted (issue 8): it is kept and shown as is, in French.
   */
  summary: HostText | string;
  /** Diagnostic context, kept in the database only, redacted before it is stored. */
  details?: unknown;
}

export interface JournalListQuery {
  limit: number;
  /** Keyset pagination: entries with an id strictly below this one. */
  before?: number;
}

export interface ActivityJournal {
  append(input: JournalAppend): JournalEntry;
  list(query: JournalListQuery): JournalEntry[];
  forObject(provider: string, objectType: string, objectId: string): JournalEntry[];
}

const MAX_LIST = 1000;

const columns = 'id, at, actor, action, provider, object_type, object_id, summary_key, summary_params';

/** The hot queries, exported so that the query-plan tests check the very SQL that runs. */
export const journalQueries = {
  latest: `SELECT ${columns} FROM journal ORDER BY id DESC LIMIT ?`,
  before: `SELECT ${columns} FROM journal WHERE id < ? ORDER BY id DESC LIMIT ?`,
  forObject: `SELECT ${columns} FROM journal
              WHERE provider = ? AND object_type = ? AND object_id = ?
              ORDER BY id DESC`,
} as const;

interface JournalRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  provider: string | null;
  object_type: string | null;
  object_id: string | null;
  summary_key: string;
  summary_params: string | null;
}

/** Append-only record of what happened, for the clerk's "Activité" view and for support. */
export function createActivityJournal(
  db: Database.Database,
  onAppend?: (entry: JournalEntry) => void,
): ActivityJournal {
  const insert = db.prepare(
    `INSERT INTO journal (at, actor, action, provider, object_type, object_id, summary_key, summary_params, details)
     VALUES (@at, @actor, @action, @provider, @objectType, @objectId, @summaryKey, @summaryParams, @details)`,
  );
  const selectLatest = db.prepare(journalQueries.latest);
  const selectBefore = db.prepare(journalQueries.before);
  const selectForObject = db.prepare(journalQueries.forObject);

  return {
    append(input) {
      const summary = typeof input.summary === 'string' ? { key: untranslatedSummaryKey, params: { text: input.summary } } : input.summary;
      const fields = { actor: input.actor, action: input.action, summary: typeof input.summary === 'string' ? input.summary : summary.key };
      for (const field of ['actor', 'action', 'summary'] as const) {
        if (typeof fields[field] !== 'string' || fields[field].trim() === '') {
          // A programming error, not the clerk's: the router shows it as the generic sentence.
          throw new Error(`journal entry without ${field}`);
        }
      }
      const entry: Omit<JournalEntry, 'id'> = {
        at: new Date().toISOString(),
        actor: input.actor,
        action: input.action,
        provider: input.provider ?? null,
        objectType: input.objectType ?? null,
        objectId: input.objectId ?? null,
        summary,
      };
      const details = input.details === undefined ? null : JSON.stringify(redact(input.details));
      const { lastInsertRowid } = insert.run({
        at: entry.at,
        actor: entry.actor,
        action: entry.action,
        provider: entry.provider,
        objectType: entry.objectType,
        objectId: entry.objectId,
        summaryKey: summary.key,
        summaryParams: summaryParamsColumn(summary),
        details,
      });
      const appended: JournalEntry = { id: Number(lastInsertRowid), ...entry };
      if (onAppend) {
        try {
          onAppend(appended);
        } catch {
          // The row is committed; a failing listener (a closed window) must not turn a
          // completed action into an error for the clerk.
        }
      }
      return appended;
    },

    list({ limit, before }) {
      const bounded = Math.min(Math.max(Math.floor(limit), 1), MAX_LIST);
      const rows = (
        before === undefined ? selectLatest.all(bounded) : selectBefore.all(before, bounded)
      ) as JournalRow[];
      return rows.map(toEntry);
    },

    forObject(provider, objectType, objectId) {
      return (selectForObject.all(provider, objectType, objectId) as JournalRow[]).map(toEntry);
    },
  };
}

function toEntry(row: JournalRow): JournalEntry {
  return {
    id: row.id,
    at: row.at,
    actor: row.actor,
    action: row.action,
    provider: row.provider,
    objectType: row.object_type,
    objectId: row.object_id,
    summary: summaryOf(row),
  };
}

/**
 * Where a summary's parts (a cause, a list of problems: HostText.parts) are kept: beside its values in
 * `summary_params`, under a name no catalogue placeholder uses.
 */
const partsField = '$parts';

function summaryParamsColumn(summary: HostText): string | null {
  if (summary.parts === undefined) return summary.params === undefined ? null : JSON.stringify(summary.params);
  return JSON.stringify({ ...summary.params, [partsField]: summary.parts });
}

/** A row's summary; unreadable parameters are dropped rather than failing the whole page. */
function summaryOf(row: JournalRow): HostText {
  if (row.summary_params === null) return { key: row.summary_key };
  try {
    const { [partsField]: parts, ...params } = JSON.parse(row.summary_params) as MessageParams & { [partsField]?: HostText['parts'] };
    return parts === undefined ? { key: row.summary_key, params } : { key: row.summary_key, params, parts };
  } catch {
    return { key: row.summary_key };
  }
}
