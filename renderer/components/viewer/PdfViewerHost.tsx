import { useEffect, useState } from 'react';
import { useViewerStore } from './viewerStore.js';
import { loadedPdfViewer, loadPdfViewer, type PdfViewerModule } from './pdfWorkerStart.js';

/**
 * Where the viewer appears: rendered once by each screen that can open stored PDFs and images.
 * pdf.js and the viewer are fetched the first time a document is opened, not at start-up: the store
 * started loading them, with pdf.js's worker and the file, when the document was asked for
 * (pdfWorkerStart.ts). The viewer shows the moment its code is there: loaded by hand rather than with
 * React.lazy, whose Suspense boundary would hold the viewer back up to 300 ms after its (empty) fallback.
 */
export function PdfViewerHost() {
  const current = useViewerStore((s) => s.current);
  const canGoBack = useViewerStore((s) => s.previous.length > 0);
  const close = useViewerStore((s) => s.close);
  const back = useViewerStore((s) => s.back);
  const [viewer, setViewer] = useState<PdfViewerModule | null>(loadedPdfViewer);
  const [failure, setFailure] = useState<unknown>(null);
  useEffect(() => {
    if (!current || viewer) return;
    let live = true;
    loadPdfViewer().then(
      (m) => live && setViewer(m),
      (error: unknown) => live && setFailure(() => error),
    );
    return () => {
      live = false;
    };
  }, [current, viewer]);
  // A viewer that cannot be loaded goes to the screen's error boundary, as a lazy component's would.
  if (failure) throw failure;
  if (!current || !viewer) return null;
  const { default: PdfViewer } = viewer;
  return <PdfViewer key={current.url} doc={current} onClose={close} onBack={canGoBack ? back : undefined} />;
}
