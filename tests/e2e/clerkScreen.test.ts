import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, startBuiltHost, tempDataDir, type RunningHost } from './webHostHarness.js';

/**
 * What a clerk sees on a 1366×768 screen through the web host, in Chromium: one scroll area per
 * page, the deposit dialog's questions and refusals, the clerk's words.
 */

let browser: Browser;
let host: RunningHost;
const dataDir = tempDataDir('guichet-e2e-clerk-');

beforeAll(async () => {
  browser = await launchChromium();
  host = await startBuiltHost(dataDir, { GUICHET_SANDBOX_SPEED: '3600' });
});
afterAll(async () => {
  await browser?.close();
  await host?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function openAtLaptopSize(): Promise<Page> {
  const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  await page.goto(host.url);
  await page.getByTestId('app-ready').waitFor({ timeout: 20_000 });
  return page;
}

const documentHeight = (page: Page) => page.evaluate(() => ({ scroll: document.scrollingElement!.scrollHeight, view: innerHeight }));

describe('the clerk’s screen at 1366×768', () => {
  it('never lets the window itself scroll: each page scrolls in its own area only', async () => {
    const page = await openAtLaptopSize();
    await page.getByTestId('nav-parapheur').click();
    await page.getByTestId('circuit-tile-courrier-visa-signature').waitFor({ timeout: 20_000 });
    const seen: Record<string, { scroll: number; view: number }> = {};
    seen['parapheur'] = await documentHeight(page);
    for (const tab of ['documents', 'collect', 'users']) {
      await page.getByTestId(`parapheur-tab-${tab}`).click();
      await expect.poll(() => page.getByTestId(`parapheur-tab-${tab}`).getAttribute('aria-selected')).toBe('true');
      seen[`parapheur/${tab}`] = await documentHeight(page);
    }
    for (const section of ['identite', 'dossierfacile', 'archive', 'journal', 'reglages']) {
      await page.getByTestId(`nav-${section}`).click();
      await page.locator('main h1').first().waitFor();
      seen[section] = await documentHeight(page);
    }
    for (const [name, { scroll, view }] of Object.entries(seen)) expect({ name, tooTall: scroll > view, scroll }).toEqual({ name, tooTall: false, scroll: view });
    await page.context().close();
  }, 90_000);
});
