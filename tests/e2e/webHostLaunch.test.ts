import fs from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import { afterAll, describe, expect, it } from 'vitest';
import { exchangeLink, startBuiltHost, tempDataDir } from './webHostHarness.js';

const dirs: string[] = [];
afterAll(() => {
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
      expect((await call(ws, 2, 'secrets.set', { key: 'id360.password', value: 'mot-de-passe' })).ok).toBe(true);
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
});
