import { useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { CloseIcon } from '../icons.js';
import { ModalDialog } from '../ModalDialog.js';
import { openPdfDocument, type PDFDocumentProxy, type RenderTask } from './pdfRuntime.js';
import { clampScale, fitWidthScale, nextZoom, pageAtOffset, pdfToCss, previousZoom } from './viewerGeometry.js';
import type { ViewerDocument } from './viewerStore.js';
import '../../styles/viewer.css';

type LoadState =
  | { phase: 'loading' }
  | { phase: 'ready'; pdf: PDFDocumentProxy; pageWidth: number; pageHeight: number }
  | { phase: 'failed'; message: string };

type Zoom = { mode: 'fit' } | { mode: 'fixed'; scale: number };

/** Canvas area above which the page is drawn at a lower pixel density (memory of big scans). */
const maxCanvasPixels = 16_000_000;

/**
 * Full-screen PDF viewer. Pages are canvases drawn only when near the visible area and released
 * when far from it, so a 500-page document opens as fast as a 2-page one.
 */
export default function PdfViewer({ doc, onClose }: { doc: ViewerDocument; onClose(): void }) {
  const { t } = useTranslation();
  const [load, setLoad] = useState<LoadState>({ phase: 'loading' });
  const [zoom, setZoom] = useState<Zoom>({ mode: 'fit' });
  const [viewportWidth, setViewportWidth] = useState(0);
  const [currentPage, setCurrentPage] = useState(1);
  const scrollRef = useRef<HTMLDivElement>(null);
  const slots = useRef<(HTMLDivElement | null)[]>([]);
  const keepCentre = useRef<number | null>(null);
  const titleId = 'pdf-viewer-title';

  useEffect(() => {
    let cancelled = false;
    let task: ReturnType<typeof openPdfDocument> | null = null;
    setLoad({ phase: 'loading' });
    (async () => {
      const response = await fetch(doc.url, { credentials: 'same-origin' });
      if (!response.ok) throw new ViewerError(response.status === 404 ? t('viewer.notFound') : t('viewer.failed'));
      const bytes = new Uint8Array(await response.arrayBuffer());
      if (cancelled) return;
      task = openPdfDocument(bytes);
      const pdf = await task.promise;
      const first = await pdf.getPage(1);
      const viewport = first.getViewport({ scale: 1 });
      if (!cancelled) setLoad({ phase: 'ready', pdf, pageWidth: viewport.width, pageHeight: viewport.height });
    })().catch((error: unknown) => {
      if (!cancelled) setLoad({ phase: 'failed', message: error instanceof ViewerError ? error.message : t('viewer.failed') });
    });
    return () => {
      cancelled = true;
      void task?.destroy();
    };
    // Reloaded for another URL only: a language switch does not change the document.
  }, [doc.url]);

  useEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => setViewportWidth(entry?.contentRect.width ?? 0));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const ready = load.phase === 'ready' ? load : null;
  const scale = ready
    ? zoom.mode === 'fit'
      ? fitWidthScale(viewportWidth, ready.pageWidth)
      : zoom.scale
    : 1;
  const pageCount = ready?.pdf.numPages ?? 0;

  const rememberCentre = () => {
    const el = scrollRef.current;
    if (el && el.scrollHeight > 0) keepCentre.current = (el.scrollTop + el.clientHeight / 2) / el.scrollHeight;
  };

  // After a zoom, the point the clerk was looking at stays in the middle of the screen.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    const centre = keepCentre.current;
    if (!el || centre === null) return;
    keepCentre.current = null;
    el.scrollTop = centre * el.scrollHeight - el.clientHeight / 2;
  }, [scale]);

  const zoomTo = (next: number) => {
    rememberCentre();
    setZoom({ mode: 'fixed', scale: clampScale(next) });
  };
  const zoomIn = () => zoomTo(nextZoom(scale));
  const zoomOut = () => zoomTo(previousZoom(scale));
  const fitWidth = () => {
    rememberCentre();
    setZoom({ mode: 'fit' });
  };

  const goToPage = useCallback(
    (page: number) => {
      const target = Math.max(1, Math.min(pageCount, page));
      const slot = slots.current[target - 1];
      const el = scrollRef.current;
      if (slot && el) el.scrollTop = slot.offsetTop - 16;
      setCurrentPage(target);
    },
    [pageCount],
  );

  const onScroll = () => {
    const el = scrollRef.current;
    if (!el) return;
    const tops = slots.current.slice(0, pageCount).map((s) => s?.offsetTop ?? 0);
    setCurrentPage(pageAtOffset(tops, el.scrollTop + el.clientHeight / 3));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey || !ready) return;
    if (event.key === 'PageDown') goToPage(currentPage + 1);
    else if (event.key === 'PageUp') goToPage(currentPage - 1);
    else if (event.key === '+' || event.key === '=') zoomIn();
    else if (event.key === '-' || event.key === '_') zoomOut();
    else return;
    event.preventDefault();
  };

  return (
    <ModalDialog onClose={onClose} labelledBy={titleId} describedBy="pdf-viewer-keys" className="pdf-viewer" testId="pdf-viewer">
      <div className="pdf-viewer__frame" onKeyDown={onKeyDown}>
        <div className="pdf-viewer__toolbar" role="toolbar" aria-labelledby={titleId}>
          <h2 id={titleId} className="pdf-viewer__title" title={doc.title}>
            {doc.title}
          </h2>
          <div className="pdf-viewer__group">
            <button type="button" className="pdf-viewer__button" onClick={() => goToPage(currentPage - 1)} disabled={!ready || currentPage <= 1}>
              <span aria-hidden="true">‹</span>
              <span className="visually-hidden">{t('viewer.previous')}</span>
            </button>
            <span className="pdf-viewer__counter" aria-live="polite" data-testid="pdf-page-counter">
              {ready ? t('viewer.page', { page: currentPage, count: pageCount }) : t('viewer.loading')}
            </span>
            <button type="button" className="pdf-viewer__button" onClick={() => goToPage(currentPage + 1)} disabled={!ready || currentPage >= pageCount}>
              <span aria-hidden="true">›</span>
              <span className="visually-hidden">{t('viewer.next')}</span>
            </button>
          </div>
          <div className="pdf-viewer__group">
            <button type="button" className="pdf-viewer__button" onClick={zoomOut} disabled={!ready} data-testid="pdf-zoom-out">
              <span aria-hidden="true">−</span>
              <span className="visually-hidden">{t('viewer.zoomOut')}</span>
            </button>
            <span className="pdf-viewer__zoom" data-testid="pdf-zoom-level">
              {t('viewer.zoomLevel', { percent: Math.round(scale * 100) })}
            </span>
            <button type="button" className="pdf-viewer__button" onClick={zoomIn} disabled={!ready} data-testid="pdf-zoom-in">
              <span aria-hidden="true">+</span>
              <span className="visually-hidden">{t('viewer.zoomIn')}</span>
            </button>
            <button
              type="button"
              className="pdf-viewer__button pdf-viewer__button--text"
              onClick={fitWidth}
              disabled={!ready}
              aria-pressed={zoom.mode === 'fit'}
            >
              {t('viewer.fitWidth')}
            </button>
          </div>
          <div className="pdf-viewer__group">
            <a className="pdf-viewer__button pdf-viewer__button--text" href={doc.url} download={doc.downloadName} data-testid="pdf-save">
              {t('viewer.save')}
            </a>
            <button type="button" className="pdf-viewer__button" onClick={onClose} data-testid="pdf-close">
              <CloseIcon />
              <span className="visually-hidden">{t('viewer.close')}</span>
            </button>
          </div>
        </div>
        <p id="pdf-viewer-keys" className="visually-hidden">
          {t('viewer.keyboardHint')}
        </p>
        <div
          className="pdf-viewer__scroll"
          ref={scrollRef}
          onScroll={onScroll}
          // Focused on open so that Page Up/Down and the arrows scroll the document straight away.
          tabIndex={0}
          data-autofocus
          role="document"
          aria-label={doc.title}
        >
          {load.phase === 'loading' ? (
            <p className="pdf-viewer__message" role="status">
              {t('viewer.loading')}
            </p>
          ) : null}
          {load.phase === 'failed' ? (
            <p className="pdf-viewer__message pdf-viewer__message--error" role="alert" data-testid="pdf-error">
              {load.message}
            </p>
          ) : null}
          {ready
            ? Array.from({ length: pageCount }, (_, i) => (
                <PdfPage
                  key={i}
                  pdf={ready.pdf}
                  pageNumber={i + 1}
                  scale={scale}
                  fallbackSize={{ width: ready.pageWidth, height: ready.pageHeight }}
                  root={scrollRef.current}
                  t={t}
                  slotRef={(el) => {
                    slots.current[i] = el;
                  }}
                />
              ))
            : null}
        </div>
      </div>
    </ModalDialog>
  );
}

