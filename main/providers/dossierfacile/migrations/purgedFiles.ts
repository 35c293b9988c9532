import type { Migration } from '../../../core/db/migrations/migration.js';

/**
 * DossierFacile: the local copies the clerk (or retention) purged from the Archive, by tenant, file
 * and version (docs/providers/dossierfacile.md#partner-sync). The sync does not download a purged
 * version again; a new version of the file (another download token, another full-PDF address) is
 * downloaded as usual, and « Télécharger à nouveau » clears the tenant's rows.
 * - `file_key`: `dossier` for the whole file's PDF, `document:<id>` for one document.
 * - `version`: the document's download token, or the full PDF's address, the purged bytes came from.
 */
export function dossierfacilePurgedFilesMigration(version: number): Migration {
  return {
    version,
    name: 'dossierfacile-purged-files',
    up(db) {
      db.exec(`
        CREATE TABLE dfc_purged_files (
          local_id   INTEGER NOT NULL REFERENCES dfc_tenants (local_id) ON DELETE CASCADE,
          file_key   TEXT NOT NULL,
          version    TEXT NOT NULL,
          purged_at  TEXT NOT NULL,
          PRIMARY KEY (local_id, file_key, version)
        ) STRICT;

        -- When the last sync went through (last_run_at is any attempt's time): the page says both.
        ALTER TABLE dfc_sync_state ADD COLUMN last_success_at TEXT;
        UPDATE dfc_sync_state SET last_success_at = last_run_at WHERE last_error_json IS NULL;
      `);
    },
  };
}
