import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openApp, startBuiltHost, tempDataDir } from './webHostHarness.js';

let browser: Browser;
const dataDirs: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  for (const d of dataDirs) fs.rmSync(d, { recursive: true, force: true });
});

/** Words only main's old French sentences used: none may reach an English page. */
const frenchFromMain = /Connexion réussie|Aucun certificat|injoignable|Réglages modifiés|Certificat de test|importé|enregistré|système/i;

describe('the English interface shows no French from main', () => {
  it('connection verdicts, errors and journal entries are written in English', { timeout: 120_000 }, async () => {
    const dataDir = tempDataDir();
    dataDirs.push(dataDir);
    const host = await startBuiltHost(dataDir);
    try {
      const page = await openApp(browser, host.url);
      await page.getByTestId('nav-reglages').click();
      await page.getByTestId('settings-locale').selectOption('en');
      await page.getByTestId('settings-save').click();
      await page.getByText('Settings saved').first().waitFor();
      expect(await page.getAttribute('html', 'lang')).toBe('en');

      // Sandbox: main's success verdict, in English.
      await page.getByTestId('settings-tab-parapheur').click();
      await page.getByTestId('test-connection-parapheur').click();
      const result = page.getByTestId('test-connection-result-parapheur');
      await expect.poll(() => result.getAttribute('data-state'), { timeout: 60_000 }).toBe('success');
      expect(await result.textContent()).toMatch(/Connection succeeded: FAST Parapheur accepts your certificate for SIREN \d{9}\./);

      // A custom address without a certificate: main's refusal, in English.
      await page.getByTestId('settings-parapheur-environment').selectOption('custom');
      await page.getByTestId('settings-parapheur-custom-base-url').fill('https://127.0.0.1:9/parapheur-ws/rest/v1/');
      await page.getByTestId('settings-save').click();
      await page.getByText('Settings saved').first().waitFor();
      await page.getByTestId('test-connection-parapheur').click();
      await expect.poll(() => result.getAttribute('data-state'), { timeout: 60_000 }).toBe('failure');
      const failure = (await result.textContent()) ?? '';
      expect(failure).toMatch(/No FAST certificate is imported: add your \.p12 file in Settings › FAST Parapheur\./);
      expect(failure).not.toMatch(frenchFromMain);

      // The journal: readable English, no raw action codes.
      await page.getByTestId('nav-journal').click();
      const list = page.getByTestId('journal-list');
      await list.getByText('Settings changed').first().waitFor();
      const journal = (await list.textContent()) ?? '';
      expect(journal).toContain('FAST simulator test certificate imported into the vault');
      expect(journal).toContain('Clerk');
      expect(journal).not.toMatch(/settings\.update|parapheur\.certificate\.sandbox|\bagent\b/);
      expect(journal).not.toMatch(frenchFromMain);
    } finally {
      await host.stop();
    }
  });
});
