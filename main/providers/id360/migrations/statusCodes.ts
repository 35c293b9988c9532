import type { Migration } from '../../../core/db/migrations/migration.js';

/**
 * ID360: the tracker list says why a check was refused (issue 10: « KO (reason and failing status
 * codes in plain French) ») without opening each kept report. The codes are copied from the final
 * report when it is kept (docs/providers/id360.md#statuses); they are shown, never filtered on, so no
 * index.
 */
export function id360StatusCodesMigration(version: number): Migration {
  return {
    version,
    name: 'id360-status-codes',
    up(db) {
      // JSON list of {code, message} in the report's order (all_status_codes, else status_codes); NULL until a final report is kept.
      db.exec('ALTER TABLE id360_enrollments ADD COLUMN status_codes TEXT');
    },
  };
}
