import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropFiles, launchChromium, openApp, pdfBytes, startBuiltHost, tempDataDir } from './webHostHarness.js';

/**
 * The clerk's whole FAST Parapheur journey in the real UI, through the web host, against the
 * mTLS simulator: drop, refusal of what cannot go, progress to "signé", the signed PDF opened in
 * pdf.js, and everything still there after the host restarts.
 */

const circuitId = 'courrier-visa-signature';
// 1 real second = 1 simulated hour: the simulator's 20-minute steps and the 30-minute polling
// rule then take a fraction of a second, with the provider's rules applied unchanged.
const timeScale = { GUICHET_SANDBOX_TIME_SCALE: '3600' };

let browser: Browser;
const dataDir = tempDataDir('guichet-e2e-parapheur-');

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const signedPhases = ['signe', 'classe', 'archive'];
const names = ['Arrêté voirie n°12.pdf', 'Délibération (budget) 2026.pdf', 'courrier été.pdf'];

describe('FAST Parapheur in Chromium through the web host', () => {
  it('drops three PDFs and an .exe, refuses the .exe, follows the three to "signé", opens one, finds them after a restart', async () => {
    const host = await startBuiltHost(dataDir, timeScale);
    try {
      const page = await openApp(browser, host.url);
      const pageErrors: string[] = [];
      page.on('pageerror', (e) => pageErrors.push(e.message));
      await page.getByTestId('nav-parapheur').click();
      const tile = page.getByTestId(`circuit-tile-${circuitId}`);
      await tile.waitFor({ timeout: 20_000 });

      await dropFiles(page, `circuit-tile-${circuitId}`, [
        ...names.map((name) => ({ name, type: 'application/pdf', bytes: pdfBytes(name) })),
        { name: 'setup.exe', type: 'application/x-msdownload', bytes: Buffer.concat([Buffer.from('MZ\x90\x00'), Buffer.alloc(400, 7)]) },
      ]);

      const dialog = page.getByTestId('deposit-dialog');
      await dialog.waitFor();
      const checks = dialog.getByTestId('file-check');
      await expect.poll(() => checks.count(), { timeout: 15_000 }).toBe(4);
      const exe = dialog.locator('[data-testid="file-check"][data-name="setup.exe"]');
      await expect.poll(() => exe.getAttribute('data-accepted')).toBe('false');
      // The reason is said in French, next to the file.
      expect(await exe.innerText()).toMatch(/exécutable|programme|format/i);
      for (const name of names) expect(await dialog.locator(`[data-testid="file-check"][data-name="${name}"]`).getAttribute('data-accepted')).toBe('true');

      await dialog.getByTestId('deposit-label').fill('Conseil du 12 novembre');
      await dialog.getByTestId('deposit-submit').click();
      // The files are taken into the outbox (copied, hashed) before the dialog closes: slower on a loaded machine.
      await dialog.waitFor({ state: 'detached', timeout: 40_000 });

      await page.locator('#parapheur-tab-documents').click();
      const row = (name: string) => page.locator(`[data-testid="document-row"][data-name="${name}"]`);
      for (const name of names) {
        // Signed, then possibly already classified by the simulator's secretariat: both are "signé" for the clerk.
        await expect.poll(async () => signedPhases.includes((await row(name).count()) ? String(await row(name).getAttribute('data-phase')) : ''), { timeout: 60_000, interval: 500 }).toBe(true);
      }
      // Only the three PDFs were filed: the .exe never left the machine.
      expect(await page.locator('[data-testid="document-row"][data-name="setup.exe"]').count()).toBe(0);

      // Open the signed PDF in the built-in viewer: pdf.js paints a page.
      await row(names[0]!).locator('button').first().click();
      const detail = page.getByTestId('document-detail').first();
      await detail.waitFor();
      // The timeline shows the signature itself.
      await expect.poll(() => detail.getByTestId('history-entry').filter({ hasText: /Signé/ }).count(), { timeout: 20_000 }).toBeGreaterThan(0);
      const openSigned = detail.getByTestId('document-open-signed');
      await expect.poll(() => openSigned.isEnabled(), { timeout: 30_000 }).toBe(true);
      await openSigned.click();
      const pdfPage = page.getByTestId('pdf-page').first();
      await pdfPage.waitFor({ timeout: 30_000 });
      await expect
        .poll(() => pdfPage.evaluate((el) => (el instanceof HTMLCanvasElement ? el : el.querySelector('canvas'))?.width ?? 0), { timeout: 20_000 })
        .toBeGreaterThan(100);
      expect(await page.getByTestId('pdf-error').count()).toBe(0);
      expect(pageErrors).toEqual([]);
      await page.context().close();
    } finally {
      await host.stop();
    }

    // Same data folder, new host: the three documents and their state are still there.
    const again = await startBuiltHost(dataDir, timeScale);
    try {
      const page = await openApp(browser, again.url);
      await page.getByTestId('nav-parapheur').click();
      await page.locator('#parapheur-tab-documents').click();
      for (const name of names) {
        const row = page.locator(`[data-testid="document-row"][data-name="${name}"]`);
        await row.waitFor({ timeout: 20_000 });
        expect(signedPhases).toContain(await row.getAttribute('data-phase'));
      }
      await page.context().close();
    } finally {
      await again.stop();
    }
  }, 180_000);
});
