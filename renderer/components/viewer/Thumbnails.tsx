import { memo, useEffect, useRef, useState } from 'react';
import type { TFunction } from 'i18next';
import type { PDFDocumentProxy, RenderTask } from './pdfRuntime.js';
import type { Rotation } from './viewerGeometry.js';

const thumbnailWidth = 112;

/**
 * A column of page miniatures: one button per page (the list a keyboard walks), each drawn only while
 * near the visible part of the column, like the pages.
 */
export function Thumbnails({ pdf, pageCount, currentPage, rotation, onPick, t }: { pdf: PDFDocumentProxy; pageCount: number; currentPage: number; rotation: Rotation; onPick(page: number): void; t: TFunction }) {
  const listRef = useRef<HTMLOListElement>(null);
  const [near, setNear] = useState<ReadonlySet<number>>(new Set());
  const observer = useRef<IntersectionObserver | null>(null);

  useEffect(() => {
    const list = listRef.current;
    if (!list) return;
    const io = new IntersectionObserver(
      (entries) =>
        setNear((old) => {
          const next = new Set(old);
          for (const e of entries) {
            const n = Number((e.target as HTMLElement).dataset.thumb);
            if (e.isIntersecting) next.add(n);
            else next.delete(n);
          }
          return next;
        }),
      { root: list, rootMargin: '50% 0px' },
    );
    observer.current = io;
    list.querySelectorAll('[data-thumb]').forEach((el) => io.observe(el));
    return () => io.disconnect();
  }, [pageCount]);

  // The current page's miniature stays in sight while the clerk scrolls the document.
  useEffect(() => {
    listRef.current?.querySelector(`[data-thumb="${currentPage}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [currentPage]);

  return (
    <nav className="pdf-viewer__thumbs" aria-label={t('viewer.thumbnails')} data-testid="pdf-thumbnails">
      <ol ref={listRef} className="pdf-viewer__thumbs-list">
        {Array.from({ length: pageCount }, (_, i) => (
          <li key={i} data-thumb={i + 1}>
            <button
              type="button"
              className="pdf-viewer__thumb"
              aria-current={currentPage === i + 1 ? 'page' : undefined}
              onClick={() => onPick(i + 1)}
              data-testid="pdf-thumbnail"
            >
              <Thumbnail pdf={pdf} pageNumber={i + 1} near={near.has(i + 1)} rotation={rotation} />
              <span className="pdf-viewer__thumb-label">{t('viewer.pageLabel', { page: i + 1 })}</span>
            </button>
          </li>
        ))}
      </ol>
    </nav>
  );
}

const Thumbnail = memo(function Thumbnail({ pdf, pageNumber, near, rotation }: { pdf: PDFDocumentProxy; pageNumber: number; near: boolean; rotation: Rotation }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const target = canvas.current;
    if (!target || !near) return;
    let cancelled = false;
    let task: RenderTask | null = null;
    (async () => {
      const page = await pdf.getPage(pageNumber);
      if (cancelled) return;
      const unscaled = page.getViewport({ scale: 1, rotation: (page.rotate + rotation) % 360 });
      const viewport = page.getViewport({ scale: thumbnailWidth / unscaled.width, rotation: (page.rotate + rotation) % 360 });
      target.width = Math.floor(viewport.width);
      target.height = Math.floor(viewport.height);
      task = page.render({ canvas: target, viewport });
      await task.promise;
    })().catch(() => {
      // Cancelled or unreadable: the miniature stays blank, the page itself says what happened.
    });
    return () => {
      cancelled = true;
      task?.cancel();
      target.width = 0;
      target.height = 0;
    };
  }, [near, pdf, pageNumber, rotation]);
  return <canvas ref={canvas} className="pdf-viewer__thumb-canvas" width={thumbnailWidth} height={Math.round(thumbnailWidth * 1.41)} aria-hidden="true" />;
});
