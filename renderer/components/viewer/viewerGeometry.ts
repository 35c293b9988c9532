/** PDF units are points (1/72 in); CSS pixels are 1/96 in: "100 %" shows the page at its printed size. */
export function pdfToCss(points: number): number {
  return (points * 96) / 72;
}

export const zoomSteps = [0.25, 0.5, 0.67, 0.75, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2, 2.5, 3, 4] as const;
const minScale = zoomSteps[0];
const maxScale = zoomSteps[zoomSteps.length - 1]!;

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

/** Scale at which a page of `pageWidthPt` points fills `available` CSS pixels, margins kept. */
export function fitWidthScale(available: number, pageWidthPt: number, margin = 48): number {
  if (!(available > margin) || !(pageWidthPt > 0)) return 1;
  return clampScale((available - margin) / pdfToCss(pageWidthPt));
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
