import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { GuichetError } from '../../../shared/ipc/errors.js';
import type { Migration } from './migrations/index.js';

export type { Migration } from './migrations/index.js';

/**
 * Opens (creating if needed) the application database and brings its schema up to date.
 * A database written by a newer Guichet is refused before anything is written to it.
 */
export function openDatabase(file: string, migrations: readonly Migration[]): Database.Database {
  if (file !== ':memory:') createPrivately(file);
  const db = new Database(file);
  try {
    // Checked before the pragmas below: switching to WAL rewrites the file header, and a
    // database from a newer version must be left exactly as it was found.
    assertNotTooNew(db, migrations);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // NORMAL is durable in WAL mode except for the very last transactions on power loss,
    // which the outbox tolerates (it resumes and the provider rejects duplicates).
    db.pragma('synchronous = NORMAL');
    migrate(db, migrations);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * The database holds personal data (signers' names, phones, e-mails): readable by the clerk's account
 * only. SQLite gives its -wal and -shm files the mode of the database file, so creating that file 0600
 * before SQLite opens it covers all three; files left broader by an older version are narrowed.
 */
function createPrivately(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  closeSync(openSync(file, 'a', 0o600));
  if (process.platform === 'win32') return;
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) {
    if (existsSync(f)) chmodSync(f, 0o600);
  }
}

/**
 * Applies every pending migration in ONE transaction and records the last version in
 * `PRAGMA user_version`: either the whole upgrade lands, or the database is unchanged.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[]): void {
  assertWellFormed(migrations);
  const latest = migrations.at(-1)?.version ?? 0;
  // IMMEDIATE takes the write lock before reading user_version, so two processes opening the
  // same file cannot both decide to apply the same step.
  db.transaction(() => {
    const current = assertNotTooNew(db, migrations);
    for (const migration of migrations) {
      if (migration.version > current) migration.up(db);
    }
    if (latest > current) db.pragma(`user_version = ${latest}`);
  }).immediate();
}

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function assertNotTooNew(db: Database.Database, migrations: readonly Migration[]): number {
  const current = schemaVersion(db);
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new GuichetError('DB_TOO_NEW', {
      key: 'app:hostErrors.database.tooNew',
      params: { schemaVersion: current, supportedVersion: latest },
      details: { schemaVersion: current, supportedVersion: latest },
    });
  }
  return current;
}

/** A programming error, not a clerk error: caught by the migration tests. */
function assertWellFormed(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(
        `Migration list is malformed: "${migration.name}" has version ${migration.version}, expected ${index + 1}`,
      );
    }
  });
}
