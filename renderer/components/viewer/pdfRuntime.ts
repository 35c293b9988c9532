/// <reference types="vite/client" />
/**
 * pdf.js, set up for Guichet's CSP (script-src 'self', no eval, no remote origin) and for offline
 * use: the worker, the CMaps and the standard fonts are all files of the app's own build. Loaded
 * on demand (dynamic import) so that the 1 MB of pdf.js is not part of the start-up bundle.
 */
import { GlobalWorkerOptions, PDFWorker, getDocument, type PDFDocumentLoadingTask } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import jpxFallbackUrl from 'pdfjs-dist/wasm/openjpeg_nowasm_fallback.js?url';
import { pdfWorkerThread } from './pdfWorkerStart.js';

// Used only if pdf.js starts a worker of its own; ours comes from pdfWorkerStart.ts.
GlobalWorkerOptions.workerSrc = workerUrl;

// Vite copies every file into dist/renderer/assets under a hashed name: pdf.js asks by plain name.
const cMapUrls = import.meta.glob<string>('../../../node_modules/pdfjs-dist/cmaps/*.bcmap', { query: '?url', import: 'default', eager: true });
const fontUrls = import.meta.glob<string>('../../../node_modules/pdfjs-dist/standard_fonts/*.{pfb,ttf}', {
  query: '?url',
  import: 'default',
  eager: true,
});

function byFileName(table: Record<string, string>): Map<string, string> {
  return new Map(Object.entries(table).map(([path, url]) => [path.slice(path.lastIndexOf('/') + 1), url]));
}

const bundled = { cMapUrl: byFileName(cMapUrls), standardFontDataUrl: byFileName(fontUrls) } as const;

/** CMaps and standard fonts already read, by URL: pdf.js asks again for each document, they are read once. */
const binaryCache = new Map<string, Promise<Uint8Array>>();

async function readBundled(url: string, filename: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`pdf.js resource ${filename}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * pdf.js's hook for CMaps and standard fonts (`BinaryDataFactory`, used with useWorkerFetch: false):
 * it asks by file name, we answer from the bundle, so no base URL or directory layout is needed. The
 * answer is copied to the worker (not transferred), so the cached bytes stay whole for the next document.
 */
class BundledBinaryData {
  fetch({ kind, filename }: { kind: string; filename: string }): Promise<Uint8Array> {
    const table = kind === 'cMapUrl' || kind === 'standardFontDataUrl' ? bundled[kind] : undefined;
    const url = table?.get(filename);
    if (!url) return Promise.reject(new Error(`pdf.js resource not bundled: ${kind} ${filename}`));
    let bytes = binaryCache.get(url);
    if (!bytes) {
      bytes = readBundled(url, filename);
      binaryCache.set(url, bytes);
      // A failed read is tried again next time.
      bytes.catch(() => binaryCache.delete(url));
    }
    return bytes;
  }
}

/**
 * JPEG 2000 images need OpenJPEG. Its WebAssembly build would need 'wasm-unsafe-eval' in the CSP,
 * so wasm is off and pdf.js uses the plain-JS build, which it imports as `${wasmUrl}openjpeg_nowasm_fallback.js`.
 * The bundled file has a hashed name: ending the base with "?/" (pdf.js insists on a trailing slash)
 * turns pdf.js's suffix into a harmless query string on the right file. Absolute, because the
 * worker resolves it from its own URL.
 */
function jpxFallbackBase(): string {
  return `${new URL(jpxFallbackUrl, document.baseURI).href}?/`;
}

let sharedWorker: PDFWorker | null = null;

/**
 * pdf.js's worker, started once and kept for every document: starting it (a 1 MB script to evaluate)
 * is most of the time to open a PDF. Its thread is started before the viewer's code loads
 * (pdfWorkerStart.ts) and boots while that code and the file are read; the next documents find it ready.
 */
export function startPdfWorker(): PDFWorker {
  sharedWorker ??= PDFWorker.create({ port: pdfWorkerThread() });
  return sharedWorker;
}

/**
 * Opens a PDF from its bytes (pdf.js takes ownership of the buffer: pass a copy to keep one). The caller
 * destroys the task when done (frees the worker). An encrypted PDF rejects with a `PasswordException`
 * until it is opened again with its `password`.
 */
export function openPdfDocument(data: Uint8Array, password?: string): PDFDocumentLoadingTask {
  return getDocument({
    data,
    password,
    // Destroying the loading task leaves a worker it did not create running, ready for the next document.
    worker: startPdfWorker(),
    isEvalSupported: false,
    enableXfa: false,
    useWorkerFetch: false,
    BinaryDataFactory: BundledBinaryData,
    // Standard fonts from the bundle rather than whatever the workstation has: same rendering everywhere.
    useSystemFonts: false,
    useWasm: false,
    wasmUrl: jpxFallbackBase(),
    cMapPacked: true,
  });
}

export { TextLayer, PasswordResponses } from 'pdfjs-dist';
export type { PDFDocumentProxy, PDFPageProxy, RenderTask } from 'pdfjs-dist';
