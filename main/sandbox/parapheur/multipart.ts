import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, readFileSync, rmSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';

/**
 * Streaming multipart/form-data parser. File parts go straight to disk (hashed on the way) so a
 * 200 MB upload costs a few chunks of memory; text fields are kept in memory with a size cap.
 */

export interface MultipartFile {
  field: string;
  fileName: string;
  contentType: string;
  path: string;
  size: number;
  sha256: string;
  /** First bytes of the file, for format (magic number) checks. */
  head: Buffer;
}

export interface MultipartResult {
  fields: Map<string, string[]>;
  files: MultipartFile[];
}

export class MultipartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MultipartError';
  }
}

export interface MultipartLimits {
  maxFieldBytes: number;
  maxHeaderBytes: number;
  maxParts: number;
}

const defaultLimits: MultipartLimits = { maxFieldBytes: 1024 * 1024, maxHeaderBytes: 16 * 1024, maxParts: 1000 };
const HEAD_BYTES = 1024;
const CRLF = Buffer.from('\r\n');
const CRLFCRLF = Buffer.from('\r\n\r\n');

export function boundaryOf(contentType: string | undefined): string | null {
  if (!contentType || !/^multipart\/form-data/i.test(contentType.trim())) return null;
  const params = parseHeaderParams(contentType);
  const b = params.get('boundary');
  return b && b.length > 0 && b.length <= 200 ? b : null;
}

