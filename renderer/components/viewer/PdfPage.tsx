import { memo, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { TFunction } from 'i18next';
import { TextLayer, type PDFDocumentProxy } from './pdfRuntime.js';
import { bitmapSize, startDrawing, type CanvasPool, type PageDrawing } from './pageDrawing.js';
import type { RunHighlight } from './pdfSearch.js';
import type { RenderGate } from './renderGate.js';
import { pdfToCss, type PageSize, type Rotation } from './viewerGeometry.js';

export const noHighlights: readonly RunHighlight[] = [];

interface PdfPageProps {
  pdf: PDFDocumentProxy;
  pageNumber: number;
  /** Slot size and place in CSS pixels, computed by the viewer from the page sizes (no DOM read). */
  width: number;
  height: number;
  top: number;
  /** Centred in the visible width, as pdf.js does: a wider page (landscape among portraits) scrolls sideways. */
  left: number;
  scale: number;
  rotation: Rotation;
  /** In the visible part of the scroll area: drawn first, the pages around it wait (renderGate.ts). */
  inView: boolean;
  gate: RenderGate;
  /** Canvases of pages gone from view, for the next pages of the same size. */
  pool: CanvasPool;
  /** The drawing of this page started by a jump before the page had a slot, if any (taken once). */
  adopt(pdf: PDFDocumentProxy, pageNumber: number, scale: number, rotation: Rotation): PageDrawing | null;
  /** Told each time the page has been drawn. */
  onDrawn(): void;
  /**
   * Told the page's own size (points, unrotated) as soon as its drawing is asked for: a slot still sized
   * from the first page (sizes not all read yet) takes the page's real size while it is drawn.
   */
  onSize(pageNumber: number, size: PageSize): void;
  highlights: readonly RunHighlight[];
  /** Changes each time the clerk moves to a match on this page: the page brings it into view. */
  revealToken: number;
  t: TFunction;
}

/**
 * One page's slot, placed from the sizes alone, holding the drawn page (PageContent). The viewer gives
 * slots only to the pages near the visible area: a page scrolled far away loses its slot, its canvas and
 * text layer with it.
 */
export const PdfPage = memo(function PdfPage(props: PdfPageProps) {
  const { pageNumber, width, height, top, left, scale } = props;
  return (
    <div className="pdf-viewer__page" data-page-number={pageNumber} style={{ width, height, top, left, ['--scale-factor' as string]: pdfToCss(scale) }}>
      <PageContent {...props} />
    </div>
  );
});

/**
 * A drawn page: a canvas, and above it pdf.js's text layer (transparent text at the right place) so that
 * the text can be selected, copied and searched. Search matches are marked inside the text layer. The
 * canvas is the drawing's own (pageDrawing.ts), not React's: a page the clerk jumped to is drawn before
 * React gives it a slot, and the slot takes that canvas over; a page leaving the view gives its canvas
 * to the next page of the same size.
 */
function PageContent({ pdf, pageNumber, width, height, scale, rotation, inView, gate, pool, adopt, onDrawn, onSize, highlights, revealToken, t }: PdfPageProps) {
  const canvasHost = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const textHost = useRef<HTMLDivElement>(null);
  const textDivs = useRef<HTMLElement[]>([]);
  const textStrs = useRef<string[]>([]);
  const [failed, setFailed] = useState(false);
  const [textReady, setTextReady] = useState(0);
  /** Counts the times a jump took this page's canvas while its slot stayed: the page is drawn again. */
  const [redraw, setRedraw] = useState(0);
  // Read when a drawing starts; a page scrolling into view while it waits is not drawn twice.
  const inViewAtStart = useRef(inView);
  inViewAtStart.current = inView;
  const sizeAtStart = useRef({ width, height });
  sizeAtStart.current = { width, height };
  const label = t('viewer.pageLabel', { page: pageNumber });
  const labelRef = useRef(label);
  labelRef.current = label;

  // A layout effect, not a passive one: the drawing is asked for in the same task as the render that
  // brought the page near (first page), not after the browser has painted empty slots.
  useLayoutEffect(() => {
    const hostEl = canvasHost.current;
    const host = textHost.current;
    if (!hostEl || !host) return;
    let cancelled = false;
    let textLayer: TextLayer | null = null;
    let drawing = adopt(pdf, pageNumber, scale, rotation);
    if (!drawing) {
      const expected = bitmapSize(sizeAtStart.current.width, sizeAtStart.current.height);
      drawing = startDrawing({ pdf, pageNumber, scale, rotation, gate, inView: inViewAtStart.current, canvas: pool.take(expected.width, expected.height) });
    }
    const { canvas } = drawing;
    canvas.className = 'pdf-viewer__canvas';
    canvas.dataset.testid = 'pdf-page';
    canvas.dataset.pageNumber = String(pageNumber);
    canvas.dataset.textReady = 'false';
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', labelRef.current);
    // Drawn out of the page, put in once drawn (pageDrawing.ts); a page drawn from a jump already is.
    const show = (drawnCanvas: HTMLCanvasElement) => hostEl.replaceChildren(drawnCanvas);
    if (drawing.drawn) show(canvas);
    else drawing.show = show;
    canvasRef.current = canvas;
    let taken = false;
    // A far jump may take this canvas (the page is left behind, its slot about to go): the drawing stops here.
    pool.lend(canvas, pageNumber, () => {
      taken = true;
      cancelled = true;
      drawing.cancel();
      textLayer?.cancel();
      host.replaceChildren();
      textDivs.current = [];
      textStrs.current = [];
      canvasRef.current = null;
      return () => setRedraw((n) => n + 1);
    });
    void drawing.sized.then((size) => !cancelled && onSize(pageNumber, size));
    (async () => {
      const drawn = await drawing.done;
      if (cancelled || !drawn) return;
      const { page, viewport } = drawn;
      onDrawn();
      const layer = document.createElement('div');
      layer.className = 'textLayer';
      textLayer = new TextLayer({ textContentSource: page.streamTextContent(), container: layer, viewport });
      await textLayer.render();
      if (cancelled) return;
      host.replaceChildren(layer);
      textDivs.current = textLayer.textDivs;
      textStrs.current = textLayer.textContentItemsStr;
      canvas.dataset.textReady = 'true';
      setTextReady((n) => n + 1);
    })().catch(() => {
      if (!cancelled) setFailed(true);
    });
    return () => {
      cancelled = true;
      drawing.cancel();
      textLayer?.cancel();
      // Far from view or redrawn at another size: the canvas goes to the next page drawn at its size.
      if (!taken) {
        canvasRef.current = null;
        pool.give(canvas);
      }
    };
  }, [pdf, pageNumber, scale, rotation, gate, pool, adopt, onDrawn, onSize, redraw]);

  useLayoutEffect(() => {
    canvasRef.current?.setAttribute('aria-label', label);
  }, [label]);

  // Matches drawn inside the text runs: each run's text is split around the marked parts.
  useEffect(() => {
    const divs = textDivs.current;
    const strs = textStrs.current;
    const touched = new Set<number>();
    for (const h of highlights) touched.add(h.run);
    divs.forEach((div, i) => {
      if (div.dataset.marked === 'true' && !touched.has(i)) {
        div.textContent = strs[i] ?? '';
        delete div.dataset.marked;
      }
    });
    let selected: HTMLElement | null = null;
    for (const run of touched) {
      const div = divs[run];
      const str = strs[run];
      if (!div || str === undefined) continue;
      const parts = highlights.filter((h) => h.run === run).sort((a, b) => a.start - b.start);
      div.replaceChildren();
      let at = 0;
      for (const part of parts) {
        const start = Math.max(at, Math.min(part.start, str.length));
        const end = Math.min(part.end, str.length);
        if (end <= start) continue;
        if (start > at) div.append(str.slice(at, start));
        const mark = document.createElement('span');
        mark.className = part.selected ? 'highlight selected' : 'highlight';
        mark.dataset.testid = 'pdf-search-highlight';
        mark.textContent = str.slice(start, end);
        div.append(mark);
        if (part.selected && !selected) selected = mark;
        at = end;
      }
      if (at < str.length) div.append(str.slice(at));
      div.dataset.marked = 'true';
    }
    if (selected && revealToken > 0) selected.scrollIntoView({ block: 'center', inline: 'nearest' });
  }, [highlights, textReady, revealToken]);

  return (
    <>
      <div ref={canvasHost} className="pdf-viewer__canvas-host" />
      <div ref={textHost} className="pdf-viewer__text" />
      {failed ? (
        <p className="pdf-viewer__page-error" data-testid="pdf-page-error">
          {t('viewer.pageFailed', { page: pageNumber })}
        </p>
      ) : null}
    </>
  );
}
