import type { Migration } from '../../../core/db/migrations/migration.js';

/**
 * FAST Parapheur: the metadata names last used on a circuit (JSON array of names such as
 * `["TEXT_001","NUM_001"]`, NULL when none), so that the deposit dialog offers them again with empty
 * values. FAST's REST API does not list a circuit's metadata definitions; the clerk types them once.
 */
export const parapheurMetadataNamesMigration: Migration = {
  version: 6,
  name: 'parapheur-metadata-names',
  up(db) {
    db.exec(`ALTER TABLE parapheur_circuits ADD COLUMN last_metadata_names TEXT;`);
  },
};
