import fs from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import WebSocket from 'ws';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USER_ACCOUNT } from '../../main/sandbox/id360/demo.js';
import { launchChromium, openApp, projectRoot, sessionCookieOf, startBuiltHost, tempDataDir, type RunningHost } from './webHostHarness.js';

/**
 * An identity check as a clerk runs it at the counter, in the real UI through the web host: the form,
 * the journey's QR code, the Sandbox « terminer comme OK » control, the tracker reaching « Identité
 * vérifiée », the PDF report and a document image opened, then opened again once ID360 is out of reach
 * (the local copies).
 */

// 1 real second = 10 simulated seconds: the tracker polls often, yet the person's journey (starting
// after a simulated minute) does not begin before the check's comparison data is sent.
const timeScale = { GUICHET_SANDBOX_TIME_SCALE: '10' };
const wcag = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const shots = process.env.GUICHET_E2E_SHOTS ?? path.join(projectRoot, 'dist', 'e2e-shots', 'id360');

let browser: Browser;
let host: RunningHost;
const dataDir = tempDataDir('guichet-e2e-id360-');

beforeAll(async () => {
  browser = await launchChromium();
  host = await startBuiltHost(dataDir, timeScale);
  fs.mkdirSync(shots, { recursive: true });
}, 60_000);
afterAll(async () => {
  await host?.stop();
  await browser?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function axeViolations(page: Page, include?: string) {
  let builder = new AxeBuilder({ page }).withTags(wcag);
  if (include) builder = builder.include(include);
  const result = await builder.analyze();
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/**
 * axe in the light theme, then in the dark one: Guichet follows the OS's choice by default
 * (renderer/app/theme.ts), so the page is switched as the clerk's OS would switch it.
 */
async function axeBothThemes(page: Page, include?: string): Promise<string[]> {
  const light = await axeViolations(page, include);
  await page.emulateMedia({ colorScheme: 'dark' });
  try {
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).colorScheme)).toContain('dark');
    return [...light, ...(await axeViolations(page, include)).map((v) => `dark · ${v}`)];
  } finally {
    await page.emulateMedia({ colorScheme: 'light' });
  }
}

/** The simulator's address, as Guichet's Sandbox knows it. */
async function simulatorOf(page: Page, target: RunningHost = host): Promise<string> {
  let simulator = '';
  await expect
    .poll(
      async () => {
        const endpoints = (await callBridge(page, 'providers.endpoints', {}, target)).value as { provider: string; baseUrl: string | null }[] | undefined;
        simulator = endpoints?.find((e) => e.provider === 'id360')?.baseUrl ?? '';
        return simulator;
      },
      { timeout: 20_000 },
    )
    .toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
  return simulator;
}

/** Calls a channel over the page's own bridge session, as the renderer does. */
async function callBridge(page: Page, channel: string, payload: unknown, target: RunningHost = host): Promise<{ ok: boolean; value?: unknown }> {
  const ws = new WebSocket(`${target.origin.replace('http', 'ws')}/bridge`, { origin: target.origin, headers: { Cookie: await sessionCookieOf(page) } });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`bridge refused: ${res.statusCode}`)));
  });
  try {
    return await new Promise((resolve) => {
      ws.on('message', (data) => {
        const msg = JSON.parse(String(data)) as { t: string; id?: number; result?: { ok: boolean; value?: unknown } };
        if (msg.t === 'result' && msg.id === 1) resolve(msg.result!);
      });
      ws.send(JSON.stringify({ t: 'call', id: 1, channel, payload }));
    });
  } finally {
    ws.close();
  }
}

async function openReportPdf(page: Page) {
  await page.getByTestId('id360-open-report').click();
  const viewer = page.getByTestId('pdf-viewer');
  await viewer.waitFor({ timeout: 20_000 });
  await viewer.getByTestId('pdf-page').first().waitFor({ timeout: 20_000 });
  expect(await viewer.getByTestId('pdf-error').count()).toBe(0);
  return viewer;
}

async function openFirstImage(page: Page) {
  const report = page.getByTestId('id360-report');
  await report.getByRole('button', { name: 'Voir l’image' }).first().click();
  const image = page.getByRole('img', { name: /^Image : / });
  await image.waitFor({ timeout: 15_000 });
  // The image really painted (a broken local copy would leave it 0 wide).
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), { timeout: 15_000 }).toBe(true);
  return image;
}

