/// <reference types="vite/client" />
/**
 * pdf.js, set up for Guichet's CSP (script-src 'self', no eval, no remote origin) and for offline
 * use: the worker, the CMaps and the standard fonts are all files of the app's own build. Loaded
 * on demand (dynamic import) so that the 1 MB of pdf.js is not part of the start-up bundle.
 */
import { GlobalWorkerOptions, PDFWorker, getDocument, type PDFDocumentLoadingTask } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import jpxFallbackUrl from 'pdfjs-dist/wasm/openjpeg_nowasm_fallback.js?url';

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

/**
 * pdf.js's hook for CMaps and standard fonts (`BinaryDataFactory`, used with useWorkerFetch: false):
 * it asks by file name, we answer from the bundle, so no base URL or directory layout is needed.
 */
class BundledBinaryData {
  async fetch({ kind, filename }: { kind: string; filename: string }): Promise<Uint8Array> {
    const table = kind === 'cMapUrl' || kind === 'standardFontDataUrl' ? bundled[kind] : undefined;
    const url = table?.get(filename);
    if (!url) throw new Error(`pdf.js resource not bundled: ${kind} ${filename}`);
    const response = await fetch(url);
    if (!response.ok) throw new Error(`pdf.js resource ${filename}: HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
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
 * is most of the time to open a PDF. Asked for as soon as a document is requested, it boots while the
 * file is being read; the next documents find it ready.
 */
export function startPdfWorker(): PDFWorker {
  sharedWorker ??= new PDFWorker();
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
