import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openApp, startBuiltHost, tempDataDir } from './webHostHarness.js';

/**
 * Issue 8, « the English interface shows no French »: main sends catalogue keys, the renderer words
 * them in the clerk's language. Accented letters or common French words in what an English page
 * shows mean a sentence written by main slipped through.
 */
const french = /[éèàùçêâîôû]|\b(le|la|les|des|est|une|pas|vérifiez|réglages?|invalide|doit|chiffres|compte|renseign\w*)\b/i;

let browser: Browser;
const dataDirs: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  for (const d of dataDirs) fs.rmSync(d, { recursive: true, force: true });
});

async function switchToEnglish(page: Page) {
  await page.getByTestId('nav-reglages').click();
  await page.getByTestId('settings-locale').selectOption('en');
  await page.getByTestId('settings-save').click();
  await page.getByText('Settings saved').first().waitFor();
  expect(await page.getAttribute('html', 'lang')).toBe('en');
}

describe('the English interface, errors from main included', () => {
  it('words a settings validation error and an ID360 error in English, with no French', { timeout: 120_000 }, async () => {
    const dataDir = tempDataDir();
    dataDirs.push(dataDir);
    const host = await startBuiltHost(dataDir);
    try {
      const page = await openApp(browser, host.url);
      await switchToEnglish(page);

      // A SIREN of 9 digits passes the page's own check; main refuses its check digit and names the field.
      await page.getByTestId('settings-tab-parapheur').click();
      await page.getByTestId('settings-parapheur-environment').selectOption('preprod');
      await page.getByTestId('settings-parapheur-siren').fill('123456789');
      await page.getByTestId('settings-save').click();
      const sirenError = page.getByTestId('settings-parapheur-siren-error');
      await sirenError.waitFor();
      expect(await sirenError.textContent()).toBe('wrong check digit: check the SIREN (a typo?)');
      // Certificate subjects are data, shown as the authority wrote them (the sandbox CA's name is French).
      const panel = ((await page.getByTestId('settings-panel-parapheur').innerText()) ?? '')
        .split('\n')
        .filter((line) => !/^CN=/.test(line.trim()));
      expect(panel.filter((line) => french.test(line))).toEqual([]);
      // Nothing was saved: the page still offers the clerk's value to correct.
      expect(await page.getByTestId('settings-parapheur-siren').inputValue()).toBe('123456789');

      // ID360 outside the sandbox without an account: main's refusal, worded in English.
      await page.getByTestId('settings-tab-id360').click();
      await page.getByTestId('settings-id360-environment').selectOption('preprod');
      await page.getByTestId('settings-save').click();
      await page.getByText('Settings saved').first().waitFor();
      await page.getByTestId('test-connection-id360').click();
      const result = page.getByTestId('test-connection-result-id360');
      await expect.poll(() => result.getAttribute('data-state'), { timeout: 60_000 }).toBe('failure');
      const failure = (await result.textContent()) ?? '';
      expect(failure).toContain('The ID360 account is not filled in: add it in Settings › ID360.');
      expect(failure).not.toMatch(french);

      // The journal of all this, in English too.
      await page.getByTestId('nav-journal').click();
      const list = page.getByTestId('journal-list');
      await list.getByText('Settings changed').first().waitFor();
      expect((await list.textContent()) ?? '').not.toMatch(french);
      expect(((await page.locator('main').innerText()) ?? '').split('\n').filter((line) => french.test(line))).toEqual([]);
    } finally {
      await host.stop();
    }
  });
});