describe('ID360 identity check in Chromium through the web host', () => {
  it('creates a check, shows its QR code, follows it to « Identité vérifiée » and opens its report and images, also with ID360 out of reach', async () => {
    const page = await openApp(browser, host.url);
    await page.setViewportSize({ width: 1366, height: 768 });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.getByRole('navigation').getByRole('button', { name: 'Vérification d’identité' }).click();
    const form = page.getByTestId('id360-new-check');
    await form.waitFor({ timeout: 20_000 });
    await expect.poll(() => form.getByTestId('id360-process').locator('option').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(shots, '1-page.png'), fullPage: true });
    expect(await axeViolations(page)).toEqual([]);

    // The clerk fills the form as at the counter: a typo in the phone number is said in French first.
    await form.getByLabel('Référence du dossier').fill('DOSSIER-2026-0815');
    await form.getByLabel('Nom', { exact: true }).fill('Lefèvre');
    await form.getByLabel('Prénom', { exact: true }).fill('Élodie');
    await form.getByLabel('Adresse e-mail', { exact: true }).fill('elodie.lefevre@example.org');
    await form.getByLabel('Téléphone portable', { exact: true }).fill('06 12 34');
    await form.getByTestId('id360-lock-last_name').check();
    await form.getByTestId('id360-create').click();
    const phoneError = form.getByText(/^Numéro non valide/);
    await phoneError.waitFor({ timeout: 10_000 });
    expect(await form.getByLabel('Téléphone portable', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await page.screenshot({ path: path.join(shots, '2-form-error.png'), fullPage: true });
    expect(await axeViolations(page, '[data-testid="id360-new-check"]')).toEqual([]);
    await form.getByLabel('Téléphone portable', { exact: true }).fill('06 12 34 56 78');
    await form.getByTestId('id360-create').click();

    // The hosted journey as a QR code with an accessible name, its link, copy and e-mail.
    const link = page.getByTestId('id360-journey-link');
    await link.waitFor({ timeout: 20_000 }).catch(async (e: unknown) => {
      await page.screenshot({ path: path.join(shots, 'failure.png') });
      throw e;
    });
    // Shown where the clerk is looking: the link takes the focus (the form is long at 1366×768).
    await expect.poll(() => link.evaluate((el) => el.contains(document.activeElement))).toBe(true);
    expect(await link.evaluate((el) => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.top < window.innerHeight; })).toBe(true);
    const qr = link.getByRole('img', { name: 'Code QR du parcours de vérification' });
    await qr.waitFor({ timeout: 10_000 });
    expect(await qr.locator('svg').count()).toBe(1);
    const journeyUrl = await link.getByTestId('id360-journey-url').innerText();
    expect(journeyUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/static\/process_ui\/index\.html#\/enrollment\/[0-9a-f]{32}/);
    expect(await link.getByRole('button', { name: 'Copier le lien' }).isVisible()).toBe(true);
    const mail = link.getByRole('link', { name: 'Envoyer par e-mail' });
    expect(decodeURIComponent(String(await mail.getAttribute('href')))).toContain(journeyUrl);
    expect(page.url().startsWith(host.origin)).toBe(true);
    await page.screenshot({ path: path.join(shots, '3-qr.png'), fullPage: true });
    expect(await axeViolations(page)).toEqual([]);

    // The tracker lists it as not started yet, found by the person's name without accents.
    await page.getByRole('searchbox', { name: 'Rechercher un nom ou une référence' }).fill('lefevre');
    const row = page.locator('[data-testid^="id360-row-"]').filter({ hasText: 'DOSSIER-2026-0815' });
    await row.waitFor({ timeout: 20_000 });
    expect(await row.getByTestId('id360-row-status').innerText()).toMatch(/^(Pas encore commencée|En cours)/);

    // Sandbox: the person's journey ends OK.
    await row.getByRole('button', { name: 'Voir' }).click();
    const report = page.getByTestId('id360-report');
    await report.waitFor({ timeout: 10_000 });
    await report.getByTestId('id360-finish-ok').click();
    await expect.poll(() => row.getByTestId('id360-row-status').innerText(), { timeout: 60_000, interval: 250 }).toBe('Identité vérifiée');

    // Every file kept (verified where the report gives a hash), the signature checked.
    await expect.poll(() => report.getByTestId('id360-signature').count(), { timeout: 60_000, interval: 250 }).toBe(1);
    expect(await report.getByTestId('id360-signature').innerText()).toBe('Rapport authentique : la signature d’ID360 est valide.');
    await expect
      .poll(async () => (await report.locator('[data-integrity]').evaluateAll((els) => els.map((e) => e.getAttribute('data-integrity')))).join(','), { timeout: 60_000, interval: 250 })
      .toMatch(/^(valid|unverifiable)(,(valid|unverifiable))*$/);
    expect(await report.getByTestId('id360-report-status').innerText()).toBe('Résultat : Identité vérifiée');
    // What was checked, in the clerk's words (not ID360's module names), and the surname on one row.
    const reportText = await report.innerText();
    expect(reportText).toContain('Lecture de la pièce d’identité : réussie');
    expect(reportText).not.toMatch(/id_document|liveness|\$\d/);
    expect(await report.getByRole('rowheader', { name: 'Nom', exact: true }).count()).toBe(1);
    await page.screenshot({ path: path.join(shots, '4-report.png'), fullPage: true });
    expect(await axeViolations(page, '[data-testid="id360-report"]')).toEqual([]);

    const viewer = await openReportPdf(page);
    await page.screenshot({ path: path.join(shots, '5-pdf.png') });
    await viewer.getByTestId('pdf-close').click();
    await viewer.waitFor({ state: 'detached' });
    await openFirstImage(page);
    await page.screenshot({ path: path.join(shots, '6-image.png') });
    // Escape closes the image only: the report stays open under it.
    await page.keyboard.press('Escape');
    await page.getByRole('img', { name: /^Image : / }).waitFor({ state: 'detached' });
    expect(await report.isVisible()).toBe(true);

    // ID360 out of reach: the provider now points at a closed port.
    const cut = await callBridge(page, 'settings.update', { providers: { id360: { environment: 'custom', customBaseUrl: 'https://127.0.0.1:9/api/1.0.0/' } } });
    expect(cut.ok).toBe(true);
    await page.screenshot({ path: path.join(shots, '7-after-cut.png') });
    await openReportPdf(page);
    await page.screenshot({ path: path.join(shots, '7-pdf-offline.png') });
    await page.getByTestId('pdf-close').click();
    await openFirstImage(page);
    await page.screenshot({ path: path.join(shots, '8-image-offline.png') });
    expect(pageErrors).toEqual([]);
    await page.context().close();
  }, 180_000);

  it('resumes a check whose comparison data ID360 failed to take, on the same enrollment, before showing its QR code', async () => {
    const page = await openApp(browser, host.url);
    await page.setViewportSize({ width: 1366, height: 768 });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    expect((await callBridge(page, 'settings.update', { providers: { id360: { environment: 'sandbox' } } })).ok).toBe(true);
    await page.getByRole('navigation').getByRole('button', { name: 'Vérification d’identité' }).click();
    const form = page.getByTestId('id360-new-check');
    await form.waitFor({ timeout: 20_000 });
    await expect.poll(() => form.getByTestId('id360-process').locator('option').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    // The simulator's next comparison-data call fails (its fault knob, from outside the app).
    let simulator = '';
    await expect
      .poll(
        async () => {
          const endpoints = (await callBridge(page, 'providers.endpoints', {})).value as { provider: string; baseUrl: string | null }[] | undefined;
          simulator = endpoints?.find((e) => e.provider === 'id360')?.baseUrl ?? '';
          return simulator;
        },
        { timeout: 20_000 },
      )
      .toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    // The person never starts before the clerk gave the link: the simulator's journeys wait to be driven (restored below).
    expect((await fetch(new URL('/__sandbox/journeys', simulator), { method: 'POST', body: JSON.stringify({ auto: false }) })).status).toBe(204);
    const fault = await fetch(new URL('/__sandbox/faults', simulator), { method: 'POST', body: JSON.stringify({ forcedStatus: 503, onlyPaths: '/control/data/', times: 1 }) });
    expect(fault.status).toBe(204);

    await form.getByLabel('Référence du dossier').fill('DOSSIER-2026-0916');
    await form.getByLabel('Nom', { exact: true }).fill('Martin');
    await form.getByTestId('id360-lock-last_name').check();
    await form.getByTestId('id360-create').click();
    const alert = form.getByRole('alert');
    await alert.waitFor({ timeout: 20_000 });
    expect(await alert.innerText()).toBe(
      'La vérification DOSSIER-2026-0916 est bien créée chez ID360, mais les données à comparer n’ont pas pu être envoyées. « Reprendre l’envoi » les envoie à cette même vérification, sans en créer une autre.',
    );
    // No QR code yet: the person would start without the data to compare. The form keeps what was sent, read-only.
    expect(await page.getByTestId('id360-journey-link').count()).toBe(0);
    expect(await form.getByLabel('Nom', { exact: true }).getAttribute('readonly')).not.toBeNull();
    const resume = form.getByRole('button', { name: 'Reprendre l’envoi' });
    expect(await resume.isVisible()).toBe(true);
    // The tracker already lists it, marked.
    const row = page.locator('[data-testid^="id360-row-"]').filter({ hasText: 'DOSSIER-2026-0916' });
    await row.waitFor({ timeout: 20_000 });
    expect(await row.getByTestId('id360-row-controls-pending').innerText()).toBe('Données non envoyées');
    // Nothing cut at 1366×768: the marker fits its column.
    expect(await row.getByTestId('id360-row-controls-pending').evaluate((el) => el.scrollWidth <= el.parentElement!.clientWidth)).toBe(true);
    await page.screenshot({ path: path.join(shots, '11-controls-pending.png'), fullPage: true });
    expect(await axeViolations(page)).toEqual([]);

    await resume.click();
    const link = page.getByTestId('id360-journey-link');
    await link.waitFor({ timeout: 20_000 });
    await expect.poll(() => row.getByTestId('id360-row-controls-pending').count(), { timeout: 20_000 }).toBe(0);
    expect(await page.locator('[data-testid^="id360-row-"]').filter({ hasText: 'DOSSIER-2026-0916' }).count()).toBe(1);
    expect(await form.getByLabel('Nom', { exact: true }).inputValue()).toBe('');
    expect((await fetch(new URL('/__sandbox/journeys', simulator), { method: 'POST', body: JSON.stringify({ auto: true }) })).status).toBe(204);
    expect(pageErrors).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('says in the tracker list, in plain French, why a check was refused', async () => {
    const page = await openApp(browser, host.url);
    await page.setViewportSize({ width: 1366, height: 768 });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    expect((await callBridge(page, 'settings.update', { providers: { id360: { environment: 'sandbox' } } })).ok).toBe(true);
    await page.getByRole('navigation').getByRole('button', { name: 'Vérification d’identité' }).click();
    const form = page.getByTestId('id360-new-check');
    await form.waitFor({ timeout: 20_000 });
    await expect.poll(() => form.getByTestId('id360-process').locator('option').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await form.getByLabel('Référence du dossier').fill('DOSSIER-2026-1017');
    await form.getByLabel('Nom', { exact: true }).fill('Durand');
    await form.getByTestId('id360-create').click();
    await page.getByTestId('id360-journey-link').waitFor({ timeout: 20_000 });

    // Sandbox: the person's journey ends KO.
    const row = page.locator('[data-testid^="id360-row-"]').filter({ hasText: 'DOSSIER-2026-1017' });
    await row.waitFor({ timeout: 20_000 });
    await row.getByRole('button', { name: 'Voir' }).click();
    const report = page.getByTestId('id360-report');
    await report.getByTestId('id360-finish-ko').click();
    await expect.poll(() => report.locator('[data-integrity]').count(), { timeout: 60_000, interval: 250 }).toBeGreaterThan(0);
    await report.getByTestId('id360-report-close').click();
    await report.waitFor({ state: 'detached' });

    // The row: « Refusée », and why, from the report's status code, in the clerk's words.
    await expect.poll(() => row.getByTestId('id360-row-status').innerText(), { timeout: 60_000, interval: 250 }).toBe('Refusée');
    const reason = row.getByTestId('id360-row-reason');
    await expect.poll(() => reason.count(), { timeout: 60_000, interval: 250 }).toBe(1);
    expect(await reason.innerText()).toBe('Un contrôle de validité a échoué.');
    // The full text (ID360's own reason too) is in the title; nothing cut at 1366×768.
    expect(await reason.getAttribute('title')).toBe(
      'Un contrôle de validité a échoué. Motif donné par ID360 : « 1 validations failed: Checks that the Id card has not expired (15 years for adult, 10 for child) ».',
    );
    expect(await reason.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    await page.screenshot({ path: path.join(shots, '12-ko-reason.png'), fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('says « création incertaine » when ID360’s answer to a creation is lost, and creates it only once the clerk says the console has none', async () => {
    const page = await openApp(browser, host.url);
    await page.setViewportSize({ width: 1366, height: 768 });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    expect((await callBridge(page, 'settings.update', { providers: { id360: { environment: 'sandbox' } } })).ok).toBe(true);
    await page.getByRole('navigation').getByRole('button', { name: 'Vérification d’identité' }).click();
    const form = page.getByTestId('id360-new-check');
    await form.waitFor({ timeout: 20_000 });
    await expect.poll(() => form.getByTestId('id360-process').locator('option').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    const endpoints = (await callBridge(page, 'providers.endpoints', {})).value as { provider: string; baseUrl: string | null }[];
    const simulator = endpoints.find((e) => e.provider === 'id360')!.baseUrl!;
    // The create call reaches ID360, whose answer is a 502 (sent, outcome unknown).
    expect((await fetch(new URL('/__sandbox/faults', simulator), { method: 'POST', body: JSON.stringify({ forcedStatus: 502, onlyPaths: '/process/[^/]+/enrollment/?$', times: 1 }) })).status).toBe(204);

    await form.getByLabel('Référence du dossier').fill('DOSSIER-2026-1219');
    await form.getByLabel('Nom', { exact: true }).fill('Moreau');
    await form.getByTestId('id360-create').click();
    const alert = form.getByRole('alert');
    await alert.waitFor({ timeout: 20_000 });
    expect(await alert.innerText()).toMatch(/^La demande de création de la vérification DOSSIER-2026-1219 est partie vers ID360, mais sa réponse s’est perdue/);
    expect(await page.getByTestId('id360-journey-link').count()).toBe(0);

    // Retrying from the form is refused before anything is sent.
    await form.getByLabel('Référence du dossier').fill('DOSSIER-2026-1219');
    await form.getByTestId('id360-create').click();
    await expect.poll(() => alert.innerText(), { timeout: 20_000 }).toMatch(/^La demande de création de la vérification DOSSIER-2026-1219/);

    const row = page.locator('[data-testid^="id360-row-"]').filter({ hasText: 'DOSSIER-2026-1219' });
    await row.waitFor({ timeout: 20_000 });
    expect(await row.getByTestId('id360-row-status').innerText()).toBe('Création incertaine');
    await row.getByRole('button', { name: 'Voir' }).click();
    const report = page.getByTestId('id360-report');
    const uncertain = report.getByTestId('id360-uncertain');
    await uncertain.waitFor({ timeout: 10_000 });
    expect(await report.getByTestId('id360-discontinue').count()).toBe(0);
    // A number that is not one: said in French on the field.
    await uncertain.getByLabel('Je l’ai trouvée : numéro du dossier ID360').fill('48 2x');
    await uncertain.getByTestId('id360-uncertain-attach').click();
    await uncertain.getByText('Indiquez le numéro du dossier : des chiffres uniquement.').waitFor({ timeout: 10_000 });
    await page.screenshot({ path: path.join(shots, '14-uncertain.png'), fullPage: true });
    expect(await axeBothThemes(page, '[data-testid="id360-report"]')).toEqual([]);

    await uncertain.getByTestId('id360-uncertain-none').click();
    await report.getByTestId('id360-journey-link').waitFor({ timeout: 20_000 });
    await expect.poll(() => row.getByTestId('id360-row-status').innerText(), { timeout: 20_000 }).toMatch(/^(Pas encore commencée|En cours)/);
    expect(await page.locator('[data-testid^="id360-row-"]').filter({ hasText: 'DOSSIER-2026-1219' }).count()).toBe(1);
    expect(pageErrors).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('asks a user account’s one-time 2FA code on the ID360 page, says a wrong one in French, and signs in with the right one', async () => {
    const page = await openApp(browser, host.url);
    await page.setViewportSize({ width: 1366, height: 768 });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    expect((await callBridge(page, 'settings.update', { providers: { id360: { environment: 'sandbox' } } })).ok).toBe(true);
    let simulator = '';
    await expect
      .poll(
        async () => {
          const endpoints = (await callBridge(page, 'providers.endpoints', {})).value as { provider: string; baseUrl: string | null }[] | undefined;
          simulator = endpoints?.find((e) => e.provider === 'id360')?.baseUrl ?? '';
          return simulator;
        },
        { timeout: 20_000 },
      )
      .toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    // The simulator as a real ID360, signed in with its user account (e-mail, password, 2FA).
    const origin = new URL(simulator).origin;
    expect(
      (
        await callBridge(page, 'settings.update', {
          providers: { id360: { environment: 'custom', customBaseUrl: `${origin}/api/1.0.0/`, customUiBaseUrl: `${origin}/`, username: USER_ACCOUNT.username, accountKind: 'user' } },
        })
      ).ok,
    ).toBe(true);
    expect((await callBridge(page, 'secrets.set', { key: 'id360.password', value: USER_ACCOUNT.password })).ok).toBe(true);
    await page.getByRole('navigation').getByRole('button', { name: 'Vérification d’identité' }).click();
    const prompt = page.getByTestId('id360-two-factor');
    await prompt.waitFor({ timeout: 20_000 });
    await prompt.getByLabel('Code de vérification').fill('000000');
    await prompt.getByTestId('id360-two-factor-submit').click();
    await prompt.getByText(/^ID360 a refusé la connexion : vérifiez le code/).waitFor({ timeout: 20_000 });
    await page.screenshot({ path: path.join(shots, '15-two-factor.png'), fullPage: true });
    expect(await axeBothThemes(page)).toEqual([]);
    await prompt.getByLabel('Code de vérification').fill(USER_ACCOUNT.twoFactorCode!);
    await prompt.getByTestId('id360-two-factor-submit').click();
    await prompt.waitFor({ state: 'detached', timeout: 20_000 });
    expect(pageErrors).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('attaches the number found in ID360’s console even when ID360 does not give its journey key back, and says the link is unavailable', async () => {
    const page = await openApp(browser, host.url);
    await page.setViewportSize({ width: 1366, height: 768 });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    expect((await callBridge(page, 'settings.update', { providers: { id360: { environment: 'sandbox', accountKind: 'application' } } })).ok).toBe(true);
    await page.getByRole('navigation').getByRole('button', { name: 'Vérification d’identité' }).click();
    const form = page.getByTestId('id360-new-check');
    await form.waitFor({ timeout: 20_000 });
    await expect.poll(() => form.getByTestId('id360-process').locator('option').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    const simulator = await simulatorOf(page);
    // ID360 creates the enrollment, then the connection drops instead of its answer; and this ID360
    // answers a read of an enrollment without its journey key (restored below).
    expect((await fetch(new URL('/__sandbox/faults', simulator), { method: 'POST', body: JSON.stringify({ resetAfterResponse: true, onlyPaths: '/process/[^/]+/enrollment/?$', times: 1 }) })).status).toBe(204);
    expect((await fetch(new URL('/__sandbox/replies', simulator), { method: 'POST', body: JSON.stringify({ omitApiKeyOnRead: true }) })).status).toBe(204);
    try {
      await form.getByLabel('Référence du dossier').fill('DOSSIER-2026-1320');
      await form.getByLabel('Nom', { exact: true }).fill('Bernard');
      await form.getByTestId('id360-create').click();
      await form.getByRole('alert').waitFor({ timeout: 20_000 });
      expect(await form.getByRole('alert').innerText()).toMatch(/^La demande de création de la vérification DOSSIER-2026-1320 est partie vers ID360/);

      const row = page.locator('[data-testid^="id360-row-"]').filter({ hasText: 'DOSSIER-2026-1320' });
      await row.waitFor({ timeout: 20_000 });
      await row.getByRole('button', { name: 'Voir' }).click();
      const report = page.getByTestId('id360-report');
      const uncertain = report.getByTestId('id360-uncertain');
      await uncertain.waitFor({ timeout: 10_000 });
      // The clerk finds the check in ID360's console by its reference (the simulator's stand-in for it).
      const found = (await (await fetch(new URL('/__sandbox/console?reference=DOSSIER-2026-1320', simulator))).json()) as { id: number }[];
      expect(found).toHaveLength(1);
      await uncertain.getByLabel('Je l’ai trouvée : numéro du dossier ID360').fill(String(found[0]!.id));
      await uncertain.getByTestId('id360-uncertain-attach').click();

      // Attached: followed like any other, but no link to show — said, with where to find it; never a broken link.
      const unknown = report.getByTestId('id360-journey-link-unknown');
      await unknown.waitFor({ timeout: 20_000 });
      expect(await unknown.getByRole('heading').innerText()).toBe('Lien du parcours indisponible');
      expect(await unknown.innerText()).toContain(`ID360 n’a pas transmis le lien de ce dossier (n° ${found[0]!.id}) : vous le trouverez dans la console ID360`);
      expect(await report.getByTestId('id360-journey-link').count()).toBe(0);
      expect(await report.getByTestId('id360-uncertain').count()).toBe(0);
      await expect.poll(() => row.getByTestId('id360-row-status').innerText(), { timeout: 20_000 }).toMatch(/^(Pas encore commencée|En cours)/);
      await page.screenshot({ path: path.join(shots, '16-link-unknown.png'), fullPage: true });
      expect(await axeBothThemes(page, '[data-testid="id360-report"]')).toEqual([]);

      // The person used the link from the console: the check ends and is kept as any other.
      await report.getByTestId('id360-finish-ok').click();
      await expect.poll(() => row.getByTestId('id360-row-status').innerText(), { timeout: 60_000, interval: 250 }).toBe('Identité vérifiée');
      expect(await page.locator('[data-testid^="id360-row-"]').filter({ hasText: 'DOSSIER-2026-1320' }).count()).toBe(1);
      expect((await (await fetch(new URL('/__sandbox/console?reference=DOSSIER-2026-1320', simulator))).json()) as unknown[]).toHaveLength(1);
    } finally {
      await fetch(new URL('/__sandbox/replies', simulator), { method: 'POST', body: '{}' });
    }
    expect(pageErrors).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('offers « Type de compte ID360 » in the ID360 settings form, chosen by keyboard and saved with the form; a user account’s report stays longer than its documents', async () => {
    const page = await openApp(browser, host.url);
    await page.setViewportSize({ width: 1366, height: 768 });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    expect((await callBridge(page, 'settings.update', { providers: { id360: { environment: 'custom', customBaseUrl: 'https://127.0.0.1:9/api/1.0.0/', accountKind: 'application' } } })).ok).toBe(true);
    await page.getByTestId('nav-reglages').click();
    await page.getByTestId('settings-tab-id360').click();
    const group = page.getByRole('group', { name: 'Type de compte ID360' });
    await group.waitFor({ timeout: 20_000 });
    // Inside the connection form, above its « Enregistrer ».
    const saveButton = page.getByTestId('settings-save').first();
    expect(await group.evaluate((el, save) => el.closest('form') !== null && el.closest('form') === save?.closest('form'), await saveButton.elementHandle())).toBe(true);
    expect(await group.evaluate((el, save) => !!save && (el.compareDocumentPosition(save) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0, await saveButton.elementHandle())).toBe(true);
    const application = group.getByRole('radio', { name: 'Compte d’application' });
    const user = group.getByRole('radio', { name: 'Compte utilisateur' });
    expect(await application.isChecked()).toBe(true);
    // Each choice says in one line what it changes.
    expect(await group.innerText()).toContain('Rapports OK ou KO consultables 2 mois (pièces : 7 jours)');
    await group.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(shots, '17-account-kind.png') });
    expect(await axeBothThemes(page, '[data-testid="settings-id360-account-kind"]')).toEqual([]);

    // By keyboard: the arrow moves the choice, the form saves it.
    await application.focus();
    await page.keyboard.press('ArrowDown');
    expect(await user.isChecked()).toBe(true);
    expect(await page.getByText('Modifications non enregistrées').count()).toBeGreaterThan(0);
    await page.getByTestId('settings-save').first().click();
    await expect
      .poll(async () => ((await callBridge(page, 'settings.get', {})).value as { providers: { id360: { accountKind: string } } }).providers.id360.accountKind, { timeout: 10_000 })
      .toBe('user');
    await page.reload();
    await page.getByTestId('nav-reglages').click();
    await page.getByTestId('settings-tab-id360').click();
    await expect.poll(() => page.getByRole('group', { name: 'Type de compte ID360' }).getByRole('radio', { name: 'Compte utilisateur' }).isChecked(), { timeout: 20_000 }).toBe(true);

    // In Sandbox, a user account's check: its report view gives the documents' date and the report's, later.
    expect((await callBridge(page, 'settings.update', { providers: { id360: { environment: 'sandbox' } } })).ok).toBe(true);
    await page.getByRole('navigation').getByRole('button', { name: 'Vérification d’identité' }).click();
    const form = page.getByTestId('id360-new-check');
    await form.waitFor({ timeout: 20_000 });
    await expect.poll(() => form.getByTestId('id360-process').locator('option').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    // No code asked: the sandbox gives its user identity's own.
    expect(await page.getByTestId('id360-two-factor').count()).toBe(0);
    await form.getByLabel('Référence du dossier').fill('DOSSIER-2026-1421');
    await form.getByLabel('Nom', { exact: true }).fill('Roux');
    await form.getByTestId('id360-create').click();
    await page.getByTestId('id360-journey-link').waitFor({ timeout: 20_000 });
    const row = page.locator('[data-testid^="id360-row-"]').filter({ hasText: 'DOSSIER-2026-1421' });
    await row.waitFor({ timeout: 20_000 });
    await row.getByRole('button', { name: 'Voir' }).click();
    const report = page.getByTestId('id360-report');
    await report.getByTestId('id360-finish-ok').click();
    await expect.poll(() => row.getByTestId('id360-row-status').innerText(), { timeout: 60_000, interval: 250 }).toBe('Identité vérifiée');
    await expect
      .poll(() => report.getByTestId('id360-provider-until').innerText(), { timeout: 20_000 })
      .toMatch(/^ID360 garde les pièces jusqu’au .+ et le rapport jusqu’au .+\.$/);
    expect((await callBridge(page, 'settings.update', { providers: { id360: { accountKind: 'application' } } })).ok).toBe(true);
    expect(pageErrors).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('offers a user account « Récupérer le rapport archivé » for a report past its 2 months, and shows the report once fetched', async () => {
    const page = await openApp(browser, host.url);
    await page.setViewportSize({ width: 1366, height: 768 });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    expect((await callBridge(page, 'settings.update', { providers: { id360: { environment: 'sandbox', accountKind: 'user' } } })).ok).toBe(true);
    try {
      const simulator = await simulatorOf(page);
      expect((await fetch(new URL('/__sandbox/journeys', simulator), { method: 'POST', body: JSON.stringify({ auto: false }) })).status).toBe(204);
      const created = await callBridge(page, 'id360.enrollments.create', { processUuid: '6f8a1c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b', clientReference: 'DOSSIER-2026-0904', person: { last_name: 'Lenoir' }, lock: [] });
      expect(created.ok).toBe(true);
      const enrollmentId = (created.value as { row: { enrollmentId: string } }).row.enrollmentId;
      // The person ended the journey 61 days ago (the simulator's control): ID360 keeps the report in its archive only.
      expect((await fetch(new URL(`/__sandbox/enrollment/${enrollmentId}/finish?outcome=OK&days_ago=61`, simulator), { method: 'POST' })).status).toBe(200);

      await page.getByRole('navigation').getByRole('button', { name: 'Vérification d’identité' }).click();
      await page.getByRole('searchbox', { name: 'Rechercher un nom ou une référence' }).fill('DOSSIER-2026-0904');
      const row = page.locator('[data-testid^="id360-row-"]').filter({ hasText: 'DOSSIER-2026-0904' });
      await row.waitFor({ timeout: 20_000 });
      await row.getByRole('button', { name: 'Voir' }).click();
      const report = page.getByTestId('id360-report');
      const offer = report.getByTestId('id360-archive');
      await offer.waitFor({ timeout: 60_000 });
      expect(await offer.innerText()).toContain('ID360 ne donne plus ce rapport directement, mais le garde dans ses archives.');
      await page.screenshot({ path: path.join(shots, '19-archive-offer.png'), fullPage: true });
      expect(await axeBothThemes(page, '[data-testid="id360-report"]')).toEqual([]);

      // By keyboard: the report comes from the archive, is kept, and the offer goes.
      await offer.getByRole('button', { name: 'Récupérer le rapport archivé' }).focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => report.getByTestId('id360-report-status').innerText(), { timeout: 30_000 }).toBe('Résultat : Identité vérifiée');
      expect(await offer.count()).toBe(0);
      expect(await report.getByTestId('id360-signature').innerText()).toBe('Rapport authentique : la signature d’ID360 est valide.');
      expect(await axeViolations(page, '[data-testid="id360-report"]')).toEqual([]);
      expect(pageErrors).toEqual([]);
    } finally {
      expect((await callBridge(page, 'settings.update', { providers: { id360: { accountKind: 'application' } } })).ok).toBe(true);
      await page.context().close();
    }
  }, 120_000);

  it('lets the clerk name the organisation’s processes in Réglages, refusing a wrong identifier in French, and offers them in the new-check form', async () => {
    const page = await openApp(browser, host.url);
    await page.setViewportSize({ width: 1366, height: 768 });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    // Out of Sandbox (ID360 on a custom address): only the organisation's processes are offered.
    expect((await callBridge(page, 'settings.update', { providers: { id360: { environment: 'custom', customBaseUrl: 'https://127.0.0.1:9/api/1.0.0/' } } })).ok).toBe(true);
    await page.getByTestId('nav-reglages').click();
    await page.getByTestId('settings-tab-id360').click();
    const editor = page.getByTestId('id360-processes');
    await editor.waitFor({ timeout: 20_000 });
    expect(await editor.getByTestId('id360-processes-sandbox').count()).toBe(0);
    const before = await editor.getByTestId('id360-process-item').count();

    // A UUID with a typo: said in French on the field, nothing saved, the focus on it.
    await editor.getByLabel('Nom du parcours').fill('Ouverture de compte agence');
    await editor.getByLabel('Identifiant du parcours (UUID)').fill('6f8a1c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5');
    await editor.getByTestId('id360-process-add').click();
    await editor.getByText(/^Identifiant non valide/).waitFor({ timeout: 10_000 });
    expect(await editor.getByLabel('Identifiant du parcours (UUID)').getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('id360-process-uuid');
    expect(await editor.getByTestId('id360-process-item').count()).toBe(before);
    await page.screenshot({ path: path.join(shots, '9-processes-error.png'), fullPage: true });
    expect(await axeViolations(page, '[data-testid="id360-processes"]')).toEqual([]);

    // Fixed (pasted with braces, as from an e-mail): listed and saved.
    await editor.getByLabel('Identifiant du parcours (UUID)').fill('{6F8A1C2E-3B4D-4E5F-8A9B-0C1D2E3F4A5C}');
    await page.keyboard.press('Enter');
    const item = editor.getByTestId('id360-process-item').filter({ hasText: 'Ouverture de compte agence' });
    await item.waitFor({ timeout: 10_000 });
    expect(await item.innerText()).toContain('6f8a1c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5c');
    expect(await editor.getByLabel('Nom du parcours').inputValue()).toBe('');
    await page.screenshot({ path: path.join(shots, '10-processes.png'), fullPage: true });
    expect(await axeViolations(page)).toEqual([]);

    // The new-check form offers it by its name.
    await page.getByRole('navigation').getByRole('button', { name: 'Vérification d’identité' }).click();
    const form = page.getByTestId('id360-new-check');
    await form.waitFor({ timeout: 20_000 });
    await expect
      .poll(() => form.getByTestId('id360-process').locator('option').allInnerTexts(), { timeout: 20_000 })
      .toContain('Ouverture de compte agence');

    // Removed again (by keyboard): no longer offered.
    await page.getByTestId('nav-reglages').click();
    await page.getByTestId('settings-tab-id360').click();
    const remove = page.getByRole('button', { name: 'Retirer « Ouverture de compte agence »' });
    await remove.focus();
    await page.keyboard.press('Enter');
    await remove.waitFor({ state: 'detached', timeout: 10_000 });
    expect(await page.getByTestId('id360-processes').getByTestId('id360-process-item').count()).toBe(before);
    await page.getByRole('navigation').getByRole('button', { name: 'Vérification d’identité' }).click();
    await page.getByTestId('page-id360').waitFor({ timeout: 20_000 });
    await expect.poll(() => page.getByText('Ouverture de compte agence').count(), { timeout: 20_000 }).toBe(0);
    expect(pageErrors).toEqual([]);
    await page.context().close();
  }, 120_000);
});

describe('ID360 deadline warning in Chromium through the web host', () => {
  // 1 real second = 10,000 simulated ones: ID360's 7 days last a minute, its last day about 9 seconds.
  let fastHost: RunningHost;
  const fastDir = tempDataDir('guichet-e2e-id360-deadline-');
  beforeAll(async () => {
    fastHost = await startBuiltHost(fastDir, { GUICHET_SANDBOX_TIME_SCALE: '10000' });
  }, 60_000);
  afterAll(async () => {
    await fastHost?.stop();
    fs.rmSync(fastDir, { recursive: true, force: true });
  });

  it('marks the check in the tracker and notifies the clerk when its files could not be fetched and ID360 deletes them within a day', async () => {
    const page = await openApp(browser, fastHost.url);
    await page.setViewportSize({ width: 1366, height: 768 });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    const bridge = (channel: string, payload: unknown) => callBridge(page, channel, payload, fastHost);
    await page.getByRole('navigation').getByRole('button', { name: 'Vérification d’identité' }).click();
    await page.getByTestId('id360-new-check').waitFor({ timeout: 20_000 });
    let simulator = '';
    await expect
      .poll(
        async () => {
          const endpoints = (await bridge('providers.endpoints', {})).value as { provider: string; baseUrl: string | null }[] | undefined;
          simulator = endpoints?.find((e) => e.provider === 'id360')?.baseUrl ?? '';
          return simulator;
        },
        { timeout: 20_000 },
      )
      .toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    // The person's journey waits for the control below; ID360 fails every document download.
    expect((await fetch(new URL('/__sandbox/journeys', simulator), { method: 'POST', body: JSON.stringify({ auto: false }) })).status).toBe(204);
    expect((await fetch(new URL('/__sandbox/faults', simulator), { method: 'POST', body: JSON.stringify({ forcedStatus: 503, onlyPaths: 'file_contents', times: 1_000_000 }) })).status).toBe(204);

    const created = await bridge('id360.enrollments.create', { processUuid: '6f8a1c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b', clientReference: 'DOSSIER-2026-1118', person: { last_name: 'Petit' }, lock: [] });
    expect(created.ok).toBe(true);
    const localId = (created.value as { row: { localId: number } }).row.localId;
    expect((await bridge('id360.sandbox.finish', { localId, outcome: 'OK' })).ok).toBe(true);

    // The report is kept, the documents are not; a day (simulated) before ID360 deletes them, the row says so…
    await page.getByRole('searchbox', { name: 'Rechercher un nom ou une référence' }).fill('DOSSIER-2026-1118');
    const row = page.locator('[data-testid^="id360-row-"]').filter({ hasText: 'DOSSIER-2026-1118' });
    await row.waitFor({ timeout: 20_000 });
    const marker = row.getByTestId('id360-row-at-risk');
    await marker.waitFor({ timeout: 90_000 });
    expect(await marker.innerText()).toMatch(/^À récupérer avant le \d{2}\/\d{2}\/\d{4}$/);
    expect(await marker.evaluate((el) => el.scrollWidth <= el.parentElement!.clientWidth)).toBe(true);
    // …and the clerk is notified, in French, with the reference.
    const toast = page.getByTestId('toast').filter({ hasText: 'Vérification d’identité : pièces bientôt supprimées chez ID360' });
    await toast.waitFor({ timeout: 10_000 });
    expect(await toast.innerText()).toContain('DOSSIER-2026-1118');
    await page.screenshot({ path: path.join(shots, '13-deadline.png'), fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
    await page.context().close();
  }, 180_000);
});
