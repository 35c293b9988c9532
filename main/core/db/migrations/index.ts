import type { Migration } from './migration.js';
import { journalMigration } from './001-journal.js';
import { blobsAndFilesMigration } from './002-blobs-and-files.js';
import { parapheurMigration } from './003-parapheur.js';
import { parapheurOutputsMigration } from './004-parapheur-outputs.js';
import { parapheurFollowupsMigration } from './005-parapheur-followups.js';
import { parapheurMetadataNamesMigration } from './006-parapheur-metadata-names.js';

export type { Migration } from './migration.js';

/**
 * Every schema step, oldest first. A feature adds its table by writing `NNN-name.ts` and
 * appending it here; released migrations are never edited (a database may already be past them).
 */
export const allMigrations: readonly Migration[] = [journalMigration, blobsAndFilesMigration, parapheurMigration, parapheurOutputsMigration, parapheurFollowupsMigration, parapheurMetadataNamesMigration];
