import type { PDFDocumentProxy, PDFPageProxy, RenderTask } from './pdfRuntime.js';
import type { PageViewport } from 'pdfjs-dist';
import type { RenderGate } from './renderGate.js';
import { pdfToCss, type PageSize, type Rotation } from './viewerGeometry.js';

/** Canvas area above which the page is drawn at a lower pixel density (memory of big scans). */
const maxCanvasPixels = 16_000_000;

export interface Drawn {
  page: PDFPageProxy;
  viewport: PageViewport;
}

/**
 * One page being drawn into its own canvas, started either by the page's slot (PdfPage.tsx) or straight
 * from a jump (PdfViewer.tsx), before React has given the page a slot: the slot then takes the canvas over.
 */
export interface PageDrawing {
  readonly canvas: HTMLCanvasElement;
  readonly pdf: PDFDocumentProxy;
  readonly pageNumber: number;
  readonly scale: number;
  readonly rotation: Rotation;
  /** The page's own size (points, unrotated), known once pdf.js has the page, before it is drawn. */
  readonly sized: Promise<PageSize>;
  /** The page drawn; null if cancelled meanwhile. Rejects if the page cannot be drawn. */
  readonly done: Promise<Drawn | null>;
  /** The page is drawn (and shown). */
  readonly drawn: boolean;
  /**
   * Puts the canvas in the page once drawn (whoever holds it by then sets it): drawn out of the page, the
   * canvas is not painted at each step of its drawing, as with pdf.js's own viewer.
   */
  show: (canvas: HTMLCanvasElement) => void;
  cancel(): void;
}

/**
 * Draws a page into `canvas` (sized here, in device pixels). A page in view is drawn at once, others wait
 * their turn (renderGate.ts). The canvas says `data-rendered="true"` as soon as the bitmap is there, as
 * pdf.js's own viewer fires "pagerendered", whoever holds the canvas by then.
 */
export function startDrawing(options: {
  pdf: PDFDocumentProxy;
  pageNumber: number;
  scale: number;
  rotation: Rotation;
  gate: RenderGate;
  inView: boolean;
  canvas: HTMLCanvasElement;
  show?: (canvas: HTMLCanvasElement) => void;
}): PageDrawing {
  const { pdf, pageNumber, scale, rotation, gate, inView, canvas } = options;
  let cancelled = false;
  let task: RenderTask | null = null;
  let tellSize: (size: PageSize) => void = () => undefined;
  const sized = new Promise<PageSize>((resolve) => {
    tellSize = resolve;
  });
  canvas.dataset.rendered = 'false';
  const draw = async (): Promise<Drawn | null> => {
    if (cancelled) return null;
    const page = await pdf.getPage(pageNumber);
    if (cancelled) return null;
    const own = page.getViewport({ scale: 1 });
    const viewport = page.getViewport({ scale: pdfToCss(scale), rotation: (page.rotate + rotation) % 360 });
    const { width, height, density } = bitmapSize(viewport.width, viewport.height);
    // A canvas handed back at this very size (canvasPool.ts) keeps its bitmap's memory: only cleared, not allocated again.
    canvas.width = width;
    canvas.height = height;
    task = page.render({ canvas, viewport, transform: density !== 1 ? [density, 0, 0, density, 0, 0] : undefined });
    // Said once the worker is asked for the drawing, so that the slot's new size is laid out meanwhile.
    tellSize({ width: own.width, height: own.height });
    await task.promise;
    return { page, viewport };
  };
  const drawing: { -readonly [K in keyof PageDrawing]: PageDrawing[K] } = {
    canvas,
    pdf,
    pageNumber,
    scale,
    rotation,
    sized,
    done: Promise.resolve(null),
    drawn: false,
    show: options.show ?? (() => undefined),
    cancel() {
      cancelled = true;
      task?.cancel();
    },
  };
  drawing.done = (inView ? gate.inViewJob(draw) : gate.aroundJob(draw)).then(
    (drawn) => {
      if (cancelled || !drawn) return null;
      drawing.drawn = true;
      drawing.show(canvas);
      // The bitmap is there now: said at once, not when React next commits, which may come after other work.
      canvas.dataset.rendered = 'true';
      return drawn;
    },
    (error: unknown) => {
      // A cancelled render (scroll, zoom, close) rejects: nothing to report. A broken page says so.
      if (cancelled || (error instanceof Error && error.name === 'RenderingCancelledException')) return null;
      throw error;
    },
  );
  return drawing;
}

