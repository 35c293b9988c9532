import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCertificateAuthority, issueClientP12 } from '../../main/sandbox/parapheur/pki.js';
import { PARAPHEUR_SANDBOX_SIREN } from '../../shared/domain/parapheur.js';
import { expectNoAxeViolations, launchChromium, openApp, startBuiltHost, tempDataDir, type RunningHost } from './webHostHarness.js';

/**
 * Réglages › FAST Parapheur as a clerk meets it in Sandbox (« Mode démonstration »), at 1366×768: one
 * certificate form whose message is always about the last attempt, and the simulator's SIREN shown.
 */

let browser: Browser;
let host: RunningHost;
const dataDir = tempDataDir('guichet-e2e-certificate-');

beforeAll(async () => {
  browser = await launchChromium();
  host = await startBuiltHost(dataDir);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await host?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function openParapheurSettings(): Promise<Page> {
  const page = await openApp(browser, host.url);
  await page.getByTestId('nav-reglages').click();
  await page.getByTestId('settings-tab-parapheur').click();
  await page.getByTestId('parapheur-certificate').waitFor();
  return page;
}

describe('Réglages › FAST Parapheur in Sandbox', () => {
  it('shows only the latest certificate error: a wrong password, then a file that is no certificate', async () => {
    const page = await openParapheurSettings();
    const identity = issueClientP12(createCertificateAuthority('Autorité de test e2e'), 'agent@mairie-exemple.fr', { chain: false });
    const slot = page.getByTestId('parapheur-certificate');

    await slot.getByTestId('certificate-file').setInputFiles([{ name: 'agent.p12', mimeType: 'application/x-pkcs12', buffer: identity.p12 }]);
    await slot.getByTestId('certificate-password').fill(`${identity.password}-faux`);
    await slot.getByTestId('certificate-import').click();
    const passwordError = slot.getByTestId('certificate-error');
    await passwordError.waitFor();
    expect(await passwordError.textContent()).toMatch(/mot de passe/i);
    // The form with its message, as the clerk sees it, holds no accessibility violation.
    await expectNoAxeViolations(page, 'Réglages › FAST Parapheur, erreur d’import');

    await slot.getByTestId('certificate-file').setInputFiles([{ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('pas un certificat') }]);
    await slot.getByTestId('certificate-file-error').waitFor();
    expect(await slot.getByTestId('certificate-error').count()).toBe(0);
    expect(await slot.locator('[role="alert"]').count()).toBe(1);

    // A .p12 whose content is not one: its own message replaces the file-type one.
    await slot.getByTestId('certificate-file').setInputFiles([{ name: 'abime.p12', mimeType: 'application/x-pkcs12', buffer: Buffer.from('pas un certificat non plus') }]);
    expect(await slot.getByTestId('certificate-file-error').count()).toBe(0);
    await slot.getByTestId('certificate-import').click();
    await slot.getByTestId('certificate-error').waitFor();
    expect(await slot.getByTestId('certificate-error').textContent()).not.toMatch(/mot de passe du certificat est incorrect/i);
    expect(await slot.locator('[role="alert"]').count()).toBe(1);
    await page.context().close();
  });

  it('has one certificate password field, in the import form', async () => {
    const page = await openParapheurSettings();
    const passwords = page.locator('input[type="password"]');
    expect(await passwords.count()).toBe(1);
    expect(await passwords.first().getAttribute('data-testid')).toBe('certificate-password');
    await page.context().close();
  });

  it('shows the simulator’s SIREN read-only in Sandbox, and the organisation’s own elsewhere', async () => {
    const page = await openParapheurSettings();
    const siren = page.getByTestId('settings-parapheur-siren');
    expect(await siren.inputValue()).toBe(PARAPHEUR_SANDBOX_SIREN);
    expect(await siren.getAttribute('readonly')).not.toBeNull();
    expect(await page.locator('#settings-parapheur-siren-hint').textContent()).toMatch(/démonstration/);

    await page.getByTestId('settings-parapheur-environment').selectOption('preprod');
    expect(await siren.inputValue()).toBe('');
    expect(await siren.getAttribute('readonly')).toBeNull();
    await page.context().close();
  });
});
