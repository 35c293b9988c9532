import type { Migration } from './migration.js';

/**
 * The journal stores what happened as a catalogue key and plain values, rendered in the clerk's
 * language (docs/architecture.md#ipc-contract); it used to store a French sentence. Entries written
 * before keep their sentence as the `text` value of `app:activity.summaries.legacy`, shown as is.
 */
export const journalMessagesMigration: Migration = {
  version: 9,
  name: 'journal-messages',
  up(db) {
    db.exec(`
      ALTER TABLE journal ADD COLUMN summary_key TEXT NOT NULL DEFAULT 'app:activity.summaries.legacy';
      ALTER TABLE journal ADD COLUMN summary_params TEXT;
      UPDATE journal SET summary_params = json_object('text', summary);
      ALTER TABLE journal DROP COLUMN summary;
    `);
  },
};
