/// <reference types="vite/client" />
/**
 * The first step of opening a document, kept tiny so that it runs before the viewer's code (React
 * components and the 1 MB of pdf.js) is fetched and evaluated: pdf.js's worker (another 1 MB script to
 * fetch and evaluate, most of the time to open a PDF) then boots in parallel with them. pdfRuntime.ts
 * hands this worker to pdf.js; it is started once and kept for every document.
 */
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

let worker: Worker | null = null;

/** pdf.js's worker thread, started on the first call (messages sent before it has booted wait for it). */
export function pdfWorkerThread(): Worker {
  worker ??= new Worker(workerUrl, { type: 'module', name: 'pdf.js' });
  return worker;
}

/** Loads the viewer as the app does when a document is asked for: the worker is started first. */
export function loadPdfViewer() {
  pdfWorkerThread();
  return import('./PdfViewer.js');
}
