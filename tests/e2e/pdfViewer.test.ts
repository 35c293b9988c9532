import fs from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptySignatureFieldPdf, encryptedPdf, longReportPdf, malformedPdf, notAPdf, rareWord, signedLikePdf, withAttachmentsPdf } from './pdfFixtures.js';
import { expectNoAxeViolations, launchChromium, openApp, pdfBytes, startBuiltHost, tempDataDir, type RunningHost } from './webHostHarness.js';

/**
 * The viewer in Chromium through the web host, on files that reach it the way a clerk's do: deposited
 * as annexes of one FAST document (the circuit that accepts ZIP), kept in the blob store, opened from
 * the document's detail. Fixtures are written by tests/e2e/pdfFixtures.ts.
 */

const circuitId = 'courrier-avec-annexes';
const mainName = 'Dossier viewer.pdf';
const files = {
  long: { name: 'Rapport annuel 500 pages.pdf', bytes: longReportPdf(500, 400) },
  signed: { name: 'Arrêté signé.pdf', bytes: signedLikePdf() },
  toSign: { name: 'Arrêté à signer.pdf', bytes: emptySignatureFieldPdf() },
  attachments: { name: 'Dossier avec pièces jointes.pdf', bytes: withAttachmentsPdf(pdfBytes('Plan de situation joint')) },
  encrypted: { name: 'Confidentiel.pdf', bytes: encryptedPdf('secret') },
  malformed: { name: 'Délibération abîmée.pdf', bytes: malformedPdf() },
  notPdf: { name: 'Courrier mal nommé.pdf', bytes: notAPdf() },
};

let browser: Browser;
let host: RunningHost;
let page: Page;
const dataDir = tempDataDir('guichet-e2e-viewer-');

