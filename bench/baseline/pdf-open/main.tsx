/**
 * The pdf-open bench page (bench/pdf-open.ts): `?viewer=ours` mounts Guichet's viewer component as the
 * app does, `?viewer=pdfjs` pdf.js's own PDFViewer set up as in pdf.js's components example
 * (examples/components/simple_viewer.mjs), both on the same file. Each records, from the moment it is
 * asked to open the file (the viewer's and pdf.js's code loaded on demand included), when page 1 and
 * page 400 are drawn.
 */
// What the running app already has when a clerk opens a document: React, the catalogues, the styles and
// the viewer's host. Only the viewer chunk (the viewer and pdf.js) is loaded on demand, as in the app.
import { createRoot } from 'react-dom/client';
import '../../../renderer/i18n/index.js';
import '../../../renderer/styles/index.css';
// Part of the app's start-up bundle: the viewer's host and store, pdf.js and the viewer not included.
import { PdfViewerHost } from '../../../renderer/components/viewer/PdfViewerHost.js';
import { openPdf } from '../../../renderer/components/viewer/viewerStore.js';

declare global {
  interface Window {
    bench: { t0: number; first: number | null; jumpAt: number | null; target: number | null; jump(page: number): void };
  }
}

const url = './report.pdf';
const which = new URLSearchParams(location.search).get('viewer');
window.bench = { t0: performance.now(), first: null, jumpAt: null, target: null, jump: () => undefined };

async function ours() {
  document.getElementById('viewerContainer')!.remove();
  const watch = new MutationObserver(() => {
    const first = document.querySelector('[data-testid="pdf-page"][data-page-number="1"][data-rendered="true"]');
    if (first && window.bench.first === null) window.bench.first = performance.now() - window.bench.t0;
    const { target } = window.bench;
    if (target !== null && document.querySelector(`[data-testid="pdf-page"][data-page-number="${target}"][data-rendered="true"]`)) {
      window.bench.target = null;
      window.dispatchEvent(new CustomEvent('bench-target', { detail: performance.now() - window.bench.jumpAt! }));
    }
  });
  watch.observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-rendered'], childList: true });
  window.bench.jump = (page) => {
    // As a clerk does: the page number typed in the toolbar, then Enter.
    const input = document.querySelector<HTMLInputElement>('[data-testid="pdf-page-input"]')!;
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, String(page));
    input.dispatchEvent(new Event('input', { bubbles: true }));
    window.bench.target = page;
    window.bench.jumpAt = performance.now();
    input.form!.requestSubmit();
  };
  // Opened as a clerk's click does (OpenPdfButton.tsx): the store starts the worker and the file read,
  // the host loads the viewer's code on demand and shows it.
  openPdf({ url, title: 'Rapport', downloadName: 'rapport.pdf' });
  createRoot(document.getElementById('root')!).render(<PdfViewerHost />);
}

async function pdfjs() {
  document.getElementById('root')!.remove();
  const lib = await import('pdfjs-dist');
  (globalThis as unknown as { pdfjsLib: typeof lib }).pdfjsLib = lib;
  const [{ default: workerUrl }, viewerLib] = await Promise.all([import('pdfjs-dist/build/pdf.worker.min.mjs?url'), import('pdfjs-dist/web/pdf_viewer.mjs'), import('pdfjs-dist/web/pdf_viewer.css'), import('./baseline.css')]);
  lib.GlobalWorkerOptions.workerSrc = workerUrl;
  const container = document.getElementById('viewerContainer') as HTMLDivElement;
  const eventBus = new viewerLib.EventBus();
  const linkService = new viewerLib.PDFLinkService({ eventBus });
  const findController = new viewerLib.PDFFindController({ eventBus, linkService });
  const pdfViewer = new viewerLib.PDFViewer({ container, eventBus, linkService, findController });
  linkService.setViewer(pdfViewer);
  eventBus.on('pagesinit', () => {
    pdfViewer.currentScaleValue = 'page-width';
  });
  eventBus.on('pagerendered', (e: { pageNumber: number }) => {
    if (e.pageNumber === 1 && window.bench.first === null) window.bench.first = performance.now() - window.bench.t0;
    if (window.bench.target === e.pageNumber) {
      window.bench.target = null;
      window.dispatchEvent(new CustomEvent('bench-target', { detail: performance.now() - window.bench.jumpAt! }));
    }
  });
  window.bench.jump = (page) => {
    window.bench.target = page;
    window.bench.jumpAt = performance.now();
    pdfViewer.currentPageNumber = page;
  };
  const pdfDocument = await lib.getDocument({ url, isEvalSupported: false, enableXfa: false }).promise;
  pdfViewer.setDocument(pdfDocument);
  linkService.setDocument(pdfDocument, null);
}

void (which === 'pdfjs' ? pdfjs() : ours());
export {};
