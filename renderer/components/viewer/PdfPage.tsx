import { memo, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { TFunction } from 'i18next';
import { TextLayer, type PDFDocumentProxy, type RenderTask } from './pdfRuntime.js';
import type { RunHighlight } from './pdfSearch.js';
import type { RenderGate } from './renderGate.js';
import { pdfToCss, type PageSize, type Rotation } from './viewerGeometry.js';

/** Canvas area above which the page is drawn at a lower pixel density (memory of big scans). */
const maxCanvasPixels = 16_000_000;

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
 * the text can be selected, copied and searched. Search matches are marked inside the text layer.
 */
function PageContent({ pdf, pageNumber, scale, rotation, inView, gate, onDrawn, onSize, highlights, revealToken, t }: PdfPageProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const textHost = useRef<HTMLDivElement>(null);
  const textDivs = useRef<HTMLElement[]>([]);
  const textStrs = useRef<string[]>([]);
  const [state, setState] = useState<'drawing' | 'rendered' | 'failed'>('drawing');
  const [textReady, setTextReady] = useState(0);
  // Read when a drawing starts; a page scrolling into view while it waits is not drawn twice.
  const inViewAtStart = useRef(inView);
  inViewAtStart.current = inView;

  // A layout effect, not a passive one: the drawing is asked for in the same task as the render that
  // brought the page near (first page, jump), not after the browser has painted empty slots.
  useLayoutEffect(() => {
    const target = canvas.current;
    const host = textHost.current;
    if (!target || !host) return;
    let cancelled = false;
    let task: RenderTask | null = null;
    let textLayer: TextLayer | null = null;
    const draw = async () => {
      if (cancelled) return null;
      const page = await pdf.getPage(pageNumber);
      if (cancelled) return null;
      const own = page.getViewport({ scale: 1 });
      const viewport = page.getViewport({ scale: pdfToCss(scale), rotation: (page.rotate + rotation) % 360 });
      const wanted = window.devicePixelRatio || 1;
      const density = Math.min(wanted, Math.sqrt(maxCanvasPixels / Math.max(1, viewport.width * viewport.height)));
      target.width = Math.floor(viewport.width * density);
      target.height = Math.floor(viewport.height * density);
      task = page.render({ canvas: target, viewport, transform: density !== 1 ? [density, 0, 0, density, 0, 0] : undefined });
      // Said once the worker is asked for the drawing, so that the slot's new size is laid out meanwhile.
      onSize(pageNumber, { width: own.width, height: own.height });
      await task.promise;
      return { page, viewport };
    };
    (async () => {
      const drawn = inViewAtStart.current ? await gate.inViewJob(draw) : await gate.aroundJob(draw);
      if (cancelled || !drawn) return;
      const { page, viewport } = drawn;
      // The bitmap is there now: said at once (as pdf.js's own viewer does with its "pagerendered"
      // event), not when React next commits this component, which may come after other work.
      target.dataset.rendered = 'true';
      setState('rendered');
      onDrawn();
      const layer = document.createElement('div');
      layer.className = 'textLayer';
      textLayer = new TextLayer({ textContentSource: page.streamTextContent(), container: layer, viewport });
      await textLayer.render();
      if (cancelled) return;
      host.replaceChildren(layer);
      textDivs.current = textLayer.textDivs;
      textStrs.current = textLayer.textContentItemsStr;
      setTextReady((n) => n + 1);
    })().catch((error: unknown) => {
      // A cancelled render (scroll, zoom, close) rejects: nothing to report. A broken page says so.
      if (!cancelled && !(error instanceof Error && error.name === 'RenderingCancelledException')) setState('failed');
    });
    return () => {
      cancelled = true;
      task?.cancel();
      textLayer?.cancel();
      // Far from view or redrawn at another size: the bitmap's memory is given back at once, not at the next GC.
      target.width = 0;
      target.height = 0;
    };
  }, [pdf, pageNumber, scale, rotation, gate, onDrawn, onSize]);

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
      <canvas
        ref={canvas}
        className="pdf-viewer__canvas"
        data-testid="pdf-page"
        data-page-number={pageNumber}
        data-rendered={state === 'rendered' ? 'true' : 'false'}
        data-text-ready={textReady > 0 ? 'true' : 'false'}
        role="img"
        aria-label={t('viewer.pageLabel', { page: pageNumber })}
      />
      <div ref={textHost} className="pdf-viewer__text" />
      {state === 'failed' ? (
        <p className="pdf-viewer__page-error" data-testid="pdf-page-error">
          {t('viewer.pageFailed', { page: pageNumber })}
        </p>
      ) : null}
    </>
  );
}