beforeAll(async () => {
  browser = await launchChromium();
  host = await startBuiltHost(dataDir, { GUICHET_SANDBOX_TIME_SCALE: '1' });
  page = await openApp(browser, host.url);
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.getByTestId('nav-parapheur').click();
  await page.getByTestId(`circuit-tile-${circuitId}`).waitFor({ timeout: 20_000 });
  await page.getByTestId(`circuit-input-${circuitId}`).setInputFiles({ name: mainName, mimeType: 'application/pdf', buffer: pdfBytes(mainName) });
  const dialog = page.getByTestId('deposit-dialog');
  await dialog.locator(`[data-testid="file-check"][data-name="${mainName}"][data-accepted="true"]`).waitFor({ timeout: 15_000 });
  const section = dialog.getByTestId('deposit-annexes');
  await section
    .getByTestId('deposit-annex-input')
    .setInputFiles(Object.values(files).map((f) => ({ name: f.name, mimeType: 'application/pdf', buffer: f.bytes })));
  for (const f of Object.values(files)) {
    await section.locator(`[data-testid="deposit-annex"][data-name="${f.name}"][data-accepted="true"]`).waitFor({ timeout: 15_000 });
  }
  await dialog.getByTestId('deposit-label').fill('Visionneuse');
  const submit = dialog.getByTestId('deposit-submit');
  await submit.click();
  await dialog.waitFor({ state: 'detached', timeout: 15_000 });
  await page.locator('#parapheur-tab-documents').click();
  const row = page.locator(`[data-testid="document-row"][data-name="${mainName}"]`);
  await row.waitFor({ timeout: 30_000 });
  await row.locator('button').first().click();
  await page.getByTestId('document-annexes').first().waitFor({ timeout: 30_000 });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await host?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Opens one annex of the deposited document in the viewer. */
async function openAnnex(name: string): Promise<Locator> {
  await page.locator(`[data-testid="document-annex"][data-name="${name}"]`).first().getByRole('button').click();
  const viewer = page.getByTestId('pdf-viewer');
  await viewer.waitFor({ timeout: 20_000 });
  return viewer;
}

async function closeViewer(viewer: Locator) {
  await viewer.getByTestId('pdf-close').click();
  await viewer.waitFor({ state: 'detached' });
}

const renderedPage = (viewer: Locator, n: number) => viewer.locator(`[data-testid="pdf-page"][data-page-number="${n}"][data-rendered="true"]`);

describe('the PDF viewer in Chromium', () => {
  it('opens a 500-page PDF drawing only the pages in view, jumps to page 400 and finds a word there, highlighted', async () => {
    const viewer = await openAnnex(files.long.name);
    await renderedPage(viewer, 1).waitFor({ timeout: 30_000 });
    expect(await viewer.getByTestId('pdf-page-counter').innerText()).toBe('sur 500');
    // Only the pages near the view are in the page (a slot and a canvas each), yet the scroll area is as
    // tall as the 500 pages: the scroll bar is right.
    expect(await viewer.locator('.pdf-viewer__page').count()).toBeLessThan(8);
    expect(await viewer.getByTestId('pdf-page').count()).toBeLessThan(8);
    const scrollArea = viewer.getByTestId('pdf-scroll');
    const heights = await scrollArea.evaluate((el) => ({ scroll: el.scrollHeight, page: el.querySelector('.pdf-viewer__page')!.getBoundingClientRect().height }));
    expect(heights.scroll).toBeGreaterThan(450 * heights.page);
    // The text layer carries the page's words: they can be selected and copied.
    await expect.poll(() => viewer.locator('.pdf-viewer__page[data-page-number="1"] .textLayer').textContent(), { timeout: 20_000 }).toContain('Rapport annuel - page 1');

    // Every page's own size is read after page 1 shows; on a loaded machine that takes a few seconds
    // (a jump before then is the next test).
    await viewer.locator('[data-testid="pdf-scroll"][data-page-sizes="exact"]').waitFor({ timeout: 30_000 });
    const input = viewer.getByTestId('pdf-page-input');
    await input.fill('400');
    await input.press('Enter');
    await renderedPage(viewer, 400).waitFor({ timeout: 30_000 });
    // The page is drawn first, straight from the jump; the counter follows as soon as it shows.
    await expect.poll(() => viewer.getByTestId('pdf-page-counter').getAttribute('data-page')).toBe('400');
    expect(await input.inputValue()).toBe('400');
    // Page 400 is landscape (every hundredth page of the fixture): its slot has its own size.
    const slot400 = await viewer.locator('.pdf-viewer__page[data-page-number="400"]').boundingBox();
    const slot399 = await viewer.locator('.pdf-viewer__page[data-page-number="399"]').boundingBox();
    expect(slot400!.width).toBeGreaterThan(slot400!.height);
    expect(slot399!.height).toBeGreaterThan(slot399!.width);
    // Far pages gave their slot and canvas back: the page still holds only a few.
    await expect.poll(() => viewer.locator('.pdf-viewer__page[data-page-number="1"]').count()).toBe(0);
    expect(await viewer.locator('.pdf-viewer__page').count()).toBeLessThan(8);
    expect(await viewer.getByTestId('pdf-page').count()).toBeLessThan(8);

    // Back to the start with the keyboard, then Ctrl+F: the search finds the only page with the word.
    await viewer.getByTestId('pdf-scroll').focus();
    await page.keyboard.press('Home');
    await renderedPage(viewer, 1).waitFor({ timeout: 30_000 });
    await page.keyboard.press('Control+f');
    const search = viewer.getByTestId('pdf-search-input');
    await search.waitFor();
    await search.fill('Ornithorynque');
    await search.press('Enter');
    await expect.poll(() => viewer.getByTestId('pdf-search-status').innerText(), { timeout: 60_000 }).toBe('Résultat 1 sur 1');
    const highlight = viewer.locator('.pdf-viewer__page[data-page-number="400"] [data-testid="pdf-search-highlight"]');
    await highlight.first().waitFor({ timeout: 30_000 });
    expect(await highlight.first().textContent()).toBe(rareWord);
    expect(await highlight.first().getAttribute('class')).toContain('selected');
    expect(await highlight.first().isVisible()).toBe(true);
    expect(await viewer.getByTestId('pdf-page-counter').getAttribute('data-page')).toBe('400');

    // A word absent from the document says so.
    await search.fill('kangourou');
    await search.press('Enter');
    await expect.poll(() => viewer.getByTestId('pdf-search-status').innerText(), { timeout: 60_000 }).toBe('Aucun résultat dans ce document.');

    // Thumbnails: one per page, the current one marked; a click goes to its page.
    await viewer.getByTestId('pdf-thumbnails-toggle').click();
    await viewer.getByTestId('pdf-thumbnails').waitFor();
    expect(await viewer.getByTestId('pdf-thumbnail').count()).toBe(500);
    await viewer.getByTestId('pdf-thumbnail').nth(1).click();
    await expect.poll(() => viewer.getByTestId('pdf-page-counter').getAttribute('data-page')).toBe('2');
    await expectNoAxeViolations(page, 'visionneuse avec recherche et miniatures');

    // Zoom and rotation change the pages' size and orientation.
    const before = (await viewer.locator('.pdf-viewer__page[data-page-number="2"]').boundingBox())!;
    await viewer.getByTestId('pdf-zoom-select').selectOption('0.5');
    await expect.poll(async () => (await viewer.locator('.pdf-viewer__page[data-page-number="2"]').boundingBox())!.width).toBeLessThan(before.width);
    await viewer.getByTestId('pdf-rotate-right').click();
    await expect.poll(async () => {
      const box = (await viewer.locator('.pdf-viewer__page[data-page-number="2"]').boundingBox())!;
      return box.width > box.height;
    }).toBe(true);
    await closeViewer(viewer);
  }, 240_000);

  it('jumps to page 400 as soon as page 1 shows, before every page size is known, and stays on it once they are', async () => {
    const viewer = await openAnnex(files.long.name);
    await renderedPage(viewer, 1).waitFor({ timeout: 30_000 });
    // No wait for the page sizes: the slots before page 400 still take page 1's size (pages 100, 200
    // and 300 are landscape, shorter), so page 400's place is only an estimate when the clerk jumps.
    const input = viewer.getByTestId('pdf-page-input');
    await input.fill('400');
    await input.press('Enter');
    await renderedPage(viewer, 400).waitFor({ timeout: 30_000 });
    // As soon as it is drawn, page 400 has its own landscape shape, sizes of the others known or not
    // (before, its slot kept page 1's portrait shape, the drawing squeezed in it, until they were).
    const drawn = await viewer.locator('.pdf-viewer__page[data-page-number="400"]').evaluate((slot) => {
      const box = slot.getBoundingClientRect();
      return { width: box.width, height: box.height, sizes: slot.closest('[data-page-sizes]')?.getAttribute('data-page-sizes') };
    });
    expect(drawn.width, `slot of page 400 with sizes ${drawn.sizes}`).toBeGreaterThan(drawn.height);
    await viewer.locator('[data-testid="pdf-scroll"][data-page-sizes="exact"]').waitFor({ timeout: 30_000 });
    // Once every size is known, page 400 is still the one at the top of the view, with its own
    // (landscape) shape, and the counter still says 400.
    const scroll = (await viewer.getByTestId('pdf-scroll').boundingBox())!;
    const slot400 = (await viewer.locator('.pdf-viewer__page[data-page-number="400"]').boundingBox())!;
    expect(slot400.width).toBeGreaterThan(slot400.height);
    expect(Math.abs(slot400.y - scroll.y)).toBeLessThan(24);
    expect(await viewer.getByTestId('pdf-page-counter').getAttribute('data-page')).toBe('400');
    expect(await input.inputValue()).toBe('400');

    // The clerk changes their mind while a far page is being drawn (End, then Home at once): the first
    // page shows, drawn and with its text, the counter says 1, and nothing of page 500 is left behind.
    await viewer.getByTestId('pdf-scroll').focus();
    await page.keyboard.press('End');
    await page.keyboard.press('Home');
    await renderedPage(viewer, 1).waitFor({ timeout: 30_000 });
    await expect.poll(() => viewer.getByTestId('pdf-page-counter').getAttribute('data-page')).toBe('1');
    await expect.poll(() => viewer.locator('.pdf-viewer__page[data-page-number="1"] .textLayer').textContent(), { timeout: 20_000 }).toContain('Rapport annuel - page 1');
    const scrollTop = await viewer.getByTestId('pdf-scroll').evaluate((el) => el.scrollTop);
    expect(scrollTop).toBeLessThan(24);
    // Every page in the page has its slot (no stand-in left over), and there are only a few.
    await expect.poll(() => viewer.locator('.pdf-viewer__page:not([data-page-number])').count()).toBe(0);
    expect(await viewer.locator('[data-page-number="500"]').count()).toBe(0);
    expect(await viewer.getByTestId('pdf-page').count()).toBeLessThan(8);

    // After a zoom (no canvas of the new size kept aside), a far jump takes the canvas of a page it leaves
    // behind; the clerk comes straight back (Home, in the same moment): every page near the top is drawn
    // again, with its text, none left blank.
    await viewer.getByTestId('pdf-zoom-select').selectOption('0.75');
    await expect.poll(() => viewer.getByTestId('pdf-zoom-level').innerText()).toContain('75');
    await renderedPage(viewer, 1).waitFor({ timeout: 30_000 });
    await viewer.getByTestId('pdf-scroll').evaluate((scroll) => {
      const field = document.querySelector<HTMLInputElement>('[data-testid="pdf-page-input"]')!;
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(field, '250');
      field.dispatchEvent(new Event('input', { bubbles: true }));
      field.form!.requestSubmit();
      scroll.dispatchEvent(new KeyboardEvent('keydown', { key: 'Home', bubbles: true }));
    });
    await expect.poll(() => viewer.getByTestId('pdf-page-counter').getAttribute('data-page')).toBe('1');
    const slots = viewer.locator('.pdf-viewer__page[data-page-number]');
    await expect
      .poll(async () => {
        const pages = await slots.evaluateAll((list) => list.map((slot) => ({ drawn: slot.querySelector('canvas[data-rendered="true"]') !== null, text: slot.querySelector('.textLayer') !== null })));
        return pages.length > 0 && pages.every((p) => p.drawn && p.text);
      }, { timeout: 30_000 })
      .toBe(true);
    expect(await viewer.locator('.pdf-viewer__page:not([data-page-number])').count()).toBe(0);
    expect(await viewer.getByTestId('pdf-scroll').evaluate((el) => el.scrollTop)).toBeLessThan(24);
    await closeViewer(viewer);
  }, 120_000);

  it('asks for the password of an encrypted PDF, says when it is wrong, and shows the document with the right one', async () => {
    const viewer = await openAnnex(files.encrypted.name);
    const prompt = viewer.getByTestId('pdf-password');
    await prompt.waitFor({ timeout: 20_000 });
    expect(await prompt.innerText()).toContain('protégé par un mot de passe');
    await viewer.getByTestId('pdf-password-input').fill('mauvais');
    await viewer.getByTestId('pdf-password-submit').click();
    await viewer.getByTestId('pdf-password-wrong').waitFor({ timeout: 20_000 });
    expect(await viewer.getByTestId('pdf-password-wrong').innerText()).toBe('Mot de passe incorrect. Vérifiez-le et réessayez.');
    await expectNoAxeViolations(page, 'visionneuse, mot de passe');
    await viewer.getByTestId('pdf-password-input').fill('secret');
    await viewer.getByTestId('pdf-password-submit').click();
    await renderedPage(viewer, 1).waitFor({ timeout: 20_000 });
    await expect.poll(() => viewer.locator('.textLayer').first().textContent(), { timeout: 20_000 }).toContain('Document confidentiel');
    await closeViewer(viewer);
  }, 60_000);

  it('says in French that a damaged PDF cannot be shown, and that a file named .pdf is not one, never a blank pane', async () => {
    let viewer = await openAnnex(files.malformed.name);
    let error = viewer.getByTestId('pdf-error');
    await error.waitFor({ timeout: 20_000 });
    expect(await error.getAttribute('data-reason')).toBe('unreadable');
    expect(await error.innerText()).toContain('Ce fichier PDF est abîmé');
    expect(await error.innerText()).toContain('Enregistrer sous…');
    await expectNoAxeViolations(page, 'visionneuse, fichier abîmé');
    await closeViewer(viewer);

    viewer = await openAnnex(files.notPdf.name);
    error = viewer.getByTestId('pdf-error');
    await error.waitFor({ timeout: 20_000 });
    expect(await error.innerText()).toContain('Ce fichier n’est pas un PDF');
    await closeViewer(viewer);
  }, 60_000);

  it('shows that a document carries a signature field, and whose', async () => {
    const viewer = await openAnnex(files.signed.name);
    await renderedPage(viewer, 1).waitFor({ timeout: 20_000 });
    const badge = viewer.getByTestId('pdf-signed-badge');
    await badge.waitFor({ timeout: 20_000 });
    expect(await badge.innerText()).toBe('Document signé');
    await badge.click();
    const panel = viewer.getByTestId('pdf-signatures');
    await panel.waitFor();
    expect(await panel.getByTestId('pdf-signature').innerText()).toContain('Signature de Marie Dupont');
    await expectNoAxeViolations(page, 'visionneuse, signatures');

    // Ctrl+P: every page drawn for print, then the system's print dialog (recorded here, as headless
    // Chromium has none to show).
    await page.evaluate(() => {
      window.print = () => {
        (window as unknown as { printedPages: number }).printedPages = document.querySelectorAll('.pdf-print .pdf-print__page img').length;
      };
    });
    await viewer.getByTestId('pdf-scroll').focus();
    await page.keyboard.press('Control+p');
    await page.waitForFunction(() => (window as unknown as { printedPages?: number }).printedPages !== undefined, undefined, { timeout: 20_000 });
    expect(await page.evaluate(() => (window as unknown as { printedPages: number }).printedPages)).toBe(1);
    // Once printed, the pages drawn for it are gone.
    await expect.poll(() => page.locator('.pdf-print').count()).toBe(0);
    await closeViewer(viewer);
  }, 60_000);

  it('does not call « signé » a document that only offers an empty signature field', async () => {
    const viewer = await openAnnex(files.toSign.name);
    await renderedPage(viewer, 1).waitFor({ timeout: 20_000 });
    const fields = viewer.getByTestId('pdf-unsigned-fields');
    await fields.waitFor({ timeout: 20_000 });
    expect(await fields.innerText()).toBe('Champ de signature vide');
    expect(await viewer.getByTestId('pdf-signed-badge').count()).toBe(0);
    await expectNoAxeViolations(page, 'visionneuse, champ de signature vide');
    await closeViewer(viewer);
  }, 60_000);

  it('lists embedded files and opens them: a PDF in the viewer, an image that can be rotated', async () => {
    const viewer = await openAnnex(files.attachments.name);
    await renderedPage(viewer, 1).waitFor({ timeout: 20_000 });
    const toggle = viewer.getByTestId('pdf-attachments-toggle');
    await toggle.waitFor({ timeout: 20_000 });
    expect(await toggle.innerText()).toBe('Pièces jointes (3)');
    await toggle.click();
    const list = viewer.getByTestId('pdf-attachments');
    expect(await list.getByTestId('pdf-attachment').evaluateAll((els) => els.map((e) => e.getAttribute('data-name')))).toEqual(['plan.pdf', 'photo.png', 'deliberation.pdf']);

    // A truncated PDF (cut short during a copy): said in French, with what to do.
    await list.locator('[data-name="deliberation.pdf"]').getByTestId('pdf-attachment-open').click();
    const error = page.getByTestId('pdf-error');
    await error.waitFor({ timeout: 20_000 });
    expect(await error.getAttribute('data-reason')).toBe('truncated');
    expect(await error.innerText()).toContain('Ce fichier PDF est incomplet');
    await page.getByTestId('pdf-back').click();
    await renderedPage(page.getByTestId('pdf-viewer'), 1).waitFor({ timeout: 20_000 });
    await page.getByTestId('pdf-attachments-toggle').click();

    await page.getByTestId('pdf-attachments').locator('[data-name="plan.pdf"]').getByTestId('pdf-attachment-open').click();
    await expect.poll(() => page.getByTestId('pdf-viewer').locator('h2').innerText(), { timeout: 20_000 }).toBe('plan.pdf');
    await expect.poll(() => page.getByTestId('pdf-viewer').locator('.textLayer').first().textContent(), { timeout: 20_000 }).toContain('Plan de situation joint');
    await page.getByTestId('pdf-back').click();
    await expect.poll(() => page.getByTestId('pdf-viewer').locator('h2').innerText(), { timeout: 20_000 }).toBe(files.attachments.name);

    await page.getByTestId('pdf-attachments-toggle').click();
    await page.getByTestId('pdf-attachments').locator('[data-name="photo.png"]').getByTestId('pdf-attachment-open').click();
    const image = page.getByTestId('viewer-image');
    await image.waitFor({ timeout: 20_000 });
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(64);
    await page.getByTestId('pdf-rotate-right').click();
    expect(await image.getAttribute('data-rotation')).toBe('90');
    const zoomBefore = await page.getByTestId('pdf-zoom-level').innerText();
    // Fitted to the pane (a 64 px wide photo is enlarged); zooming out makes it smaller.
    const widthBefore = (await image.boundingBox())!.width;
    await page.getByTestId('pdf-zoom-out').click();
    await expect.poll(() => page.getByTestId('pdf-zoom-level').innerText()).not.toBe(zoomBefore);
    expect((await image.boundingBox())!.width).toBeLessThan(widthBefore);
    await expectNoAxeViolations(page, 'visionneuse, image');
    await page.getByTestId('pdf-close').click();
    await page.getByTestId('pdf-viewer').waitFor({ state: 'detached' });
  }, 60_000);
});
