import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launchChromium, openApp, pdfBytes, startBuiltHost, tempDataDir, type RunningHost } from './webHostHarness.js';

/**
 * Every page and tab a clerk can reach, at 1366×768, in the light and the dark theme (the OS decides by
 * default), holds no WCAG 2.1 A/AA violation axe-core can find; the keyboard reaches the main actions
 * with a visible focus ring.
 */

let browser: Browser;
let host: RunningHost;
const dataDir = tempDataDir('guichet-e2e-a11y-');
const signedName = 'Arrêté accessible.pdf';

beforeAll(async () => {
  browser = await launchChromium();
  host = await startBuiltHost(dataDir, { GUICHET_SANDBOX_SPEED: '3600' });
  // One signed document, so that the Documents tab, its detail and the viewer have something to show.
  const page = await openApp(browser, host.url);
  await page.getByTestId('nav-parapheur').click();
  await page.getByTestId('circuit-tile-courrier-visa-signature').waitFor({ timeout: 20_000 });
  await page.getByTestId('circuit-input-courrier-visa-signature').setInputFiles([{ name: signedName, mimeType: 'application/pdf', buffer: pdfBytes(signedName) }]);
  const dialog = page.getByTestId('deposit-dialog');
  await dialog.locator('[data-testid="file-check"][data-accepted="true"]').waitFor({ timeout: 15_000 });
  await dialog.getByTestId('deposit-label').fill('Accessibilité');
  await dialog.getByTestId('deposit-submit').click();
  await dialog.waitFor({ state: 'detached', timeout: 15_000 });
  await page.getByTestId('parapheur-tab-documents').click();
  await page.locator(`[data-testid="document-row"][data-name="${signedName}"]`).waitFor({ timeout: 20_000 });
  await page.context().close();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await host?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function openInTheme(colorScheme: 'light' | 'dark'): Promise<Page> {
  const page = await openApp(browser, host.url);
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
  return page;
}

/** Visits every screen and collects what axe finds on each, so one run names them all. */
async function walkEveryScreen(page: Page, theme: string): Promise<string[]> {
  const found: string[] = [];
  const check = async (label: string) => found.push(...(await axeViolations(page, `${theme} · ${label}`)));

  await page.getByTestId('nav-parapheur').click();
  await page.getByTestId('circuit-tile-courrier-visa-signature').waitFor({ timeout: 20_000 });
  await check('Parapheur · Déposer');

  await page.getByTestId('circuits-add').click();
  await page.getByTestId('circuit-form').waitFor();
  await check('Parapheur · Ajouter un circuit');
  await page.keyboard.press('Escape');

  await page.getByTestId('circuit-input-courrier-visa-signature').setInputFiles([{ name: 'Courrier.pdf', mimeType: 'application/pdf', buffer: pdfBytes('Courrier') }]);
  const dialog = page.getByTestId('deposit-dialog');
  await expect.poll(() => dialog.locator('[data-testid="file-check"][data-accepted="true"]').count(), { timeout: 15_000 }).toBe(1);
  await check('Parapheur · dialogue de dépôt');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });

  for (const tab of ['documents', 'collect', 'users']) {
    await page.getByTestId(`parapheur-tab-${tab}`).click();
    await expect.poll(() => page.getByTestId(`parapheur-tab-${tab}`).getAttribute('aria-selected')).toBe('true');
    if (tab === 'documents') await page.locator(`[data-testid="document-row"][data-name="${signedName}"]`).waitFor();
    await check(`Parapheur · onglet ${tab}`);
  }

  await page.getByTestId('parapheur-tab-documents').click();
  await page.getByTestId('document-filters-more').click();
  await check('Parapheur · Documents, plus de filtres');
  await page.getByTestId('document-filters-more').click();
  await page.locator(`[data-testid="document-row"][data-name="${signedName}"]`).locator('button').first().click();
  const detail = page.getByTestId('document-detail');
  await detail.getByTestId('document-open-signed').waitFor({ timeout: 120_000 });
  await check('Parapheur · détail du document');
  await detail.getByTestId('document-open-signed').click();
  await page.getByTestId('pdf-page').first().waitFor({ timeout: 20_000 });
  await check('Parapheur · visionneuse');
  await page.getByTestId('pdf-close').click();
  await page.getByTestId('pdf-viewer').waitFor({ state: 'detached' });

  // Every other section the navigation offers (providers come from a registry: ID360 and others too).
  const sections = await page.locator('[data-testid^="nav-"]').evaluateAll((links) => links.map((l) => l.getAttribute('data-testid')!.slice(4)));
  expect(sections).toEqual(expect.arrayContaining(['archive', 'journal', 'reglages']));
  for (const section of sections.filter((s) => s !== 'parapheur')) {
    await page.getByTestId(`nav-${section}`).click();
    await page.locator('main h1').first().waitFor();
    // A section with tabs is checked on each of them.
    const tabIds = await page.locator('main [role="tab"]').evaluateAll((tabs) => tabs.map((t) => t.id));
    if (tabIds.length === 0) await check(section);
    for (const id of tabIds) {
      await page.locator(`[id="${id}"]`).click();
      await expect.poll(() => page.locator(`[id="${id}"]`).getAttribute('aria-selected')).toBe('true');
      await check(`${section} · ${id}`);
    }
  }
  return found;
}

describe('accessibility (axe-core, WCAG 2.1 AA) at 1366×768', () => {
  for (const theme of ['light', 'dark'] as const) {
    it(`every page, tab, dialog and the viewer hold no violation in the ${theme} theme`, async () => {
      const page = await openInTheme(theme);
      const found = await walkEveryScreen(page, theme);
      expect(found, found.join('\n')).toEqual([]);
      await page.context().close();
    }, 240_000);
  }
});

describe('keyboard', () => {
  /** The focused element and whether it wears a ring a clerk can see (outline or box-shadow). */
  const focused = (page: Page) =>
    page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const style = getComputedStyle(el);
      const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== 'none';
      return { testId: el.dataset.testid ?? el.closest('[data-testid]')?.getAttribute('data-testid') ?? null, text: el.textContent?.trim() ?? '', ring };
    });

  it('Tab alone reaches the navigation, the tabs and a circuit’s drop action, each with a visible focus ring', async () => {
    const page = await openInTheme('light');
    await page.getByTestId('nav-parapheur').click();
    await page.getByTestId('circuit-tile-courrier-visa-signature').waitFor({ timeout: 20_000 });
    await page.locator('body').click({ position: { x: 5, y: 760 } });
    const reached = new Map<string, boolean>();
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press('Tab');
      const f = await focused(page);
      if (f?.testId && !reached.has(f.testId)) reached.set(f.testId, f.ring);
    }
    for (const wanted of ['nav-parapheur', 'nav-archive', 'nav-journal', 'nav-reglages', 'parapheur-tab-deposit', 'circuits-add']) {
      expect({ wanted, reached: reached.has(wanted), ring: reached.get(wanted) }).toEqual({ wanted, reached: true, ring: true });
    }
    expect([...reached.keys()].some((id) => id.startsWith('circuit-'))).toBe(true);
    const withoutRing = [...reached].filter(([, ring]) => !ring).map(([id]) => id);
    expect(withoutRing).toEqual([]);
    await page.context().close();
  }, 60_000);
});
