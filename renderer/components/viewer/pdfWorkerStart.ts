/// <reference types="vite/client" />
/**
 * The first steps of opening a PDF, kept tiny so that they run the moment the clerk asks for a document
 * (viewerStore.ts), before the viewer's code (its components and the 1 MB of pdf.js) is fetched and
 * evaluated: pdf.js's worker (another 1 MB script, most of the time to open a PDF) boots and the file is
 * read meanwhile. pdfRuntime.ts hands this worker to pdf.js; it is started once and kept for every document.
 */
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

let worker: Worker | null = null;

/** pdf.js's worker thread, started on the first call (messages sent before it has booted wait for it). */
export function pdfWorkerThread(): Worker {
  worker ??= new Worker(workerUrl, { type: 'module', name: 'pdf.js' });
  return worker;
}

/** The one file being read ahead for the viewer, until the viewer takes it. */
let early: { url: string; response: Promise<Response> } | null = null;

/**
 * A document was asked for: the viewer's code starts loading and, for a PDF, its worker starts and its
 * file is read meanwhile. A document whose bytes are already there (a file embedded in a PDF) is not
 * read again; an image is left to <img>.
 */
export function startOpening(doc: { url: string; kind?: 'pdf' | 'image'; bytes?: Uint8Array }): void {
  // A failure to load is met (and shown) by the viewer's host.
  loadPdfViewer().catch(() => undefined);
  if (doc.kind === 'image') return;
  pdfWorkerThread();
  if (doc.bytes || early?.url === doc.url) return;
  const response = fetch(doc.url, { credentials: 'same-origin' });
  // Read ahead only: a failure is met (and said) when the viewer reads the file itself.
  response.catch(() => undefined);
  early = { url: doc.url, response };
}

/** The file read ahead for `url` if there is one (taken once: a later opening reads it afresh). */
export function takeEarlyResponse(url: string): Promise<Response> | null {
  if (early?.url !== url) return null;
  const { response } = early;
  early = null;
  return response;
}

export type PdfViewerModule = typeof import('./PdfViewer.js');

let viewerModule: Promise<PdfViewerModule> | null = null;
/** The viewer's code once loaded, for a host to show it at once. */
export let loadedPdfViewer: PdfViewerModule | null = null;

/** Loads the viewer's code (once; a failed load is tried again next time). */
export function loadPdfViewer(): Promise<PdfViewerModule> {
  if (!viewerModule) {
    const loading = import('./PdfViewer.js');
    viewerModule = loading;
    loading.then(
      (m) => {
        loadedPdfViewer = m;
      },
      () => {
        if (viewerModule === loading) viewerModule = null;
      },
    );
  }
  return viewerModule;
}
