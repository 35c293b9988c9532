import type { Migration } from './migration.js';
import { journalMigration } from './001-journal.js';
import { blobsAndFilesMigration } from './002-blobs-and-files.js';
import { journalMessagesMigration } from './009-journal-messages.js';
import { archiveMigration } from './011-archive.js';
import { archiveExportsMigration } from './012-archive-exports.js';
import { archiveCaseOriginsMigration } from './013-archive-case-origins.js';

export type { Migration } from './migration.js';

/**
 * The core's own schema steps (journal, blobs, dropped files, the Archive). Providers keep theirs in their
 * folder; the provider registry merges both into the one global order (`orderMigrations`).
 * Released migrations are never edited (a database may already be past them).
 */
export const coreMigrations: readonly Migration[] = [
  journalMigration,
  blobsAndFilesMigration,
  journalMessagesMigration,
  archiveMigration,
  archiveExportsMigration,
  archiveCaseOriginsMigration,
];

/**
 * Every step of the core and of the given modules, by version. Versions are global: two modules
 * never share a number, and the list has no gap (the database refuses a malformed list).
 */
export function orderMigrations(...lists: (readonly Migration[])[]): readonly Migration[] {
  return lists.flat().sort((a, b) => a.version - b.version);
}
