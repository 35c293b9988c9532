import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const projectRoot = path.resolve(import.meta.dirname, '..', '..');
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function tempDataDir(prefix = 'guichet-e2e-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface RunningHost {
  url: string;
  origin: string;
  token: string;
  output: () => string;
  stop(): Promise<void>;
}

/**
 * Starts Guichet exactly as `npm start` does on a machine without Electron (the built launcher),
 * with its own data folder, and waits for the printed link.
 */
export async function startBuiltHost(dataDir: string, extraEnv: Record<string, string> = {}): Promise<RunningHost> {
  const launcher = path.join(projectRoot, 'dist', 'main', 'start.mjs');
  if (!fs.existsSync(launcher)) throw new Error('dist/main/start.mjs is missing: run `npm run build` first');
  const child: ChildProcess = spawn(process.execPath, [launcher], {
    cwd: projectRoot,
    env: { ...process.env, GUICHET_DATA_DIR: dataDir, GUICHET_NO_BROWSER: '1', GUICHET_FORCE_WEB: '1', GUICHET_PORT: '0', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start:\n${out}`)), 30_000);
    const check = () => {
      const m = /Guichet est prêt : (http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`host exited (${code}):\n${out}`));
    });
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token')!,
    output: () => out,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function openApp(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'fr-FR', acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(url);
  await page.getByTestId('app-ready').waitFor({ timeout: 20_000 });
  return page;
}
