import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { redact, redactText } from './redact.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const levelRank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LoggerOptions {
  dir: string;
  fileName?: string;
  /** The active file is rotated before it would grow past this size. */
  maxBytes?: number;
  /** Files kept on disk, the active one included: guichet.log, guichet.log.1 … guichet.log.(maxFiles-1). */
  maxFiles?: number;
  level?: LogLevel;
}

export interface Logger {
  debug(message: string, meta?: unknown): void;
  info(message: string, meta?: unknown): void;
  warn(message: string, meta?: unknown): void;
  error(message: string, meta?: unknown): void;
  /** Absolute path of the active log file (shown in "À propos" so the clerk can send it). */
  readonly file: string;
  /** Resolves once every line logged so far has been handed to the operating system. */
  flush(): Promise<void>;
  /** Flushes then closes the file; later calls to the log methods are ignored. */
  close(): Promise<void>;
}

/**
 * JSON-lines log with size-based rotation. Lines are queued and written by one asynchronous
 * writer so that logging never blocks the main process; message and meta are redacted first.
 */
export function createLogger(options: LoggerOptions): Logger {
  const fileName = options.fileName ?? 'guichet.log';
  const maxBytes = Math.max(1, options.maxBytes ?? 5 * 1024 * 1024);
  const maxFiles = Math.max(1, Math.floor(options.maxFiles ?? 5));
  const threshold = levelRank[options.level ?? 'info'];
  mkdirSync(options.dir, { recursive: true });
  const file = join(options.dir, fileName);

  let stream: WriteStream | null = null;
  let size = -1; // unknown until the writer first looks at the file
  const queue: string[] = [];
  let writing: Promise<void> | null = null;
  let closed = false;

  function log(level: LogLevel, message: string, meta?: unknown): void {
    if (closed || levelRank[level] < threshold) return;
    const entry: Record<string, unknown> = { t: new Date().toISOString(), level, msg: redactText(String(message)) };
    if (meta !== undefined) entry.meta = redact(meta);
    queue.push(`${safeStringify(entry)}\n`);
    startWriter();
  }

  function startWriter(): void {
    if (writing || queue.length === 0) return;
    writing = drain()
      .catch(() => {
        // A full disk or a vanished folder must not take the application down with it:
        // the pending lines are dropped and the next line tries again with a fresh stream.
        queue.length = 0;
        stream?.destroy();
        stream = null;
        size = -1;
      })
      .finally(() => {
        writing = null;
        startWriter();
      });
  }

  async function drain(): Promise<void> {
    if (size < 0) size = await currentSize(file);
    while (queue.length > 0) {
      let chunk = '';
      let chunkBytes = 0;
      while (queue.length > 0) {
        const line = queue[0] as string;
        const lineBytes = Buffer.byteLength(line);
        if (size + chunkBytes + lineBytes > maxBytes && size + chunkBytes > 0) break;
        chunk += line;
        chunkBytes += lineBytes;
        queue.shift();
      }
      if (chunkBytes === 0) {
        await rotate();
        continue;
      }
      await write(chunk);
      size += chunkBytes;
    }
  }

  function write(chunk: string): Promise<void> {
    stream ??= openStream();
    const target = stream;
    return new Promise((resolve, reject) => {
      target.write(chunk, (error) => (error ? reject(error) : resolve()));
    });
  }

  function openStream(): WriteStream {
    const s = createWriteStream(file, { flags: 'a', mode: 0o600 });
    // Errors surface through the write callbacks; this listener only keeps an unhandled
    // 'error' event from crashing the process.
    s.on('error', () => undefined);
    return s;
  }

  async function rotate(): Promise<void> {
    await closeStream();
    // Oldest first so that each rename lands on a free (or discarded) name.
    for (let i = maxFiles - 1; i >= 1; i -= 1) {
      const from = i === 1 ? file : `${file}.${i - 1}`;
      await rename(from, `${file}.${i}`).catch(ignoreMissing);
    }
    if (maxFiles === 1) await unlink(file).catch(ignoreMissing);
    // Archives beyond the limit (left by an earlier, larger setting) are removed too.
    for (let i = maxFiles; ; i += 1) {
      const removed = await unlink(`${file}.${i}`).then(
        () => true,
        () => false,
      );
      if (!removed) break;
    }
    size = 0;
  }

  async function closeStream(): Promise<void> {
    const s = stream;
    stream = null;
    if (!s) return;
    await new Promise<void>((resolve) => {
      s.end(() => resolve());
    });
  }

  async function flush(): Promise<void> {
    while (writing) await writing;
  }

  return {
    debug: (m, meta) => log('debug', m, meta),
    info: (m, meta) => log('info', m, meta),
    warn: (m, meta) => log('warn', m, meta),
    error: (m, meta) => log('error', m, meta),
    file,
    flush,
    async close() {
      closed = true;
      await flush();
      await closeStream();
    },
  };
}

async function currentSize(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch {
    return 0;
  }
}

function ignoreMissing(error: NodeJS.ErrnoException): void {
  if (error.code !== 'ENOENT') throw error;
}

function safeStringify(entry: Record<string, unknown>): string {
  try {
    return JSON.stringify(entry);
  } catch {
    return JSON.stringify({ t: entry.t, level: entry.level, msg: entry.msg, meta: '[Unserializable]' });
  }
}
