import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launchChromium, openApp, projectRoot, startBuiltHost, tempDataDir, type RunningHost } from './webHostHarness.js';

/**
 * A tenant at the counter, in the real UI through the web host: « Connecter un locataire », the
 * tenant signing in and consenting on DossierFacile's pages (the simulator's, in a second page), the
 * file read at a glance, the full PDF opened, then DossierFacile cut off: « Synchroniser » says so and
 * the PDF opens again from the copy kept on this computer.
 */

const shots = process.env.GUICHET_E2E_SHOTS ?? path.join(projectRoot, 'dist', 'e2e-shots', 'dossierfacile');
let browser: Browser;
let host: RunningHost;
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
    const sandboxOrigin = new URL((await link.getAttribute('href'))!).origin;
    const [tenantPage] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
    await tenantPage.waitForLoadState();
    expect(await tenantPage.getByLabel('Adresse e-mail').inputValue()).toBe('marie.dupont@example.org');
    await tenantPage.getByLabel('Mot de passe').fill('dossierfacile');
    await tenantPage.getByRole('button', { name: 'Se connecter' }).click();
    await tenantPage.getByRole('button', { name: "Autoriser l'accès" }).click();
    await tenantPage.getByRole('heading', { name: 'Connexion réussie' }).waitFor();
    await tenantPage.close();

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
    await expect.poll(() => page.getByTestId('dfc-sync-last').textContent(), { timeout: 60_000 }).toMatch(/^La dernière synchronisation a échoué : /);
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
});
