import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openApp, pdfBytes, startBuiltHost, tempDataDir, type RunningHost } from './webHostHarness.js';

/**
 * The « Circuit à la volée » builder as a clerk uses it, in the real UI through the web host:
 * a typo in a member's address is said in French and nothing leaves; a visa-then-signature
 * circuit composed by hand takes one PDF and one annex, and the document reaches "signé" with its
 * annex and its visa and signature in the history.
 */

// 1 real second = 1 simulated hour: the simulator's steps and polling rule take a fraction of a second.
const timeScale = { GUICHET_SANDBOX_TIME_SCALE: '3600' };

// Accounts of the simulated tenant (main/sandbox/parapheur/demo.ts).
const visaMember = 'alice.martin@mairie-exemple.fr';
const signatureMember = 'bruno.lefevre@mairie-exemple.fr';

const signedPhases = ['signe', 'classe', 'archive'];

let browser: Browser;
let host: RunningHost;
const dataDir = tempDataDir('guichet-e2e-parapheur-ondemand-');

beforeAll(async () => {
  browser = await launchChromium();
  host = await startBuiltHost(dataDir, timeScale);
}, 60_000);
afterAll(async () => {
  await host?.stop();
  await browser?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Opens the app on the Parapheur's deposit tab, with the on-demand card shown. */
async function openBuilder(): Promise<{ page: Page; pageErrors: string[] }> {
  const page = await openApp(browser, host.url);
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.getByTestId('nav-parapheur').click();
  await page.getByTestId('circuit-tile-ondemand').waitFor({ timeout: 20_000 });
  return { page, pageErrors };
}

/** Sets step `index` (0-based) of the builder: its kind, chosen in the select, and its members, typed. */
async function setStep(page: Page, index: number, kind: 'visa' | 'signature' | 'OTPSignature', members: string) {
  const step = page.getByTestId('circuit-tile-ondemand').getByTestId('ondemand-step').nth(index);
  await step.getByTestId('ondemand-step-kind').selectOption(kind);
  await step.getByTestId('ondemand-step-members').fill(members);
}

describe('FAST Parapheur on-demand circuit in Chromium through the web host', () => {
  it('says in French which member address is wrong, and sends nothing', async () => {
    const { page, pageErrors } = await openBuilder();
    const card = page.getByTestId('circuit-tile-ondemand');
    await card.getByTestId('ondemand-type').selectOption('BUREAUTIQUE_PDF');
    await setStep(page, 0, 'visa', visaMember);
    await setStep(page, 1, 'signature', signatureMember);
    // A third step, with a typo in the address (no domain extension).
    await card.getByTestId('ondemand-add-step').click();
    await expect.poll(() => card.getByTestId('ondemand-step').count()).toBe(3);
    await setStep(page, 2, 'signature', 'chloe.dubois@mairie-exemple');
    // The members field is reachable by its label, as a screen reader would announce it.
    expect(await card.getByLabel('Membres de l’étape 3').inputValue()).toBe('chloe.dubois@mairie-exemple');

    const draftName = 'Brouillon convention.pdf';
    // The clerk uses the "Choisir" button, which opens the system file picker.
    const [chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout: 15_000 }), card.getByTestId('ondemand-choose').click()]);
    await chooser.setFiles({ name: draftName, mimeType: 'application/pdf', buffer: pdfBytes(draftName) });

    const error = card.getByTestId('ondemand-error');
    await error.waitFor({ timeout: 15_000 });
    expect(await error.getAttribute('role')).toBe('alert');
    expect(await error.innerText()).toMatch(/^Étape 3 : « chloe\.dubois@mairie-exemple » n’est pas une adresse e-mail valide\.$/);
    // The faulty field is marked and points at the message; the others are not.
    const members3 = card.getByLabel('Membres de l’étape 3');
    expect(await members3.getAttribute('aria-invalid')).toBe('true');
    expect(await members3.getAttribute('aria-describedby')).toContain(String(await error.getAttribute('id')));
    expect(await card.getByLabel('Membres de l’étape 1').getAttribute('aria-invalid')).toBeNull();
    // Nothing was staged: no deposit dialog, and no document in the list.
    expect(await page.getByTestId('deposit-dialog').count()).toBe(0);
    // Correcting the address takes the stale error away.
    await members3.fill('chloe.dubois@mairie-exemple.fr');
    await expect.poll(() => card.getByTestId('ondemand-error').count()).toBe(0);
    expect(await members3.getAttribute('aria-invalid')).toBeNull();
    await page.locator('#parapheur-tab-documents').click();
    // The list has loaded and is empty (the first test of a fresh data folder).
    await page.getByTestId('documents-empty').waitFor({ timeout: 20_000 });
    expect(await page.locator(`[data-testid="document-row"][data-name="${draftName}"]`).count()).toBe(0);
    expect(await page.locator('[data-testid="document-row"]').count()).toBe(0);
    expect(pageErrors).toEqual([]);
    await page.context().close();
  }, 90_000);

  it('files one PDF with an annex into a visa-then-signature circuit and follows it to "signé"', async () => {
    const { page, pageErrors } = await openBuilder();
    const card = page.getByTestId('circuit-tile-ondemand');
    await card.getByTestId('ondemand-type').selectOption('BUREAUTIQUE_PDF');
    // A PDF circuit takes PDFs in the file picker.
    expect(await card.getByTestId('ondemand-input').getAttribute('accept')).toMatch(/pdf/);
    await expect.poll(() => card.getByTestId('ondemand-step').count()).toBe(2);
    await setStep(page, 0, 'visa', visaMember);
    await setStep(page, 1, 'signature', signatureMember);

    const mainName = 'Convention de partenariat n°3.pdf';
    const annexName = 'Annexe financière été 2026.pdf';
    await card.getByTestId('ondemand-input').setInputFiles({ name: mainName, mimeType: 'application/pdf', buffer: pdfBytes(mainName) });
    expect(await card.getByTestId('ondemand-error').count()).toBe(0);

    const dialog = page.getByTestId('deposit-dialog');
    await dialog.waitFor({ timeout: 15_000 });
    const main = dialog.locator(`[data-testid="file-check"][data-name="${mainName}"]`);
    await expect.poll(() => main.getAttribute('data-accepted'), { timeout: 15_000 }).toBe('true');

    // One main file on demand: the annexes section is offered.
    const section = dialog.getByTestId('deposit-annexes');
    await section.waitFor({ timeout: 15_000 });
    await section.getByTestId('deposit-annex-input').setInputFiles({ name: annexName, mimeType: 'application/pdf', buffer: pdfBytes(annexName) });
    const annex = section.locator(`[data-testid="deposit-annex"][data-name="${annexName}"]`);
    await expect.poll(() => annex.getAttribute('data-accepted'), { timeout: 15_000 }).toBe('true');
    expect(await section.getByTestId('deposit-annex').count()).toBe(1);
    await expect.poll(() => dialog.getByTestId('deposit-preview-annexes').count(), { timeout: 15_000 }).toBe(1);

    await dialog.getByTestId('deposit-label').fill('Convention avec l’association');
    const submit = dialog.getByTestId('deposit-submit');
    await expect.poll(() => submit.isEnabled(), { timeout: 15_000 }).toBe(true);
    await submit.click();
    await dialog.waitFor({ state: 'detached', timeout: 15_000 });

    await page.locator('#parapheur-tab-documents').click();
    const row = page.locator(`[data-testid="document-row"][data-name="${mainName}"]`);
    // Visa then signature, then possibly already classified by the simulator's secretariat.
    await expect
      .poll(async () => ((await row.count()) ? String(await row.getAttribute('data-phase')) : ''), { timeout: 90_000, interval: 500 })
      .toMatch(new RegExp(`^(${signedPhases.join('|')})$`));
    // The annex travelled with its document, not as a document of its own.
    expect(await page.locator(`[data-testid="document-row"][data-name="${annexName}"]`).count()).toBe(0);

    await row.locator('button').first().click();
    const detail = page.getByTestId('document-detail').first();
    await detail.waitFor({ timeout: 15_000 });
    const annexes = detail.getByTestId('document-annexes');
    await annexes.waitFor({ timeout: 15_000 });
    // Under the clerk's own file name.
    expect(await annexes.getByTestId('document-annex').evaluateAll((els) => els.map((e) => e.getAttribute('data-name')))).toEqual([annexName]);
    // The history shows the visa of the first step and the signature of the second.
    const entries = detail.getByTestId('history-entry');
    await expect.poll(() => entries.filter({ hasText: /Visa/ }).count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await expect.poll(() => entries.filter({ hasText: /Signé/ }).count(), { timeout: 30_000 }).toBeGreaterThan(0);
    // By the members the clerk typed (FAST writes the actor as « NOM Prénom »).
    expect(await entries.filter({ hasText: /Visa/ }).first().innerText()).toMatch(/MARTIN Alice/i);
    expect(await entries.filter({ hasText: /Signé/ }).first().innerText()).toMatch(/LEF[EÈ]VRE Bruno/i);
    expect(pageErrors).toEqual([]);
    await page.context().close();
  }, 150_000);
});
