import type { Migration } from './migration.js';

/**
 * The Archive's ZIP exports (docs/architecture.md#archive): each one is stored as a blob the page
 * downloads, and would stay in the blob store for ever. `archive_exports` remembers which blobs are
 * exports and when they were made, so that the Archive deletes them after a few days
 * (`main/core/archive/archiveService.ts` `cleanExports`). While its row exists, an export counts as a
 * reference to its blob for every other clean-up (`main/core/blobs/blobReferences.ts`).
 */
export const archiveExportsMigration: Migration = {
  version: 12,
  name: 'archive-exports',
  up(db) {
    db.exec(`
      CREATE TABLE archive_exports (
        blob_id     TEXT PRIMARY KEY,
        created_at  TEXT NOT NULL
      );
      CREATE INDEX archive_exports_created ON archive_exports (created_at);
    `);
  },
};
