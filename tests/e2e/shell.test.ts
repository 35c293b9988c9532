import fs from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openApp, sessionCookieOf, startBuiltHost, tempDataDir, type RunningHost } from './webHostHarness.js';
import { contract, type ChannelName } from '../../shared/ipc/contract.js';

let browser: Browser;
const dataDirs: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  for (const d of dataDirs) fs.rmSync(d, { recursive: true, force: true });
});

function newDataDir() {
  const d = tempDataDir();
  dataDirs.push(d);
  return d;
}

/** Opens the bridge the way the page does, with a session cookie or without, optionally from another origin. */
function connect(host: RunningHost, opts: { cookie?: string; origin?: string } = {}) {
  return new WebSocket(`${host.origin.replace('http', 'ws')}/bridge`, {
    origin: opts.origin ?? host.origin,
    headers: opts.cookie ? { Cookie: opts.cookie } : {},
  });
}

function outcome(ws: WebSocket): Promise<'open' | number> {
  return new Promise((resolve) => {
    ws.once('open', () => resolve('open'));
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', () => resolve(-1));
  });
}

async function call(ws: WebSocket, id: number, channel: string, payload: unknown): Promise<string> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const msg = JSON.parse(String(data)) as { t: string; id?: number };
      if (msg.t === 'result' && msg.id === id) {
        ws.off('message', onMessage);
        resolve(String(data));
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ t: 'call', id, channel, payload }));
  });
}

