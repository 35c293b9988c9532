import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { CloseIcon } from '../icons.js';
import { PrintIcon, RotateLeftIcon, RotateRightIcon, SearchIcon, ThumbnailsIcon } from './viewerIcons.js';
import { ModalDialog } from '../ModalDialog.js';
import { openPdfDocument, PasswordResponses, startPdfWorker, type PDFDocumentProxy } from './pdfRuntime.js';
import { attachmentKind, attachmentsOf, containsSignatureValue, failureOf, imageType, looksTruncated, signatureFieldsOf, type Attachment, type OpenFailure, type SignatureField } from './pdfFacts.js';
import { findInPage, foldQuery, pageTextOf, runHighlights, type PageText, type RunHighlight, type SearchMatch } from './pdfSearch.js';
import { PdfPage, noHighlights } from './PdfPage.js';
import { Thumbnails } from './Thumbnails.js';
import { ImageView, imageZoomIn, imageZoomOut, useImageControls } from './ImageView.js';
import { printPdf } from './printPdf.js';
import { RenderGate } from './renderGate.js';
import { CanvasPool, bitmapSize, startDrawing, type PageDrawing } from './pageDrawing.js';
import {
  clampScale,
  cssSizes,
  nextZoom,
  pageAtOffset,
  pageGap,
  pageTops,
  pagesInView,
  parsePageNumber,
  previousZoom,
  rotateBy,
  scaleOf,
  scrollPadding,
  zoomPresets,
  type PageSize,
  type Rotation,
  type Zoom,
} from './viewerGeometry.js';
import { useViewerStore, type ViewerDocument } from './viewerStore.js';
import { takeEarlyResponse } from './pdfWorkerStart.js';
import '../../styles/viewer.css';

type LoadState =
  | { phase: 'loading' }
  | { phase: 'password'; bytes: Uint8Array; wrong: boolean }
  | { phase: 'ready'; pdf: PDFDocumentProxy; firstSize: PageSize; truncated: boolean }
  | { phase: 'failed'; reason: OpenFailure };

type Panel = 'none' | 'thumbnails' | 'signatures' | 'attachments';

interface SearchState {
  query: string;
  matches: SearchMatch[];
  /** Index in `matches` of the one shown, -1 when none yet. */
  index: number;
  /** Pages read so far, while the search runs. */
  scanned: number;
  done: boolean;
}

const titleId = 'pdf-viewer-title';
/**
 * Page sizes asked of pdf.js's worker at once. Small: a page the clerk jumps to waits at most for one
 * batch in the worker (the next one waits for its drawing, renderGate.ts).
 */
const sizeBatch = 10;

// This module loads when a first document is asked for: the worker boots meanwhile React mounts the viewer.
startPdfWorker();

/** The viewer: a PDF, or an image (ID360 document photos) with the same frame, zoom and rotation. */
export default function PdfViewer({ doc, onClose, onBack }: { doc: ViewerDocument; onClose(): void; onBack?: () => void }) {
  return doc.kind === 'image' ? <ImageViewer doc={doc} onClose={onClose} onBack={onBack} /> : <PdfDocumentViewer doc={doc} onClose={onClose} onBack={onBack} />;
}

class NotFound extends Error {}

