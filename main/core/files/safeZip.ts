import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { crc32 } from 'node:zlib';
import yauzl from 'yauzl';
import { GuichetError, type MessageParams } from '../../../shared/ipc/errors.js';
import type { BlobStore } from '../blobs/blobStore.js';
import { mediaTypeForName } from './mediaTypes.js';
import { withoutInvisibleCharacters } from './localFileName.js';

/**
 * Unpacks a ZIP that came from outside (a provider's answer, a clerk's file) into the blob store,
 * refusing anything that could escape a folder, hide a link, or blow up the disk. Nothing is ever
 * written to a path taken from the archive: entries go to the content-addressed store and come back
 * as (sanitised name, sha256, size).
 *
 * Two passes over the central directory: the first validates every entry from its metadata alone
 * (names, links, encryption, counts, announced sizes), so most refusals happen before a single byte
 * is written; the second streams each entry, counting the bytes actually inflated (announced sizes
 * are never trusted) and checking the CRC.
 *
 * On a refusal during the second pass, entries already stored stay in the blob store: blobs are
 * content-addressed and immutable, nothing references them, and deleting them could remove a blob
 * another writer has just stored with the same content. Half-written entries never become blobs
 * (the store removes its temporary file when the stream fails).
 */

export interface ZipLimits {
  /** Entries in the central directory, folders included. */
  maxEntries: number;
  /** Sum of the inflated sizes of all entries. */
  maxTotalBytes: number;
  /** Inflated size of one entry. */
  maxEntryBytes: number;
  /**
   * Inflated / compressed size beyond which an archive is treated as a zip bomb: checked for each
   * entry, and for the whole archive (all inflated bytes / size of the ZIP file), so that many
   * entries each just under the per-entry grace cannot add up to a bomb.
   */
  maxRatio: number;
}

export interface ExtractZipOptions extends ZipLimits {
  blobs: BlobStore;
  /**
   * Below this many inflated bytes the ratio is not checked: a small text or a blank page compresses
   * 100:1 or more and is harmless. Default 1 MiB.
   */
  ratioGraceBytes?: number;
  signal?: AbortSignal;
}

export interface ExtractedEntry {
  /** Relative, `/`-separated, every segment checked; never absolute, never `..`. */
  name: string;
  sha256: string;
  size: number;
}

export const defaultZipLimits: Readonly<ZipLimits> = Object.freeze({
  maxEntries: 1000,
  maxTotalBytes: 2 * 1024 ** 3,
  maxEntryBytes: 1024 ** 3,
  maxRatio: 200,
});

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;
const maxNameLength = 1024;

interface PlannedEntry {
  entry: yauzl.Entry;
  name: string;
}

/** `key` is an `app:hostErrors.zip.…` entry: the clerk's sentence is in the renderer's catalogue. */
function refused(key: string, params: MessageParams = {}, details?: Record<string, unknown>): GuichetError {
  return new GuichetError('FILE_REJECTED', { key, params, details: details ?? params });
}

/** A name as it can be shown in a message: control characters made visible, length capped. */
function shown(name: string): string {
  // eslint-disable-next-line no-control-regex
  const visible = name.replace(/[\u0000-\u001f\u007f]/g, '�');
  return visible.length > 120 ? `${visible.slice(0, 117)}…` : visible;
}

/**
 * Checks an entry name and returns its sanitised relative form (without a trailing `/`), or throws.
 * Backslashes are separators, as old Windows tools wrote them (and as Windows would resolve them):
 * `a\\..\\..\\b` is a traversal, `dossier\\b.pdf` becomes `dossier/b.pdf`.
 */
export function sanitizeZipEntryName(raw: string): string {
  if (raw.includes('\u0000')) {
    throw refused('app:hostErrors.zip.nulInName', { entry: shown(raw) });
  }
  if (raw.length === 0 || raw.length > maxNameLength) {
    throw refused('app:hostErrors.zip.nameLength', { entry: shown(raw) });
  }
  if (/^[A-Za-z]:/.test(raw)) {
    throw refused('app:hostErrors.zip.driveLetter', { entry: shown(raw) });
  }
  if (raw.startsWith('/') || raw.startsWith('\\')) {
    throw refused('app:hostErrors.zip.absolutePath', { entry: shown(raw) });
  }
  const segments = raw.split(/[\\/]/);
  if (segments.includes('..')) {
    throw refused('app:hostErrors.zip.traversal', { entry: shown(raw) });
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0001-\u001f\u007f]/.test(raw)) {
    throw refused('app:hostErrors.zip.controlCharacters', { entry: shown(raw) });
  }
  const kept = segments
    .map((s) => withoutInvisibleCharacters(s.normalize('NFC')))
    .filter((s) => s !== '' && s !== '.')
    // Characters Windows cannot store, and trailing dots/spaces it silently drops.
    .map((s) => s.replace(/[<>:"|?*]/g, '_').replace(/[. ]+$/, '') || '_');
  if (kept.length === 0) throw refused('app:hostErrors.zip.emptyName', { entry: shown(raw) });
  return kept.join('/');
}

function openZip(zipPath: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    // decodeStrings: false so that the names are checked here, with messages for the clerk, and
    // a NUL byte in the raw name is seen before any decoding.
    yauzl.open(zipPath, { lazyEntries: true, validateEntrySizes: true, decodeStrings: false, autoClose: false }, (error, zip) => {
      if (error || !zip) reject(unreadable(error));
      else resolve(zip);
    });
  });
}