describe('Guichet in Chromium through the web host', () => {
  it('starts in French, in Sandbox mode, and says Electron is missing', async () => {
    const host = await startBuiltHost(newDataDir());
    try {
      expect(host.output()).toContain('Electron n’est pas installé');
      const page = await openApp(browser, host.url);
      expect(await page.getAttribute('html', 'lang')).toBe('fr');
      for (const label of ['Parapheur', 'Vérification d’identité', 'Dossiers locataires', 'Archive', 'Journal', 'Réglages']) {
        await expect(page.getByRole('navigation').getByText(label, { exact: false }).first().isVisible()).resolves.toBe(true);
      }
      // Every provider this version offers has its entry and its « simulé » mention, from the registry.
      expect(await page.getByRole('navigation').getByRole('button').allTextContents()).toEqual(['Parapheur', 'Vérification d’identité', 'Dossiers locataires', 'Archive', 'Journal', 'Réglages']);
      await expect(page.getByTestId('sandbox-banner').textContent()).resolves.toMatch(/DossierFacile/);
      await expect(page.getByTestId('sandbox-banner').textContent()).resolves.toMatch(/ID360/);
      await expect(page.getByTestId('sandbox-banner').textContent()).resolves.toMatch(/Mode démonstration/);
      await expect(page.getByTestId('network-indicator').isVisible()).resolves.toBe(true);
      // The one-time code left the address bar once the page had traded it.
      expect(page.url()).not.toContain('code=');
    } finally {
      await host.stop();
    }
  });

  it('keeps a setting changed in Réglages across a restart of the host', async () => {
    const dataDir = newDataDir();
    let host = await startBuiltHost(dataDir);
    try {
      let page = await openApp(browser, host.url);
      await page.getByTestId('nav-reglages').click();
      await page.getByTestId('settings-tab-parapheur').click();
      // Sandbox imposes the simulator's SIREN: the organisation's own is typed for its real FAST.
      await page.getByTestId('settings-parapheur-environment').selectOption('preprod');
      await page.getByTestId('settings-parapheur-siren').fill('732829320');
      await page.getByTestId('settings-save').click();
      await page.getByText('Réglages enregistrés').first().waitFor();
      await page.context().close();
      await host.stop();

      host = await startBuiltHost(dataDir);
      page = await openApp(browser, host.url);
      await page.getByTestId('nav-reglages').click();
      await page.getByTestId('settings-tab-parapheur').click();
      await expect(page.getByTestId('settings-parapheur-siren').inputValue()).resolves.toBe('732829320');
    } finally {
      await host.stop();
    }
  });

  it('never gives a saved secret back: not through any call, not in the DOM, not in the log', { timeout: 90_000 }, async () => {
    const dataDir = newDataDir();
    const host = await startBuiltHost(dataDir);
    const secret = 'Tr3s-S3cret-Pa55word-' + Date.now();
    try {
      const page = await openApp(browser, host.url);
      await page.getByTestId('nav-reglages').click();
      await page.getByTestId('settings-tab-id360').click();
      await page.getByTestId('secret-input-id360-password').fill(secret);
      await page.getByTestId('secret-save-id360-password').click();
      await expect
        .poll(async () => page.getByTestId('secret-status-id360-password').getAttribute('data-configured'), { timeout: 10_000 })
        .toBe('true');
      expect(await page.getByTestId('secret-status-id360-password').textContent()).toBe('configuré');
      expect(await page.getByTestId('secret-input-id360-password').inputValue()).toBe('');
      expect(await page.content()).not.toContain(secret);

      // Every channel of the contract, called with an empty payload: no answer may carry the secret.
      const ws = connect(host, { cookie: await sessionCookieOf(page) });
      expect(await outcome(ws)).toBe('open');
      let id = 1;
      for (const channel of Object.keys(contract) as ChannelName[]) {
        const answer = await call(ws, id++, channel, {});
        expect(answer, channel).not.toContain(secret);
      }
      ws.close();

      const logs = path.join(dataDir, 'logs');
      for (const f of fs.readdirSync(logs)) expect(fs.readFileSync(path.join(logs, f), 'utf8')).not.toContain(secret);
      for (const f of fs.readdirSync(dataDir).filter((n) => n.startsWith('secrets.'))) {
        expect(fs.readFileSync(path.join(dataDir, f), 'utf8')).not.toContain(secret);
      }
    } finally {
      await host.stop();
    }
  });

  it('refuses a bridge connection without the session, with a made-up one, or from another origin', async () => {
    const host = await startBuiltHost(newDataDir());
    try {
      const page = await openApp(browser, host.url);
      const cookie = await sessionCookieOf(page);
      expect(await outcome(connect(host))).toBe(401);
      expect(await outcome(connect(host, { cookie: cookie.replace(/=.*/, `=${'x'.repeat(43)}`) }))).toBe(401);
      // The link's code is not a session: only the cookie it was traded for is.
      expect(await outcome(connect(host, { cookie: `${cookie.replace(/=.*/, '')}=${new URL(host.url).searchParams.get('code')}` }))).toBe(401);
      expect(await outcome(connect(host, { cookie, origin: 'http://evil.example' }))).toBe(403);
      const good = connect(host, { cookie });
      expect(await outcome(good)).toBe('open');
      good.close();
      // Staging a file needs the session too.
      const res = await fetch(`${host.origin}/stage?name=a.pdf`, { method: 'POST', body: '%PDF-1.4', headers: { Origin: host.origin } });
      expect(res.status).toBe(403);
      // The page itself is served with the CSP header.
      const index = await fetch(`${host.origin}/`);
      expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    } finally {
      await host.stop();
    }
  });
  it('stops before giving any link when the managed configuration is invalid, naming the field', async () => {
    const dir = newDataDir();
    const config = path.join(dir, 'guichet-config.json');
    fs.writeFileSync(config, JSON.stringify({ providers: { parapheur: { siren: '12' } } }));
    const failure = await startBuiltHost(dir, { GUICHET_CONFIG: config }).then(
      async (host) => {
        await host.stop();
        return 'started';
      },
      (error: Error) => error.message,
    );
    // For whoever launched it: the code, the key and the field (worded in renderer/i18n/host.*.ts), no French from main.
    expect(failure).toContain('Guichet could not start: INVALID_CONFIG app:hostErrors.config.invalid');
    expect(failure).toContain('providers.parapheur.siren: app:validation.sirenDigits');
    expect(failure).not.toContain('Guichet est prêt');
  });
});

/** Words only main's old French sentences used: none may reach an English page. */
const frenchFromMain = /Connexion réussie|Aucun certificat|injoignable|Réglages modifiés|Certificat de test|importé|enregistré|système/i;

