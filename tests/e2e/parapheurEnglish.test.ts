import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { dropFiles, launchChromium, openApp, pdfBytes, startBuiltHost, tempDataDir } from './webHostHarness.js';

/**
 * A clerk working in English files what FAST Parapheur cannot take: every reason the deposit check
 * gives (main's catalogue entries, worded by the page) reads in English, and no French sentence from
 * main reaches the screen.
 */

const circuitId = 'courrier-visa-signature';
/** Words only main's old French sentences used (the circuits' own names, FAST's data, use none). */
const frenchFromMain = /fichier|vide|octet|refusé|exécutable|programme|n’accepte|déposé|dépôt|ce circuit|[«»]/i;

let browser: Browser;
const dataDir = tempDataDir('guichet-e2e-parapheur-en-');

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Opens the app and switches the interface to English, as the clerk does in Settings. */
async function openInEnglish(url: string): Promise<Page> {
  const page = await openApp(browser, url);
  await page.getByTestId('nav-reglages').click();
  await page.getByTestId('settings-locale').selectOption('en');
  await page.getByTestId('settings-save').click();
  await page.getByText('Settings saved').first().waitFor();
  expect(await page.getAttribute('html', 'lang')).toBe('en');
  return page;
}

describe('FAST Parapheur in English', () => {
  it('refuses an empty PDF, a text file and a program with English reasons, and no French', { timeout: 120_000 }, async () => {
    const host = await startBuiltHost(dataDir);
    try {
      const page = await openInEnglish(host.url);

      await page.getByTestId('nav-parapheur').click();
      await page.getByTestId(`circuit-tile-${circuitId}`).waitFor({ timeout: 20_000 });
      await dropFiles(page, `circuit-tile-${circuitId}`, [
        { name: 'empty.pdf', type: 'application/pdf', bytes: Buffer.alloc(0) },
        { name: 'notes.txt', type: 'text/plain', bytes: Buffer.from('Minutes of the council\n') },
        { name: 'setup.exe', type: 'application/x-msdownload', bytes: Buffer.concat([Buffer.from('MZ\x90\x00'), Buffer.alloc(400, 7)]) },
        { name: 'fake.pdf', type: 'application/pdf', bytes: Buffer.from('not a PDF at all, only text named .pdf') },
        { name: 'letter.pdf', type: 'application/pdf', bytes: pdfBytes('letter') },
      ]);

      const dialog = page.getByTestId('deposit-dialog');
      await dialog.waitFor();
      const check = (name: string) => dialog.locator(`[data-testid="file-check"][data-name="${name}"]`);
      await expect.poll(() => dialog.getByTestId('file-check').count(), { timeout: 15_000 }).toBe(5);
      await expect.poll(() => check('letter.pdf').getAttribute('data-accepted'), { timeout: 15_000 }).toBe('true');
      const reason = (name: string) => check(name).getByTestId('file-check-reason').innerText();
      expect(await reason('empty.pdf')).toBe('The file is empty (0 bytes).');
      expect(await reason('notes.txt')).toBe('Format refused: this circuit only accepts PDF.');
      expect(await reason('setup.exe')).toMatch(/^Programs \(\.exe and other executables\) are never filed/);
      expect(await reason('fake.pdf')).toMatch(/^The content of this file is not a valid PDF, despite its extension/);

      // The whole dialog: the reasons, the summary, the buttons.
      expect(await dialog.innerText()).not.toMatch(frenchFromMain);
      await page.context().close();
    } finally {
      await host.stop();
    }
  });

  it('a filing FAST refuses tells why in English, in the document and in its on-demand circuit’s name', { timeout: 120_000 }, async () => {
    const host = await startBuiltHost(dataDir);
    try {
      const page = await openInEnglish(host.url);
      await page.getByTestId('nav-parapheur').click();
      const card = page.getByTestId('circuit-tile-ondemand');
      await card.waitFor({ timeout: 20_000 });
      await card.getByTestId('ondemand-type').selectOption('BUREAUTIQUE_PDF');
      await expect.poll(() => card.getByTestId('ondemand-step').count()).toBe(2);
      // A well-formed address with no FAST account: only FAST can tell (error 119).
      const steps = card.getByTestId('ondemand-step');
      await steps.nth(0).getByTestId('ondemand-step-kind').selectOption('visa');
      await steps.nth(0).getByTestId('ondemand-step-members').fill('alice.martin@mairie-exemple.fr');
      await steps.nth(1).getByTestId('ondemand-step-kind').selectOption('signature');
      await steps.nth(1).getByTestId('ondemand-step-members').fill('nobody@example.org');
      await card.getByTestId('ondemand-input').setInputFiles({ name: 'contract.pdf', mimeType: 'application/pdf', buffer: pdfBytes('contract') });

      const dialog = page.getByTestId('deposit-dialog');
      await dialog.waitFor({ timeout: 15_000 });
      await expect.poll(() => dialog.locator('[data-testid="file-check"][data-name="contract.pdf"]').getAttribute('data-accepted'), { timeout: 15_000 }).toBe('true');
      await dialog.getByTestId('deposit-label').fill('Partnership agreement');
      const submit = dialog.getByTestId('deposit-submit');
      await expect.poll(() => submit.isEnabled(), { timeout: 15_000 }).toBe(true);
      await submit.click();
      await dialog.waitFor({ state: 'detached', timeout: 15_000 });

      await page.locator('#parapheur-tab-documents').click();
      const row = page.locator('[data-testid="document-row"][data-name="contract.pdf"]');
      await expect.poll(async () => ((await row.count()) ? await row.getAttribute('data-phase') : ''), { timeout: 60_000, interval: 500 }).toBe('erreur');
      expect(await row.innerText()).toContain('On-demand circuit');
      await row.locator('button').first().click();
      const detail = page.getByTestId('document-detail').first();
      const note = detail.getByTestId('document-last-error');
      await note.waitFor({ timeout: 15_000 });
      expect(await note.innerText()).toBe(
        'FAST Parapheur refused the circuit: one of the circuit’s members is wrong or has no FAST account (error 119). Correct the circuit, then file again.',
      );
      expect(await row.innerText()).not.toMatch(frenchFromMain);
      expect(await note.innerText()).not.toMatch(frenchFromMain);
      await page.context().close();
    } finally {
      await host.stop();
    }
  });
});