async function fetchBytes(url: string): Promise<Uint8Array> {
  // Usually asked for already, when the clerk opened the document (pdfWorkerStart.ts).
  const response = await (takeEarlyResponse(url) ?? fetch(url, { credentials: 'same-origin' }));
  if (response.status === 404) throw new NotFound();
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * Full-screen PDF viewer. Only the pages near the visible area have a slot in the page (a canvas and
 * its text layer); the others are room in the scroll area, computed from each page's own size, so a
 * 500-page document opens and jumps as fast as a 2-page one and the scroll bar is right from the start.
 */
function PdfDocumentViewer({ doc, onClose, onBack }: { doc: ViewerDocument; onClose(): void; onBack?: () => void }) {
  const { t } = useTranslation();
  const [load, setLoad] = useState<LoadState>({ phase: 'loading' });
  const [zoom, setZoom] = useState<Zoom>({ mode: 'fit-width' });
  const [rotation, setRotation] = useState<Rotation>(0);
  const [area, setArea] = useState({ width: 0, height: 0 });
  const [sizes, setSizes] = useState<PageSize[]>([]);
  /** Every page's own size read (until then, pages not read yet take the first page's size). */
  const [sizesExact, setSizesExact] = useState(false);
  const [currentPage, setCurrentPage] = useState(1);
  const [pageInput, setPageInput] = useState('1');
  /** First and last page with a slot: those within a screen of the visible area, drawn. */
  const [near, setNear] = useState<PageRange>({ from: 1, to: 1 });
  /** First and last page in the visible part of the scroll area. */
  const [inView, setInView] = useState<PageRange>({ from: 1, to: 1 });
  const [gate] = useState(() => new RenderGate());
  const [pool] = useState(() => new CanvasPool());
  /**
   * A page drawn straight from a jump, before React gives it a slot (in `holder`, a stand-in slot at the
   * page's place): the slot takes its canvas over once it is there. `pending` until the page is drawn;
   * meanwhile the slots and the page counter wait, so that React's work does not hold the main thread
   * the drawing needs.
   */
  const jump = useRef<{ drawing: PageDrawing; holder: HTMLDivElement; pending: boolean } | null>(null);
  const pagesRef = useRef<HTMLDivElement>(null);
  const dropJump = useCallback(() => {
    const j = jump.current;
    if (!j) return;
    jump.current = null;
    j.drawing.cancel();
    j.holder.remove();
    pool.give(j.drawing.canvas);
  }, [pool]);
  const adopt = useCallback(
    (pdf: PDFDocumentProxy, pageNumber: number, scale: number, rotation: Rotation): PageDrawing | null => {
      const j = jump.current;
      if (!j || j.drawing.pageNumber !== pageNumber) return null;
      if (j.drawing.pdf !== pdf || j.drawing.scale !== scale || j.drawing.rotation !== rotation) {
        dropJump();
        return null;
      }
      jump.current = null;
      j.holder.remove();
      return j.drawing;
    },
    [dropJump],
  );
  useEffect(
    () => () => {
      dropJump();
      pool.clear();
    },
    [dropJump, pool],
  );
  const [firstDrawn, setFirstDrawn] = useState(false);
  const onDrawn = useCallback(() => setFirstDrawn(true), []);
  // A page drawn before every size is known (page 400 right after opening) takes its own size at once.
  const onSize = useCallback((page: number, size: PageSize) => {
    setSizes((old) => {
      const known = old[page - 1];
      if (!known || sameSize(known, size)) return old;
      const next = [...old];
      next[page - 1] = size;
      return next;
    });
  }, []);
  const [panel, setPanel] = useState<Panel>('none');
  const [signatures, setSignatures] = useState<SignatureField[]>([]);
  const [signatureValue, setSignatureValue] = useState(false);
  const [attachments, setAttachments] = useState<Attachment[]>([]);
  const [searchOpen, setSearchOpen] = useState(false);
  const [searchText, setSearchText] = useState('');
  const [search, setSearch] = useState<SearchState | null>(null);
  const [reveal, setReveal] = useState(0);
  const [printing, setPrinting] = useState<{ done: number; total: number } | null>(null);
  const [password, setPassword] = useState('');
  const scrollRef = useRef<HTMLDivElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const saveRef = useRef<HTMLAnchorElement>(null);
  /** The page at the top of the view and how far into it: kept through zoom, rotation and late page sizes. */
  const anchor = useRef<{ page: number; fraction: number } | null>(null);
  const texts = useRef(new Map<number, PageText>());
  const searchRun = useRef(0);
  const printAbort = useRef<AbortController | null>(null);
  const taskRef = useRef<ReturnType<typeof openPdfDocument> | null>(null);

  const open = useCallback(async (bytes: Uint8Array, pass: string | undefined, isCancelled: () => boolean) => {
    const task = openPdfDocument(bytes.slice(), pass);
    taskRef.current = task;
    try {
      const pdf = await task.promise;
      const first = await pdf.getPage(1);
      const viewport = first.getViewport({ scale: 1 });
      if (isCancelled()) return;
      const firstSize = { width: viewport.width, height: viewport.height };
      setSizes(Array.from({ length: pdf.numPages }, () => firstSize));
      setSizesExact(false);
      // Page 1 is drawn straight away; its neighbours get their slots once the scroll area is laid out.
      setNear({ from: 1, to: 1 });
      setInView({ from: 1, to: 1 });
      setLoad({ phase: 'ready', pdf, firstSize, truncated: looksTruncated(bytes) });
    } catch (error) {
      if (isCancelled()) return;
      if (error instanceof Error && error.name === 'PasswordException') {
        const wrong = (error as Error & { code?: number }).code === PasswordResponses.INCORRECT_PASSWORD;
        setLoad({ phase: 'password', bytes, wrong });
        return;
      }
      setLoad({ phase: 'failed', reason: failureOf(error, bytes) });
    }
  }, []);

  // A layout effect: the file is asked for before the browser paints the empty viewer, not after.
  useLayoutEffect(() => {
    let cancelled = false;
    setLoad((l) => (l.phase === 'loading' ? l : { phase: 'loading' }));
    // The worker boots while the file is read.
    startPdfWorker();
    (doc.bytes ? Promise.resolve(doc.bytes) : fetchBytes(doc.url))
      .then((bytes) => (cancelled ? undefined : open(bytes, undefined, () => cancelled)))
      .catch((error: unknown) => {
        if (!cancelled) setLoad({ phase: 'failed', reason: error instanceof NotFound ? 'notFound' : 'failed' });
      });
    return () => {
      cancelled = true;
      printAbort.current?.abort();
      void taskRef.current?.destroy();
    };
  }, [doc.url, doc.bytes, open]);

  const pdf = load.phase === 'ready' ? load.pdf : null;
  const pageCount = pdf?.numPages ?? 0;

  // Every page's own size, read in the background once the first page shows: the slots of a document
  // mixing A4 portrait, landscape and A3 take their real place, and the scroll bar tells the truth.
  // Started once the first page shows: pdf.js's worker does one thing at a time, and 499 page
  // look-ups or the form fields read before it would delay the page the clerk is waiting for.
  // Pages are asked for a batch at a time (as pdf.js's own viewer does), not one round trip after the
  // other; between batches, a page the clerk jumped to is drawn first (renderGate.ts). The slots move
  // once, when every size is known, not at every landscape page found.
  useEffect(() => {
    if (!pdf || load.phase !== 'ready' || !firstDrawn) return;
    let cancelled = false;
    const firstSize = load.firstSize;
    const sizeOf = async (n: number): Promise<PageSize> => {
      try {
        const v = (await pdf.getPage(n)).getViewport({ scale: 1 });
        return { width: v.width, height: v.height };
      } catch {
        // An unreadable page keeps the first page's size; it says so itself when drawn.
        return firstSize;
      }
    };
    (async () => {
      const found: PageSize[] = [firstSize];
      // The last page first: pdf.js's worker finds a page by walking the page tree, reading every page
      // before it the first time; reaching the last one reads them all once, so a page the clerk jumps
      // to (page 400) is found at once rather than after hundreds of reads.
      await gate.idle();
      const lastSize = pdf.numPages > 1 ? await sizeOf(pdf.numPages) : firstSize;
      for (let from = 2; from < pdf.numPages && !cancelled; from += sizeBatch) {
        await gate.idle();
        const to = Math.min(pdf.numPages - 1, from + sizeBatch - 1);
        found.push(...(await Promise.all(Array.from({ length: to - from + 1 }, (_, i) => sizeOf(from + i)))));
      }
      if (pdf.numPages > 1) found.push(lastSize);
      return found;
    })().then((found) => {
      if (cancelled) return;
      // Sizes already right (every page alike, or the pages drawn so far) leave the layout as it is.
      setSizes((old) => (old.length === found.length && old.every((s, i) => sameSize(s, found[i]!)) ? old : found));
      setSizesExact(true);
    });
    gate
      .idle()
      .then(() => signatureFieldsOf(pdf))
      .then(async (s) => {
        // Only a document with signature fields is scanned for a signature value (docs: pdfFacts.ts).
        const valued = s.length > 0 && containsSignatureValue(await pdf.getData());
        if (!cancelled) {
          setSignatures(s);
          setSignatureValue(valued);
        }
      })
      .catch(() => undefined);
    gate
      .idle()
      .then(() => attachmentsOf(pdf))
      .then((a) => !cancelled && setAttachments(a))
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [pdf, load, firstDrawn, gate]);

  useEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    const resize = new ResizeObserver(([entry]) => setArea({ width: entry?.contentRect.width ?? 0, height: entry?.contentRect.height ?? 0 }));
    resize.observe(element);
    return () => resize.disconnect();
  }, [pdf]);

  const firstSize = load.phase === 'ready' ? load.firstSize : { width: 595, height: 842 };
  const shownFirst = rotation % 180 === 0 ? firstSize : { width: firstSize.height, height: firstSize.width };
  const scale = scaleOf(zoom, area, shownFirst);
  // After a zoom or a rotation, the canvases the slots gave back (their layout effects run before this
  // one) have the old size: their memory is given back at once.
  useLayoutEffect(() => pool.drop(), [pool, scale, rotation]);
  const layout = useMemo(() => {
    const css = cssSizes(sizes, scale, rotation);
    const tops = pageTops(css.map((s) => s.height));
    const heights = css.map((c) => c.height);
    const last = css.length - 1;
    const height = last >= 0 ? tops[last]! + css[last]!.height + scrollPadding : 0;
    const width = Math.max(0, ...css.map((s) => s.width)) + 2 * scrollPadding;
    return { css, tops, heights, height, width };
  }, [sizes, scale, rotation]);

  /**
   * Slots for the pages within a screen of the visible area, from the layout alone (no DOM read but the
   * scroll offset). While a page in view is being drawn (right after a jump), pages coming near wait for
   * it before getting their slots: mounting them would take the main thread from that drawing.
   */
  const syncRanges = useCallback(
    (el: HTMLElement) => {
      // A page jumped to is being drawn: the slots follow once it is (goToPage).
      if (layout.tops.length === 0 || jump.current?.pending) return;
      const { tops, heights } = layout;
      const shown = pagesInView(tops, heights, el.scrollTop, el.scrollTop + el.clientHeight);
      const around = pagesInView(tops, heights, Math.max(0, el.scrollTop - el.clientHeight), el.scrollTop + 2 * el.clientHeight);
      setInView((old) => (sameRange(old, shown) ? old : shown));
      if (!gate.drawingInView()) {
        setNear((old) => (sameRange(old, around) ? old : around));
        return;
      }
      setNear((old) => nearDuringDrawing(old, shown, around));
      void gate.inViewDone().then(() => {
        const current = scrollRef.current;
        if (current) syncRangesRef.current(current);
      });
    },
    [layout, gate],
  );
  const syncRangesRef = useRef(syncRanges);
  syncRangesRef.current = syncRanges;

  // After a zoom, a rotation or late page sizes, the clerk still looks at the same place, and the pages
  // now within a screen of it have their slots.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const a = anchor.current;
    const top = a ? layout.tops[a.page - 1] : undefined;
    const h = a ? layout.css[a.page - 1]?.height : undefined;
    if (a && top !== undefined && h !== undefined) el.scrollTop = top + a.fraction * (h + pageGap);
    // A page being drawn from a jump moves with its place.
    const j = jump.current;
    const jumpTop = j ? layout.tops[j.drawing.pageNumber - 1] : undefined;
    if (j && jumpTop !== undefined) j.holder.style.top = `${jumpTop}px`;
    syncRanges(el);
  }, [layout, syncRanges]);

  const onScroll = () => {
    const el = scrollRef.current;
    if (!el || pageCount === 0 || jump.current?.pending) return;
    const page = pageAtOffset(layout.tops, el.scrollTop);
    const top = layout.tops[page - 1] ?? 0;
    const h = layout.css[page - 1]?.height ?? 1;
    anchor.current = { page, fraction: (el.scrollTop - top) / (h + pageGap) };
    syncRanges(el);
    const atEnd = el.scrollTop + el.clientHeight >= el.scrollHeight - 2;
    const shown = atEnd ? pageCount : pageAtOffset(layout.tops, el.scrollTop + el.clientHeight / 3);
    if (shown !== currentPage) {
      setCurrentPage(shown);
      setPageInput(String(shown));
    }
  };

  const nearRef = useRef(near);
  nearRef.current = near;
  /** Counts the moves to another page (not a jump repeated): a jump's late follow-up does not undo a later move. */
  const moves = useRef(0);
  const goToPage = useCallback(
    (page: number) => {
      const target = Math.max(1, Math.min(pageCount, page));
      const el = scrollRef.current;
      const top = layout.tops[target - 1];
      const size = layout.css[target - 1];
      if (el && top !== undefined && size !== undefined) {
        el.scrollTop = top - pageGap / 2;
        anchor.current = { page: target, fraction: -pageGap / 2 / (size.height + pageGap) };
        const pages = pagesRef.current;
        const slotted = target >= nearRef.current.from && target <= nearRef.current.to;
        if (pdf && pages && !slotted) {
          // A page without a slot (a far jump) is drawn at once, from here, into a stand-in slot at its
          // place, as pdf.js's own viewer does: React lays out the jump once the page shows (its slot then
          // takes the canvas over), so its work does not delay the drawing. The pages left behind keep
          // their slots until then, out of sight.
          const j = jump.current;
          if (!j || j.drawing.pdf !== pdf || j.drawing.pageNumber !== target || j.drawing.scale !== scale || j.drawing.rotation !== rotation) {
            dropJump();
            const move = ++moves.current;
            const holder = document.createElement('div');
            holder.className = 'pdf-viewer__page';
            const place = (width: number, height: number) => {
              holder.style.width = `${width}px`;
              holder.style.height = `${height}px`;
              holder.style.left = `${Math.max(scrollPadding, Math.floor((area.width - width) / 2))}px`;
            };
            holder.style.top = `${top}px`;
            place(size.width, size.height);
            const expected = bitmapSize(size.width, size.height);
            // A spare canvas of this size, or that of a page left behind (out of sight, its slot about to go),
            // once every page's size is known: before, the page's size is only a guess (page 1's), and a
            // canvas of the wrong size would be allocated again all the same.
            const { tops, heights } = layout;
            const around = pagesInView(tops, heights, Math.max(0, el.scrollTop - el.clientHeight), el.scrollTop + 2 * el.clientHeight);
            const canvas = sizesExact ? pool.take(expected.width, expected.height, (n) => n < around.from || n > around.to) : pool.take();
            canvas.className = 'pdf-viewer__canvas';
            canvas.dataset.testid = 'pdf-page';
            canvas.dataset.pageNumber = String(target);
            canvas.setAttribute('role', 'img');
            canvas.setAttribute('aria-label', t('viewer.pageLabel', { page: target }));
            pages.append(holder);
            // Drawn out of the page and put in the stand-in once drawn (pageDrawing.ts).
            const drawing = startDrawing({ pdf, pageNumber: target, scale, rotation, gate, inView: true, canvas, show: (drawn) => holder.append(drawn) });
            // The page's own size (a landscape page among portraits, sizes not all read yet): the stand-in takes it.
            void drawing.sized.then((own) => {
              if (jump.current?.drawing !== drawing) return;
              const css = cssSizes([own], scale, rotation)[0]!;
              place(css.width, css.height);
            });
            jump.current = { drawing, holder, pending: true };
            const settle = () => {
              if (jump.current?.drawing !== drawing || !jump.current.pending) return;
              jump.current.pending = false;
              // After the frame that shows the page: the slots, the page counter and the text layer follow.
              requestAnimationFrame(() =>
                setTimeout(() => {
                  if (moves.current !== move) return;
                  const current = scrollRef.current;
                  if (current) syncRangesRef.current(current);
                  // Pages whose canvas the jump took and that keep their slot after all are drawn again.
                  pool.repairTaken();
                  setCurrentPage(target);
                  setPageInput(String(target));
                }),
              );
            };
            drawing.done.then(settle, settle);
          }
          return;
        }
        // A page jumped to before, still being drawn, is not waited for any more; pages whose canvas it
        // took and that keep their slot are drawn again.
        dropJump();
        pool.repairTaken();
        moves.current++;
        // Work that waits for the drawings (page sizes, form fields) waits for this one too, even before it starts.
        gate.hold();
        // Asked of pdf.js's worker now, while React lays out the jump: the page's drawing then finds it ready.
        void pdf?.getPage(target).catch(() => undefined);
        const { tops, heights } = layout;
        const shown = pagesInView(tops, heights, el.scrollTop, el.scrollTop + el.clientHeight);
        const around = pagesInView(tops, heights, Math.max(0, el.scrollTop - el.clientHeight), el.scrollTop + 2 * el.clientHeight);
        setInView(shown);
        // A jump gives slots to the pages in view only, drawn at once; the scroll event that follows gives
        // their neighbours theirs once those are drawn.
        setNear((old) => nearDuringDrawing(old, shown, around));
      }
      setCurrentPage(target);
      setPageInput(String(target));
    },
    [pdf, pageCount, layout, gate, pool, scale, rotation, area.width, sizesExact, dropJump, t],
  );

  const zoomTo = (next: number) => setZoom({ mode: 'fixed', scale: clampScale(next) });
  const zoomIn = () => zoomTo(nextZoom(scale));
  const zoomOut = () => zoomTo(previousZoom(scale));
  const rotate = (delta: 90 | -90) => setRotation((r) => rotateBy(r, delta));

  // Ctrl + wheel zooms the document, not the whole window (a passive React listener could not prevent that).
  const zoomRef = useRef({ zoomIn, zoomOut });
  zoomRef.current = { zoomIn, zoomOut };
  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const onWheel = (event: WheelEvent) => {
      if (!event.ctrlKey && !event.metaKey) return;
      event.preventDefault();
      if (event.deltaY < 0) zoomRef.current.zoomIn();
      else if (event.deltaY > 0) zoomRef.current.zoomOut();
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, []);

  // ——— Search ———
  const pageText = useCallback(
    async (n: number): Promise<PageText> => {
      const known = texts.current.get(n);
      if (known) return known;
      const content = await (await pdf!.getPage(n)).getTextContent();
      const text = pageTextOf(content.items);
      texts.current.set(n, text);
      return text;
    },
    [pdf],
  );

  const showMatch = useCallback(
    (match: SearchMatch) => {
      goToPage(match.page);
      setReveal((r) => r + 1);
    },
    [goToPage],
  );

  const runSearch = async (query: string) => {
    if (!pdf) return;
    const folded = foldQuery(query);
    const run = ++searchRun.current;
    if (!folded) {
      setSearch(null);
      return;
    }
    // From the page shown onwards, then from the start: the first match shown is the next one for the clerk.
    const order = Array.from({ length: pageCount }, (_, i) => ((currentPage - 1 + i) % pageCount) + 1);
    const found: SearchMatch[] = [];
    let shown: SearchMatch | null = null;
    setSearch({ query, matches: [], index: -1, scanned: 0, done: false });
    for (let i = 0; i < order.length; i++) {
      const n = order[i]!;
      let matches: SearchMatch[] = [];
      try {
        matches = findInPage(n, await pageText(n), folded);
      } catch {
        // A page whose text cannot be read has no match.
      }
      if (run !== searchRun.current) return;
      found.push(...matches);
      if (!shown && matches[0]) {
        shown = matches[0];
        showMatch(shown);
      }
      if (i % 25 === 24 || shown === matches[0]) {
        const sorted = sortMatches(found);
        setSearch({ query, matches: sorted, index: shown ? indexOfMatch(sorted, shown) : -1, scanned: i + 1, done: false });
      }
    }
    const sorted = sortMatches(found);
    setSearch({ query, matches: sorted, index: shown ? indexOfMatch(sorted, shown) : -1, scanned: pageCount, done: true });
  };

  const stepMatch = (delta: 1 | -1) => {
    if (!search || search.matches.length === 0) return;
    const index = (search.index + delta + search.matches.length) % search.matches.length;
    setSearch({ ...search, index });
    showMatch(search.matches[index]!);
  };

  const onSearchSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (search && search.query === searchText && search.matches.length > 0) stepMatch(1);
    else void runSearch(searchText);
  };

  const closeSearch = () => {
    searchRun.current++;
    setSearchOpen(false);
    setSearch(null);
    scrollRef.current?.focus();
  };

  const highlightsByPage = useMemo(() => {
    const byPage = new Map<number, RunHighlight[]>();
    if (!search) return byPage;
    const selected = search.matches[search.index] ?? null;
    const pages = new Map<number, SearchMatch[]>();
    for (const m of search.matches) pages.set(m.page, [...(pages.get(m.page) ?? []), m]);
    for (const [page, matches] of pages) {
      const text = texts.current.get(page);
      if (text) byPage.set(page, runHighlights(text, matches, selected));
    }
    return byPage;
  }, [search]);

  // ——— Print ———
  const print = () => {
    if (!pdf || printing) return;
    const abort = new AbortController();
    printAbort.current = abort;
    setPrinting({ done: 0, total: pageCount });
    printPdf(pdf, (done, total) => setPrinting({ done, total }), abort.signal)
      .catch(() => undefined)
      .finally(() => setPrinting(null));
  };

  const openAttachment = (a: Attachment) => {
    const kind = attachmentKind(a.content);
    const type = kind === 'pdf' ? 'application/pdf' : kind === 'image' ? imageType(a.content) : 'application/octet-stream';
    const url = URL.createObjectURL(new Blob([a.content.slice()], { type }));
    useViewerStore.getState().openFromCurrent({ url, title: a.fileName, downloadName: a.fileName, kind: kind === 'image' ? 'image' : 'pdf', bytes: a.content });
  };

  const saveAttachment = (a: Attachment) => {
    const url = URL.createObjectURL(new Blob([a.content.slice()], { type: 'application/octet-stream' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = a.fileName;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  };

  /** The page the clerk is on: the one jumped to while it is being drawn (the counter follows it once drawn). */
  const pageShown = () => (jump.current?.pending ? jump.current.drawing.pageNumber : currentPage);

  // ——— Keyboard ———
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (!pdf) return;
    const ctrl = event.ctrlKey || event.metaKey;
    const inField = event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement;
    const key = event.key;
    if (ctrl && (key === 'f' || key === 'F')) {
      setSearchOpen(true);
      requestAnimationFrame(() => searchRef.current?.select());
    } else if ((ctrl && (key === 'g' || key === 'G')) || key === 'F3') {
      stepMatch(event.shiftKey ? -1 : 1);
    } else if (ctrl && (key === '+' || key === '=')) zoomIn();
    else if (ctrl && (key === '-' || key === '_')) zoomOut();
    else if (ctrl && key === '0') setZoom({ mode: 'fit-width' });
    else if (ctrl && (key === 'p' || key === 'P')) print();
    else if (ctrl && (key === 's' || key === 'S')) saveRef.current?.click();
    else if (ctrl || event.altKey || inField) return;
    else if (key === 'PageDown') goToPage(pageShown() + 1);
    else if (key === 'PageUp') goToPage(pageShown() - 1);
    else if (key === 'Home') goToPage(1);
    else if (key === 'End') goToPage(pageCount);
    else if (key === '+' || key === '=') zoomIn();
    else if (key === '-' || key === '_') zoomOut();
    else if (key === 'r') rotate(90);
    else if (key === 'R') rotate(-90);
    else return;
    event.preventDefault();
  };

  const zoomValue = zoom.mode === 'fixed' ? String(zoom.scale) : zoom.mode;
  const zoomChoices: { value: string; label: string }[] = [
    { value: 'fit-width', label: t('viewer.fitWidth') },
    { value: 'fit-page', label: t('viewer.fitPage') },
    ...zoomPresets.map((s) => ({ value: String(s), label: t('viewer.percent', { percent: Math.round(s * 100) }) })),
  ];
  if (zoom.mode === 'fixed' && !zoomPresets.some((s) => s === zoom.scale)) {
    zoomChoices.push({ value: String(zoom.scale), label: t('viewer.percent', { percent: Math.round(zoom.scale * 100) }) });
  }
  // The few slots as one memoised list: a re-render for the toolbar alone (page counter, typed page
  // number, search field) does not rebuild and compare them.
  const selectedPage = search?.matches[search.index]?.page;
  const pageSlots = useMemo(() => {
    if (!pdf) return null;
    const slots: ReactNode[] = [];
    const last = Math.min(near.to, layout.css.length);
    for (let n = near.from; n <= last; n++) {
      const size = layout.css[n - 1]!;
      slots.push(
        <PdfPage
          key={n}
          pdf={pdf}
          pageNumber={n}
          width={size.width}
          height={size.height}
          top={layout.tops[n - 1]!}
          left={Math.max(scrollPadding, Math.floor((area.width - size.width) / 2))}
          scale={scale}
          rotation={rotation}
          inView={n >= inView.from && n <= inView.to}
          gate={gate}
          pool={pool}
          adopt={adopt}
          onDrawn={onDrawn}
          onSize={onSize}
          highlights={highlightsByPage.get(n) ?? noHighlights}
          revealToken={selectedPage === n ? reveal : 0}
          t={t}
        />,
      );
    }
    return slots;
  }, [pdf, layout, area.width, scale, rotation, near, inView, gate, pool, adopt, onDrawn, onSize, highlightsByPage, selectedPage, reveal, t]);

  const hasSignatureFields = signatures.length > 0;
  const ready = pdf !== null;

  return (
    <ModalDialog onClose={onClose} labelledBy={titleId} describedBy="pdf-viewer-keys" className="pdf-viewer" testId="pdf-viewer">
      <div className="pdf-viewer__frame" onKeyDown={onKeyDown}>
        <div className="pdf-viewer__toolbar" role="toolbar" aria-labelledby={titleId}>
          <ViewerHeading titleId={titleId} title={doc.title} onBack={onBack} t={t} />
          {hasSignatureFields ? (
            <button
              type="button"
              className={signatureValue ? 'pdf-viewer__badge' : 'pdf-viewer__badge pdf-viewer__badge--empty'}
              aria-pressed={panel === 'signatures'}
              onClick={() => setPanel(panel === 'signatures' ? 'none' : 'signatures')}
              data-testid={signatureValue ? 'pdf-signed-badge' : 'pdf-unsigned-fields'}
            >
              {signatureValue ? t('viewer.signedBadge') : t('viewer.emptySignatureFields')}
            </button>
          ) : null}
          <div className="pdf-viewer__group">
            <ToolButton label={t('viewer.thumbnails')} pressed={panel === 'thumbnails'} disabled={!ready} onClick={() => setPanel(panel === 'thumbnails' ? 'none' : 'thumbnails')} testId="pdf-thumbnails-toggle">
              <ThumbnailsIcon />
            </ToolButton>
            {attachments.length > 0 ? (
              <button
                type="button"
                className="pdf-viewer__button pdf-viewer__button--text"
                aria-pressed={panel === 'attachments'}
                onClick={() => setPanel(panel === 'attachments' ? 'none' : 'attachments')}
                data-testid="pdf-attachments-toggle"
              >
                {t('viewer.attachmentsButton', { count: attachments.length })}
              </button>
            ) : null}
          </div>
          <div className="pdf-viewer__group">
            <ToolButton label={t('viewer.previous')} disabled={!ready || currentPage <= 1} onClick={() => goToPage(pageShown() - 1)}>
              ‹
            </ToolButton>
            <form
              className="pdf-viewer__goto"
              onSubmit={(e) => {
                e.preventDefault();
                const n = parsePageNumber(pageInput, pageCount);
                if (n) goToPage(n);
                else setPageInput(String(currentPage));
              }}
            >
              <label htmlFor="pdf-viewer-page" className="visually-hidden">
                {t('viewer.goToPage', { count: pageCount })}
              </label>
              <input
                id="pdf-viewer-page"
                className="pdf-viewer__page-input"
                inputMode="numeric"
                value={pageInput}
                disabled={!ready}
                onChange={(e) => setPageInput(e.target.value)}
                onBlur={() => setPageInput(String(currentPage))}
                data-testid="pdf-page-input"
              />
              <span className="pdf-viewer__counter" data-testid="pdf-page-counter" data-page={currentPage}>
                {ready ? t('viewer.ofPages', { count: pageCount }) : load.phase === 'loading' ? t('viewer.loading') : ''}
              </span>
              <span className="visually-hidden" aria-live="polite">
                {ready ? t('viewer.page', { page: currentPage, count: pageCount }) : ''}
              </span>
            </form>
            <ToolButton label={t('viewer.next')} disabled={!ready || currentPage >= pageCount} onClick={() => goToPage(pageShown() + 1)}>
              ›
            </ToolButton>
          </div>
          <div className="pdf-viewer__group">
            <ToolButton label={t('viewer.zoomOut')} disabled={!ready} onClick={zoomOut} testId="pdf-zoom-out">
              −
            </ToolButton>
            <label htmlFor="pdf-viewer-zoom" className="visually-hidden">
              {t('viewer.zoom')}
            </label>
            <select
              id="pdf-viewer-zoom"
              className="pdf-viewer__select"
              value={zoomValue}
              disabled={!ready}
              onChange={(e) => {
                const v = e.target.value;
                setZoom(v === 'fit-width' || v === 'fit-page' ? { mode: v } : { mode: 'fixed', scale: clampScale(Number(v)) });
              }}
              data-testid="pdf-zoom-select"
            >
              {zoomChoices.map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label}
                </option>
              ))}
            </select>
            <span className="visually-hidden" data-testid="pdf-zoom-level">
              {t('viewer.zoomLevel', { percent: Math.round(scale * 100) })}
            </span>
            <ToolButton label={t('viewer.zoomIn')} disabled={!ready} onClick={zoomIn} testId="pdf-zoom-in">
              +
            </ToolButton>
            <ToolButton label={t('viewer.rotateLeft')} disabled={!ready} onClick={() => rotate(-90)} testId="pdf-rotate-left">
              <RotateLeftIcon />
            </ToolButton>
            <ToolButton label={t('viewer.rotateRight')} disabled={!ready} onClick={() => rotate(90)} testId="pdf-rotate-right">
              <RotateRightIcon />
            </ToolButton>
          </div>
          <div className="pdf-viewer__group">
            <ToolButton
              label={t('viewer.search')}
              pressed={searchOpen}
              disabled={!ready}
              onClick={() => {
                if (searchOpen) closeSearch();
                else {
                  setSearchOpen(true);
                  requestAnimationFrame(() => searchRef.current?.focus());
                }
              }}
              testId="pdf-search-toggle"
            >
              <SearchIcon />
            </ToolButton>
            <ToolButton label={t('viewer.print')} disabled={!ready || printing !== null} onClick={print} testId="pdf-print">
              <PrintIcon />
            </ToolButton>
            <a ref={saveRef} className="pdf-viewer__button pdf-viewer__button--text" href={doc.url} download={doc.downloadName} data-testid="pdf-save">
              {t('viewer.save')}
            </a>
            <ToolButton label={t('viewer.close')} onClick={onClose} testId="pdf-close">
              <CloseIcon />
            </ToolButton>
          </div>
        </div>
        {searchOpen ? (
          <form className="pdf-viewer__searchbar" role="search" onSubmit={onSearchSubmit} data-testid="pdf-search">
            <label htmlFor="pdf-viewer-search">{t('viewer.searchLabel')}</label>
            <input
              id="pdf-viewer-search"
              ref={searchRef}
              type="search"
              className="pdf-viewer__search-input"
              value={searchText}
              onChange={(e) => setSearchText(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Escape') {
                  e.preventDefault();
                  e.stopPropagation();
                  closeSearch();
                } else if (e.key === 'Enter' && e.shiftKey) {
                  e.preventDefault();
                  stepMatch(-1);
                }
              }}
              data-testid="pdf-search-input"
            />
            <button type="button" className="pdf-viewer__button pdf-viewer__button--text" onClick={() => stepMatch(-1)} disabled={!search?.matches.length} data-testid="pdf-search-previous">
              {t('viewer.searchPrevious')}
            </button>
            <button type="submit" className="pdf-viewer__button pdf-viewer__button--text" data-testid="pdf-search-next">
              {t('viewer.searchNext')}
            </button>
            <span className="pdf-viewer__search-status" role="status" data-testid="pdf-search-status">
              {searchStatus(t, search, pageCount)}
            </span>
          </form>
        ) : null}
        {printing ? (
          <p className="pdf-viewer__notice" role="status">
            {t('viewer.printing', { done: printing.done, total: printing.total })}
          </p>
        ) : null}
        {load.phase === 'ready' && load.truncated ? (
          <p className="pdf-viewer__notice pdf-viewer__notice--warning" role="alert" data-testid="pdf-warning">
            {t('viewer.errors.truncatedOpened')}
          </p>
        ) : null}
        <p id="pdf-viewer-keys" className="visually-hidden">
          {t('viewer.keyboardHint')}
        </p>
        <div className="pdf-viewer__body">
          {panel !== 'none' && pdf ? (
            <aside className="pdf-viewer__panel" aria-label={t(`viewer.panels.${panel}`)}>
              {panel === 'thumbnails' ? <Thumbnails pdf={pdf} pageCount={pageCount} currentPage={currentPage} rotation={rotation} onPick={goToPage} t={t} /> : null}
              {panel === 'signatures' ? <SignaturePanel signatures={signatures} onGo={goToPage} t={t} /> : null}
              {panel === 'attachments' ? <AttachmentPanel attachments={attachments} onOpen={openAttachment} onSave={saveAttachment} t={t} /> : null}
            </aside>
          ) : null}
          <div
            className="pdf-viewer__scroll"
            ref={scrollRef}
            onScroll={onScroll}
            // Focused on open so that Page Up/Down and the arrows scroll the document straight away.
            tabIndex={0}
            data-autofocus
            role="document"
            aria-label={doc.title}
            data-testid="pdf-scroll"
            data-page-sizes={sizesExact ? 'exact' : 'estimated'}
          >
            {load.phase === 'loading' ? (
              <p className="pdf-viewer__message" role="status">
                {t('viewer.loading')}
              </p>
            ) : null}
            {load.phase === 'failed' ? (
              <div className="pdf-viewer__message pdf-viewer__message--error" role="alert" data-testid="pdf-error" data-reason={load.reason}>
                <p>{t(`viewer.errors.${load.reason}`)}</p>
                {load.reason !== 'notFound' ? <p>{t('viewer.errors.saveHint')}</p> : null}
              </div>
            ) : null}
            {load.phase === 'password' ? (
              <PasswordPrompt
                wrong={load.wrong}
                password={password}
                onChange={setPassword}
                onSubmit={() => {
                  const bytes = load.bytes;
                  setLoad({ phase: 'loading' });
                  void open(bytes, password, () => false);
                  setPassword('');
                }}
                t={t}
              />
            ) : null}
            {pdf ? (
              <div ref={pagesRef} className="pdf-viewer__pages" style={{ height: layout.height, width: layout.width }}>
                {pageSlots}
              </div>
            ) : null}
          </div>
        </div>
      </div>
    </ModalDialog>
  );
}

