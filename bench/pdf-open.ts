// Opening a 500-page PDF in Guichet's viewer against pdf.js's own PDFViewer (set up as in pdf.js's
// components example), same file, same static server, same Chromium run, alternating: time to the
// first rendered page, then to page 400 after a jump, and the renderer's memory once page 400 shows.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import react from '@vitejs/plugin-react';
import { build } from 'vite';
import { chromium, type Browser } from 'playwright-core';
import { benchRoot, median, writeResult } from './_results.js';
import { longReportPdf } from '../tests/e2e/pdfFixtures.js';

const runs = Number(process.env.PDF_OPEN_RUNS) || 5;
const pageCount = 500;
const targetPage = 400;
type Which = 'ours' | 'pdfjs';

interface Run {
  firstPageMs: number;
  page400Ms: number;
  rendererPssMB: number;
  jsHeapMB: number;
  /** Page 400's canvases once drawn: bitmap size (device pixels) and shown size (CSS pixels), devicePixelRatio. */
  canvases: string;
}

/** Process ids of Chromium's renderer processes. */
async function rendererPids(browser: Browser): Promise<number[]> {
  const session = await browser.newBrowserCDPSession();
  const { processInfo } = (await session.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
  await session.detach();
  return processInfo.filter((p) => p.type === 'renderer').map((p) => p.id);
}

/**
 * Memory of the renderer processes started for this page, in MB: their proportional set size (Linux
 * smaps_rollup Pss), so the pages shared with Chromium's other processes count once, not in each.
 */
async function rendererRss(browser: Browser, before: Set<number>): Promise<number> {
  let kb = 0;
  for (const pid of (await rendererPids(browser)).filter((p) => !before.has(p))) {
    try {
      const m = /^Pss:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
      kb += Number(m?.[1] ?? 0);
    } catch {
      // The process ended meanwhile.
    }
  }
  return kb / 1024;
}

async function measure(browser: Browser, origin: string, which: Which): Promise<Run> {
  const before = new Set(await rendererPids(browser));
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'fr-FR' });
  const page = await context.newPage();
  try {
    await page.goto(`${origin}/index.html?viewer=${which}`);
    await page.waitForFunction(() => window.bench?.first !== null && window.bench?.first !== undefined, undefined, { timeout: 120_000 });
    const firstPageMs = await page.evaluate(() => window.bench.first!);
    // PDF_OPEN_PROFILE=<folder>: a CPU profile of each jump (Chrome DevTools' .cpuprofile), to see where its time goes.
    const prof = process.env.PDF_OPEN_PROFILE ? await context.newCDPSession(page) : null;
    if (prof) {
      await prof.send('Profiler.enable');
      await prof.send('Profiler.setSamplingInterval', { interval: 200 });
      await prof.send('Profiler.start');
    }
    const page400Ms = await page.evaluate(
      (target) =>
        new Promise<number>((resolve) => {
          window.addEventListener('bench-target', (e) => resolve((e as CustomEvent<number>).detail), { once: true });
          window.bench.jump(target);
        }),
      targetPage,
    );
    if (prof) {
      const { profile } = (await prof.send('Profiler.stop')) as { profile: unknown };
      fs.writeFileSync(path.join(process.env.PDF_OPEN_PROFILE!, `${which}-${Date.now()}.cpuprofile`), JSON.stringify(profile));
    }
    const canvases = await page.evaluate((target) => {
      const list = [...document.querySelectorAll<HTMLCanvasElement>(`[data-page-number="${target}"] canvas, canvas[data-page-number="${target}"]`)];
      const shown = list.map((c) => `${c.width}×${c.height} in ${Math.round(c.getBoundingClientRect().width)}×${Math.round(c.getBoundingClientRect().height)}`);
      return `${shown.join(', ')} (dpr ${window.devicePixelRatio}, screen ${screen.availWidth}×${screen.availHeight})`;
    }, targetPage);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
    const jsHeapMB = (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0) / 1024 / 1024;
    const rendererPssMB = await rendererRss(browser, before);
    return { firstPageMs, page400Ms, rendererPssMB, jsHeapMB, canvases };
  } finally {
    await context.close();
  }
}

