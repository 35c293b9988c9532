import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openApp, pdfBytes, startBuiltHost, tempDataDir, type RunningHost } from './webHostHarness.js';

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
  const page = await openApp(browser, host.url);
  await page.setViewportSize({ width: 1366, height: 768 });
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
    // Every section the navigation offers (providers come from a registry).
    const sections = await page.locator('[data-testid^="nav-"]').evaluateAll((links) => links.map((l) => l.getAttribute('data-testid')!.slice(4)));
    expect(sections).toEqual(expect.arrayContaining(['archive', 'journal', 'reglages']));
    for (const section of sections.filter((s) => s !== 'parapheur')) {
      await page.getByTestId(`nav-${section}`).click();
      await page.locator('main h1').first().waitFor();
      seen[section] = await documentHeight(page);
    }
    for (const [name, { scroll, view }] of Object.entries(seen)) expect({ name, tooTall: scroll > view, scroll }).toEqual({ name, tooTall: false, scroll: view });
    await page.context().close();
  }, 90_000);
});

/** Visible text only: closed « Détails techniques » and hidden inputs do not count. */
const visibleText = (page: Page) => page.evaluate(() => document.body.innerText);

describe('the deposit dialog', () => {
  const header37 = Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<< >>\nendobj\n', 'latin1');

  it('refuses a PDF no reader can open, says why, and does not ask for SMS signers on a circuit without SMS step', async () => {
    const page = await openAtLaptopSize();
    await page.getByTestId('nav-parapheur').click();
    const input = page.getByTestId('circuit-input-courrier-visa-signature');
    await page.getByTestId('circuit-tile-courrier-visa-signature').waitFor({ timeout: 20_000 });
    await input.setInputFiles([
      { name: 'Arrêté.pdf', mimeType: 'application/pdf', buffer: pdfBytes('Arrêté') },
      { name: 'entete-seule.pdf', mimeType: 'application/pdf', buffer: header37 },
    ]);
    const dialog = page.getByTestId('deposit-dialog');
    const broken = dialog.locator('[data-testid="file-check"][data-name="entete-seule.pdf"]');
    await expect.poll(() => broken.getAttribute('data-accepted'), { timeout: 15_000 }).toBe('false');
    expect(await broken.innerText()).toMatch(/abîmé|incomplet/);
    expect(await dialog.locator('[data-testid="file-check"][data-name="Arrêté.pdf"]').getAttribute('data-accepted')).toBe('true');
    expect(await dialog.getByTestId('deposit-accepted-summary').innerText()).toBe('1 fichier prêt à partir');

    const text = await dialog.innerText();
    expect(text).not.toMatch(/OTP|Nom chez FAST/);
    expect(await dialog.getByTestId('deposit-otp-intro').count()).toBe(0);
    expect(await dialog.getByTestId('deposit-otp-signer').count()).toBe(0);
    // The file name FAST will store is one click away, for support.
    await dialog.getByTestId('deposit-technical').locator('summary').click();
    expect(await dialog.getByTestId('deposit-technical').innerText()).toMatch(/Nom chez FAST : Arr.*\.pdf/);
    await page.context().close();
  }, 60_000);

  it('with only refused files: no green « 0 fichier prêt », and the reason for the disabled « Déposer » stands next to it', async () => {
    const page = await openAtLaptopSize();
    await page.getByTestId('nav-parapheur').click();
    await page.getByTestId('circuit-tile-courrier-visa-signature').waitFor({ timeout: 20_000 });
    await page.getByTestId('circuit-input-courrier-visa-signature').setInputFiles([{ name: 'vide.pdf', mimeType: 'application/pdf', buffer: header37 }]);
    const dialog = page.getByTestId('deposit-dialog');
    await expect.poll(() => dialog.locator('[data-testid="file-check"]').getAttribute('data-accepted'), { timeout: 15_000 }).toBe('false');
    expect(await dialog.getByTestId('deposit-accepted-summary').count()).toBe(0);
    expect(await dialog.innerText()).not.toMatch(/0 fichier/);
    const submit = dialog.getByTestId('deposit-submit');
    expect(await submit.isDisabled()).toBe(true);
    const reason = dialog.getByTestId('deposit-blocked-reason');
    expect(await reason.innerText()).toMatch(/Aucun fichier ne peut partir/);
    // Next to the button, on screen, and announced with it.
    const [r, b] = [(await reason.boundingBox())!, (await submit.boundingBox())!];
    expect(Math.abs(r.y + r.height / 2 - (b.y + b.height / 2))).toBeLessThan(b.height);
    expect(r.y + r.height).toBeLessThanOrEqual(768);
    expect(await submit.getAttribute('aria-describedby')).toBe(await reason.getAttribute('id'));
    await page.context().close();
  }, 60_000);

  it('asks for the SMS signer on a circuit whose SMS step is known', async () => {
    const page = await openAtLaptopSize();
    await page.getByTestId('nav-parapheur').click();
    await page.getByTestId('circuit-tile-contrat-otp').waitFor({ timeout: 20_000 });
    await page.getByTestId('circuit-input-contrat-otp').setInputFiles([{ name: 'Contrat.pdf', mimeType: 'application/pdf', buffer: pdfBytes('Contrat') }]);
    const dialog = page.getByTestId('deposit-dialog');
    await dialog.getByTestId('deposit-otp-intro').waitFor({ timeout: 15_000 });
    expect(await dialog.getByTestId('deposit-otp-signer').count()).toBe(1);
    await expect.poll(() => dialog.getByTestId('deposit-blocked-reason').innerText(), { timeout: 15_000 }).toMatch(/signataire par SMS/);
    await page.context().close();
  }, 60_000);
});

