import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectTenant, discoverRealm, type ConnectTenantOptions } from '../../../main/providers/dossierfacile/oauthLoopback.js';
import { dfcErrorCodes } from '../../../main/providers/dossierfacile/errors.js';
import { startDossierFacileSimulator, type DossierFacileSimulator } from '../../../main/sandbox/dossierfacile/index.js';
import { launchChromium } from '../../e2e/webHostHarness.js';

let browser: Browser;
let sim: DossierFacileSimulator;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async () => {
  await sim?.stop();
});

/** Whether something still accepts connections on that port of 127.0.0.1. */
function portOpen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function realm() {
  const a = sim.endpoint.account;
  return discoverRealm({ ssoBaseUrl: a['ssoBaseUrl']!, clientId: a['clientId']!, clientSecret: a['clientSecret'] });
}

/** The tenant at the counter: logs in (the e-mail is pre-filled) and answers the consent page. */
function tenantBrowser(decision: "Autoriser l'accès" | 'Annuler', seen: { page?: string; email?: string; done?: Promise<void>; callback?: URL }): ConnectTenantOptions['openExternal'] {
  return (url: string) => {
    seen.done = (async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      page.on('request', (r) => {
        if (r.url().includes('/dossierfacile/callback')) seen.callback = new URL(r.url());
      });
      await page.goto(url);
      seen.email = await page.getByLabel('Adresse e-mail').inputValue();
      if (seen.email === '') await page.getByLabel('Adresse e-mail').fill('marie.dupont@example.org');
      await page.getByLabel('Mot de passe').fill('dossierfacile');
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await page.getByRole('button', { name: decision }).click();
      await page.getByRole('heading', { level: 1, name: /Connexion (réussie|interrompue)/ }).waitFor();
      seen.page = await page.locator('main').innerText();
      await context.close();
    })();
  };
}

describe('connecting a tenant by OAuth through the loopback listener', () => {
  it('the tenant logs in and consents in the browser; the tokens read the profile and the listener is gone', async () => {
    sim = await startDossierFacileSimulator();
    const seen: { page?: string; email?: string; done?: Promise<void> } = {};
    const steps: string[] = [];
    let address: AddressInfo | undefined;
    const tokens = await connectTenant({
      realm: await realm(),
      loginHint: 'marie.dupont@example.org',
      openExternal: tenantBrowser("Autoriser l'accès", seen),
      onStep: (s) => steps.push(s),
      onListening: (a) => (address = a),
    });
    await seen.done;
    expect(seen.email).toBe('marie.dupont@example.org');
    expect(seen.page).toContain('Vous pouvez fermer cette fenêtre');
    expect(seen.page).not.toContain(tokens.accessToken.slice(0, 20));
    expect(steps).toEqual(['browser-opened', 'waiting-consent', 'connected']);
    expect(tokens.subject).toBe('413');
    expect(tokens.scope.split(' ')).toContain('dfc');
    expect(tokens.refreshToken).toBeTruthy();
    expect(address!.address).toBe('127.0.0.1');
    expect(await portOpen(address!.port)).toBe(false);

    const profile = await fetch(`${sim.origin}/dfc/tenant/profile`, { headers: { authorization: `Bearer ${tokens.accessToken}` } });
    expect(profile.status).toBe(200);
    expect(((await profile.json()) as { connectedTenantId: number }).connectedTenantId).toBe(413);
    expect(sim.control.tenant(413)!.linkedAt).toBeDefined();
  });

  it('a refused consent is its own outcome and closes the listener', async () => {
    sim = await startDossierFacileSimulator();
    const seen: { page?: string; done?: Promise<void> } = {};
    let address: AddressInfo | undefined;
    const attempt = connectTenant({ realm: await realm(), openExternal: tenantBrowser('Annuler', seen), onListening: (a) => (address = a) });
    await expect(attempt).rejects.toMatchObject({ code: dfcErrorCodes.consentDenied });
    await seen.done;
    expect(seen.page).toContain('Vous pouvez fermer cette fenêtre');
    expect(await portOpen(address!.port)).toBe(false);
  });

  it('a callback with another state is refused without exchanging its code', async () => {
    sim = await startDossierFacileSimulator();
    let address: AddressInfo | undefined;
    const attempt = connectTenant({
      realm: await realm(),
      onListening: (a) => (address = a),
      openExternal: async (url) => {
        const redirect = new URL(new URL(url).searchParams.get('redirect_uri')!);
        redirect.search = '?code=forged&state=not-the-one';
        await fetch(redirect);
      },
    });
    await expect(attempt).rejects.toMatchObject({ code: dfcErrorCodes.stateMismatch });
    expect(await portOpen(address!.port)).toBe(false);
  });

  it('an error parameter other than a refusal keeps its OAuth code', async () => {
    sim = await startDossierFacileSimulator();
    const attempt = connectTenant({
      realm: await realm(),
      openExternal: async (url) => {
        const auth = new URL(url);
        const redirect = new URL(auth.searchParams.get('redirect_uri')!);
        redirect.search = `?error=temporarily_unavailable&state=${auth.searchParams.get('state')}`;
        await fetch(redirect);
      },
    });
    await expect(attempt).rejects.toMatchObject({ code: dfcErrorCodes.authorizationError, details: { params: { error: 'temporarily_unavailable' } } });
  });

  it('a code already exchanged is refused when replayed on a new attempt', async () => {
    sim = await startDossierFacileSimulator();
    const seen: { callback?: URL; done?: Promise<void> } = {};
    await connectTenant({ realm: await realm(), openExternal: tenantBrowser("Autoriser l'accès", seen) });
    await seen.done;
    const firstCallback = seen.callback;
    expect(firstCallback).toBeDefined();
    const replay = connectTenant({
      realm: await realm(),
      openExternal: async (url) => {
        const auth = new URL(url);
        const redirect = new URL(auth.searchParams.get('redirect_uri')!);
        redirect.search = `?code=${firstCallback!.searchParams.get('code')}&state=${auth.searchParams.get('state')}&iss=${encodeURIComponent(firstCallback!.searchParams.get('iss')!)}`;
        await fetch(redirect);
      },
    });
    await expect(replay).rejects.toMatchObject({ code: dfcErrorCodes.codeRejected });
  });

  it('gives up when no callback comes (the browser was closed) and leaves nothing listening', async () => {
    sim = await startDossierFacileSimulator();
    let address: AddressInfo | undefined;
    const attempt = connectTenant({ realm: await realm(), timeoutMs: 50, openExternal: () => undefined, onListening: (a) => (address = a) });
    await expect(attempt).rejects.toMatchObject({ code: dfcErrorCodes.timedOut, details: { params: { timeoutMs: 50 } } });
    expect(await portOpen(address!.port)).toBe(false);
  });
});
