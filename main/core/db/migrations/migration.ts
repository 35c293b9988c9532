import type Database from 'better-sqlite3';

/**
 * One schema step. `version` numbers start at 1 and follow each other without gaps;
 * `up` runs inside the single transaction that applies every pending step.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: Database.Database): void;
}
