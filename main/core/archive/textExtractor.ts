import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface ExtractedText {
  text: string;
  pages: number;
}

export interface TextExtractor {
  /** The text of the PDF at `path`, read by pdf.js in a worker thread. Rejects for a malformed or encrypted file. */
  extract(path: string): Promise<ExtractedText>;
  stop(): Promise<void>;
}

/** A PDF that pdf.js has not finished in this time is given up (a pathological file must not stall the queue). */
const extractTimeoutMs = 120_000;

/**
 * Where the worker script is: next to this file in the source tree (tests), or in dist/main where
 * main/build/build.mjs copies it (the bundles live in dist/main and dist/main/chunks).
 */
export function defaultWorkerPath(): string {
  const candidates = ['./pdfTextWorker.mjs', '../pdfTextWorker.mjs', './main/pdfTextWorker.mjs'].map((rel) => fileURLToPath(new URL(rel, import.meta.url)));
  return candidates.find((p) => existsSync(p)) ?? candidates[0]!;
}

/**
 * One worker thread, started on first use and kept while there is work; requests are answered in
 * order. pdf.js never runs on the main thread: a 500-page report does not freeze the app.
 */
export function createTextExtractor(workerPath: string = defaultWorkerPath()): TextExtractor {
  let worker: Worker | null = null;
  let nextId = 1;
  const waiting = new Map<number, { resolve(v: ExtractedText): void; reject(e: Error): void; timer: NodeJS.Timeout }>();

  function failAll(error: Error): void {
    for (const [, w] of waiting) {
      clearTimeout(w.timer);
      w.reject(error);
    }
    waiting.clear();
  }

  function ensureWorker(): Worker {
    if (worker) return worker;
    const w = new Worker(workerPath);
    w.unref();
    w.on('message', (m: { id: number; text?: string; pages?: number; error?: { name: string; message: string } }) => {
      const pending = waiting.get(m.id);
      if (!pending) return;
      waiting.delete(m.id);
      clearTimeout(pending.timer);
      if (m.error) pending.reject(Object.assign(new Error(m.error.message), { name: m.error.name }));
      else pending.resolve({ text: m.text ?? '', pages: m.pages ?? 0 });
    });
    w.on('error', (error) => {
      worker = null;
      failAll(error);
    });
    w.on('exit', () => {
      if (worker === w) worker = null;
      failAll(new Error('PDF text worker stopped'));
    });
    worker = w;
    return w;
  }

  return {
    extract(path) {
      const w = ensureWorker();
      const id = nextId++;
      return new Promise<ExtractedText>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new Error('PDF text extraction timed out'));
          // The worker may be stuck inside pdf.js: a fresh one takes the next file.
          void w.terminate();
        }, extractTimeoutMs);
        timer.unref();
        waiting.set(id, { resolve, reject, timer });
        w.postMessage({ id, path });
      });
    },
    async stop() {
      const w = worker;
      worker = null;
      if (w) await w.terminate();
    },
  };
}