function unreadable(error: unknown): GuichetError {
  if (error instanceof GuichetError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/encryption/i.test(message)) return encrypted('?');
  return refused('app:hostErrors.zip.unreadable', {}, { cause: message });
}

function encrypted(name: string): GuichetError {
  return refused('app:hostErrors.zip.encrypted', { entry: shown(name) });
}

/** Whether `inflated` bytes out of an archive of `archiveBytes` bytes is a bomb, past the grace. */
function archiveRatioExceeded(inflated: number, archiveBytes: number, limits: ZipLimits, graceBytes: number): boolean {
  return inflated > graceBytes && inflated / Math.max(1, archiveBytes) > limits.maxRatio;
}

/** Reads the whole central directory (metadata only) into memory, in archive order. */
function readDirectory(zip: yauzl.ZipFile, limits: ZipLimits, ratioGraceBytes: number): Promise<PlannedEntry[]> {
  return new Promise((resolve, reject) => {
    const planned: PlannedEntry[] = [];
    const seen = new Set<string>();
    let announcedTotal = 0;
    const fail = (error: unknown) => {
      zip.removeAllListeners('entry');
      zip.removeAllListeners('end');
      reject(unreadable(error));
    };
    zip.on('error', fail);
    zip.on('end', () => resolve(planned));
    zip.on('entry', (entry: yauzl.Entry) => {
      try {
        if (planned.length >= limits.maxEntries) throw tooManyEntries(limits.maxEntries);
        const raw = entry.fileNameRaw;
        // A NUL in the raw bytes would be cut or kept depending on the decoder: refused before decoding.
        if (raw.includes(0)) {
          throw refused('app:hostErrors.zip.nulInName', { entry: shown(raw.toString('latin1')) });
        }
        // UTF-8 when bit 11 is set (or an Info-ZIP Unicode Path field is valid), CP437 otherwise; strict,
        // so that backslashes reach the check above untouched.
        const decoded = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, raw, entry.extraFields, true);
        const isDirectory = decoded.endsWith('/') || decoded.endsWith('\\');
        const name = sanitizeZipEntryName(isDirectory ? decoded.replace(/[\\/]+$/, '') || decoded : decoded);

        // Unix mode in the high 16 bits of the external attributes: only plain files and folders.
        const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
        if (mode === S_IFLNK) {
          throw refused('app:hostErrors.zip.symlink', { entry: shown(name) });
        }
        if (mode !== 0 && mode !== S_IFREG && mode !== S_IFDIR) {
          throw refused('app:hostErrors.zip.notRegular', { entry: shown(name) });
        }
        if ((entry.generalPurposeBitFlag & 0x1) !== 0 || (entry.generalPurposeBitFlag & 0x40) !== 0) throw encrypted(name);
        if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
          throw refused('app:hostErrors.zip.compressionMethod', { entry: shown(name), method: entry.compressionMethod });
        }

        if (!isDirectory && mode !== S_IFDIR) {
          const key = name.toLowerCase();
          if (seen.has(key)) {
            throw refused('app:hostErrors.zip.duplicate', { entry: shown(name) });
          }
          seen.add(key);
          // Announced sizes only give an early, cheap refusal; the real check counts inflated bytes.
          if (entry.uncompressedSize > limits.maxEntryBytes) throw entryTooLarge(name, limits.maxEntryBytes);
          announcedTotal += entry.uncompressedSize;
          if (announcedTotal > limits.maxTotalBytes) throw totalTooLarge(limits.maxTotalBytes);
          if (entry.compressedSize > 0 && entry.uncompressedSize > ratioGraceBytes && entry.uncompressedSize / entry.compressedSize > limits.maxRatio) {
            throw bomb(name);
          }
          if (archiveRatioExceeded(announcedTotal, zip.fileSize, limits, ratioGraceBytes)) throw archiveBomb();
          planned.push({ entry, name });
        } else {
          // Folders are counted against maxEntries but produce no output.
          planned.push({ entry, name: '' });
        }
        zip.readEntry();
      } catch (error) {
        fail(error);
      }
    });
    if (zip.entryCount > limits.maxEntries) {
      fail(tooManyEntries(limits.maxEntries, zip.entryCount));
      return;
    }
    zip.readEntry();
  });
}

