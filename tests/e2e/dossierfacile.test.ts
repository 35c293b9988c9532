import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launchChromium, openApp, projectRoot, signInAsTenant, startBuiltHost, tempDataDir, type RunningHost } from './webHostHarness.js';

/**
 * A tenant at the counter, in the real UI through the web host: « Connecter un locataire », the
 * tenant signing in and consenting on DossierFacile's pages (the simulator's, in a second page), the
 * file read at a glance, the full PDF opened, then DossierFacile cut off: « Synchroniser » says so and
 * the PDF opens again from the copy kept on this computer.
 */

const shots = process.env.GUICHET_E2E_SHOTS ?? path.join(projectRoot, 'dist', 'e2e-shots', 'dossierfacile');
let browser: Browser;
let host: RunningHost;
/** The DossierFacile simulator's origin (its sign-in pages and `/__sandbox/` controls), learnt from the sign-in link. */
let sandboxOrigin = '';
const dataDir = tempDataDir('guichet-e2e-dfc-');

beforeAll(async () => {
  browser = await launchChromium();
  host = await startBuiltHost(dataDir, { GUICHET_SANDBOX_TIME_SCALE: '60' });
  fs.mkdirSync(shots, { recursive: true });
}, 60_000);
afterAll(async () => {
  await host?.stop();
  await browser?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Accented letters or common French words in what an English page shows (as tests/e2e/englishInterface.test.ts). */
const french = /[éèàùçêâîôû]|\b(le|la|les|des|est|une|pas|du|vérifiez|réglages?|invalide|doit|locataires?|dossiers?|pièces?|connexion)\b/i;
const frenchLines = (text: string) => text.split('\n').filter((line) => french.test(line));

async function switchToEnglish(page: Page) {
  await page.getByTestId('nav-reglages').click();
  await page.getByTestId('settings-locale').selectOption('en');
  await page.getByTestId('settings-save').click();
  await page.getByText('Settings saved').first().waitFor();
  expect(await page.getAttribute('html', 'lang')).toBe('en');
}

describe('DossierFacile in Chromium through the web host', () => {
  it('connects a tenant from the app, shows their file, opens the PDF, and opens it again with DossierFacile cut off', async () => {
    const page = await openApp(browser, host.url);
    await page.setViewportSize({ width: 1366, height: 768 });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.getByRole('navigation').getByRole('button', { name: 'Dossiers locataires' }).click();
    await page.getByTestId('dfc-empty').waitFor({ timeout: 20_000 });
    expect(await axeViolations(page, 'Dossiers locataires')).toEqual([]);

    // The clerk starts the connection; a typo in the e-mail is said first.
    await page.getByTestId('dfc-connect-open').click();
    const dialog = page.getByTestId('dfc-connect-dialog');
    await dialog.getByLabel('Adresse e-mail du locataire (facultatif)').fill('marie.dupont@');
    await dialog.getByTestId('dfc-connect-start').click();
    await dialog.getByText('Adresse e-mail non valide').waitFor();
    await dialog.getByLabel('Adresse e-mail du locataire (facultatif)').fill('marie.dupont@example.org');
    await dialog.getByTestId('dfc-connect-start').click();
    const link = dialog.getByTestId('dfc-connect-link');
    await link.waitFor({ timeout: 30_000 });
    expect(await dialog.getByTestId('dfc-step-browser-opened').getAttribute('data-reached')).toBe('true');
    expect(await dialog.getByTestId('dfc-step-waiting-consent').getAttribute('data-reached')).toBe('true');
    await page.screenshot({ path: path.join(shots, '1-connect.png') });
    expect(await axeViolations(page, 'Connecter un locataire')).toEqual([]);

    // The tenant, in the second page the link opens: DossierFacile's login (e-mail pre-filled) and consent.
    // The sign-in page is on the DossierFacile simulator: its fault knobs are at the same origin.
    sandboxOrigin = new URL((await link.getAttribute('href'))!).origin;
    expect(await signInAsTenant(link)).toBe('marie.dupont@example.org');

    await dialog.getByTestId('dfc-connect-done').waitFor({ timeout: 30_000 });
    expect(await dialog.getByTestId('dfc-connect-done').textContent()).toContain('Marie Dupont est connecté');
    await dialog.getByTestId('dfc-connect-close').click();

    // Her file at a glance: application type, her and her guarantor, each document's status, the analysis badge.
    const file = page.getByTestId('dfc-file');
    await file.waitFor();
    expect(await file.getByTestId('dfc-application-type').textContent()).toBe('Seul');
    expect(await file.getByTestId('dfc-file-status').textContent()).toBe('Vérifié');
    await file.getByText('Garant (personne) : Jean Dupont').waitFor();
    expect(await file.getByText('Pièce d’identité').count()).toBeGreaterThan(0);
    expect(await file.getByTestId('dfc-analysis').first().textContent()).toBe('Analyse automatique : conforme');
    // The PDFs arrive in the blob store (the full one once DossierFacile has generated it).
    const openDossier = file.getByTestId('dfc-open-dossier');
    await openDossier.waitFor({ timeout: 60_000 });
    await page.screenshot({ path: path.join(shots, '2-file.png') });
    expect(await axeViolations(page, 'Dossier du locataire')).toEqual([]);
    // Nothing cut at 1366×768: the dialog's title and actions fit.
    expect(await file.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);

    await openDossier.click();
    const viewer = page.getByTestId('pdf-viewer');
    await viewer.getByTestId('pdf-page').first().waitFor({ timeout: 20_000 });
    expect(await viewer.getByTestId('pdf-error').count()).toBe(0);
    await page.getByTestId('pdf-close').click();
    await viewer.waitFor({ state: 'detached' });
    await file.getByTestId('dfc-file-close').click();

    // The list finds her by name, e-mail and status.
    const row = page.getByTestId('dfc-row-413');
    await row.waitFor();
    await page.getByTestId('dfc-search').fill('DUPONT');
    await row.waitFor();
    await page.getByTestId('dfc-search').fill('inconnu');
    await page.getByTestId('dfc-empty').waitFor();
    await page.getByTestId('dfc-search').fill('');
    await page.getByTestId('dfc-filter-status').selectOption('VALIDATED');
    await row.waitFor();

    // DossierFacile cut off (its simulator resets every connection): the sync says so, the PDF still opens.
    const cut = await fetch(`${sandboxOrigin}/__sandbox/faults`, { method: 'POST', body: JSON.stringify({ resetRate: 1 }) });
    expect(cut.status).toBe(200);
    await page.getByTestId('dfc-sync').click();
    // The sync line (the kit's, as for FAST and ID360) says it could not reach DossierFacile.
    await expect.poll(() => page.getByTestId('dfc-sync-last').textContent(), { timeout: 60_000 }).toMatch(/DossierFacile injoignable pour le moment\./);
    // Whether a periodic sync went through before the cut depends on timing: either way the line starts with it.
    expect(await page.getByTestId('dfc-sync-last').textContent()).toMatch(
      /^(Dernière synchronisation avec DossierFacile : \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}|Pas encore de synchronisation avec DossierFacile)\. DossierFacile injoignable/,
    );
    await page.getByTestId('dfc-open-413').click();
    await file.getByTestId('dfc-open-dossier').click();
    await viewer.getByTestId('pdf-page').first().waitFor({ timeout: 20_000 });
    expect(await viewer.getByTestId('pdf-error').count()).toBe(0);
    await page.screenshot({ path: path.join(shots, '3-pdf-offline.png') });
    await page.getByTestId('pdf-close').click();
    await file.getByTestId('dfc-doc-5001-open').click();
    await viewer.getByTestId('pdf-page').first().waitFor({ timeout: 20_000 });
    await page.getByTestId('pdf-close').click();
    expect(pageErrors).toEqual([]);
  }, 240_000);
  it('changes the technical e-mail in the partner settings: refused in French when wrong, still there after a reload', async () => {
    expect(sandboxOrigin).not.toBe('');
    // DossierFacile reachable again after the first test cut it off.
    expect((await fetch(`${sandboxOrigin}/__sandbox/faults`, { method: 'POST', body: '{}' })).status).toBe(200);
    const page = await openApp(browser, host.url);
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.getByTestId('nav-reglages').click();
    await page.getByTestId('settings-tab-dossierfacile').click();
    const section = page.getByTestId('dfc-partner-settings');
    const name = section.getByTestId('dfc-partner-name');
    await name.waitFor({ timeout: 30_000 });
    // The partner's name is DossierFacile's: shown, not editable.
    expect(await name.inputValue()).toBe('dfconnect-guichet');
    expect(await name.getAttribute('readonly')).not.toBeNull();
    expect(await section.getByTestId('dfc-partner-key-status').textContent()).toBe('Aucune clé');
    expect(await axeViolations(page, 'Réglages DossierFacile')).toEqual([]);

    const email = section.getByTestId('dfc-partner-email');
    await email.fill('technique@');
    await section.getByTestId('dfc-partner-save').click();
    expect(await section.getByTestId('dfc-partner-email-error').textContent()).toBe('Adresse e-mail non valide : vérifiez-la (par exemple technique@mairie.fr).');
    // The typo stays for the clerk to correct.
    expect(await email.inputValue()).toBe('technique@');
    await email.fill('Technique.Logement@Mairie.example');
    await section.getByTestId('dfc-partner-save').click();
    await page.getByText('Paramètres partenaire enregistrés chez DossierFacile.').first().waitFor();
    // A key for the notifications: DossierFacile and the vault have it, the page only says so.
    await section.getByTestId('dfc-partner-key-generate').click();
    await expect.poll(() => section.getByTestId('dfc-partner-key-status').textContent()).toBe('Clé en place');
    // The vault has the key DossierFacile sends (the relay's check), shown as configured only.
    await expect.poll(() => page.getByTestId('secret-status-dossierfacile-callbackApiKey').getAttribute('data-configured')).toBe('true');
    await page.screenshot({ path: path.join(shots, '4-partner-settings.png') });
    expect(await axeViolations(page, 'Paramètres partenaire')).toEqual([]);

    await page.reload();
    await page.getByTestId('nav-reglages').click();
    await page.getByTestId('settings-tab-dossierfacile').click();
    const again = page.getByTestId('dfc-partner-email');
    await again.waitFor({ timeout: 30_000 });
    expect(await again.inputValue()).toBe('technique.logement@mairie.example');
    expect(await page.getByTestId('dfc-partner-key-status').textContent()).toBe('Clé en place');
    // The vault has the key DossierFacile sends (the relay's check), shown as configured only.
    expect(await page.getByTestId('secret-status-dossierfacile-callbackApiKey').getAttribute('data-configured')).toBe('true');
  }, 120_000);

  it('a tenant logged out of DossierFacile shows « reconnexion nécessaire » after « Actualiser », keeps the file, and « Reconnecter » brings her back', async () => {
    const page = await openApp(browser, host.url);
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.getByRole('navigation').getByRole('button', { name: 'Dossiers locataires' }).click();
    const row = page.getByTestId('dfc-row-413');
    await row.waitFor({ timeout: 20_000 });

    // Marie logs out of DossierFacile everywhere (her refresh token dies); her access token, if Guichet still holds a
    // live one (it lives 5 s at this time scale), is refused once by the API as an expired one would be.
    expect((await fetch(`${sandboxOrigin}/__sandbox/tenants/413/logout`, { method: 'POST' })).status).toBe(204);
    const fault = await fetch(`${sandboxOrigin}/__sandbox/faults`, { method: 'POST', body: JSON.stringify({ forcedStatus: 401, times: 1, onlyPaths: '^/dfc/tenant/profile' }) });
    expect(fault.status).toBe(200);

    await page.getByTestId('dfc-open-413').click();
    const file = page.getByTestId('dfc-file');
    await file.getByTestId('dfc-refresh').click();
    expect(await file.getByTestId('dfc-file-error').textContent()).toBe('Reconnexion nécessaire : le locataire doit se connecter à nouveau à DossierFacile.');
    // Whichever way it went (refused token, or an old one refreshed), the 401 knob is off for what follows.
    expect((await fetch(`${sandboxOrigin}/__sandbox/faults`, { method: 'POST', body: '{}' })).status).toBe(200);
    await file.getByTestId('dfc-access-notice').waitFor();
    expect(await file.getByTestId('dfc-access-notice').textContent()).toContain('Reconnexion nécessaire');
    // The file kept stays readable.
    await file.getByTestId('dfc-open-dossier').click();
    const viewer = page.getByTestId('pdf-viewer');
    await viewer.getByTestId('pdf-page').first().waitFor({ timeout: 20_000 });
    await page.getByTestId('pdf-close').click();
    await viewer.waitFor({ state: 'detached' });
    expect(await axeViolations(page, 'Dossier à reconnecter')).toEqual([]);
    await page.screenshot({ path: path.join(shots, '5-reconnect.png') });
    await file.getByTestId('dfc-file-close').click();
    expect(await row.getByTestId('dfc-row-access').textContent()).toBe('Reconnexion nécessaire');
    expect(await axeViolations(page, 'Liste, locataire à reconnecter')).toEqual([]);
    await page.screenshot({ path: path.join(shots, '5b-list-reconnect.png') });
    // « Reconnecter » from the list too (the dialog is the same one the file opens).
    await row.getByTestId('dfc-reconnect-413').click();
    await page.getByTestId('dfc-connect-dialog').getByRole('heading', { name: 'Reconnecter Marie Dupont' }).waitFor();
    await page.getByTestId('dfc-connect-close').click();

    // « Reconnecter » from her file: the connection dialog, her e-mail already there, and DossierFacile's pages again.
    await page.getByTestId('dfc-open-413').click();
    await file.getByTestId('dfc-reconnect').click();
    const dialog = page.getByTestId('dfc-connect-dialog');
    expect(await dialog.getByTestId('dfc-connect-email').inputValue()).toBe('marie.dupont@example.org');
    await dialog.getByRole('heading', { name: 'Reconnecter Marie Dupont' }).waitFor();
    await dialog.getByTestId('dfc-connect-start').click();
    const link = dialog.getByTestId('dfc-connect-link');
    await link.waitFor({ timeout: 30_000 });
    // Her consent still stands: DossierFacile may skip the consent page.
    expect(await signInAsTenant(link)).toBe('marie.dupont@example.org');
    await dialog.getByTestId('dfc-connect-done').waitFor({ timeout: 30_000 });
    await dialog.getByTestId('dfc-connect-close').click();
    await expect.poll(() => row.getByTestId('dfc-row-access').count(), { timeout: 20_000 }).toBe(0);
    await file.waitFor();
    await file.getByTestId('dfc-refresh').click();
    await page.getByText('Dossier actualisé depuis DossierFacile.').first().waitFor({ timeout: 30_000 });
    expect(await file.getByTestId('dfc-access-notice').count()).toBe(0);
    await file.getByTestId('dfc-file-close').click();
  }, 180_000);

  it('in English, the tenant list, a tenant file and the DossierFacile settings show no French', async () => {
    const page = await openApp(browser, host.url);
    await page.setViewportSize({ width: 1366, height: 768 });
    await switchToEnglish(page);
    await page.getByTestId('settings-tab-dossierfacile').click();
    await page.getByTestId('dfc-partner-email').waitFor({ timeout: 30_000 });
    // The partner's e-mail and name are data; no sentence around them is French.
    expect(frenchLines(await page.getByTestId('settings-panel-dossierfacile').innerText())).toEqual([]);

    await page.getByRole('navigation').getByRole('button', { name: 'Tenant files' }).click();
    await page.getByTestId('dfc-row-413').waitFor({ timeout: 20_000 });
    expect(frenchLines(await page.locator('main').innerText())).toEqual([]);
    await page.getByTestId('dfc-open-413').click();
    const file = page.getByTestId('dfc-file');
    await file.getByTestId('dfc-application-type').waitFor();
    expect(await file.getByTestId('dfc-application-type').textContent()).toBe('Alone');
    await file.getByText('Guarantor (person): Jean Dupont').waitFor();
    expect(frenchLines(await file.innerText())).toEqual([]);
    expect(await axeViolations(page, 'Tenant file (English)')).toEqual([]);
    await page.screenshot({ path: path.join(shots, '6-file-english.png') });
  }, 120_000);
});
