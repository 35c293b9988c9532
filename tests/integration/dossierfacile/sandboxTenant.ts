import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { connectTenant, discoverRealm } from '../../../main/providers/dossierfacile/oauthLoopback.js';
import type { DossierFacileSimulator } from '../../../main/sandbox/dossierfacile/index.js';
import { launchChromium } from '../../e2e/webHostHarness.js';

/** The partner's realm on the simulator, with the sandbox client's secret (client credentials need it). */
export function sandboxRealm(sim: DossierFacileSimulator) {
  const a = sim.endpoint.account;
  return discoverRealm({ ssoBaseUrl: a['ssoBaseUrl']!, clientId: a['clientId']!, clientSecret: a['clientSecret'] });
}

/** A sandbox tenant connects at the counter: logs in and consents in Chromium. Their first profile call links them. */
export async function connectSandboxTenant(browser: Browser, sim: DossierFacileSimulator, email: string) {
  const realm = await sandboxRealm(sim);
  let done: Promise<void> | undefined;
  const set = await connectTenant({
    realm,
    loginHint: email,
    openExternal: (url) => {
      done = (async () => {
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.goto(url);
        await page.getByLabel('Mot de passe').fill('dossierfacile');
        await page.getByRole('button', { name: 'Se connecter' }).click();
        await page.getByRole('button', { name: "Autoriser l'accès" }).click();
        await page.getByRole('heading', { name: 'Connexion réussie' }).waitFor();
        await context.close();
      })();
    },
  });
  await done;
  return { realm, set };
}

/** One Chromium per test file for the tenant at the counter, and the test's simulator stopped after it. */
export function dossierFacileTestBed(): { browser: Browser; sim: DossierFacileSimulator } {
  const bed = {} as { browser: Browser; sim: DossierFacileSimulator };
  beforeAll(async () => {
    bed.browser = await launchChromium();
  });
  afterAll(async () => {
    await bed.browser?.close();
  });
  afterEach(async () => {
    await bed.sim?.stop();
  });
  return bed;
}