function tooManyEntries(max: number, count?: number): GuichetError {
  const details = { maxEntries: max, ...(count !== undefined ? { entryCount: count } : {}) };
  return count !== undefined ? refused('app:hostErrors.zip.tooManyEntriesCounted', { max, entries: count }, details) : refused('app:hostErrors.zip.tooManyEntries', { max }, details);
}

function entryTooLarge(name: string, max: number): GuichetError {
  return refused('app:hostErrors.zip.entryTooLarge', { entry: shown(name), limit: max }, { entry: shown(name), maxEntryBytes: max });
}

function totalTooLarge(max: number): GuichetError {
  return refused('app:hostErrors.zip.totalTooLarge', { limit: max }, { maxTotalBytes: max });
}

function bomb(name: string): GuichetError {
  return refused('app:hostErrors.zip.bomb', { entry: shown(name) });
}

function archiveBomb(): GuichetError {
  return refused('app:hostErrors.zip.archiveBomb');
}

function openEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error || !stream) reject(unreadable(error));
      else resolve(stream);
    });
  });
}

/** Counts the bytes really inflated, enforces the limits and the ratio, and checks the CRC at the end. */
class EntryGuard extends Transform {
  bytes = 0;
  private crc = 0;
  constructor(
    private readonly name: string,
    private readonly entry: yauzl.Entry,
    private readonly limits: ZipLimits,
    private readonly ratioGraceBytes: number,
    private readonly totals: { bytes: number; archiveBytes: number },
  ) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    this.totals.bytes += chunk.length;
    if (this.bytes > this.limits.maxEntryBytes) return callback(entryTooLarge(this.name, this.limits.maxEntryBytes));
    if (this.totals.bytes > this.limits.maxTotalBytes) return callback(totalTooLarge(this.limits.maxTotalBytes));
    if (archiveRatioExceeded(this.totals.bytes, this.totals.archiveBytes, this.limits, this.ratioGraceBytes)) return callback(archiveBomb());
    if (this.bytes > this.ratioGraceBytes && this.bytes / Math.max(1, this.entry.compressedSize) > this.limits.maxRatio) {
      return callback(bomb(this.name));
    }
    this.crc = crc32(chunk, this.crc);
    callback(null, chunk);
  }
  override _flush(callback: TransformCallback): void {
    if (this.crc >>> 0 !== this.entry.crc32 >>> 0) {
      callback(refused('app:hostErrors.zip.crcMismatch', { entry: shown(this.name) }));
      return;
    }
    callback();
  }
}


/** yauzl's own checks (sizes that lie, truncated data) say it in English: the clerk gets a catalogue entry. */
function streamFailure(name: string, error: unknown): unknown {
  if (error instanceof GuichetError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/too many bytes|not enough bytes|size mismatch/i.test(message)) {
    return refused('app:hostErrors.zip.sizeMismatch', { entry: shown(name) }, { entry: shown(name), cause: message });
  }
  return refused('app:hostErrors.zip.entryDamaged', { entry: shown(name) }, { entry: shown(name), cause: message });
}

export async function extractZipSafely(zipPath: string, options: ExtractZipOptions): Promise<ExtractedEntry[]> {
  const limits: ZipLimits = {
    maxEntries: options.maxEntries,
    maxTotalBytes: options.maxTotalBytes,
    maxEntryBytes: options.maxEntryBytes,
    maxRatio: options.maxRatio,
  };
  const ratioGraceBytes = options.ratioGraceBytes ?? 1024 ** 2;
  const zip = await openZip(zipPath);
  try {
    const planned = await readDirectory(zip, limits, ratioGraceBytes);
    const totals = { bytes: 0, archiveBytes: zip.fileSize };
    const out: ExtractedEntry[] = [];
    for (const { entry, name } of planned) {
      if (name === '') continue;
      if (options.signal?.aborted) throw new GuichetError('CANCELLED', { key: 'app:hostErrors.zip.cancelled' });
      const source = await openEntry(zip, entry);
      const guard = new EntryGuard(name, entry, limits, ratioGraceBytes, totals);
      source.on('error', (error) => guard.destroy(error instanceof Error ? error : new Error(String(error))));
      try {
        const mediaType = mediaTypeForName(name);
        const blob = await options.blobs.putStream(source.pipe(guard), {
          maxBytes: limits.maxEntryBytes,
          ...(mediaType ? { mediaType } : {}),
          ...(options.signal ? { signal: options.signal } : {}),
        });
        out.push({ name, sha256: blob.sha256, size: blob.size });
      } catch (error) {
        source.destroy();
        throw streamFailure(name, error);
      }
    }
    return out;
  } finally {
    zip.close();
  }
}
