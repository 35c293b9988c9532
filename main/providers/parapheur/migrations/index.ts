import { parapheurMigration } from './003-parapheur.js';
import { parapheurOutputsMigration } from './004-parapheur-outputs.js';
import { parapheurFollowupsMigration } from './005-parapheur-followups.js';
import { parapheurMetadataNamesMigration } from './006-parapheur-metadata-names.js';
import { parapheurDocumentIdStatusMigration } from './007-parapheur-document-id-status.js';

/**
 * The Parapheur tables, oldest first. Their numbers belong to the one global order of the
 * database (`PRAGMA user_version`): a new step takes the next free number across every module.
 */
export const parapheurMigrations = [parapheurMigration, parapheurOutputsMigration, parapheurFollowupsMigration, parapheurMetadataNamesMigration, parapheurDocumentIdStatusMigration];
