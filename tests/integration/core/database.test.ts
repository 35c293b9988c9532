import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, openDatabase, schemaVersion, type Migration } from '../../../main/core/db/database.js';
import { allMigrations } from '../../../main/providers/registry.js';
import { createActivityJournal, journalQueries } from '../../../main/core/journal/activityJournal.js';
import { clerkMessage, clerkText } from '../../support/clerkText.js';
import { GuichetError } from '../../../shared/ipc/errors.js';
import { useTempDirs } from './tempDirs.js';

const tempDir = useTempDirs('db');

function tableNames(db: Database.Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map(
    (r) => r.name,
  );
}

function columnsOf(db: Database.Database, table: string): string[] {
  return (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
}

function isStrict(db: Database.Database, table: string): boolean {
  const row = db.prepare('SELECT strict FROM pragma_table_list WHERE name = ?').get(table) as { strict: number } | undefined;
  return row?.strict === 1;
}

function planOf(db: Database.Database, sql: string, ...params: unknown[]): string {
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join('\n');
}

function hashFile(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

describe('openDatabase', () => {
  it('creates the file with WAL, foreign keys, busy timeout and the latest schema', () => {
    const db = openDatabase(join(tempDir(), 'nested', 'guichet.sqlite'), allMigrations);
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
      expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
      expect(schemaVersion(db)).toBe(allMigrations.at(-1)?.version);
    } finally {
      db.close();
    }
  });

  it('is idempotent: reopening an up-to-date file changes nothing and keeps the data', () => {
    const file = join(tempDir(), 'guichet.sqlite');
    const first = openDatabase(file, allMigrations);
    first.prepare("INSERT INTO journal (at, actor, action, summary_key) VALUES ('2025-01-01T00:00:00.000Z', 'agent', 'x', 'app:y')").run();
    const schemaBefore = first.prepare('SELECT sql FROM sqlite_schema ORDER BY name').all();
    first.close();

    const second = openDatabase(file, allMigrations);
    try {
      expect(schemaVersion(second)).toBe(allMigrations.length);
      expect(second.prepare('SELECT sql FROM sqlite_schema ORDER BY name').all()).toEqual(schemaBefore);
      expect(second.prepare('SELECT count(*) AS n FROM journal').get()).toEqual({ n: 1 });
    } finally {
      second.close();
    }
  });

  it('refuses a database written by a newer Guichet and leaves the file untouched', () => {
    const file = join(tempDir(), 'guichet.sqlite');
    const newer = new Database(file);
    newer.exec('CREATE TABLE future (x INTEGER) STRICT');
    newer.pragma('user_version = 99');
    newer.close();
    const before = hashFile(file);

    let caught: unknown;
    try {
      openDatabase(file, allMigrations).close();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(GuichetError);
    const error = caught as GuichetError;
    expect(error.code).toBe('DB_TOO_NEW');
    expect(clerkMessage(error)).toContain('99');
    expect(clerkMessage(error)).toContain(String(allMigrations.length));
    expect(clerkMessage(error)).toMatch(/installez la dernière version de Guichet/);
    expect(clerkMessage(error, 'en')).toMatch(/install the latest version of Guichet/);
    expect(hashFile(file)).toBe(before);

    const check = new Database(file, { readonly: true });
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(schemaVersion(check)).toBe(99);
    check.close();
  });
});

describe('migrate', () => {
  it('rolls everything back when a migration fails half-way', () => {
    const file = join(tempDir(), 'guichet.sqlite');
    openDatabase(file, allMigrations.slice(0, 1)).close();

    const failing: Migration = {
      version: allMigrations.length + 1,
      name: 'explodes',
      up(db) {
        db.exec('CREATE TABLE half_done (id INTEGER PRIMARY KEY) STRICT');
        throw new Error('boom');
      },
    };
    expect(() => openDatabase(file, [...allMigrations, failing])).toThrow('boom');

    const db = new Database(file);
    try {
      expect(schemaVersion(db)).toBe(1);
      expect(tableNames(db)).toEqual(['journal']);
    } finally {
      db.close();
    }
  });

  it('applies only the pending steps and records the last version', () => {
    const db = new Database(join(tempDir(), 'guichet.sqlite'));
    try {
      const applied: number[] = [];
      const steps: Migration[] = [1, 2, 3].map((version) => ({
        version,
        name: `step-${version}`,
        up: (d) => {
          applied.push(version);
          d.exec(`CREATE TABLE t${version} (x INTEGER) STRICT`);
        },
      }));
      migrate(db, steps.slice(0, 1));
      migrate(db, steps);
      migrate(db, steps);
      expect(applied).toEqual([1, 2, 3]);
      expect(schemaVersion(db)).toBe(3);
    } finally {
      db.close();
    }
  });

  it('rejects a migration list with a gap (a programming error)', () => {
    const db = new Database(':memory:');
    try {
      const steps: Migration[] = [
        { version: 1, name: 'a', up: () => undefined },
        { version: 3, name: 'c', up: () => undefined },
      ];
      expect(() => migrate(db, steps)).toThrow(/expected 2/);
      expect(schemaVersion(db)).toBe(0);
    } finally {
      db.close();
    }
  });
});

describe('migration 1: journal', () => {
  it('creates a STRICT journal table with its indexes', () => {
    const db = openDatabase(join(tempDir(), 'guichet.sqlite'), allMigrations.slice(0, 1));
    try {
      expect(schemaVersion(db)).toBe(1);
      expect(isStrict(db, 'journal')).toBe(true);
      expect(columnsOf(db, 'journal')).toEqual([
        'id', 'at', 'actor', 'action', 'provider', 'object_type', 'object_id', 'summary', 'details',
      ]);
      const indexes = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'journal'").all() as {
        name: string;
      }[]).map((r) => r.name);
      expect(indexes).toEqual(expect.arrayContaining(['journal_at_idx', 'journal_object_idx']));

      expect(() =>
        db.prepare("INSERT INTO journal (at, actor, action, summary, object_id) VALUES ('t', 'a', 'b', 'c', ?)").run(
          Buffer.from('not text'),
        ),
      ).toThrow(/cannot store BLOB value in TEXT column/);
      expect(() => db.prepare("INSERT INTO journal (id, at, actor, action, summary) VALUES ('abc', 't', 'a', 'b', 'c')").run()).toThrow();
      expect(() => db.prepare("INSERT INTO journal (at, actor, action) VALUES ('t', 'a', 'b')").run()).toThrow(/NOT NULL/);
    } finally {
      db.close();
    }
  });

  it('serves the hot journal queries from indexes, without a sort step', () => {
    const db = openDatabase(join(tempDir(), 'guichet.sqlite'), allMigrations);
    try {
      const insert = db.prepare(
        'INSERT INTO journal (at, actor, action, provider, object_type, object_id, summary_key) VALUES (?, ?, ?, ?, ?, ?, ?)',
      );
      db.transaction(() => {
        for (let i = 0; i < 500; i += 1) {
          insert.run(new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString(), 'agent', 'a', 'parapheur', 'document', `doc-${i % 50}`, 's');
        }
      })();
      db.exec('ANALYZE');

      const latest = planOf(db, journalQueries.latest, 50);
      expect(latest).toMatch(/SCAN journal/);
      expect(latest).not.toMatch(/TEMP B-TREE/);

      const before = planOf(db, journalQueries.before, 100, 50);
      expect(before).toMatch(/SEARCH journal USING INTEGER PRIMARY KEY \(rowid<\?\)/);
      expect(before).not.toMatch(/TEMP B-TREE/);

      const forObject = planOf(db, journalQueries.forObject, 'parapheur', 'document', 'doc-7');
      expect(forObject).toMatch(/SEARCH journal USING INDEX journal_object_idx \(provider=\? AND object_type=\? AND object_id=\?\)/);
      expect(forObject).not.toMatch(/TEMP B-TREE/);

      const byDate = planOf(db, 'SELECT id FROM journal WHERE at < ? ORDER BY at DESC, id DESC LIMIT 10', '2025-01-01T00:05:00Z');
      expect(byDate).toMatch(/journal_at_idx/);
      expect(byDate).not.toMatch(/TEMP B-TREE/);
    } finally {
      db.close();
    }
  });
});

