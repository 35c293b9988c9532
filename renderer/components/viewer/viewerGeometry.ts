/** PDF units are points (1/72 in); CSS pixels are 1/96 in: "100 %" shows the page at its printed size. */
export function pdfToCss(points: number): number {
  return (points * 96) / 72;
}

export const zoomSteps = [0.25, 0.5, 0.67, 0.75, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2, 2.5, 3, 4] as const;
/** Percentages offered in the zoom list (the steps a clerk is likely to want). */
export const zoomPresets = [0.5, 0.75, 1, 1.25, 1.5, 2, 3, 4] as const;
const minScale = zoomSteps[0];
const maxScale = zoomSteps[zoomSteps.length - 1]!;

export type Zoom = { mode: 'fit-width' } | { mode: 'fit-page' } | { mode: 'fixed'; scale: number };
export type Rotation = 0 | 90 | 180 | 270;

export interface PageSize {
  /** Width and height in points, unrotated (the page's own /Rotate already applied by pdf.js). */
  width: number;
  height: number;
}

/** Space between pages and around them, in CSS pixels (matches `.pdf-viewer__page` and the scroll padding). */
export const pageGap = 16;
export const scrollPadding = 24;

export function clampScale(scale: number): number {
  if (!Number.isFinite(scale)) return 1;
  return Math.max(minScale, Math.min(maxScale, scale));
}

export function nextZoom(scale: number): number {
  return zoomSteps.find((s) => s > scale * 1.01) ?? maxScale;
}

export function previousZoom(scale: number): number {
  return [...zoomSteps].reverse().find((s) => s < scale * 0.99) ?? minScale;
}

export function rotateBy(rotation: Rotation, delta: 90 | -90): Rotation {
  return (((rotation + delta) % 360) + 360) % 360 as Rotation;
}

/** The page as shown: width and height swap at a quarter turn. */
export function rotatedSize(size: PageSize, rotation: Rotation): PageSize {
  return rotation % 180 === 0 ? size : { width: size.height, height: size.width };
}

/** Scale at which a page of `pageWidthPt` points fills `available` CSS pixels, margins kept. */
export function fitWidthScale(available: number, pageWidthPt: number, margin = 2 * scrollPadding): number {
  if (!(available > margin) || !(pageWidthPt > 0)) return 1;
  return clampScale((available - margin) / pdfToCss(pageWidthPt));
}

/** Scale at which the whole page is visible in a `width` × `height` CSS pixel area. */
export function fitPageScale(width: number, height: number, page: PageSize, margin = 2 * scrollPadding): number {
  if (!(width > margin) || !(height > margin) || !(page.width > 0) || !(page.height > 0)) return 1;
  return clampScale(Math.min((width - margin) / pdfToCss(page.width), (height - margin) / pdfToCss(page.height)));
}

export function scaleOf(zoom: Zoom, area: { width: number; height: number }, firstPage: PageSize): number {
  if (zoom.mode === 'fixed') return zoom.scale;
  if (zoom.mode === 'fit-page') return fitPageScale(area.width, area.height, firstPage);
  return fitWidthScale(area.width, firstPage.width);
}

/** Each page's displayed size in CSS pixels (whole pixels, as the slots are laid out). */
export function cssSizes(sizes: readonly PageSize[], scale: number, rotation: Rotation): PageSize[] {
  return sizes.map((s) => {
    const r = rotatedSize(s, rotation);
    return { width: Math.floor(pdfToCss(r.width) * scale), height: Math.floor(pdfToCss(r.height) * scale) };
  });
}

/** Top of each page inside the scroll area, from the sizes alone (no DOM read), so a jump is exact at once. */
export function pageTops(heights: readonly number[]): number[] {
  const tops: number[] = [];
  let y = scrollPadding;
  for (const h of heights) {
    tops.push(y);
    y += h + pageGap;
  }
  return tops;
}

/** 1-based number of the page that contains `offset`, given each page's top (ascending). */
export function pageAtOffset(tops: readonly number[], offset: number): number {
  let lo = 0;
  let hi = tops.length - 1;
  let found = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((tops[mid] ?? 0) <= offset) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return tops.length === 0 ? 1 : found + 1;
}

/** A page number typed by the clerk, or null when it is not one of the document's pages. */
export function parsePageNumber(text: string, pageCount: number): number | null {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return null;
  const n = Number(trimmed);
  return n >= 1 && n <= pageCount ? n : null;
}

/** First and last page with some part between `top` and `bottom` (scroll offsets): the gap between two pages shows neither. */
export function pagesInView(tops: readonly number[], heights: readonly number[], top: number, bottom: number): { from: number; to: number } {
  let from = pageAtOffset(tops, top);
  if ((tops[from - 1] ?? 0) + (heights[from - 1] ?? 0) <= top && from < tops.length) from++;
  const to = Math.max(from, pageAtOffset(tops, Math.max(top, bottom - 1)));
  return { from, to };
}