class ViewerError extends Error {}

interface PdfPageProps {
  pdf: PDFDocumentProxy;
  pageNumber: number;
  scale: number;
  /** Size of the first page at scale 1, until this page's own size is known. */
  fallbackSize: { width: number; height: number };
  root: HTMLElement | null;
  t: TFunction;
  slotRef(el: HTMLDivElement | null): void;
}

function PdfPage({ pdf, pageNumber, scale, fallbackSize, root, t, slotRef }: PdfPageProps) {
  const slot = useRef<HTMLDivElement | null>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [near, setNear] = useState(false);
  const [ownSize, setOwnSize] = useState<{ width: number; height: number } | null>(null);
  const [rendered, setRendered] = useState(false);
  const base = ownSize ?? fallbackSize;
  const cssWidth = Math.floor(pdfToCss(base.width) * scale);
  const cssHeight = Math.floor(pdfToCss(base.height) * scale);

  useEffect(() => {
    const element = slot.current;
    if (!element) return;
    // One screen above and below: pages are ready before they scroll into view.
    const observer = new IntersectionObserver(([entry]) => setNear(entry?.isIntersecting ?? false), { root, rootMargin: '100% 0px' });
    observer.observe(element);
    return () => observer.disconnect();
  }, [root]);

  useEffect(() => {
    const target = canvas.current;
    if (!target) return;
    if (!near) {
      // Far from view: give the bitmap memory back.
      target.width = 0;
      target.height = 0;
      setRendered(false);
      return;
    }
    let cancelled = false;
    let task: RenderTask | null = null;
    (async () => {
      const page = await pdf.getPage(pageNumber);
      if (cancelled) return;
      const unscaled = page.getViewport({ scale: 1 });
      setOwnSize({ width: unscaled.width, height: unscaled.height });
      const viewport = page.getViewport({ scale: pdfToCss(1) * scale });
      const wanted = window.devicePixelRatio || 1;
      const density = Math.min(wanted, Math.sqrt(maxCanvasPixels / Math.max(1, viewport.width * viewport.height)));
      target.width = Math.floor(viewport.width * density);
      target.height = Math.floor(viewport.height * density);
      task = page.render({ canvas: target, viewport, transform: density !== 1 ? [density, 0, 0, density, 0, 0] : undefined });
      await task.promise;
      if (!cancelled) setRendered(true);
    })().catch(() => {
      // A cancelled render (scroll, zoom, close) rejects: nothing to report. A broken page stays blank.
    });
    return () => {
      cancelled = true;
      task?.cancel();
    };
  }, [near, pdf, pageNumber, scale]);

  return (
    <div
      className="pdf-viewer__page"
      ref={(el) => {
        slot.current = el;
        slotRef(el);
      }}
      style={{ width: cssWidth, height: cssHeight }}
    >
      <canvas
        ref={canvas}
        className="pdf-viewer__canvas"
        data-testid="pdf-page"
        data-page-number={pageNumber}
        data-rendered={rendered ? 'true' : 'false'}
        role="img"
        aria-label={t('viewer.pageLabel', { page: pageNumber })}
      />
    </div>
  );
}
