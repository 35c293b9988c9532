import type { Migration } from '../../../core/db/migrations/migration.js';

/**
 * FAST Parapheur, a document FAST has but whose number Guichet does not hold (or no longer holds):
 * - `document_id_status`:
 *   - `searching`: FAST answered « déjà déposé » to a retry: the document is there, so the row is never
 *     uploaded again; the outbox looks for its number (search, nearby numbers, remaining lists);
 *   - `unknown`: « déposé — numéro FAST inconnu »: nothing found it; the clerk enters or confirms the
 *     number in the document's detail (checked against FAST before it is kept);
 *   - `reused`: FAST handed this row's number to another document (a server that restarted its
 *     numbering): the number moved to the newer row, this one is flagged for the clerk;
 *   NULL otherwise.
 * - `former_document_id`: the number a `reused` row had, kept to show the clerk.
 * A column rather than a new `outbox_state` value: that CHECK cannot change without rebuilding the table,
 * and the outputs table references it with ON DELETE CASCADE.
 */
export const parapheurDocumentIdStatusMigration: Migration = {
  version: 7,
  name: 'parapheur-document-id-status',
  up(db) {
    db.exec(`
      ALTER TABLE parapheur_documents ADD COLUMN document_id_status TEXT CHECK (document_id_status IN ('searching', 'unknown', 'reused'));
      ALTER TABLE parapheur_documents ADD COLUMN former_document_id TEXT;
    `);
  },
};