describe('migration 2: blobs and file_refs', () => {
  it('creates STRICT blobs and file_refs tables', () => {
    const db = openDatabase(join(tempDir(), 'guichet.sqlite'), allMigrations.slice(0, 2));
    try {
      expect(schemaVersion(db)).toBe(2);
      expect(isStrict(db, 'blobs')).toBe(true);
      expect(isStrict(db, 'file_refs')).toBe(true);
      expect(columnsOf(db, 'blobs')).toEqual(['sha256', 'size', 'media_type', 'created_at']);
      expect(columnsOf(db, 'file_refs')).toEqual(['id', 'name', 'size', 'media_type', 'source', 'path', 'created_at']);

      db.prepare("INSERT INTO blobs VALUES (?, 12, 'application/pdf', 't')").run('a'.repeat(64));
      expect(() => db.prepare("INSERT INTO blobs VALUES (?, 'twelve', NULL, 't')").run('b'.repeat(64))).toThrow(
        /cannot store TEXT value in INTEGER column/,
      );
      expect(() => db.prepare("INSERT INTO blobs VALUES (?, 12, NULL, 't')").run('a'.repeat(64))).toThrow(/UNIQUE/);

      const insertRef = db.prepare('INSERT INTO file_refs VALUES (?, ?, ?, ?, ?, ?, ?)');
      insertRef.run('ref-00001', 'contrat.pdf', 10, 'application/pdf', 'path', '/tmp/contrat.pdf', 't');
      insertRef.run('ref-00002', 'rib.pdf', 10, 'application/pdf', 'staged', '/tmp/staging/x', 't');
      expect(() => insertRef.run('ref-00003', 'x.pdf', 10, 'application/pdf', 'url', '/x', 't')).toThrow(/CHECK constraint/);
      expect(() => insertRef.run('ref-00004', 'x.pdf', 10.5, 'application/pdf', 'path', '/x', 't')).toThrow(
        /cannot store REAL value in INTEGER column/,
      );
    } finally {
      db.close();
    }
  });
});