describe('the clerk’s words', () => {
  it('no vendor or developer words on the Parapheur screens, and the circuit identifiers sit in « Détails techniques »', async () => {
    const page = await openAtLaptopSize();
    await page.getByTestId('nav-parapheur').click();
    await page.getByTestId('circuit-tile-contrat-otp').waitFor({ timeout: 20_000 });
    const banned = /Sandbox|OTP|PAdES|XAdES|Identifiant :|Nom chez FAST|ne publie pas/;
    expect(await visibleText(page)).not.toMatch(banned);
    expect(await visibleText(page)).toMatch(/Mode démonstration/);
    const details = page.getByTestId('circuit-technical-contrat-otp');
    await details.locator('summary').click();
    expect(await details.innerText()).toMatch(/Identifiant : contrat-otp/);
    await details.locator('summary').click();
    await page.getByTestId('circuits-add').click();
    await page.getByTestId('circuit-form').waitFor();
    expect(await visibleText(page)).not.toMatch(banned);
    for (const tab of ['documents', 'collect', 'users']) {
      await page.getByTestId(`parapheur-tab-${tab}`).click();
      expect(await visibleText(page)).not.toMatch(/Sandbox|OTP|PAdES|XAdES/);
    }
    await page.context().close();
  }, 60_000);
});

describe('the journal', () => {
  it('reads in words, once per event, can be searched and filtered, and its list takes the window’s height', async () => {
    const page = await openAtLaptopSize();
    // Two screens asking FAST at once (the page and the background work) import the test certificate once.
    await page.getByTestId('nav-parapheur').click();
    await page.getByTestId('circuit-tile-contrat-otp').waitFor({ timeout: 20_000 });
    await page.getByTestId('nav-journal').click();
    const list = page.getByTestId('journal-list');
    await list.waitFor({ timeout: 20_000 });
    const text = await page.locator('main').innerText();
    expect(text).not.toMatch(/\b[a-z]+\.[a-z_]+(\.[a-z_]+)?\b/);
    expect(text.match(/Certificat de test du simulateur FAST importé/g)).toHaveLength(1);
    expect(text).toMatch(/Certificat de démonstration importé/);

    await page.getByTestId('journal-search').fill('certificat');
    await expect.poll(() => page.getByTestId('journal-entry').count()).toBe(1);
    await page.getByTestId('journal-filter-reset').click();
    await page.getByTestId('journal-filter-kind').selectOption('security');
    await expect.poll(() => page.getByTestId('journal-entry').count()).toBe(1);
    await page.getByTestId('journal-filter-provider').selectOption('general');
    await page.getByTestId('journal-no-match').waitFor();
    await page.getByTestId('journal-filter-reset').click();
    await page.screenshot({ path: '/tmp/clerkui/journal-after.png' });

    const region = (await page.getByRole('region', { name: 'Entrées du journal' }).boundingBox())!;
    expect(region.y + region.height).toBeGreaterThan(768 - 120);
    // Filters on one row, so the list starts high.
    expect((await page.getByTestId('journal-filters').boundingBox())!.height).toBeLessThan(90);
    await page.context().close();
  }, 60_000);
});

