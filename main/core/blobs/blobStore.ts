import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type Database from 'better-sqlite3';
import { GuichetError } from '../../../shared/ipc/errors.js';

export interface PutOptions {
  mediaType?: string;
  /** The write fails (and leaves nothing behind) as soon as the content grows past this size. */
  maxBytes?: number;
  signal?: AbortSignal;
}

export interface StoredBlob {
  sha256: string;
  size: number;
}

export interface BlobInfo extends StoredBlob {
  /** Known only when the store keeps a catalogue (a database was given) and a type was supplied. */
  mediaType: string | null;
  createdAt: string;
}

export interface BlobStore {
  readonly dir: string;
  putStream(source: Readable, opts?: PutOptions): Promise<StoredBlob>;
  putFile(path: string, opts?: PutOptions): Promise<StoredBlob>;
  putBuffer(buf: Buffer | Uint8Array, opts?: PutOptions): Promise<StoredBlob>;
  /** Synchronous on purpose: one stat() of a small file, cheap enough for request handlers. */
  has(sha256: string): boolean;
  pathOf(sha256: string): string;
  openRead(sha256: string): Readable;
  stat(sha256: string): BlobInfo | null;
  /** Returns false when there was nothing to delete. */
  delete(sha256: string): Promise<boolean>;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * Content-addressed files: `<dir>/<2 first hex>/<sha256>`. Blobs are immutable, so a document
 * downloaded twice is stored once and a reader never sees a half-written file: content is
 * streamed into `<dir>/tmp/`, hashed on the way, flushed to disk, then renamed into place.
 */
export function createBlobStore(dir: string, db?: Database.Database): BlobStore {
  const tmpDir = join(dir, 'tmp');
  mkdirSync(tmpDir, { recursive: true });
  // Anything still in tmp/ was being written when the previous run stopped: it never became a blob.
  // (Hence one store per folder and per process; the single-instance lock covers processes.)
  for (const name of readdirSync(tmpDir)) rmSync(join(tmpDir, name), { force: true, recursive: true });

  const catalogue = db ? prepareCatalogue(db) : null;

  function pathOf(sha256: string): string {
    // The name ends up in a filesystem path: anything but 64 lowercase hex digits is refused,
    // which also rules out "../" tricks from a tampered database row.
    if (!SHA256_HEX.test(sha256)) {
      throw new GuichetError('INVALID_INPUT', { key: 'app:hostErrors.blobs.invalidId', details: { sha256 } });
    }
    return join(dir, sha256.slice(0, 2), sha256);
  }

  async function putStream(source: Readable, opts: PutOptions = {}): Promise<StoredBlob> {
    const { signal, maxBytes } = opts;
    if (signal?.aborted) {
      source.destroy();
      throw cancelled();
    }
    const tmp = join(tmpDir, `${randomBytes(12).toString('hex')}.part`);
    const meter = new HashingMeter(maxBytes);
    const sink = createWriteStream(tmp, { flags: 'wx', mode: 0o600 });
    try {
      await pipeline(source, meter, sink, signal ? { signal } : {});
      await fsyncFile(tmp);
    } catch (error) {
      // The sink may still be opening its file: removing it before it closes would let the
      // open re-create it afterwards, leaving a stray temp file behind.
      if (!sink.closed) await new Promise<void>((resolve) => sink.once('close', () => resolve()));
      await rm(tmp, { force: true });
      if (signal?.aborted) throw cancelled();
      throw error;
    }

    const sha256 = meter.digest();
    const size = meter.bytes;
    const finalPath = pathOf(sha256);
    try {
      if (existsSync(finalPath)) {
        // Same name means same bytes: the existing file is kept untouched.
        await rm(tmp, { force: true });
      } else {
        await mkdir(join(dir, sha256.slice(0, 2)), { recursive: true });
        await rename(tmp, finalPath);
        await fsyncDirectory(join(dir, sha256.slice(0, 2)));
      }
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
    catalogue?.record(sha256, size, opts.mediaType ?? null);
    return { sha256, size };
  }

  async function putFile(path: string, opts?: PutOptions): Promise<StoredBlob> {
    try {
      return await putStream(createReadStream(path), opts);
    } catch (error) {
      throw unreadableSource(path, error);
    }
  }

  async function putBuffer(buf: Buffer | Uint8Array, opts?: PutOptions): Promise<StoredBlob> {
    // Readable.from() would iterate a Uint8Array byte by byte; a Buffer is emitted as one chunk.
    return putStream(Readable.from([Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength)]), opts);
  }

  function has(sha256: string): boolean {
    return statSync(pathOf(sha256), { throwIfNoEntry: false })?.isFile() ?? false;
  }

  function openRead(sha256: string): Readable {
    const path = pathOf(sha256);
    if (!existsSync(path)) throw notFound(sha256);
    return createReadStream(path);
  }

  function statBlob(sha256: string): BlobInfo | null {
    const fileStat = statSync(pathOf(sha256), { throwIfNoEntry: false });
    if (!fileStat?.isFile()) return null;
    const row = catalogue?.get(sha256);
    return {
      sha256,
      size: fileStat.size,
      mediaType: row?.media_type ?? null,
      createdAt: row?.created_at ?? fileStat.mtime.toISOString(),
    };
  }

  async function deleteBlob(sha256: string): Promise<boolean> {
    const path = pathOf(sha256);
    const existed = existsSync(path);
    await rm(path, { force: true });
    catalogue?.remove(sha256);
    return existed;
  }

  return { dir, putStream, putFile, putBuffer, has, pathOf, openRead, stat: statBlob, delete: deleteBlob };
}

/** Hashes and counts bytes as they pass, and stops the stream once it exceeds the limit. */
class HashingMeter extends Transform {
  bytes = 0;
  private readonly hash = createHash('sha256');
  constructor(private readonly maxBytes: number | undefined) {
    super();
  }
  override _transform(chunk: Buffer | string, _encoding: BufferEncoding, callback: TransformCallback): void {
    const data = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    this.bytes += data.length;
    if (this.maxBytes !== undefined && this.bytes > this.maxBytes) {
      callback(tooLarge(this.maxBytes));
      return;
    }
    this.hash.update(data);
    callback(null, data);
  }
  digest(): string {
    return this.hash.digest('hex');
  }
}

interface CatalogueRow {
  media_type: string | null;
  created_at: string;
}

function prepareCatalogue(db: Database.Database) {
  // A media type learned later fills a row that had none; it never overwrites a known one.
  const insert = db.prepare(
    `INSERT INTO blobs (sha256, size, media_type, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (sha256) DO UPDATE SET media_type = coalesce(blobs.media_type, excluded.media_type)`,
  );
  const select = db.prepare('SELECT media_type, created_at FROM blobs WHERE sha256 = ?');
  const remove = db.prepare('DELETE FROM blobs WHERE sha256 = ?');
  return {
    record(sha256: string, size: number, mediaType: string | null): void {
      insert.run(sha256, size, mediaType, new Date().toISOString());
    },
    get(sha256: string): CatalogueRow | undefined {
      return select.get(sha256) as CatalogueRow | undefined;
    },
    remove(sha256: string): void {
      remove.run(sha256);
    },
  };
}

async function fsyncFile(path: string): Promise<void> {
  // Opened read-write: Windows refuses to flush a handle opened for reading only.
  const handle = await open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Makes the rename itself durable on POSIX; Windows cannot open a directory, and does not need to. */
async function fsyncDirectory(path: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(path, 'r').catch(() => null);
  if (!handle) return;
  try {
    await handle.sync();
  } catch {
    // Some filesystems (network shares) refuse fsync on directories; the file itself is synced.
  } finally {
    await handle.close();
  }
}

function tooLarge(maxBytes: number): GuichetError {
  return new GuichetError('FILE_REJECTED', { key: 'app:hostErrors.blobs.tooLarge', params: { limit: maxBytes }, details: { maxBytes } });
}

function cancelled(): GuichetError {
  return new GuichetError('CANCELLED', { key: 'app:hostErrors.blobs.cancelled' });
}

/** Errors of the source file itself (gone, locked) become a sentence for the clerk. */
function unreadableSource(path: string, error: unknown): unknown {
  const errno = error as NodeJS.ErrnoException;
  if (error instanceof GuichetError || errno?.path !== path) return error;
  const name = basename(path);
  return new GuichetError('FILE_REJECTED', {
    key: errno.code === 'ENOENT' ? 'app:hostErrors.blobs.sourceMissing' : 'app:hostErrors.blobs.sourceUnreadable',
    params: { name },
    details: { code: errno.code },
  });
}

function notFound(sha256: string): GuichetError {
  return new GuichetError('NOT_FOUND', { key: 'app:hostErrors.blobs.gone', details: { sha256 } });
}
