import type Database from 'better-sqlite3';
import type { JournalEntry } from '../../../shared/ipc/contract.js';
import { redact } from '../log/redact.js';

export type { JournalEntry } from '../../../shared/ipc/contract.js';

export interface JournalAppend {
  /** Who did it: 'clerk', or the background job ('outbox', 'poller'…). */
  actor: string;
  /** Stable machine name: 'parapheur.deposit', 'id360.enrollment.create'… */
  action: string;
  provider?: string | null;
  objectType?: string | null;
  objectId?: string | null;
  /** French sentence shown to the clerk as is. */
  summary: string;
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

const columns = 'id, at, actor, action, provider, object_type, object_id, summary';

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
  summary: string;
}

/** Append-only record of what happened, for the clerk's "Activité" view and for support. */
export function createActivityJournal(
  db: Database.Database,
  onAppend?: (entry: JournalEntry) => void,
): ActivityJournal {
  const insert = db.prepare(
    `INSERT INTO journal (at, actor, action, provider, object_type, object_id, summary, details)
     VALUES (@at, @actor, @action, @provider, @objectType, @objectId, @summary, @details)`,
  );
  const selectLatest = db.prepare(journalQueries.latest);
  const selectBefore = db.prepare(journalQueries.before);
  const selectForObject = db.prepare(journalQueries.forObject);

  return {
    append(input) {
      for (const field of ['actor', 'action', 'summary'] as const) {
        if (typeof input[field] !== 'string' || input[field].trim() === '') {
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
        summary: input.summary,
      };
      const details = input.details === undefined ? null : JSON.stringify(redact(input.details));
      const { lastInsertRowid } = insert.run({ ...entry, details });
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
    summary: row.summary,
  };
}
