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

describe.skipIf(!binary)('Guichet in Electron (Playwright _electron)', () => {
  it('opens one hardened window on app://guichet, in French, in Sandbox mode', async () => {
    const dataDir = tempDataDir('guichet-electron-');
    const app = await electron.launch({
      executablePath: binary!,
      args: [path.join(projectRoot, 'dist', 'main', 'app.cjs')],
      env: { ...process.env, GUICHET_DATA_DIR: dataDir } as Record<string, string>,
    });
    try {
      const page = await app.firstWindow();
      await page.getByTestId('app-ready').waitFor({ timeout: 30_000 });
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
});
