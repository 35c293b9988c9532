import type Database from 'better-sqlite3';
import type { ArchiveContributor } from '../../../main/core/archive/archiveItem.js';

/**
 * A provider module of the crash test's own, shared by the worker that is killed and the test that
 * reopens its data folder: it keeps its files in a table of its own, as every module does, and hands
 * them to the Archive through the one contributor interface.
 */
export function ensureFixtureTable(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS crash_fixture (key TEXT PRIMARY KEY, sha256 TEXT NOT NULL, size INTEGER NOT NULL, kept_at TEXT NOT NULL)');
}

export const crashFixtureArchive: ArchiveContributor = {
  *items(db) {
    const rows = db.prepare('SELECT key, sha256, size, kept_at FROM crash_fixture ORDER BY key').all() as { key: string; sha256: string; size: number; kept_at: string }[];
    for (const r of rows) {
      yield {
        key: r.key,
        kind: 'report',
        environment: 'sandbox',
        title: `Pièce ${r.key}`,
        fileName: `${r.key}.bin`,
        sha256: r.sha256,
        size: r.size,
        mediaType: 'application/octet-stream',
        createdAt: r.kept_at,
        archivedAt: r.kept_at,
      };
    }
  },
};
