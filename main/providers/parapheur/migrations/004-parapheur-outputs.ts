import type { Migration } from '../../../core/db/migrations/migration.js';

/**
 * FAST Parapheur, files beyond the signed PDF and the routing sheet:
 * - `parapheur_document_outputs`: every file of a ZIP FAST answered instead of a PDF
 *   (docs/providers/fast-parapheur.md#downloads: signed file + FdC + acquittement when flags are set), unpacked safely into the blob store;
 * - `parapheur_documents.annexes`: for a predefined circuit, the annexes packed with the main file into
 *   the `<main>.pdf.zip` that was deposited (JSON `[{ name, size, sha256 }]`), NULL when none.
 */
export const parapheurOutputsMigration: Migration = {
  version: 4,
  name: 'parapheur-outputs',
  up(db) {
    db.exec(`
      ALTER TABLE parapheur_documents ADD COLUMN annexes TEXT;

      CREATE TABLE parapheur_document_outputs (
        local_id    INTEGER NOT NULL REFERENCES parapheur_documents (local_id) ON DELETE CASCADE,
        name        TEXT NOT NULL,
        role        TEXT NOT NULL CHECK (role IN ('signed', 'fdc', 'acquit', 'other')),
        blob_sha256 TEXT NOT NULL,
        size        INTEGER NOT NULL,
        created_at  TEXT NOT NULL,
        PRIMARY KEY (local_id, name)
      ) STRICT;
    `);
  },
};