interface PageRange {
  from: number;
  to: number;
}

function sameRange(a: PageRange, b: PageRange): boolean {
  return a.from === b.from && a.to === b.to;
}

/**
 * The slots while pages in view are being drawn: those pages, and the pages that already had a slot and
 * are still near (their drawings kept); pages that were not there yet wait.
 */
function nearDuringDrawing(old: PageRange, shown: PageRange, around: PageRange): PageRange {
  const keepFrom = Math.max(old.from, around.from);
  const keepTo = Math.min(old.to, around.to);
  if (keepFrom <= keepTo && keepFrom <= shown.to + 1 && keepTo >= shown.from - 1) return { from: Math.min(keepFrom, shown.from), to: Math.max(keepTo, shown.to) };
  return shown;
}

function sameSize(a: PageSize, b: PageSize): boolean {
  return a.width === b.width && a.height === b.height;
}

function sortMatches(matches: SearchMatch[]): SearchMatch[] {
  return [...matches].sort((a, b) => a.page - b.page || a.start - b.start);
}

function indexOfMatch(matches: SearchMatch[], m: SearchMatch): number {
  return matches.findIndex((x) => x.page === m.page && x.start === m.start);
}

function searchStatus(t: TFunction, search: SearchState | null, pageCount: number): string {
  if (!search) return '';
  if (search.matches.length === 0) return search.done ? t('viewer.searchNone') : t('viewer.searching', { done: search.scanned, total: pageCount });
  const position = t('viewer.searchPosition', { index: search.index + 1, count: search.matches.length });
  return search.done ? position : `${position} · ${t('viewer.searching', { done: search.scanned, total: pageCount })}`;
}