const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdf-open-'));
await build({
  root: path.join(benchRoot, 'bench', 'baseline', 'pdf-open'),
  base: './',
  logLevel: 'error',
  plugins: [react()],
  build: { outDir, emptyOutDir: true, target: 'es2022', assetsInlineLimit: 0, modulePreload: { polyfill: false } },
});
fs.writeFileSync(path.join(outDir, 'report.pdf'), longReportPdf(pageCount, targetPage));

const server = spawn(process.execPath, [path.join(benchRoot, 'bench', 'baseline', 'serveStatic.mjs'), outDir], { stdio: ['ignore', 'pipe', 'inherit'] });
const origin = await new Promise<string>((resolve, reject) => {
  let out = '';
  server.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
    if (m) resolve(m[1]!);
  });
  server.on('exit', (code) => reject(new Error(`static server exited ${code}`)));
});

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const results: Record<Which, Run[]> = { ours: [], pdfjs: [] };
try {
  // One unmeasured open of each warms the disk cache and Chromium's code caches alike.
  await measure(browser, origin, 'ours');
  await measure(browser, origin, 'pdfjs');
  for (let i = 0; i < runs; i++) {
    for (const which of i % 2 === 0 ? (['ours', 'pdfjs'] as const) : (['pdfjs', 'ours'] as const)) results[which].push(await measure(browser, origin, which));
  }
} finally {
  await browser.close();
  server.kill('SIGTERM');
  fs.rmSync(outDir, { recursive: true, force: true });
}

const med = (which: Which, key: Exclude<keyof Run, 'canvases'>) => Math.round(median(results[which].map((r) => r[key])));
const value = med('ours', 'firstPageMs');
const baseline = med('pdfjs', 'firstPageMs');
const ours400 = med('ours', 'page400Ms');
const base400 = med('pdfjs', 'page400Ms');
writeResult({
  name: 'pdf-open',
  value,
  unit: 'ms',
  baseline,
  ratio: Number((value / baseline).toFixed(2)),
  metric: `time to the first rendered page of a ${pageCount}-page PDF (median of ${runs}), opened as a clerk's click does (the viewer store, then its host), the viewer's code and pdf.js loaded on demand included (React, catalogues, styles and the viewer's host already there, as in the running app)`,
  baselineName: 'pdf.js PDFViewer (pdfjs-dist/web/pdf_viewer.mjs) set up as in its components example, same file, server and Chromium',
  goal: 'ratio ≤ 1.1 (first page and page 400); renderer memory < 400 MB',
  page400: { value: ours400, baseline: base400, ratio: Number((ours400 / base400).toFixed(2)), unit: 'ms', metric: `from the jump (page number typed, Enter) to page ${targetPage}'s canvas drawn: ours when its render task ends (the canvas's data-rendered), pdf.js at its pagerendered event; in both the text layer follows, in ours the page counter too (a frame later)`,
    // Both viewers must draw the same bitmap (scale, devicePixelRatio, canvas cap) for the times to compare.
    canvas: { ours: results.ours.at(-1)?.canvases, pdfjs: results.pdfjs.at(-1)?.canvases, metric: `page ${targetPage}'s canvases once drawn: bitmap (device pixels) in shown size (CSS pixels)` } },
  rendererMemoryMB: { value: med('ours', 'rendererPssMB'), baseline: med('pdfjs', 'rendererPssMB'), metric: 'proportional set size (Linux Pss) of the page\'s renderer processes once page 400 shows, pdf.js worker included' },
  jsHeapMB: { value: med('ours', 'jsHeapMB'), baseline: med('pdfjs', 'jsHeapMB') },
  runs: { ours: results.ours.map(({ canvases: _, ...r }) => r), pdfjs: results.pdfjs.map(({ canvases: _, ...r }) => r) },
  viewport: '1366×768, fit to width',
});
