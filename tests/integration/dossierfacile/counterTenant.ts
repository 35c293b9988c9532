import type { Browser } from 'playwright-core';
import { expect } from 'vitest';
import { call } from '../parapheur/guichetHarness.js';
import type { Guichet } from '../../../main/composition.js';
import type { EventPayload } from '../../../shared/ipc/contract.js';

/**
 * « Connecter un locataire » through the app, the tenant signing in and consenting at the counter in
 * a browser page (the simulator's login and consent pages), as the module's tests drive it.
 */
export async function connectAtCounter(browser: Browser, g: Guichet, email: string, answer: 'allow' | 'deny' = 'allow', archiveCaseId?: number) {
  const steps: EventPayload<'dossierfacile.connect.progress'>[] = [];
  let finished: (p: EventPayload<'dossierfacile.connect.progress'>) => void = () => undefined;
  const done = new Promise<EventPayload<'dossierfacile.connect.progress'>>((resolve) => (finished = resolve));
  let tenantPage: Promise<void> | undefined;
  const off = g.bus.on('dossierfacile.connect.progress', (p) => {
    steps.push(p);
    if (p.step === 'browser-opened' && p.authorizationUrl && !tenantPage) {
      const url = p.authorizationUrl;
      tenantPage = (async () => {
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.goto(url);
        // login_hint pre-filled the e-mail.
        expect(await page.getByLabel('Adresse e-mail').inputValue()).toBe(email);
        await page.getByLabel('Mot de passe').fill('dossierfacile');
        await page.getByRole('button', { name: 'Se connecter' }).click();
        await page.getByRole('button', { name: answer === 'allow' ? "Autoriser l'accès" : 'Annuler' }).click();
        await page.getByRole('heading', { name: answer === 'allow' ? 'Connexion réussie' : 'Connexion interrompue' }).waitFor();
        await context.close();
      })();
    }
    if (p.step === 'connected' || p.step === 'failed') finished(p);
  });
  try {
    const { attemptId } = await call(g, 'dossierfacile.connect.start', { loginHint: email, ...(archiveCaseId ? { archiveCaseId } : {}) });
    const last = await done;
    await tenantPage;
    expect(steps.every((s) => s.attemptId === attemptId)).toBe(true);
    return { last, steps: steps.map((s) => s.step) };
  } finally {
    off();
  }
}
