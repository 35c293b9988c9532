import fs from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import type { Browser } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { exchangeLink, launchChromium, openApp, startBuiltHost, tempDataDir } from './webHostHarness.js';

const dirs: string[] = [];
let browser: Browser | null = null;
afterAll(async () => {
  await browser?.close();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});
function newDir(prefix?: string) {
  const d = tempDataDir(prefix);
  dirs.push(d);
  return d;
}

function bridge(origin: string, cookie: string): Promise<WebSocket> {
  const ws = new WebSocket(`${origin.replace('http', 'ws')}/bridge`, { origin, headers: { Cookie: cookie } });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`bridge refused: ${res.statusCode}`)));
  });
}

function call(ws: WebSocket, id: number, channel: string, payload: unknown): Promise<{ ok: boolean }> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const msg = JSON.parse(String(data)) as { t: string; id?: number; result?: { ok: boolean } };
      if (msg.t === 'result' && msg.id === id) {
        ws.off('message', onMessage);
        resolve(msg.result!);
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ t: 'call', id, channel, payload }));
  });
}

/** Every folder and file under `dir` (symbolic links excepted) with its permission bits. */
function modesUnder(dir: string): { path: string; mode: string }[] {
  const out: { path: string; mode: string }[] = [];
  const walk = (p: string) => {
    const stat = fs.lstatSync(p);
    if (stat.isSymbolicLink()) return;
    out.push({ path: path.relative(dir, p) || '.', mode: (stat.mode & 0o777).toString(8) });
    if (stat.isDirectory()) for (const e of fs.readdirSync(p)) walk(path.join(p, e));
  };
  walk(dir);
  return out;
}

