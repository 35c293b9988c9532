import type { Migration } from './migration.js';

/**
 * The one Archive (docs/architecture.md#archive): every file a provider module keeps, as one row per
 * item, whatever the provider. Rows are contributed by the modules (`ProviderModule.archive`) and
 * reconciled by `main/core/archive/archiveService.ts`; the provider's own tables stay the truth of
 * what happened, this table is what the clerk searches, exports, checks and purges.
 * - `source_key`: the module's stable key for the item (e.g. `document:12:signed`), unique per provider;
 * - `sha256` is the hash recorded when the item was archived, `blob_id` the blob store key that holds
 *   the bytes (the same value in a content-addressed store; « Vérifier l'archive » compares the two);
 * - `text_state`: the PDF text extraction, done once in a worker when the item is archived:
 *   `pending`, `done`, `none` (a PDF without text: a scan), `not_pdf`, `failed` (malformed, encrypted);
 * - `purged_at`: the local copy was deleted (retention or the clerk); the row stays so that the next
 *   reconciliation does not bring the item back, but it leaves the search index.
 * `archive_fts` holds the searchable text (its rowid is `archive_items.id`), PDF text included:
 * the text lives only there. `archive_retention` keeps, per provider, how many days local copies are kept.
 * `archive_cases` are the clerk's case folders (« Dossiers »): items from any provider attached by `case_id`.
 */
export const archiveMigration: Migration = {
  version: 11,
  name: 'archive',
  up(db) {
    db.exec(`
      CREATE TABLE archive_items (
        id              INTEGER PRIMARY KEY,
        provider        TEXT NOT NULL,
        source_key      TEXT NOT NULL,
        kind            TEXT NOT NULL,
        case_id         INTEGER REFERENCES archive_cases (id) ON DELETE SET NULL,
        environment     TEXT NOT NULL,
        title           TEXT NOT NULL,
        file_name       TEXT NOT NULL,
        labels          TEXT NOT NULL DEFAULT '',
        comments        TEXT NOT NULL DEFAULT '',
        people          TEXT NOT NULL DEFAULT '',
        reference       TEXT NOT NULL DEFAULT '',
        media_type      TEXT,
        size            INTEGER,
        sha256          TEXT NOT NULL,
        blob_id         TEXT NOT NULL,
        created_at      TEXT NOT NULL,
        archived_at     TEXT NOT NULL,
        available_until TEXT,
        text_state      TEXT NOT NULL DEFAULT 'pending' CHECK (text_state IN ('pending', 'done', 'none', 'not_pdf', 'failed')),
        text_pages      INTEGER,
        purged_at       TEXT,
        fingerprint     TEXT NOT NULL,
        journal_refs    TEXT NOT NULL DEFAULT '[]',  -- JSON [[objectType, objectId]]: the module's journal entries about it
        UNIQUE (provider, source_key)
      ) STRICT;

      CREATE INDEX archive_items_recent ON archive_items (archived_at DESC, id DESC) WHERE purged_at IS NULL;
      CREATE INDEX archive_items_by_provider ON archive_items (provider, archived_at DESC, id DESC) WHERE purged_at IS NULL;
      CREATE INDEX archive_items_text_pending ON archive_items (id) WHERE text_state = 'pending' AND purged_at IS NULL;
      CREATE INDEX archive_items_blob ON archive_items (blob_id);
      CREATE INDEX archive_items_case ON archive_items (case_id) WHERE case_id IS NOT NULL;

      CREATE VIRTUAL TABLE archive_fts USING fts5(
        title, labels, comments, reference, people, body,
        tokenize = 'unicode61 remove_diacritics 2'
      );

      CREATE TABLE archive_cases (
        id          INTEGER PRIMARY KEY,
        title       TEXT NOT NULL,
        reference   TEXT NOT NULL DEFAULT '',
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL
      ) STRICT;
      CREATE INDEX archive_cases_recent ON archive_cases (updated_at DESC, id DESC);

      CREATE TABLE archive_retention (
        provider  TEXT PRIMARY KEY,
        keep_days INTEGER NOT NULL CHECK (keep_days > 0)
      ) STRICT;
    `);
  },
};