function ToolButton({ label, onClick, disabled, pressed, testId, children }: { label: string; onClick(): void; disabled?: boolean; pressed?: boolean; testId?: string; children: ReactNode }) {
  return (
    <button type="button" className="pdf-viewer__button" onClick={onClick} disabled={disabled} aria-pressed={pressed} title={label} data-testid={testId}>
      <span aria-hidden="true">{children}</span>
      <span className="visually-hidden">{label}</span>
    </button>
  );
}

function PasswordPrompt({ wrong, password, onChange, onSubmit, t }: { wrong: boolean; password: string; onChange(v: string): void; onSubmit(): void; t: TFunction }) {
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), [wrong]);
  return (
    <form
      className="pdf-viewer__message pdf-viewer__password"
      data-testid="pdf-password"
      onSubmit={(e) => {
        e.preventDefault();
        if (password) onSubmit();
      }}
    >
      <p>{t('viewer.password.intro')}</p>
      <label htmlFor="pdf-viewer-password">{t('viewer.password.label')}</label>
      <input
        id="pdf-viewer-password"
        ref={input}
        type="password"
        autoComplete="off"
        value={password}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={wrong}
        aria-describedby={wrong ? 'pdf-viewer-password-error' : undefined}
        data-testid="pdf-password-input"
      />
      {wrong ? (
        <p id="pdf-viewer-password-error" className="pdf-viewer__field-error" role="alert" data-testid="pdf-password-wrong">
          {t('viewer.password.wrong')}
        </p>
      ) : null}
      <button type="submit" className="button button--primary" data-testid="pdf-password-submit">
        {t('viewer.password.submit')}
      </button>
    </form>
  );
}

