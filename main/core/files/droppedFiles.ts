import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import crypto from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';
import type Database from 'better-sqlite3';
import { GuichetError } from '../../../shared/ipc/errors.js';
import type { FileRef } from '../../../shared/ipc/contract.js';
import { withoutInvisibleCharacters } from './localFileName.js';
import { sniffMediaType } from './mediaTypes.js';

/** Largest file the browser may stream to the web host: beyond it no provider accepts it anyway. */
export const maxStagedBytes = 2 * 1024 ** 3;

/**
 * A dropped file not used within a day is forgotten: its staged copy (a certificate, a signer's
 * ID…) must not lie on the disk for ever. Nothing durable points at a file ref: a deposit copies its
 * files into the blob store before the outbox row is written, and the certificate import puts the
 * bytes in the vault, so only a page still holding the id can lose it (and is told to drop again).
 */
export const stagedFileLifetimeMs = 24 * 60 * 60 * 1000;

interface FileRefRow {
  id: string;
  name: string;
  size: number;
  media_type: string;
  source: 'path' | 'staged';
  path: string;
  created_at: string;
}

export interface DroppedFile extends FileRef {
  source: 'path' | 'staged';
  path: string;
}

/** The name the clerk will read: control characters and separators replaced, invisible ones removed. */
function droppedName(raw: string): string {
  // eslint-disable-next-line no-control-regex
  return withoutInvisibleCharacters(raw.normalize('NFC')).replace(/[\u0000-\u001f\u007f/\\]/g, '_').slice(0, 255) || 'fichier';
}

function newId(): string {
  return crypto.randomBytes(16).toString('base64url');
}

/**
 * Files the clerk dropped, known to the renderer only by an opaque id. In Electron the preload
 * resolves the dropped File to its path; in the browser the bytes are streamed to the host and kept
 * in a staging folder. Either way the feature code reads a local path and never trusts a renderer path
 * twice.
 */