describe.runIf(process.platform !== 'win32')('launching the web host', () => {
  it('gives the browser opener a one-time link only: once the page used it, what `ps` showed opens nothing', async () => {
    // A stand-in for xdg-open that records the command line every local account can read in `ps`.
    const bin = newDir('guichet-opener-');
    const recorded = path.join(bin, 'argv.txt');
    fs.writeFileSync(path.join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$@" > "${recorded}.tmp" && mv "${recorded}.tmp" "${recorded}"\n`, { mode: 0o755 });
    const host = await startBuiltHost(newDir(), { GUICHET_NO_BROWSER: '0', CI: 'false', PATH: `${bin}:${process.env.PATH ?? ''}` });
    try {
      await expect.poll(() => fs.existsSync(recorded), { timeout: 10_000 }).toBe(true);
      const openerArgv = fs.readFileSync(recorded, 'utf8').trim().split('\n');
      expect(openerArgv).toEqual([host.url]);
      // The launcher's own command line holds no credential either.
      expect(fs.readFileSync(`/proc/${host.pid}/cmdline`, 'utf8')).not.toContain('code=');

      // The clerk's page trades the code for its session...
      const cookie = await exchangeLink(openerArgv[0]!);
      const ws = await bridge(host.origin, cookie);
      expect((await call(ws, 1, 'app.info', {})).ok).toBe(true);
      ws.close();
      // ...and another account replaying the opener's argument gets nothing.
      await expect(exchangeLink(openerArgv[0]!)).rejects.toThrow('link refused: 410');
      const replay = await fetch(openerArgv[0]!);
      expect(replay.status).toBe(410);
      expect(await replay.text()).toContain('Ce lien a déjà servi ou a expiré');
      expect(openerArgv.join(' ')).not.toContain(cookie.split('=')[1]!);
    } finally {
      await host.stop();
    }
  });

  it('keeps the data folder private: folder and sub-folders 0700, every file 0600, whatever existed before', async () => {
    // As an older Guichet or the settings library left it: a world-readable folder and files.
    const dataDir = path.join(newDir(), 'Guichet');
    fs.mkdirSync(path.join(dataDir, 'logs'), { recursive: true, mode: 0o755 });
    fs.chmodSync(dataDir, 0o755);
    fs.chmodSync(path.join(dataDir, 'logs'), 0o755);
    fs.writeFileSync(path.join(dataDir, 'settings.json'), '{}', { mode: 0o644 });
    fs.writeFileSync(path.join(dataDir, 'logs', 'guichet-old.log'), 'ancien journal\n', { mode: 0o644 });

    const host = await startBuiltHost(dataDir);
    try {
      const ws = await bridge(host.origin, await exchangeLink(host.url));
      // Write through every store: settings (conf), the database and its WAL (journal), the vault.
      expect((await call(ws, 1, 'settings.update', { locale: 'fr' })).ok).toBe(true);
      expect((await call(ws, 2, 'secrets.set', { key: 'parapheur.caBundle', value: 'mot-de-passe' })).ok).toBe(true);
      expect((await call(ws, 3, 'journal.list', { limit: 5 })).ok).toBe(true);
      ws.close();

      expect(fs.existsSync(path.join(dataDir, 'guichet.sqlite-wal'))).toBe(true);
      const wanted = (entry: { path: string }) => (fs.lstatSync(path.join(dataDir, entry.path)).isDirectory() ? '700' : '600');
      await expect
        .poll(() => modesUnder(dataDir).filter((e) => e.mode !== wanted(e)), { timeout: 10_000 })
        .toEqual([]);
      expect(modesUnder(dataDir).map((e) => e.path)).toEqual(expect.arrayContaining(['.', 'logs', 'settings.json', 'guichet.sqlite', 'guichet.sqlite-wal', 'vault.key']));
    } finally {
      await host.stop();
    }
  });

  it('opens the app once per link: the page keeps its session on reload, the same link again shows why it is refused', { timeout: 60_000 }, async () => {
    browser ??= await launchChromium();
    const host = await startBuiltHost(newDir());
    try {
      const page = await openApp(browser, host.url);
      expect(page.url()).toBe(`${host.origin}/`);
      const cookies = await page.context().cookies();
      expect(cookies).toHaveLength(1);
      expect(cookies[0]).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
      expect(await page.evaluate(() => document.cookie)).toBe('');
      await page.reload();
      await page.getByTestId('app-ready').waitFor();

      // Another browser profile (another account, a copied link) gets the French page, not the app.
      const other = await browser.newContext({ locale: 'fr-FR' });
      const stale = await other.newPage();
      const response = await stale.goto(host.url);
      expect(response?.status()).toBe(410);
      await stale.getByRole('heading', { name: 'Ce lien a déjà servi ou a expiré' }).waitFor();
      await other.close();
    } finally {
      await host.stop();
    }
  });

  it('tells the clerk in Réglages and on the FAST page when saved secrets could not be read', { timeout: 90_000 }, async () => {
    browser ??= await launchChromium();
    const dataDir = newDir();
    let host = await startBuiltHost(dataDir);
    try {
      const ws = await bridge(host.origin, await exchangeLink(host.url));
      expect((await call(ws, 1, 'secrets.set', { key: 'parapheur.certificatePassword', value: 'mot-de-passe' })).ok).toBe(true);
      ws.close();
      await host.stop();
      fs.rmSync(path.join(dataDir, 'vault.key'));

      host = await startBuiltHost(dataDir);
      const page = await openApp(browser, host.url);
      const notice = page.getByTestId('unreadable-secrets-notice');
      await notice.waitFor();
      expect(await notice.textContent()).toContain('n’ont pas pu être lus');
      expect(await notice.textContent()).toContain('Mot de passe du certificat');
      await page.getByTestId('nav-reglages').click();
      await page.getByTestId('page-reglages').getByTestId('unreadable-secrets-notice').waitFor();
      expect(await page.getByTestId('unreadable-secrets-notice').textContent()).toContain('Mot de passe du certificat');
    } finally {
      await host.stop();
    }
  });
});