describe('migration 9: journal messages', () => {
  it('keeps the French summary of older entries, shown as is, and stores new ones as catalogue entries', () => {
    const file = join(tempDir(), 'guichet.sqlite');
    const before = openDatabase(file, allMigrations.filter((m) => m.version < 9));
    before.prepare("INSERT INTO journal (at, actor, action, summary) VALUES ('2025-01-01T00:00:00.000Z', 'agent', 'settings.update', 'Réglages modifiés')").run();
    before.close();

    const db = openDatabase(file, allMigrations);
    try {
      expect(columnsOf(db, 'journal')).not.toContain('summary');
      const journal = createActivityJournal(db);
      journal.append({ actor: 'agent', action: 'secrets.set', summary: { key: 'app:activity.summaries.secretSaved', params: { secret: 'parapheur.certificate' } } });
      const [newer, older] = journal.list({ limit: 10 });
      expect(older?.summary).toEqual({ key: 'app:activity.summaries.legacy', params: { text: 'Réglages modifiés' } });
      expect(clerkText(older!.summary, 'en')).toBe('Réglages modifiés');
      expect(newer?.summary).toEqual({ key: 'app:activity.summaries.secretSaved', params: { secret: 'parapheur.certificate' } });
      expect(clerkText(newer!.summary, 'en')).toBe('Secret “parapheur.certificate” saved');
      expect(clerkText(newer!.summary, 'fr')).toBe('Secret « parapheur.certificate » enregistré');
    } finally {
      db.close();
    }
  });
});
