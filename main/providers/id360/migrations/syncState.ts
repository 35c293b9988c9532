import type { Migration } from '../../../core/db/migrations/migration.js';

/**
 * ID360: when the tracker last reached ID360 and how its last attempt went, per environment, so the
 * tracker says « Dernière synchronisation : … » and « ID360 injoignable pour le moment » offline
 * (issue 12, « Offline »). Its number in the one global order is given when the module is registered.
 */
export function id360SyncStateMigration(version: number): Migration {
  return {
    version,
    name: 'id360-sync-state',
    up(db) {
      db.exec(`
        CREATE TABLE id360_sync_state (
          environment      TEXT PRIMARY KEY,
          last_success_at  TEXT,   -- ID360 last answered a read of the tracker (a status, a file)
          last_attempt_at  TEXT,
          last_error_code  TEXT    -- the last attempt's failure code; NULL when it went through
        ) STRICT;
      `);
    },
  };
}