describe('the English interface shows no French from main', () => {
  it('connection verdicts, errors and journal entries are written in English', { timeout: 120_000 }, async () => {
    const host = await startBuiltHost(newDataDir());
    try {
      const page = await openApp(browser, host.url);
      await page.getByTestId('nav-reglages').click();
      await page.getByTestId('settings-locale').selectOption('en');
      await page.getByTestId('settings-save').click();
      await page.getByText('Settings saved').first().waitFor();
      expect(await page.getAttribute('html', 'lang')).toBe('en');

      // Sandbox: main's success verdict, in English.
      await page.getByTestId('settings-tab-parapheur').click();
      await page.getByTestId('test-connection-parapheur').click();
      const result = page.getByTestId('test-connection-result-parapheur');
      await expect.poll(() => result.getAttribute('data-state'), { timeout: 60_000 }).toBe('success');
      expect(await result.textContent()).toMatch(/Connection succeeded: FAST Parapheur accepts your certificate for SIREN \d{9}\./);

      // A custom address without a certificate: main's refusal, in English.
      await page.getByTestId('settings-parapheur-environment').selectOption('custom');
      await page.getByTestId('settings-parapheur-custom-base-url').fill('https://127.0.0.1:9/parapheur-ws/rest/v1/');
      await page.getByTestId('settings-save').click();
      await page.getByText('Settings saved').first().waitFor();
      await page.getByTestId('test-connection-parapheur').click();
      await expect.poll(() => result.getAttribute('data-state'), { timeout: 60_000 }).toBe('failure');
      const failure = (await result.textContent()) ?? '';
      expect(failure).toMatch(/No FAST certificate is imported: add your \.p12 file in Settings › FAST Parapheur\./);
      expect(failure).not.toMatch(frenchFromMain);

      // The journal: readable English, no raw action codes.
      await page.getByTestId('nav-journal').click();
      const list = page.getByTestId('journal-list');
      await list.getByText('Settings changed').first().waitFor();
      const journal = (await list.textContent()) ?? '';
      expect(journal).toContain('FAST simulator test certificate imported into the vault');
      expect(journal).toContain('Clerk');
      expect(journal).not.toMatch(/settings\.update|parapheur\.certificate\.sandbox|\bagent\b/);
      expect(journal).not.toMatch(frenchFromMain);
    } finally {
      await host.stop();
    }
  });

  it('starts on one socket, asking each first question once, from the link opened straight away', async () => {
    const host = await startBuiltHost(newDataDir());
    try {
      const context = await browser.newContext({ locale: 'fr-FR' });
      const page = await context.newPage();
      const sockets: string[] = [];
      const sent: string[] = [];
      page.on('websocket', (ws) => {
        sockets.push(ws.url());
        ws.on('framesent', (frame) => sent.push(String(frame.payload)));
      });
      const sessionPosts: number[] = [];
      page.on('response', (res) => {
        if (res.request().method() === 'POST' && new URL(res.url()).pathname === '/session') sessionPosts.push(res.status());
      });
      await page.goto(host.url);
      await page.getByTestId('app-ready').waitFor({ timeout: 20_000 });
      // The shell came straight up with the host's answers: no loading screen was left behind.
      await expect(page.getByTestId('app-loading').count()).resolves.toBe(0);
      await page.getByTestId('nav-journal').click();
      await page.getByRole('heading', { name: 'Journal', level: 1 }).waitFor();
      expect(sockets).toHaveLength(1);
      expect(sessionPosts).toEqual([204]);
      const asked = (channel: string) => sent.filter((frame) => (JSON.parse(frame) as { channel?: string }).channel === channel).length;
      for (const channel of ['app.info', 'settings.get', 'providers.endpoints']) expect(asked(channel), channel).toBe(1);
      // Later calls go over the same socket, numbered after the first questions.
      const ids = sent.map((frame) => (JSON.parse(frame) as { id: number }).id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(page.url()).not.toContain('code=');

      // A clerk who works in English: English loads on demand, before the first render, never French first.
      const ws = connect(host, { cookie: await sessionCookieOf(page) });
      await expect(outcome(ws)).resolves.toBe('open');
      expect(await call(ws, 1, 'settings.update', { locale: 'en' })).toContain('"locale":"en"');
      ws.close();
      const seenNav: string[] = [];
      await page.exposeFunction('noteNav', (text: string) => seenNav.push(text));
      await page.addInitScript(() => {
        new MutationObserver(() => {
          const nav = document.querySelector('nav');
          if (nav) (window as unknown as { noteNav(t: string): void }).noteNav(nav.textContent ?? '');
        }).observe(document, { childList: true, subtree: true });
      });
      await page.reload();
      await page.getByTestId('app-ready').waitFor({ timeout: 20_000 });
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      await expect(page.getByRole('navigation').getByRole('button').allTextContents()).resolves.toContain('Settings');
      expect(seenNav.length).toBeGreaterThan(0);
      expect(seenNav.filter((text) => text.includes('Réglages'))).toEqual([]);
      await context.close();
    } finally {
      await host.stop();
    }
  });
});
