import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openApp, startBuiltHost, tempDataDir, type RunningHost } from './webHostHarness.js';

let browser: Browser;
let host: RunningHost;
const dataDir = tempDataDir('guichet-e2e-environments-');

beforeAll(async () => {
  browser = await launchChromium();
  host = await startBuiltHost(dataDir);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await host?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('the demonstration banner', () => {
  it('follows the environment saved in Réglages at once', async () => {
    const page = await openApp(browser, host.url);
    const banner = page.getByTestId('sandbox-banner');
    await banner.waitFor();
    expect(await banner.textContent()).toMatch(/FAST Parapheur/);
    await page.getByTestId('nav-reglages').click();
    await page.getByTestId('settings-tab-parapheur').click();
    await page.getByTestId('settings-parapheur-environment').selectOption('preprod');
    await page.getByTestId('settings-save').click();
    await page.waitForFunction(() => !document.querySelector('[data-testid="sandbox-banner"]')?.textContent?.includes('FAST Parapheur'));
    await page.getByTestId('settings-parapheur-environment').selectOption('sandbox');
    await page.getByTestId('settings-save').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="sandbox-banner"]')?.textContent?.includes('FAST Parapheur') === true);
    await page.context().close();
  });

  it('clears the demonstration data from Réglages after a confirmation', async () => {
    const page = await openApp(browser, host.url);
    await page.getByTestId('nav-reglages').click();
    await page.getByTestId('settings-tab-parapheur').click();
    await page.getByTestId('sandbox-clear').click();
    const dialog = page.getByTestId('sandbox-clear-dialog');
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Effacer', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('Données de démonstration effacées').first().waitFor();
    await page.context().close();
  });
});