/** Parses `value; a=b; c="d"` parameters (with RFC 5987 `name*=UTF-8''…` support). */
export function parseHeaderParams(value: string): Map<string, string> {
  const out = new Map<string, string>();
  let i = value.indexOf(';');
  if (i < 0) return out;
  while (i < value.length) {
    if (value[i] === ';' || value[i] === ' ' || value[i] === '\t') {
      i++;
      continue;
    }
    const eq = value.indexOf('=', i);
    if (eq < 0) break;
    const name = value.slice(i, eq).trim().toLowerCase();
    i = eq + 1;
    let v = '';
    if (value[i] === '"') {
      i++;
      while (i < value.length && value[i] !== '"') {
        if (value[i] === '\\' && i + 1 < value.length) i++;
        v += value[i];
        i++;
      }
      i++;
    } else {
      const end = value.indexOf(';', i);
      v = (end < 0 ? value.slice(i) : value.slice(i, end)).trim();
      i = end < 0 ? value.length : end;
    }
    if (name.endsWith('*')) {
      const m = /^([^']*)'[^']*'(.*)$/.exec(v);
      if (m) {
        try {
          out.set(name.slice(0, -1), decodeURIComponent(m[2] ?? ''));
          continue;
        } catch {
          // keep the raw value below
        }
      }
    }
    if (!out.has(name)) out.set(name, v);
  }
  return out;
}

interface PartSink {
  write(chunk: Buffer): Promise<void>;
  finish(): Promise<void>;
  abort(): void;
}

/**
 * Parses `body` and writes file parts under `tmpDir`. On any error the files already written are
 * removed and the error is rethrown (a MultipartError for malformed input).
 */
export async function parseMultipart(
  body: AsyncIterable<Buffer>,
  boundary: string,
  tmpDir: string,
  limits: Partial<MultipartLimits> = {},
): Promise<MultipartResult> {
  const lim = { ...defaultLimits, ...limits };
  mkdirSync(tmpDir, { recursive: true });
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  const fields = new Map<string, string[]>();
  const files: MultipartFile[] = [];
  let sink: PartSink | null = null;
  let parts = 0;
  type State = 'preamble' | 'afterDelimiter' | 'headers' | 'body' | 'done';
  let state: State = 'preamble';
  // A virtual CRLF lets the first delimiter (at offset 0, without CRLF) match like the others.
  let buf: Buffer = Buffer.from(CRLF);

  const openPart = (headerBlock: string): PartSink => {
    parts++;
    if (parts > lim.maxParts) throw new MultipartError('too many parts');
    const headers = new Map<string, string>();
    for (const line of headerBlock.split('\r\n')) {
      const c = line.indexOf(':');
      if (c > 0) headers.set(line.slice(0, c).trim().toLowerCase(), line.slice(c + 1).trim());
    }
    const disposition = headers.get('content-disposition');
    if (!disposition || !/^form-data/i.test(disposition)) throw new MultipartError('part without form-data Content-Disposition');
    const params = parseHeaderParams(disposition);
    const name = params.get('name');
    if (name === undefined) throw new MultipartError('part without a name');
    const rawFileName = params.get('filename');
    if (rawFileName === undefined) return fieldSink(name);
    // Old browsers send the full client path.
    const fileName = rawFileName.split(/[\\/]/).pop() ?? '';
    return fileSink(name, fileName, headers.get('content-type') ?? 'application/octet-stream');
  };

  const fieldSink = (name: string): PartSink => {
    const chunks: Buffer[] = [];
    let size = 0;
    return {
      write: async (chunk) => {
        size += chunk.length;
        if (size > lim.maxFieldBytes) throw new MultipartError(`field ${name} too large`);
        chunks.push(Buffer.from(chunk));
      },
      finish: async () => {
        const list = fields.get(name) ?? [];
        list.push(Buffer.concat(chunks).toString('utf8'));
        fields.set(name, list);
      },
      abort: () => undefined,
    };
  };

  const fileSink = (field: string, fileName: string, contentType: string): PartSink => {
    const path = join(tmpDir, `${randomUUID()}.part`);
    const ws: WriteStream = createWriteStream(path, { flags: 'wx' });
    let wsError: Error | null = null;
    ws.on('error', (e) => {
      wsError = e;
    });
    const hash = createHash('sha256');
    let size = 0;
    const headParts: Buffer[] = [];
    let headLen = 0;
    const record: MultipartFile = { field, fileName, contentType, path, size: 0, sha256: '', head: Buffer.alloc(0) };
    files.push(record);
    return {
      write: async (chunk) => {
        if (wsError) throw wsError;
        hash.update(chunk);
        size += chunk.length;
        if (headLen < HEAD_BYTES) {
          const take = chunk.subarray(0, HEAD_BYTES - headLen);
          headParts.push(Buffer.from(take));
          headLen += take.length;
        }
        if (!ws.write(chunk)) await drainOrError(ws);
      },
      finish: async () => {
        await new Promise<void>((resolve, reject) => {
          if (wsError) return reject(wsError);
          ws.once('error', reject);
          ws.end(() => resolve());
        });
        record.size = size;
        record.sha256 = hash.digest('hex');
        record.head = Buffer.concat(headParts);
      },
      abort: () => {
        ws.destroy();
      },
    };
  };

  try {
    for await (const chunk of body) {
      buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
      let progressed = true;
      while (progressed) {
        progressed = false;
        switch (state) {
          case 'preamble': {
            const idx = buf.indexOf(delimiter);
            if (idx < 0) {
              buf = buf.subarray(Math.max(0, buf.length - delimiter.length + 1));
            } else {
              buf = buf.subarray(idx + delimiter.length);
              state = 'afterDelimiter';
              progressed = true;
            }
            break;
          }
          case 'afterDelimiter': {
            if (buf.length < 2) break;
            if (buf[0] === 0x2d && buf[1] === 0x2d) {
              state = 'done';
              buf = Buffer.alloc(0);
              break;
            }
            const eol = buf.indexOf(CRLF);
            if (eol < 0) {
              if (buf.length > 1024) throw new MultipartError('malformed delimiter line');
              break;
            }
            if (buf.subarray(0, eol).toString('latin1').trim() !== '') throw new MultipartError('malformed delimiter line');
            buf = buf.subarray(eol + 2);
            state = 'headers';
            progressed = true;
            break;
          }
          case 'headers': {
            let headerEnd: number;
            let skip: number;
            if (buf.length >= 2 && buf[0] === 0x0d && buf[1] === 0x0a) {
              headerEnd = 0;
              skip = 2;
            } else {
              headerEnd = buf.indexOf(CRLFCRLF);
              skip = 4;
            }
            if (headerEnd < 0) {
              if (buf.length > lim.maxHeaderBytes) throw new MultipartError('part headers too large');
              break;
            }
            sink = openPart(buf.subarray(0, headerEnd).toString('utf8'));
            buf = buf.subarray(headerEnd + skip);
            state = 'body';
            progressed = true;
            break;
          }
          case 'body': {
            const idx = buf.indexOf(delimiter);
            if (idx >= 0) {
              if (idx > 0) await sink!.write(buf.subarray(0, idx));
              await sink!.finish();
              sink = null;
              buf = buf.subarray(idx + delimiter.length);
              state = 'afterDelimiter';
              progressed = true;
            } else {
              // Keep a tail that could be the start of a delimiter split across chunks.
              const safe = buf.length - (delimiter.length - 1);
              if (safe > 0) {
                await sink!.write(buf.subarray(0, safe));
                buf = buf.subarray(safe);
              }
            }
            break;
          }
          case 'done':
            buf = Buffer.alloc(0);
            break;
        }
      }
    }
    if (state !== 'done') throw new MultipartError('multipart body ended before the closing boundary');
    return { fields, files };
  } catch (e) {
    (sink as PartSink | null)?.abort();
    discardFiles(files);
    throw e;
  }
}

function drainOrError(ws: WriteStream): Promise<void> {
  return new Promise((resolve, reject) => {
    const onDrain = (): void => {
      ws.off('error', onError);
      resolve();
    };
    const onError = (e: Error): void => {
      ws.off('drain', onDrain);
      reject(e);
    };
    ws.once('drain', onDrain);
    ws.once('error', onError);
  });
}

export function discardFiles(files: MultipartFile[]): void {
  for (const f of files) rmSync(f.path, { force: true });
}

/** Value of a text field, looked up exactly then case-insensitively; small file parts count too. */
export function textField(result: MultipartResult, ...names: string[]): string | undefined {
  return textFields(result, ...names)[0];
}

export function textFields(result: MultipartResult, ...names: string[]): string[] {
  for (const name of names) {
    const exact = result.fields.get(name);
    if (exact && exact.length > 0) return exact;
  }
  const lower = names.map((n) => n.toLowerCase());
  for (const [k, v] of result.fields) if (lower.includes(k.toLowerCase()) && v.length > 0) return v;
  // Some clients send JSON/XML parameters as file parts.
  const small = result.files.filter((f) => lower.includes(f.field.toLowerCase()) && f.size <= defaultLimits.maxFieldBytes);
  return small.map((f) => readFileSync(f.path, 'utf8'));
}

export function fileParts(result: MultipartResult, ...names: string[]): MultipartFile[] {
  const lower = names.map((n) => n.toLowerCase());
  return result.files.filter((f) => lower.includes(f.field.toLowerCase()));
}
