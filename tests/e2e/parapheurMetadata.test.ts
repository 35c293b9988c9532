import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openApp, pdfBytes, startBuiltHost, tempDataDir } from './webHostHarness.js';

/**
 * A contract sent for an SMS (OTP) signature with its metadata, in the real UI: the clerk fills
 * the metadata and the signer in the deposit dialog, and FAST's history shows the metadata
 * defined before the OTP information (docs/providers/fast-parapheur.md#metadata-and-otp).
 */

const circuitId = 'contrat-otp';
let browser: Browser;
const dataDir = tempDataDir('guichet-e2e-parapheur-metadata-');

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('FAST Parapheur metadata and OTP signer in Chromium', () => {
  it('sends the metadata, then the signer, and the history shows them in that order', async () => {
    const host = await startBuiltHost(dataDir, { GUICHET_SANDBOX_TIME_SCALE: '3600' });
    try {
      const page = await openApp(browser, host.url);
      const pageErrors: string[] = [];
      page.on('pageerror', (e) => pageErrors.push(e.message));
      await page.getByTestId('nav-parapheur').click();
      await page.getByTestId(`circuit-tile-${circuitId}`).waitFor({ timeout: 20_000 });
      const name = 'Contrat maintenance ascenseurs.pdf';
      await page.getByTestId(`circuit-input-${circuitId}`).setInputFiles({ name, mimeType: 'application/pdf', buffer: pdfBytes(name) });

      const dialog = page.getByTestId('deposit-dialog');
      await dialog.waitFor();
      await expect.poll(() => dialog.locator(`[data-testid="file-check"][data-name="${name}"]`).getAttribute('data-accepted'), { timeout: 15_000 }).toBe('true');

      // Metadata: closed by default (only some circuits have a metadata step), one row once opened.
      await dialog.getByTestId('deposit-metadata-toggle').click();
      const row = dialog.getByTestId('deposit-metadata-row').first();
      await row.waitFor();
      // A name FAST cannot take is refused on the spot, and blocks the deposit.
      await row.getByTestId('deposit-metadata-name').fill('TEXT 001');
      await row.getByTestId('deposit-metadata-value').fill('Dossier 2026-118');
      await dialog.getByTestId('deposit-label').fill('Contrat ascenseurs');
      await expect.poll(() => dialog.getByTestId('deposit-submit').isEnabled()).toBe(false);
      await row.getByTestId('deposit-metadata-name').fill('TEXT_001');

      // The SMS signer: the circuit's OTP step already asks for one.
      expect(await dialog.getByTestId('deposit-otp-signer').count()).toBe(1);
      const signer = dialog.getByTestId('deposit-otp-signer').first();
      await signer.getByTestId('deposit-otp-firstName').fill('Camille');
      await signer.getByTestId('deposit-otp-lastName').fill('Exemple');
      // A number that cannot receive an SMS is marked on its field, and blocks the deposit.
      await signer.getByTestId('deposit-otp-phone').fill('06 12');
      await signer.getByTestId('deposit-otp-email').fill('Camille.Exemple@example.org');
      await signer.getByTestId('deposit-otp-phone-error').waitFor();
      expect(await signer.getByTestId('deposit-otp-phone').getAttribute('aria-invalid')).toBe('true');
      expect(await dialog.getByTestId('deposit-submit').isEnabled()).toBe(false);
      await signer.getByTestId('deposit-otp-phone').fill('06 12 34 56 78');
      expect(await signer.getByTestId('deposit-otp-phone-error').count()).toBe(0);

      const submit = dialog.getByTestId('deposit-submit');
      await expect.poll(() => submit.isEnabled(), { timeout: 15_000 }).toBe(true);
      await submit.click();
      // On failure, say what the dialog showed (an error, a check still running…): CI has no screen.
      await dialog.waitFor({ state: 'detached', timeout: 30_000 }).catch(async (error: unknown) => {
        throw new Error(`the deposit dialog stayed open: ${await dialog.innerText().catch(() => '?')}`, { cause: error });
      });

      await page.locator('#parapheur-tab-documents').click();
      const docRow = page.locator(`[data-testid="document-row"][data-name="${name}"]`);
      await docRow.waitFor({ timeout: 30_000 });
      await expect.poll(async () => String(await docRow.getAttribute('data-phase')), { timeout: 60_000, interval: 500 }).not.toMatch(/^(en_attente|erreur)$/);
      await docRow.locator('button').first().click();
      const detail = page.getByTestId('document-detail').first();
      await detail.waitFor();
      const entries = detail.getByTestId('history-entry');
      await expect.poll(async () => (await entries.allInnerTexts()).join('\n'), { timeout: 60_000, interval: 1000 }).toMatch(/Métadonnées définies[\s\S]*OTP/);
      expect(await detail.getByTestId('document-last-error').count()).toBe(0);
      // The detail shows what was sent: the metadata, and the signer as FAST received him (E.164, lower-case).
      await expect.poll(() => detail.getByTestId('document-followups-pending').count(), { timeout: 30_000 }).toBe(0);
      expect(await detail.getByTestId('document-metadata').innerText()).toMatch(/TEXT_001\s+Dossier 2026-118/);
      expect(await detail.getByTestId('document-otp-signer').innerText()).toBe('Camille Exemple +33612345678 · camille.exemple@example.org');

      // The next deposit into this circuit offers the same label and metadata names, values to fill in.
      await page.locator('#parapheur-tab-deposit').click();
      const second = 'Avenant contrat ascenseurs.pdf';
      await page.getByTestId(`circuit-input-${circuitId}`).setInputFiles({ name: second, mimeType: 'application/pdf', buffer: pdfBytes(second) });
      const next = page.getByTestId('deposit-dialog');
      await next.waitFor();
      expect(await next.getByTestId('deposit-label').inputValue()).toBe('Contrat ascenseurs');
      const offered = next.getByTestId('deposit-metadata-row').first();
      await offered.waitFor();
      expect(await offered.getByTestId('deposit-metadata-name').inputValue()).toBe('TEXT_001');
      expect(await offered.getByTestId('deposit-metadata-value').inputValue()).toBe('');
      await next.getByRole('button', { name: 'Annuler' }).click();
      await next.waitFor({ state: 'detached' });
      expect(pageErrors).toEqual([]);
      await page.context().close();
    } finally {
      await host.stop();
    }
  }, 150_000);
});
