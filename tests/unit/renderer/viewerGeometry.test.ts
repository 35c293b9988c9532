import { describe, expect, it } from 'vitest';
import { cssSizes, fitPageScale, fitWidthScale, pageAtOffset, pageTops, pagesInView, parsePageNumber, rotateBy, scaleOf } from '../../../renderer/components/viewer/viewerGeometry.js';

const a4 = { width: 595, height: 842 };
const a4Landscape = { width: 842, height: 595 };

describe('viewer geometry', () => {
  it('places each page from its own size, so a landscape page in a portrait document takes its real height', () => {
    const css = cssSizes([a4, a4Landscape, a4], 1, 0);
    expect(css[1]).toEqual({ width: 1122, height: 793 });
    const tops = pageTops(css.map((s) => s.height));
    expect(tops).toEqual([24, 24 + 1122 + 16, 24 + 1122 + 16 + 793 + 16]);
    expect(pageAtOffset(tops, tops[2]! + 5)).toBe(3);
  });

  it('turns pages a quarter at a time, width and height swapped', () => {
    expect(rotateBy(0, -90)).toBe(270);
    expect(rotateBy(270, 90)).toBe(0);
    expect(cssSizes([a4], 1, 90)[0]).toEqual(cssSizes([a4Landscape], 1, 0)[0]);
  });

  it('fits the width or the whole page in the area', () => {
    expect(fitWidthScale(1318, 595)).toBeCloseTo((1318 - 48) / ((595 * 96) / 72));
    const whole = fitPageScale(1318, 700, a4);
    expect(whole).toBeCloseTo((700 - 48) / ((842 * 96) / 72));
    expect(scaleOf({ mode: 'fixed', scale: 1.5 }, { width: 1318, height: 700 }, a4)).toBe(1.5);
  });

  it('tells which pages are in view, the gap between two pages showing neither', () => {
    const heights = [1000, 1000, 1000];
    const tops = pageTops(heights);
    // Scrolled to 8 px above page 2: page 1's bottom is above, only the gap and page 2 show.
    expect(pagesInView(tops, heights, tops[1]! - 8, tops[1]! - 8 + 700)).toEqual({ from: 2, to: 2 });
    expect(pagesInView(tops, heights, tops[0]! + 500, tops[0]! + 1200)).toEqual({ from: 1, to: 2 });
  });

  it('accepts only a page number of the document', () => {
    expect(parsePageNumber(' 400 ', 500)).toBe(400);
    expect(parsePageNumber('0', 500)).toBeNull();
    expect(parsePageNumber('501', 500)).toBeNull();
    expect(parsePageNumber('4a', 500)).toBeNull();
  });
});