function SignaturePanel({ signatures, onGo, t }: { signatures: SignatureField[]; onGo(page: number): void; t: TFunction }) {
  return (
    <section className="pdf-viewer__panel-body" data-testid="pdf-signatures">
      <h3 className="pdf-viewer__panel-title">{t('viewer.signatures.title')}</h3>
      <p className="pdf-viewer__panel-note">{t('viewer.signatures.note')}</p>
      <ul className="pdf-viewer__panel-list">
        {signatures.map((s, i) => (
          <li key={i} data-testid="pdf-signature">
            <span className="pdf-viewer__panel-name">{s.name}</span>
            {s.page ? (
              <button type="button" className="pdf-viewer__link" onClick={() => onGo(s.page!)}>
                {t('viewer.signatures.onPage', { page: s.page })}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function AttachmentPanel({ attachments, onOpen, onSave, t }: { attachments: Attachment[]; onOpen(a: Attachment): void; onSave(a: Attachment): void; t: TFunction }) {
  return (
    <section className="pdf-viewer__panel-body" data-testid="pdf-attachments">
      <h3 className="pdf-viewer__panel-title">{t('viewer.attachments.title')}</h3>
      <ul className="pdf-viewer__panel-list">
        {attachments.map((a, i) => (
          <li key={i} data-testid="pdf-attachment" data-name={a.fileName}>
            <span className="pdf-viewer__panel-name">{a.fileName}</span>
            {a.description ? <span className="pdf-viewer__panel-note">{a.description}</span> : null}
            <span className="pdf-viewer__panel-actions">
              {attachmentKind(a.content) !== 'other' ? (
                <button type="button" className="pdf-viewer__link" onClick={() => onOpen(a)} aria-label={t('viewer.attachments.openLabel', { name: a.fileName })} data-testid="pdf-attachment-open">
                  {t('viewer.attachments.open')}
                </button>
              ) : null}
              <button type="button" className="pdf-viewer__link" onClick={() => onSave(a)} aria-label={t('viewer.attachments.saveLabel', { name: a.fileName })} data-testid="pdf-attachment-save">
                {t('viewer.attachments.save')}
              </button>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** An image in the viewer's frame: zoom, quarter turns, « Enregistrer sous… ». */
function ImageViewer({ doc, onClose, onBack }: { doc: ViewerDocument; onClose(): void; onBack?: () => void }) {
  const { t } = useTranslation();
  const { zoom, setZoom, rotation, setRotation } = useImageControls();
  const [scale, setScale] = useState(1);
  const [failed, setFailed] = useState(false);
  const onScale = useCallback((s: number) => setScale(s), []);
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const ctrl = event.ctrlKey || event.metaKey;
    if (event.target instanceof HTMLInputElement) return;
    if (event.key === '+' || event.key === '=') setZoom(imageZoomIn(scale));
    else if (event.key === '-' || event.key === '_') setZoom(imageZoomOut(scale));
    else if (ctrl && event.key === '0') setZoom({ mode: 'fit' });
    else if (!ctrl && event.key === 'r') setRotation((r) => rotateBy(r, 90));
    else if (!ctrl && event.key === 'R') setRotation((r) => rotateBy(r, -90));
    else return;
    event.preventDefault();
  };
  return (
    <ModalDialog onClose={onClose} labelledBy={titleId} describedBy="pdf-viewer-keys" className="pdf-viewer" testId="pdf-viewer">
      <div className="pdf-viewer__frame" onKeyDown={onKeyDown}>
        <div className="pdf-viewer__toolbar" role="toolbar" aria-labelledby={titleId}>
          <ViewerHeading titleId={titleId} title={doc.title} onBack={onBack} t={t} />
          <div className="pdf-viewer__group">
            <ToolButton label={t('viewer.zoomOut')} onClick={() => setZoom(imageZoomOut(scale))} testId="pdf-zoom-out">
              −
            </ToolButton>
            <span className="pdf-viewer__zoom" data-testid="pdf-zoom-level">
              {t('viewer.zoomLevel', { percent: Math.round(scale * 100) })}
            </span>
            <ToolButton label={t('viewer.zoomIn')} onClick={() => setZoom(imageZoomIn(scale))} testId="pdf-zoom-in">
              +
            </ToolButton>
            <button type="button" className="pdf-viewer__button pdf-viewer__button--text" aria-pressed={zoom.mode === 'fit'} onClick={() => setZoom({ mode: 'fit' })}>
              {t('viewer.fitPage')}
            </button>
            <ToolButton label={t('viewer.rotateLeft')} onClick={() => setRotation((r) => rotateBy(r, -90))} testId="pdf-rotate-left">
              <RotateLeftIcon />
            </ToolButton>
            <ToolButton label={t('viewer.rotateRight')} onClick={() => setRotation((r) => rotateBy(r, 90))} testId="pdf-rotate-right">
              <RotateRightIcon />
            </ToolButton>
          </div>
          <div className="pdf-viewer__group">
            <a className="pdf-viewer__button pdf-viewer__button--text" href={doc.url} download={doc.downloadName} data-testid="pdf-save">
              {t('viewer.save')}
            </a>
            <ToolButton label={t('viewer.close')} onClick={onClose} testId="pdf-close">
              <CloseIcon />
            </ToolButton>
          </div>
        </div>
        <p id="pdf-viewer-keys" className="visually-hidden">
          {t('viewer.imageKeyboardHint')}
        </p>
        <div className="pdf-viewer__scroll" tabIndex={0} data-autofocus role="document" aria-label={doc.title}>
          {failed ? (
            <div className="pdf-viewer__message pdf-viewer__message--error" role="alert" data-testid="pdf-error">
              <p>{t('viewer.errors.image')}</p>
            </div>
          ) : (
            <ImageView url={doc.url} title={doc.title} zoom={zoom} rotation={rotation} onScale={onScale} onFailed={() => setFailed(true)} t={t} />
          )}
        </div>
      </div>
    </ModalDialog>
  );
}

/** The toolbar's start, the same for a PDF and an image: « Retour au document » when opened from one, then the title. */
function ViewerHeading({ titleId, title, onBack, t }: { titleId: string; title: string; onBack: (() => void) | undefined; t: TFunction }) {
  return (
    <>
      {onBack ? (
        <button type="button" className="pdf-viewer__button pdf-viewer__button--text" onClick={onBack} data-testid="pdf-back">
          {t('viewer.back')}
        </button>
      ) : null}
      <h2 id={titleId} className="pdf-viewer__title" title={title}>
        {title}
      </h2>
    </>
  );
}
