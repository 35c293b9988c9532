import { lazy, Suspense } from 'react';
import { useViewerStore } from './viewerStore.js';
import { loadPdfViewer } from './pdfWorkerStart.js';

// pdf.js and its worker are fetched the first time a document is opened, not at start-up; the worker
// was started and the file asked for when the document was (viewerStore.ts), they go on meanwhile.
const PdfViewer = lazy(loadPdfViewer);

/** Where the viewer appears: rendered once by each screen that can open stored PDFs and images. */
export function PdfViewerHost() {
  const current = useViewerStore((s) => s.current);
  const canGoBack = useViewerStore((s) => s.previous.length > 0);
  const close = useViewerStore((s) => s.close);
  const back = useViewerStore((s) => s.back);
  if (!current) return null;
  return (
    <Suspense fallback={null}>
      <PdfViewer key={current.url} doc={current} onClose={close} onBack={canGoBack ? back : undefined} />
    </Suspense>
  );
}
