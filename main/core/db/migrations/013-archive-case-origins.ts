import type { Migration } from './migration.js';

/**
 * Cases that new items join by themselves (docs/architecture.md#archive, « Lancer depuis un dossier »):
 * when a clerk starts a provider's action from a case (a FAST deposit, an ID360 check, a DossierFacile
 * connection), the module names what it created the way its journal names it (`document` 12,
 * `enrollment` 77001, `tenant` 4) and the core keeps here which case it was started from. The files
 * the module reports later about that object (signed document, routing sheet, report, photos) are
 * attached to the case as the Archive first records them. Kept after use: a FAST document gives its
 * signed file and its routing sheet at different times. A case that disappears takes its rows along.
 */
export const archiveCaseOriginsMigration: Migration = {
  version: 13,
  name: 'archive-case-origins',
  up(db) {
    db.exec(`
      CREATE TABLE archive_case_origins (
        provider    TEXT NOT NULL,
        object_type TEXT NOT NULL,
        object_id   TEXT NOT NULL,
        case_id     INTEGER NOT NULL REFERENCES archive_cases (id) ON DELETE CASCADE,
        created_at  TEXT NOT NULL,
        PRIMARY KEY (provider, object_type, object_id)
      ) STRICT;
      CREATE INDEX archive_case_origins_case ON archive_case_origins (case_id);
    `);
  },
};
