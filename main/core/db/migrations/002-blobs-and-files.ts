import type { Migration } from './migration.js';

/**
 * `blobs` catalogues the content-addressed store on disk (the file is the truth, the row is the
 * index). `file_refs` lists files the clerk dropped: the renderer only ever holds the opaque id.
 */
export const blobsAndFilesMigration: Migration = {
  version: 2,
  name: 'blobs-and-files',
  up(db) {
    db.exec(`
      CREATE TABLE blobs (
        sha256     TEXT PRIMARY KEY,
        size       INTEGER NOT NULL,
        media_type TEXT,
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE file_refs (
        id         TEXT PRIMARY KEY,
        name       TEXT NOT NULL,
        size       INTEGER NOT NULL,
        media_type TEXT NOT NULL,
        source     TEXT NOT NULL CHECK (source IN ('path', 'staged')),
        path       TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
