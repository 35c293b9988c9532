import type { Migration } from './migration.js';

/** The activity journal: what the clerk (or a background job) did, newest first in the UI. */
export const journalMigration: Migration = {
  version: 1,
  name: 'journal',
  up(db) {
    db.exec(`
      CREATE TABLE journal (
        id          INTEGER PRIMARY KEY,
        at          TEXT NOT NULL,
        actor       TEXT NOT NULL,
        action      TEXT NOT NULL,
        provider    TEXT,
        object_type TEXT,
        object_id   TEXT,
        summary     TEXT NOT NULL,
        details     TEXT
      ) STRICT;

      -- Newest-first listing walks the rowid (id) backwards; this index serves listings and
      -- purges by date, which cannot rely on ids if the clock was ever set back.
      CREATE INDEX journal_at_idx ON journal (at DESC, id DESC);

      -- The history of one document / enrollment / tenant file. The implicit trailing rowid
      -- gives the newest-first order without a sort step.
      CREATE INDEX journal_object_idx ON journal (provider, object_type, object_id);
    `);
  },
};
