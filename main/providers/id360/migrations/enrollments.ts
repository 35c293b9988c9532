import type { Migration } from '../../../core/db/migrations/migration.js';

/**
 * ID360: the enrollment tracker and what Guichet keeps of each enrollment before ID360 forgets it
 * (docs/providers/id360.md#retention). Its number in the one global order is given when the module
 * is registered, hence the factory.
 */
export function id360EnrollmentsMigration(version: number): Migration {
  return {
    version,
    name: 'id360-enrollments',
    up(db) {
      db.exec(`
        CREATE TABLE id360_enrollments (
          local_id            INTEGER PRIMARY KEY,
          environment         TEXT NOT NULL,
          enrollment_id       TEXT NOT NULL,          -- ID360's id, kept as text (docs/providers/id360.md#enrollment)
          api_key             TEXT NOT NULL,          -- the journey's bearer key: stays in main, never logged
          enrollment_url      TEXT,                   -- the url of the create reply, followed as given
          process_uuid        TEXT NOT NULL,
          process_name        TEXT,
          client_reference    TEXT,
          person_json         TEXT,                   -- the details the clerk typed (informative for ID360)
          controls_json       TEXT,                   -- data comparison controls sent (name → {value, locked, auto})
          search_text         TEXT NOT NULL DEFAULT '', -- lower-case, accents removed: names and reference
          status              TEXT NOT NULL CHECK (status IN ('NEW','STARTED','OK','KO','FAILED','CANCELED','DISCONTINUED','UNKNOWN')),
          provider_status     TEXT NOT NULL,          -- as ID360 wrote it
          identity_status     TEXT,
          reason              TEXT,
          steps_done          INTEGER,
          steps_total         INTEGER,
          created_at          TEXT NOT NULL,
          started_at          TEXT,
          finished_at         TEXT,
          provider_until      TEXT NOT NULL,          -- documents (and application-account reports) readable until
          signature_verdict   TEXT CHECK (signature_verdict IN ('authentic','invalid','unverifiable')),
          signature_reason    TEXT,
          next_poll_at        TEXT,
          poll_failures       INTEGER NOT NULL DEFAULT 0,
          updated_at          TEXT NOT NULL,
          UNIQUE (environment, enrollment_id)
        ) STRICT;

        CREATE INDEX id360_enrollments_recent ON id360_enrollments (environment, created_at DESC);
        CREATE INDEX id360_enrollments_by_status ON id360_enrollments (environment, status, created_at DESC);
        CREATE INDEX id360_enrollments_by_process ON id360_enrollments (environment, process_uuid, created_at DESC);
        CREATE INDEX id360_enrollments_due ON id360_enrollments (next_poll_at) WHERE next_poll_at IS NOT NULL;

        CREATE TABLE id360_kept_files (
          local_id        INTEGER NOT NULL REFERENCES id360_enrollments (local_id) ON DELETE CASCADE,
          kind            TEXT NOT NULL CHECK (kind IN ('report_json','report_pdf','document','idclaim')),
          document_type   TEXT NOT NULL DEFAULT '',
          document_name   TEXT NOT NULL DEFAULT '',
          page            INTEGER NOT NULL DEFAULT 0,
          source_url      TEXT,
          expected_hash   TEXT,
          hash_algorithm  TEXT,
          integrity       TEXT NOT NULL CHECK (integrity IN ('pending','valid','altered','unverifiable')),
          blob_sha256     TEXT,
          size            INTEGER,
          media_type      TEXT,
          attempts        INTEGER NOT NULL DEFAULT 0,
          last_error      TEXT,
          fetched_at      TEXT,
          PRIMARY KEY (local_id, kind, document_type, document_name, page)
        ) STRICT;

        CREATE INDEX id360_kept_files_to_fetch ON id360_kept_files (integrity) WHERE integrity IN ('pending','altered');
      `);
    },
  };
}
