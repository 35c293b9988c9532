import type { Migration } from '../../../core/db/migrations/migration.js';

/**
 * FAST Parapheur, what happens to a document right after its upload:
 * - `metadata_json`: the metadata the clerk typed (JSON `[{ name, value }]`), defined on FAST with
 *   uploadMeta after the upload and before the OTP information (docs/providers/fast-parapheur.md#metadata-and-otp); NULL when none;
 * - `followups_pending`: 1 while those post-upload calls (metadata, then OTP information) are still to
 *   be made on a document FAST already has. Set in the same write that records the document id, so a
 *   crash or a transient failure leaves a filed row the outbox finishes later, never one it re-uploads;
 * - `followup_attempts`: failed rounds of those calls, to bound retries of a server that keeps failing;
 * - `followup_error`: why they are late or were refused, in French. A column of its own because the
 *   tracker rewrites `last_error` on every poll, and this note must outlive the next poll.
 */
export const parapheurFollowupsMigration: Migration = {
  version: 5,
  name: 'parapheur-followups',
  up(db) {
    db.exec(`
      ALTER TABLE parapheur_documents ADD COLUMN metadata_json TEXT;
      ALTER TABLE parapheur_documents ADD COLUMN followups_pending INTEGER NOT NULL DEFAULT 0 CHECK (followups_pending IN (0, 1));
      ALTER TABLE parapheur_documents ADD COLUMN followup_attempts INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE parapheur_documents ADD COLUMN followup_error TEXT;

      -- The outbox runner's second pick: filed documents whose follow-up calls are still due. Partial, so
      -- it holds only those few rows, in the pick's order (local_id), with the due time for the filter.
      CREATE INDEX parapheur_documents_followups ON parapheur_documents (local_id, next_attempt_at) WHERE followups_pending = 1;
    `);
  },
};
