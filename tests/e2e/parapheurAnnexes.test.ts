import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openApp, pdfBytes, startBuiltHost, tempDataDir } from './webHostHarness.js';

/**
 * A PDF filed with two annexes into a predefined circuit that accepts ZIP: the clerk picks the
 * main file on the circuit tile, adds the annexes in the deposit dialog, and the document leaves
 * as one `<main>.pdf.zip` (docs/providers/fast-parapheur.md#annexes), in the real UI through the web host.
 */

const circuitId = 'courrier-avec-annexes';
const timeScale = { GUICHET_SANDBOX_TIME_SCALE: '3600' };

let browser: Browser;
const dataDir = tempDataDir('guichet-e2e-parapheur-annexes-');

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const mainName = 'Arrêté travaux n°7.pdf';
const annexPdf = 'Plan de situation.pdf';
const annexText = 'Note de présentation.txt';
const notFiled = ['erreur', 'en_attente'];

describe('FAST Parapheur annexes in Chromium through the web host', () => {
  it('files one PDF with a PDF and a text annex into a circuit that accepts ZIP', async () => {
    const host = await startBuiltHost(dataDir, timeScale);
    try {
      const page = await openApp(browser, host.url);
      const pageErrors: string[] = [];
      page.on('pageerror', (e) => pageErrors.push(e.message));
      await page.getByTestId('nav-parapheur').click();
      await page.getByTestId(`circuit-tile-${circuitId}`).waitFor({ timeout: 20_000 });

      await page.getByTestId(`circuit-input-${circuitId}`).setInputFiles({ name: mainName, mimeType: 'application/pdf', buffer: pdfBytes(mainName) });
      const dialog = page.getByTestId('deposit-dialog');
      await dialog.waitFor();
      const main = dialog.locator(`[data-testid="file-check"][data-name="${mainName}"]`);
      await expect.poll(() => main.getAttribute('data-accepted'), { timeout: 15_000 }).toBe('true');

      // One PDF on a circuit that accepts ZIP: the annexes section is offered, reachable by keyboard.
      const section = dialog.getByTestId('deposit-annexes');
      await section.waitFor();
      const add = section.getByTestId('deposit-annex-add');
      expect(await add.isEnabled()).toBe(true);
      expect(await add.innerText()).toMatch(/Ajouter des annexes/);

      await section.getByTestId('deposit-annex-input').setInputFiles([
        { name: annexPdf, mimeType: 'application/pdf', buffer: pdfBytes(annexPdf) },
        { name: annexText, mimeType: 'text/plain', buffer: Buffer.from('Objet : réfection de la voirie, rue des Écoles.\n', 'utf8') },
      ]);
      const annexes = section.getByTestId('deposit-annex');
      await expect.poll(() => annexes.count(), { timeout: 15_000 }).toBe(2);
      for (const name of [annexPdf, annexText]) {
        await expect.poll(() => section.locator(`[data-testid="deposit-annex"][data-name="${name}"]`).getAttribute('data-accepted'), { timeout: 15_000 }).toBe('true');
      }
      // The main file now leaves as `<main>.pdf.zip` (said under « Détails techniques »).
      await expect.poll(async () => (await dialog.getByTestId('deposit-technical').textContent()) ?? '', { timeout: 15_000 }).toMatch(/\.pdf\.zip/);
      expect(await dialog.getByTestId('deposit-preview-annexes').innerText()).toMatch(/2 annexes/);

      await dialog.getByTestId('deposit-label').fill('Travaux rue des Écoles');
      const submit = dialog.getByTestId('deposit-submit');
      await expect.poll(() => submit.isEnabled(), { timeout: 15_000 }).toBe(true);
      await submit.click();
      await dialog.waitFor({ state: 'detached', timeout: 15_000 });

      await page.locator('#parapheur-tab-documents').click();
      const row = page.locator(`[data-testid="document-row"][data-name="${mainName}"]`);
      await expect
        .poll(async () => ((await row.count()) ? String(await row.getAttribute('data-phase')) : 'en_attente'), { timeout: 60_000, interval: 500 })
        .not.toMatch(new RegExp(`^(${notFiled.join('|')})$`));
      // One document in the list: the annexes travelled inside it, not as documents of their own.
      expect(await page.locator('[data-testid="document-row"]').count()).toBe(1);
      expect(await page.locator(`[data-testid="document-row"][data-name="${annexPdf}"]`).count()).toBe(0);
      expect(await page.locator(`[data-testid="document-row"][data-name="${annexText}"]`).count()).toBe(0);
      // The detail lists the annexes that went with it, each one downloadable.
      await row.locator('button').first().click();
      const detail = page.getByTestId('document-detail').first();
      const deposited = detail.getByTestId('document-annexes');
      await deposited.waitFor({ timeout: 15_000 });
      expect(await deposited.getByTestId('document-annex').count()).toBe(2);
      // Under the clerk's own names, not the provider-safe ones used inside the ZIP.
      expect(await deposited.getByTestId('document-annex').evaluateAll((els) => els.map((e) => e.getAttribute('data-name')))).toEqual([annexPdf, annexText]);
      expect(await deposited.locator(`[data-testid="document-annex"][data-name="${annexText}"] a[download]`).getAttribute('download')).toBe(annexText);
      expect(pageErrors).toEqual([]);
      await page.context().close();
    } finally {
      await host.stop();
    }
  }, 120_000);
});
