import type { Migration } from '../../../core/db/migrations/migration.js';

/**
 * ID360: a check is recorded *before* its create call is sent (docs/providers/id360.md#lost-create),
 * so that a reply lost after ID360 created the enrollment leaves a row saying « création incertaine »
 * instead of nothing, and a retry cannot create a second enrollment. Such a row has no ID360 id yet
 * (a placeholder in `enrollment_id`, no `api_key`), is never polled and is not filtered on (no index).
 */
export function id360CreationMigration(version: number): Migration {
  return {
    version,
    name: 'id360-creation',
    up(db) {
      // NULL: created at ID360 (every row before this step). 'sending': the create call is on its way;
      // 'uncertain': it was sent and no readable answer came back.
      db.exec("ALTER TABLE id360_enrollments ADD COLUMN creation TEXT CHECK (creation IN ('sending','uncertain'))");
    },
  };
}