/** The bitmap (device pixels) of a page shown at `cssWidth` × `cssHeight` CSS pixels, and its pixel density. */
export function bitmapSize(cssWidth: number, cssHeight: number): { width: number; height: number; density: number } {
  const wanted = window.devicePixelRatio || 1;
  const density = Math.min(wanted, Math.sqrt(maxCanvasPixels / Math.max(1, cssWidth * cssHeight)));
  return { width: Math.floor(cssWidth * density), height: Math.floor(cssHeight * density), density };
}

/**
 * Canvases given back by pages that left the view, kept for the next pages drawn at the same bitmap size:
 * a new canvas costs an allocation and a fill of its whole bitmap on its first drawing (tens of
 * milliseconds for a page at fit width), a canvas set again to its own size is only cleared. A few are
 * kept, of the last sizes given back; the others give their memory back at once. A far jump may also
 * take the canvas of a page it leaves behind (out of sight, its slot about to go): that page is drawn
 * again if its slot stays after all (`repairTaken`).
 */
export class CanvasPool {
  private spare: HTMLCanvasElement[] = [];
  private closed = false;
  private lent = new Map<HTMLCanvasElement, { pageNumber: number; takeBack(): () => void }>();
  private taken: (() => void)[] = [];

  constructor(private readonly keep = 3) {}

  /**
   * A canvas for a page whose bitmap will be `width` × `height` device pixels, if known: a spare one of
   * that size, else (given `away`) the canvas of a page `away` says will not be shown, else a new one.
   */
  take(width?: number, height?: number, away?: (pageNumber: number) => boolean): HTMLCanvasElement {
    if (width === undefined) return document.createElement('canvas');
    const i = this.spare.findIndex((c) => c.width === width && c.height === height);
    if (i >= 0) return this.spare.splice(i, 1)[0]!;
    if (away) {
      for (const [canvas, holder] of this.lent) {
        if (canvas.width !== width || canvas.height !== height || !away(holder.pageNumber)) continue;
        this.lent.delete(canvas);
        this.taken.push(holder.takeBack());
        canvas.remove();
        clean(canvas);
        return canvas;
      }
    }
    return document.createElement('canvas');
  }

  /**
   * A page's slot draws into `canvas`. `takeBack` stops that drawing when a jump takes the canvas, and
   * says how to draw the page again.
   */
  lend(canvas: HTMLCanvasElement, pageNumber: number, takeBack: () => () => void) {
    this.lent.set(canvas, { pageNumber, takeBack });
  }

  /** Pages whose canvas a jump took and whose slot is still there: drawn again (slots gone ignore it). */
  repairTaken() {
    const taken = this.taken;
    this.taken = [];
    taken.forEach((redraw) => redraw());
  }

  /** A canvas no page shows any more. */
  give(canvas: HTMLCanvasElement) {
    this.lent.delete(canvas);
    canvas.remove();
    clean(canvas);
    if (canvas.width === 0 || canvas.height === 0) return;
    if (this.closed) {
      release(canvas);
      return;
    }
    this.spare.push(canvas);
    while (this.spare.length > this.keep) release(this.spare.shift()!);
  }

  /** Gives every kept bitmap's memory back (the pages are drawn at another size from now on). */
  drop() {
    this.spare.forEach(release);
    this.spare = [];
  }

  /** Gives every kept bitmap's memory back, and those given from now on (the viewer closes). */
  clear() {
    this.closed = true;
    this.taken = [];
    this.drop();
  }
}

/** What the last page said on its canvas (rendered, text ready) is not said by the next one. */
function clean(canvas: HTMLCanvasElement) {
  for (const name of Object.keys(canvas.dataset)) delete canvas.dataset[name];
}

/** The bitmap's memory given back at once, not at the next garbage collection. */
function release(canvas: HTMLCanvasElement) {
  canvas.width = 0;
  canvas.height = 0;
}
