import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { _electron as electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { projectRoot, tempDataDir } from './webHostHarness.js';

const require = createRequire(import.meta.url);

function electronBinary(): string | null {
  try {
    const p = require('electron') as unknown;
    return typeof p === 'string' && fs.existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
if (!binary) {
  console.warn(
    'Electron suite skipped: the Electron binary is not installed (ELECTRON_SKIP_BINARY_DOWNLOAD=1). ' +
      'It runs wherever `npm ci` could download Electron.',
  );
}

/** The built app on its own data folder, as a clerk starts it. */
function launchGuichet(dataDir: string) {
  return electron.launch({
    executablePath: binary!,
    args: [path.join(projectRoot, 'dist', 'main', 'app.cjs')],
    env: { ...process.env, GUICHET_DATA_DIR: dataDir } as Record<string, string>,
  });
}

async function readyWindow(app: Awaited<ReturnType<typeof launchGuichet>>) {
  const page = await app.firstWindow();
  await page.getByTestId('app-ready').waitFor({ timeout: 30_000 });
  return page;
}

describe.skipIf(!binary)('Guichet in Electron (Playwright _electron)', () => {
  it('opens one hardened window on app://guichet, in French, in Sandbox mode', async () => {
    const dataDir = tempDataDir('guichet-electron-');
    const app = await launchGuichet(dataDir);
    try {
      const page = await readyWindow(app);
      expect(page.url()).toMatch(/^app:\/\/guichet\//);
      expect(await page.getAttribute('html', 'lang')).toBe('fr');
      await expect(page.getByTestId('sandbox-banner').isVisible()).resolves.toBe(true);
      // The page has no Node and no ipcRenderer: only the contract object.
      const globals = await page.evaluate(() => ({
        require: typeof (window as unknown as { require?: unknown }).require,
        process: typeof (window as unknown as { process?: unknown }).process,
        guichetKeys: Object.keys((window as unknown as { guichet: object }).guichet).sort(),
      }));
      expect(globals.require).toBe('undefined');
      expect(globals.process).toBe('undefined');
      expect(globals.guichetKeys).toEqual(['blobUrl', 'host', 'invoke', 'on', 'stageFiles']);
      // Navigation away and new windows are refused.
      await page.evaluate(() => window.open('https://example.org'));
      expect(app.windows()).toHaveLength(1);
      const prefs = await app.evaluate(({ BrowserWindow }) => {
        const w = BrowserWindow.getAllWindows()[0]!;
        // getLastWebPreferences exists at run time but is missing from Electron 41's typings.
        const wc = w.webContents as unknown as { getLastWebPreferences(): Record<string, unknown> | null };
        const p = wc.getLastWebPreferences();
        return { contextIsolation: p?.contextIsolation, sandbox: p?.sandbox, nodeIntegration: p?.nodeIntegration };
      });
      expect(prefs).toEqual({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    } finally {
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
  it('registers only files the clerk really picked: never a path the page names', async () => {
    const dataDir = tempDataDir('guichet-electron-');
    const picked = path.join(tempDataDir('guichet-electron-pick-'), 'délibération.pdf');
    fs.writeFileSync(picked, '%PDF-1.4\n%%EOF\n');
    const app = await launchGuichet(dataDir);
    try {
      const page = await readyWindow(app);
      type Api = { invoke(c: string, r: unknown): Promise<unknown>; stageFiles(f: File[]): Promise<{ name: string }[]> };
      // An injected script names a path: the generic invoke has no channel for it.
      const named = await page.evaluate(async () => {
        const api = (window as unknown as { guichet: Api }).guichet;
        const attempts = [
          api.invoke('files.registerPath', { path: '/etc/passwd' }),
          api.invoke('files.registerDroppedPath', { path: '/etc/passwd' }),
          // A File the page built itself has no path on the disk.
          api.stageFiles([new File(['root:x:0:0'], '/etc/passwd')]),
        ];
        return Promise.all(attempts.map((p) => p.then(() => 'accepted', (e: { code?: string }) => e.code ?? 'error')));
      });
      expect(named).toEqual(['IPC_UNKNOWN_CHANNEL', 'IPC_UNKNOWN_CHANNEL', 'FILE_REJECTED']);
      // A file picked through a real <input type=file> is registered.
      await page.evaluate(() => {
        const input = document.createElement('input');
        input.type = 'file';
        input.id = 'e2e-pick';
        input.hidden = true;
        document.body.append(input);
      });
      await page.setInputFiles('#e2e-pick', picked);
      const refs = await page.evaluate(async () => {
        const input = document.getElementById('e2e-pick') as HTMLInputElement;
        return (window as unknown as { guichet: Api }).guichet.stageFiles([...(input.files ?? [])]);
      });
      expect(refs).toMatchObject([{ name: 'délibération.pdf' }]);
    } finally {
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
      fs.rmSync(path.dirname(picked), { recursive: true, force: true });
    }
  });
});
