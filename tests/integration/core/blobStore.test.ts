import { clerkMessage, thrownBy } from '../../support/clerkText.js';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { createBlobStore } from '../../../main/core/blobs/blobStore.js';
import { allMigrations } from '../../../main/providers/registry.js';
import { openDatabase } from '../../../main/core/db/database.js';
import { GuichetError } from '../../../shared/ipc/errors.js';
import { useTempDirs } from './tempDirs.js';

const tempDir = useTempDirs('blobs');

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/** Every regular file under the store, tmp/ included, relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
}

/** Emits `chunks`, then fails: a network download cut half-way. */
function failingSource(chunks: Buffer[]): Readable {
  let index = 0;
  return new Readable({
    read() {
      const chunk = chunks[index++];
      if (chunk) this.push(chunk);
      else this.destroy(new Error('connexion interrompue'));
    },
  });
}

describe('blob store', () => {
  it('stores a stream under its sha-256 and reads it back', async () => {
    const dir = tempDir();
    const store = createBlobStore(dir);
    const content = Buffer.concat([randomBytes(200_000), Buffer.from('fin du document')]);

    const chunks = [content.subarray(0, 70_000), content.subarray(70_000, 150_000), content.subarray(150_000)];
    const stored = await store.putStream(Readable.from(chunks));

    expect(stored).toEqual({ sha256: sha256(content), size: content.length });
    expect(store.pathOf(stored.sha256)).toBe(join(dir, stored.sha256.slice(0, 2), stored.sha256));
    expect(readFileSync(store.pathOf(stored.sha256)).equals(content)).toBe(true);
    expect(store.has(stored.sha256)).toBe(true);
    expect(store.stat(stored.sha256)?.size).toBe(content.length);

    const readBack: Buffer[] = [];
    for await (const chunk of store.openRead(stored.sha256)) readBack.push(chunk as Buffer);
    expect(Buffer.concat(readBack).equals(content)).toBe(true);
    expect(readdirSync(join(dir, 'tmp'))).toEqual([]);
  });

  it('stores buffers and files, and keeps one copy of identical content without rewriting it', async () => {
    const dir = tempDir();
    const store = createBlobStore(dir);
    const source = join(tempDir(), 'bordereau.txt');
    writeFileSync(source, 'même contenu');

    const fromBuffer = await store.putBuffer(Buffer.from('même contenu'));
    const path = store.pathOf(fromBuffer.sha256);
    const firstWrite = statSync(path);
    const fromFile = await store.putFile(source);
    const fromUint8 = await store.putBuffer(new TextEncoder().encode('même contenu'));

    expect(fromFile).toEqual(fromBuffer);
    expect(fromUint8).toEqual(fromBuffer);
    expect(statSync(path).ino).toBe(firstWrite.ino);
    expect(statSync(path).mtimeMs).toBe(firstWrite.mtimeMs);
    expect(filesUnder(dir)).toEqual([join(fromBuffer.sha256.slice(0, 2), fromBuffer.sha256)]);
  });

  it('leaves no partial blob when the source fails half-way', async () => {
    const dir = tempDir();
    const store = createBlobStore(dir);
    const chunks = [randomBytes(64 * 1024), randomBytes(64 * 1024), randomBytes(64 * 1024)];

    await expect(store.putStream(failingSource(chunks))).rejects.toThrow('connexion interrompue');

    expect(filesUnder(dir)).toEqual([]);
    expect(store.has(sha256(Buffer.concat(chunks)))).toBe(false);
  });

  it('leaves no partial blob when the write is cancelled half-way', async () => {
    const dir = tempDir();
    const store = createBlobStore(dir);
    const controller = new AbortController();
    let sent = 0;
    // Never ends on its own: only the abort, triggered once data is flowing, stops it.
    const endless = new Readable({
      read() {
        sent += 1;
        if (sent === 3) controller.abort();
        this.push(randomBytes(16 * 1024));
      },
    });

    const error = await store.putStream(endless, { signal: controller.signal }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(GuichetError);
    expect((error as GuichetError).code).toBe('CANCELLED');
    expect(endless.destroyed).toBe(true);
    expect(filesUnder(dir)).toEqual([]);
  });

  it('refuses an already-cancelled write without touching the disk', async () => {
    const dir = tempDir();
    const store = createBlobStore(dir);
    const controller = new AbortController();
    controller.abort();
    await expect(store.putBuffer(Buffer.from('x'), { signal: controller.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(filesUnder(dir)).toEqual([]);
  });

  it('stops at maxBytes with a French message and keeps nothing', async () => {
    const dir = tempDir();
    const store = createBlobStore(dir);
    const content = randomBytes(3 * 1024 * 1024);

    const error = await store
      .putStream(Readable.from([content.subarray(0, 1024 * 1024), content.subarray(1024 * 1024)]), { maxBytes: 2 * 1024 * 1024 })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(GuichetError);
    expect((error as GuichetError).code).toBe('FILE_REJECTED');
    expect(clerkMessage(error)).toMatch(/trop volumineux.*2 Mo/);
    expect(filesUnder(dir)).toEqual([]);

    const exact = await store.putBuffer(randomBytes(1000), { maxBytes: 1000 });
    expect(exact.size).toBe(1000);
  });

  it('explains in French a source file that has disappeared', async () => {
    const dir = tempDir();
    const store = createBlobStore(dir);
    const error = await store.putFile(join(dir, 'parti.pdf')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GuichetError);
    expect(clerkMessage(error)).toMatch(/« parti\.pdf » est introuvable/);
    expect(filesUnder(dir)).toEqual([]);
  });

  it('removes temp files left by a crash when it starts', async () => {
    const dir = tempDir();
    const first = createBlobStore(dir);
    const kept = await first.putBuffer(Buffer.from('document signé'));
    writeFileSync(join(dir, 'tmp', 'a1b2c3.part'), 'moitié de fichier');
    mkdirSync(join(dir, 'tmp', 'odd-dir'));

    const second = createBlobStore(dir);

    expect(readdirSync(join(dir, 'tmp'))).toEqual([]);
    expect(second.has(kept.sha256)).toBe(true);
  });

  it('keeps its catalogue in the blobs table when a database is given', async () => {
    const dir = tempDir();
    const db = openDatabase(join(dir, 'guichet.sqlite'), allMigrations);
    try {
      const store = createBlobStore(join(dir, 'blobs'), db);
      const a = await store.putBuffer(Buffer.from('%PDF-1.7 …'), { mediaType: 'application/pdf' });
      await store.putBuffer(Buffer.from('%PDF-1.7 …'), { mediaType: 'application/octet-stream' });

      expect(db.prepare('SELECT sha256, size, media_type FROM blobs').all()).toEqual([
        { sha256: a.sha256, size: a.size, media_type: 'application/pdf' },
      ]);
      expect(store.stat(a.sha256)).toMatchObject({ sha256: a.sha256, size: a.size, mediaType: 'application/pdf' });

      expect(await store.delete(a.sha256)).toBe(true);
      expect(await store.delete(a.sha256)).toBe(false);
      expect(store.has(a.sha256)).toBe(false);
      expect(store.stat(a.sha256)).toBeNull();
      expect(db.prepare('SELECT count(*) AS n FROM blobs').get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });

  it('refuses names that are not sha-256 digests, and reports a missing blob in French', async () => {
    const store = createBlobStore(tempDir());
    expect(() => store.pathOf('../../etc/passwd')).toThrow(GuichetError);
    expect(() => store.pathOf('A'.repeat(64))).toThrow(GuichetError);
    expect(clerkMessage(thrownBy(() => store.openRead('0'.repeat(64))))).toMatch(/plus disponible/);
    expect(existsSync(store.pathOf('0'.repeat(64)))).toBe(false);
    expect(await text(store.openRead((await store.putBuffer(Buffer.from('ok'))).sha256))).toBe('ok');
  });
});
