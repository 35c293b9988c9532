// Cold start of the web host to the renderer's first interactive frame in Chromium (median of 5),
// against a bare Vite-built React page served by a plain Node process the same way.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'vite';
import { chromium, type Browser } from 'playwright-core';
import { benchRoot, median, writeResult } from './_results.js';

const runs = 5;

/** Where one start spent its time, in ms: host process to listening, then page milestones from navigation start. */
interface StartTrace {
  hostListening: number;
  documentResponse: number;
  scriptsEvaluated: number;
  sessionAnswered: number | null;
  /** The host's first answers in the page (user-timing mark of renderer/app/hostSession.ts). */
  firstAnswers: number | null;
  /** The shell committed (mark of renderer/app/AppShell.tsx). */
  shellCommitted: number | null;
  interactive: number;
}

async function timeToInteractive(browser: Browser, command: string[], env: Record<string, string>): Promise<{ elapsed: number; trace: StartTrace }> {
  const t0 = performance.now();
  let listeningAt = 0;
  const child = spawn(process.execPath, command, { cwd: benchRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /Guichet est prêt : (\S+)/.exec(out);
        if (m) {
          listeningAt = performance.now() - t0;
          resolve(m[1]!);
        }
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    // The printed link holds a one-time code: one page per start of the host, which trades it for its session cookie.
    const page = await browser.newPage();
    await page.goto(url);
    await page.getByTestId('app-ready').waitFor();
    // The first frame painted once the app is ready to take input.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
    const elapsed = performance.now() - t0;
    const milestones = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      const session = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).find((e) => e.name.endsWith('/session'));
      const mark = (name: string) => performance.getEntriesByName(name, 'mark')[0]?.startTime ?? null;
      return {
        firstAnswers: mark('guichet:first-answers'),
        shellCommitted: mark('guichet:shell'),
        documentResponse: nav.responseStart,
        scriptsEvaluated: nav.domContentLoadedEventEnd,
        sessionAnswered: session ? session.responseEnd : null,
        interactive: performance.now(),
      };
    });
    await page.close();
    const round = (v: number | null) => (v === null ? null : Math.round(v));
    return {
      elapsed,
      trace: {
        hostListening: Math.round(listeningAt),
        documentResponse: Math.round(milestones.documentResponse),
        scriptsEvaluated: Math.round(milestones.scriptsEvaluated),
        sessionAnswered: round(milestones.sessionAnswered),
        firstAnswers: round(milestones.firstAnswers),
        shellCommitted: round(milestones.shellCommitted),
        interactive: Math.round(milestones.interactive),
      },
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const helloOut = fs.mkdtempSync(path.join(os.tmpdir(), 'hello-'));
await build({
  root: path.join(benchRoot, 'bench', 'baseline', 'hello'),
  base: './',
  logLevel: 'error',
  build: { outDir: helloOut, emptyOutDir: true },
});
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'guichet-startup-'));
const guichetEnv = { GUICHET_DATA_DIR: dataDir, GUICHET_FORCE_WEB: '1', GUICHET_NO_BROWSER: '1', GUICHET_PORT: '0' };
// One unmeasured start creates the data folder and the sandbox's test PKI (a first-install cost).
await timeToInteractive(browser, ['dist/main/start.mjs'], guichetEnv);

const ours: number[] = [];
const baseline: number[] = [];
const ourTraces: StartTrace[] = [];
const baselineTraces: StartTrace[] = [];
for (let i = 0; i < runs; i++) {
  const run = await timeToInteractive(browser, ['dist/main/start.mjs'], guichetEnv);
  ours.push(run.elapsed);
  ourTraces.push(run.trace);
  const bare = await timeToInteractive(browser, [path.join(benchRoot, 'bench', 'baseline', 'serveStatic.mjs'), helloOut], {});
  baseline.push(bare.elapsed);
  baselineTraces.push(bare.trace);
}

/** Median of each milestone over the runs. */
function medianTrace(traces: StartTrace[]) {
  const keys = Object.keys(traces[0]!) as (keyof StartTrace)[];
  return Object.fromEntries(keys.map((k) => [k, traces.some((t) => t[k] === null) ? null : Math.round(median(traces.map((t) => t[k] as number)))]));
}
await browser.close();
fs.rmSync(dataDir, { recursive: true, force: true });
fs.rmSync(helloOut, { recursive: true, force: true });

const value = Math.round(median(ours));
const base = Math.round(median(baseline));
writeResult({
  name: 'startup',
  value,
  unit: 'ms',
  baseline: base,
  ratio: Number((value / base).toFixed(2)),
  baselineName: 'bare Vite React page served by a plain Node static server (same launch and wait)',
  goal: 'ratio ≤ 1.5 and value < 1500 ms',
  runsMs: ours.map(Math.round),
  baselineRunsMs: baseline.map(Math.round),
  // What remains, phase by phase (medians; page milestones from navigation start). The bare page has no
  // session exchange, no bridge and no initial data: the gap after scriptsEvaluated is ours alone.
  trace: { ours: medianTrace(ourTraces), baseline: medianTrace(baselineTraces) },
});