describe('the Documents tab after a deposit', () => {
  it('says « signé », folds the « Envois », shows a later refusal, keeps the page still around its detail pane, and a deletion reads as one', async () => {
    const page = await openAtLaptopSize();
    await page.getByTestId('nav-parapheur').click();
    await page.getByTestId('circuit-tile-courrier-visa-signature').waitFor({ timeout: 20_000 });
    // Every toast title that ever appears, so that one that came and went before we looked still counts.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { seenToasts: string[] }).seenToasts = seen;
      new MutationObserver(() => {
        for (const el of document.querySelectorAll('[data-testid="toast"] .toast__title')) if (!seen.includes(el.textContent ?? '')) seen.push(el.textContent ?? '');
      }).observe(document.body, { childList: true, subtree: true });
    });
    const signedName = 'Arrêté signé.pdf';
    const refusedName = 'Courrier à refuser.pdf';
    await page.getByTestId('circuit-input-courrier-visa-signature').setInputFiles([
      { name: signedName, mimeType: 'application/pdf', buffer: pdfBytes(signedName) },
      { name: refusedName, mimeType: 'application/pdf', buffer: pdfBytes(refusedName) },
    ]);
    const dialog = page.getByTestId('deposit-dialog');
    await expect.poll(() => dialog.locator('[data-testid="file-check"][data-accepted="true"]').count(), { timeout: 15_000 }).toBe(2);
    await dialog.getByTestId('deposit-label').fill('Documents tab');
    await dialog.getByTestId('deposit-submit').click();
    await dialog.waitFor({ state: 'detached', timeout: 15_000 });

    // « Envois »: once everything is filed it folds to one line, and the refused file says so.
    const uploads = page.getByTestId('uploads-panel');
    await expect.poll(() => uploads.getAttribute('data-settled'), { timeout: 30_000 }).toBe('true');
    await uploads.locator('summary').click();
    const refusedItem = uploads.locator(`[data-testid="upload-item"][data-name="${refusedName}"] [data-testid="upload-item-state"]`);
    // Its first actor is a visa: the simulator's refusal is a « visa désapprouvé ».
    await expect.poll(() => refusedItem.getAttribute('data-phase'), { timeout: 60_000 }).toBe('visa_desapprouve');
    expect(await refusedItem.innerText()).toBe('visa désapprouvé');

    // The refusal toast goes by itself, like the others (the journal keeps it).
    await expect.poll(() => page.evaluate(() => (window as unknown as { seenToasts: string[] }).seenToasts), { timeout: 30_000 }).toContain('Visa désapprouvé');
    await expect.poll(() => page.getByTestId('toast').filter({ hasText: 'Visa désapprouvé' }).count(), { timeout: 30_000 }).toBe(0);

    await page.getByTestId('parapheur-tab-documents').click();
    const row = (name: string) => page.locator(`[data-testid="document-row"][data-name="${name}"]`);
    await expect.poll(async () => ((await row(signedName).count()) ? await row(signedName).getAttribute('data-phase') : null), { timeout: 60_000 }).toMatch(/^(signe|classe|archive)$/);
    expect(await row(signedName).getByTestId('phase-badge').innerText()).toMatch(/^signé( · (classé|archivé))?$/);

    // Filters on one row: the list starts in the upper half of the screen.
    expect((await page.getByTestId('document-filters').boundingBox())!.height).toBeLessThan(100);
    const list = (await page.getByTestId('document-list').boundingBox())!;
    expect(list.y).toBeLessThan(768 / 2 + 60);
    expect(list.y + list.height).toBeLessThanOrEqual(768);
    // « signé » finds what reads « signé ».
    await page.getByTestId('document-filters-more').click();
    await page.getByTestId('document-filter-phase-signe').click();
    await expect.poll(() => page.getByTestId('document-row').count()).toBe(1);
    await page.getByTestId('document-filter-phase-signe').click();
    await expect.poll(() => page.getByTestId('document-row').count()).toBe(2);
    await page.getByTestId('document-filters-more').click();

    // The detail pane sits beside the list: nothing scrolls but the list and the pane themselves.
    await row(refusedName).locator('button').first().click();
    const detail = page.getByTestId('document-detail');
    await detail.waitFor();
    const main = await page.locator('main').evaluate((el) => ({ scroll: el.scrollHeight, client: el.clientHeight }));
    expect(main.scroll).toBeLessThanOrEqual(main.client);
    const pane = (await detail.boundingBox())!;
    expect(pane.y + pane.height).toBeLessThanOrEqual(768);

    // Deleted on FAST: no « Refusé » beside it, and its date is called a deletion.
    await detail.getByTestId('document-delete').click();
    await page.getByTestId('document-delete-dialog-confirm').click();
    await expect.poll(() => row(refusedName).getAttribute('data-phase'), { timeout: 20_000 }).toBe('supprime');
    // (The history below still tells the refusal: it happened.)
    expect(await detail.locator('.doc-detail__badges').innerText()).toBe('supprimé côté FAST');
    const fields = await detail.locator('.doc-detail__fields').innerText();
    expect(fields).not.toMatch(/Terminé le/);
    expect(fields).toMatch(/Supprimé côté FAST le/);
    await detail.getByTestId('document-detail-close').click();
    await detail.waitFor({ state: 'detached' });
    expect(await row(refusedName).innerText()).toMatch(/supprimé le/);
    expect(await row(refusedName).innerText()).not.toMatch(/terminé le/);
    await page.screenshot({ path: '/tmp/clerkui/documents-after.png' });
    await page.getByTestId('document-filters-more').click();
    await page.getByTestId('document-filter-hide-deleted').check();
    await expect.poll(() => row(refusedName).count()).toBe(0);
    await expect.poll(() => row(signedName).count()).toBe(1);
    await page.context().close();
  }, 150_000);
});
