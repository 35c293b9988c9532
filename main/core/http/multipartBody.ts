import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { GuichetError } from '../../../shared/ipc/errors.js';
import { mediaTypeForName } from '../files/mediaTypes.js';

/** File bytes per read: large enough to keep the per-chunk cost (thread pool round trip, stream bookkeeping, progress) low. */
const UPLOAD_CHUNK_BYTES = 256 * 1024;

/** A file on disk to send as a part. `name` is the file name the server receives. */
export interface MultipartFile {
  path: string;
  name: string;
  size: number;
}

export interface MultipartBodyOptions {
  /** Called as file bytes are read: bytes of the file parts read so far, and their total. */
  onProgress?: (bytes: number, total: number) => void;
  /** Refuses a file name the server would not take (a provider's naming rule), before any byte is read. */
  checkFileName?: (name: string) => void;
}

type BodySegment = { kind: 'bytes'; data: Buffer } | { kind: 'file'; file: MultipartFile; size: number };

/**
 * A multipart/form-data body with a known length, streamed from disk part after part: the same
 * bytes form-data would send (its boundary style, `Content-Type` only where it says something),
 * without its three stream layers per chunk. File bytes are counted for progress as they are read.
 */
export class MultipartBody {
  readonly boundary = `--------------------------${randomBytes(12).toString('hex')}`;
  private readonly segments: BodySegment[] = [];
  private stream: Readable | null = null;
  private sent = 0;
  /** Bytes of the file parts, the progress total. */
  total = 0;
  length = 0;
  fileError: Error | null = null;

  private readonly onProgress: ((bytes: number, total: number) => void) | undefined;
  private readonly checkFileName: ((name: string) => void) | undefined;

  constructor(options: MultipartBodyOptions = {}) {
    this.onProgress = options.onProgress;
    this.checkFileName = options.checkFileName;
  }

  get contentType(): string {
    return `multipart/form-data; boundary=${this.boundary}`;
  }

  private bytes(text: string | Buffer): void {
    const data = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
    this.segments.push({ kind: 'bytes', data });
    this.length += data.length;
  }

  private head(name: string, extra: { filename?: string; contentType?: string }): string {
    let head = `--${this.boundary}\r\nContent-Disposition: form-data; name="${name}"`;
    if (extra.filename) head += `; filename="${extra.filename}"`;
    if (extra.contentType) head += `\r\nContent-Type: ${extra.contentType}`;
    return `${head}\r\n\r\n`;
  }

  /** Text parts with accents declare UTF-8: Java servers otherwise read them as ISO-8859-1. */
  text(name: string, value: string): void {
    const contentType = /[\u0080-\uffff]/.test(value) ? 'text/plain; charset=UTF-8' : undefined;
    this.bytes(this.head(name, contentType ? { contentType } : {}));
    this.bytes(value);
    this.bytes('\r\n');
  }

  /** A small generated file part (an XML document built in memory). */
  buffer(name: string, data: Buffer, filename: string, contentType: string): void {
    this.bytes(this.head(name, { filename, contentType }));
    this.bytes(data);
    this.bytes('\r\n');
  }

  async file(name: string, file: MultipartFile): Promise<void> {
    this.checkFileName?.(file.name);
    let stat: fs.Stats;
    try {
      stat = await fs.promises.stat(file.path);
    } catch {
      throw new GuichetError('FILE_UNREADABLE', { key: 'app:hostErrors.upload.unreadable', params: { name: file.name } });
    }
    if (!stat.isFile()) throw new GuichetError('FILE_UNREADABLE', { key: 'app:hostErrors.upload.notAFile', params: { name: file.name } });
    if (stat.size !== file.size) {
      throw new GuichetError('FILE_CHANGED', {
        key: 'app:hostErrors.upload.changed',
        params: { name: file.name, expected: file.size, found: stat.size },
      });
    }
    this.bytes(this.head(name, { filename: file.name, contentType: mediaTypeForName(file.name) ?? 'application/octet-stream' }));
    this.segments.push({ kind: 'file', file, size: stat.size });
    this.length += stat.size;
    this.total += stat.size;
    this.bytes('\r\n');
  }

  /** The body, once all parts are added. Reads ahead by one chunk at most. */
  open(): Readable {
    this.bytes(`--${this.boundary}--\r\n`);
    const body = this; // eslint-disable-line @typescript-eslint/no-this-alias
    async function* produce(): AsyncGenerator<Buffer> {
      for (const segment of body.segments) {
        if (segment.kind === 'bytes') {
          yield segment.data;
          continue;
        }
        const handle = await fs.promises.open(segment.file.path, 'r');
        try {
          let position = 0;
          while (position < segment.size) {
            const want = Math.min(UPLOAD_CHUNK_BYTES, segment.size - position);
            // A fresh buffer per chunk: the HTTP layer may still hold the previous one.
            const { bytesRead, buffer } = await handle.read(Buffer.allocUnsafe(want), 0, want, position);
            if (bytesRead === 0) throw new Error(`file shortened while it was sent (${position} of ${segment.size} bytes)`);
            position += bytesRead;
            body.sent += bytesRead;
            body.onProgress?.(body.sent, body.total);
            yield bytesRead === want ? buffer : buffer.subarray(0, bytesRead);
          }
        } finally {
          await handle.close();
        }
      }
    }
    const source = produce();
    this.stream = Readable.from(
      (async function* () {
        try {
          yield* source;
        } catch (error) {
          if (!body.fileError) body.fileError = error as Error;
          throw error;
        }
      })(),
      { objectMode: false, highWaterMark: UPLOAD_CHUNK_BYTES },
    );
    return this.stream;
  }

  close(): void {
    this.stream?.destroy();
  }
}