export function createDroppedFiles(
  db: Database.Database,
  opts: { stagingDir: string; protectedDirs: string[]; onSweepError?: (error: unknown) => void },
) {
  fs.mkdirSync(opts.stagingDir, { recursive: true, mode: 0o700 });
  const stagingDir = path.resolve(opts.stagingDir);
  const insert = db.prepare(
    'INSERT INTO file_refs (id, name, size, media_type, source, path, created_at) VALUES (@id, @name, @size, @media_type, @source, @path, @created_at)',
  );
  const byId = db.prepare<[string], FileRefRow>('SELECT * FROM file_refs WHERE id = ?');
  const remove = db.prepare('DELETE FROM file_refs WHERE id = ?');
  const expired = db.prepare<[string], FileRefRow>('SELECT * FROM file_refs WHERE created_at < ?');
  const hasRow = db.prepare<[string], { id: string }>('SELECT id FROM file_refs WHERE id = ?');
  /** Uploads being written: their file exists before their row does. */
  const inFlight = new Set<string>();

  /** Only a file directly inside the staging folder is ever deleted: never one of the clerk's own. */
  function isStagedCopy(file: string): boolean {
    return path.dirname(path.resolve(file)) === stagingDir;
  }

  async function dropRow(row: FileRefRow): Promise<void> {
    remove.run(row.id);
    if (row.source === 'staged' && isStagedCopy(row.path)) await fsp.rm(row.path, { force: true });
  }

  /** Forgets refs older than a day and removes staged copies no ref points at (an upload cut by a crash). */
  async function sweep(now = Date.now()): Promise<{ removed: number }> {
    let removed = 0;
    for (const row of expired.all(new Date(now - stagedFileLifetimeMs).toISOString())) {
      await dropRow(row);
      removed += 1;
    }
    for (const name of await fsp.readdir(stagingDir)) {
      if (inFlight.has(name) || hasRow.get(name)) continue;
      await fsp.rm(path.join(stagingDir, name), { force: true, recursive: true });
      removed += 1;
    }
    return { removed };
  }
  // At start: whatever a previous run left behind. In the background, never before the first screen.
  const initialSweep = sweep().catch((error: unknown) => {
    opts.onSweepError?.(error);
    return { removed: 0 };
  });

  function toFile(row: FileRefRow): DroppedFile {
    return { id: row.id, name: row.name, size: row.size, mediaType: row.media_type, source: row.source, path: row.path };
  }

  function record(file: DroppedFile): DroppedFile {
    insert.run({
      id: file.id,
      name: file.name,
      size: file.size,
      media_type: file.mediaType,
      source: file.source,
      path: file.path,
      created_at: new Date().toISOString(),
    });
    return file;
  }

  async function writeStaged(id: string, cleanName: string, body: Readable, declaredSize?: number): Promise<DroppedFile> {
    const target = path.join(stagingDir, id);
    let size = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        size += chunk.length;
        if (size > maxStagedBytes) cb(new GuichetError('FILE_REJECTED', { key: 'app:hostErrors.files.tooLarge', params: { name: cleanName, limit: maxStagedBytes } }));
        else cb(null, chunk);
      },
    });
    try {
      await pipeline(body, counter, fs.createWriteStream(target, { flags: 'wx', mode: 0o600 }));
    } catch (error) {
      await fsp.rm(target, { force: true });
      if (error instanceof GuichetError) throw error;
      throw new GuichetError('FILE_REJECTED', { key: 'app:hostErrors.files.transferInterrupted', params: { name: cleanName } });
    }
    if (declaredSize !== undefined && size !== declaredSize) {
      await fsp.rm(target, { force: true });
      throw new GuichetError('FILE_REJECTED', { key: 'app:hostErrors.files.transferIncomplete', params: { name: cleanName } });
    }
    return record({ id, name: cleanName, size, mediaType: await sniffMediaType(target, cleanName), source: 'staged', path: target });
  }

  return {
    sweep,
    /** The start-up sweep (tests wait for it). */
    initialSweep,

    async registerPath(requested: string): Promise<DroppedFile> {
      if (!path.isAbsolute(requested)) throw new GuichetError('FILE_REJECTED', { key: 'app:hostErrors.files.invalidPath' });
      let real: string;
      try {
        real = await fsp.realpath(requested);
      } catch {
        throw new GuichetError('FILE_REJECTED', { key: 'app:hostErrors.files.notFound', params: { name: path.basename(requested) } });
      }
      // The app's own data (database, vault, logs) is never a deposit candidate, whatever the renderer asks.
      for (const dir of opts.protectedDirs) {
        const protectedReal = await fsp.realpath(dir).catch(() => dir);
        if (real === protectedReal || real.startsWith(protectedReal + path.sep)) {
          throw new GuichetError('FILE_REJECTED', { key: 'app:hostErrors.files.internalData' });
        }
      }
      const stat = await fsp.stat(real);
      if (!stat.isFile()) {
        throw new GuichetError('FILE_REJECTED', { key: 'app:hostErrors.files.notAFile', params: { name: path.basename(requested) } });
      }
      const name = droppedName(path.basename(requested));
      return record({ id: newId(), name, size: stat.size, mediaType: await sniffMediaType(real, name), source: 'path', path: real });
    },

    /** Streams browser-dropped bytes to the staging folder; a partial upload leaves nothing behind. */
    async stage(name: string, body: Readable, declaredSize?: number): Promise<DroppedFile> {
      const cleanName = droppedName(name);
      if (declaredSize !== undefined && declaredSize > maxStagedBytes) {
        throw new GuichetError('FILE_REJECTED', { key: 'app:hostErrors.files.tooLarge', params: { name: cleanName, limit: maxStagedBytes } });
      }
      const id = newId();
      inFlight.add(id);
      try {
        return await writeStaged(id, cleanName, body, declaredSize);
      } finally {
        inFlight.delete(id);
      }
    },

    get(id: string): DroppedFile {
      const row = byId.get(id);
      if (!row) throw new GuichetError('NOT_FOUND', { key: 'app:hostErrors.files.forgotten' });
      return toFile(row);
    },

    async forget(id: string): Promise<void> {
      const row = byId.get(id);
      if (row) await dropRow(row);
    },
  };
}
export type DroppedFiles = ReturnType<typeof createDroppedFiles>;
