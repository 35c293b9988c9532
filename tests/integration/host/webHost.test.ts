import fs from 'node:fs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import WebSocket from 'ws';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startWebHost, type RunningWebHost } from '../../../main/host/webHost.js';
import { defaultLaunchCodeLifetimeMs, defaultSessionLifetimeMs } from '../../../main/host/webSession.js';
import { loadHostMemory } from '../../../main/host/hostMemory.js';
import { createIpcRouter } from '../../../main/core/ipc/router.js';
import { createEventBus } from '../../../main/core/ipc/eventBus.js';
import { createDroppedFiles } from '../../../main/core/files/droppedFiles.js';
import { openDatabase } from '../../../main/core/db/database.js';
import { allMigrations } from '../../../main/providers/registry.js';
import { useTempDirs } from '../core/tempDirs.js';

const tempDir = useTempDirs('webhost');
const running: RunningWebHost[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const host of running.splice(0)) await host.close();
});

/** A host over the real router, bus and staging, serving a small renderer build from a temp folder. */
async function startHost(opts: { now?: () => number; sessionKey?: Buffer; preferredPort?: number | null } = {}) {
  const dir = tempDir();
  const rendererDir = path.join(dir, 'renderer');
  fs.mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Guichet</title>');
  fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log("guichet");');
  const router = createIpcRouter({ isTrustedOrigin: (url) => url.startsWith('http://127.0.0.1:') });
  router.register('app.info', () => ({ version: 'test', host: 'web', platform: process.platform, dataDir: dir, logFile: path.join(dir, 'log') }));
  const droppedFiles = createDroppedFiles(openDatabase(':memory:', allMigrations), { stagingDir: path.join(dir, 'staging'), protectedDirs: [dir] });
  const host = await startWebHost({ rendererDir, app: { router, bus: createEventBus(), droppedFiles }, now: opts.now, sessionKey: opts.sessionKey, preferredPort: opts.preferredPort });
  running.push(host);
  return { host, rendererDir };
}

const codeOf = (link: string) => new URL(link).searchParams.get('code') ?? '';

function exchange(host: RunningWebHost, code: string, cookie?: string) {
  return fetch(`${host.origin}/session`, {
    method: 'POST',
    headers: { Origin: host.origin, 'Content-Type': 'application/json', ...(cookie ? { Cookie: cookie } : {}) },
    body: JSON.stringify({ code }),
  });
}

function bridgeOutcome(host: RunningWebHost, headers: Record<string, string> = {}, query = ''): Promise<'open' | number> {
  const ws = new WebSocket(`${host.origin.replace('http', 'ws')}/bridge${query}`, { origin: host.origin, headers });
  return new Promise((resolve) => {
    ws.once('open', () => {
      ws.close();
      resolve('open');
    });
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', () => resolve(-1));
  });
}

/** Writes raw bytes on a fresh connection and resolves with whatever the host answered once it closed. */
function rawExchange(port: number, bytes: string | Buffer, opts: { reset?: boolean } = {}): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (d: Buffer) => (answer += d.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(answer));
    socket.on('connect', () => {
      if (opts.reset) {
        socket.write(bytes, () => socket.resetAndDestroy());
        return;
      }
      socket.end(bytes);
    });
  });
}

describe('web host: one-time link and session cookie', () => {
  it('trades a link code once for an HttpOnly, SameSite=Strict session cookie that opens the bridge', async () => {
    const { host } = await startHost();
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?code=[A-Za-z0-9_-]{20,}$/);

    const first = await exchange(host, codeOf(host.url));
    expect(first.status).toBe(204);
    const setCookie = first.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toMatch(/Domain=/i);
    const cookie = setCookie.split(';')[0]!;
    expect(cookie).not.toContain(codeOf(host.url));

    // The code is spent: a second use is refused, by the exchange and by the page the link opens.
    const second = await exchange(host, codeOf(host.url));
    expect(second.status).toBe(410);
    const stalePage = await fetch(host.url);
    expect(stalePage.status).toBe(410);
    const text = await stalePage.text();
    expect(text).toContain('Ce lien a déjà servi ou a expiré');
    expect(text).toContain('Relancez Guichet');
    expect(text).not.toMatch(/token|cookie|session|WebSocket/i);
    // Before the app can load its catalogues: a browser that prefers English reads it in English.
    const staleEnglish = await (await fetch(host.url, { headers: { 'Accept-Language': 'en-GB,en;q=0.9,fr;q=0.8' } })).text();
    expect(staleEnglish).toContain('This link was already used or has expired');
    expect(staleEnglish).not.toMatch(/[éèàùç]/);

    expect(await bridgeOutcome(host, { Cookie: cookie })).toBe('open');
    expect(await bridgeOutcome(host)).toBe(401);
    // Neither the code nor the old query token opens the bridge: only the cookie does.
    expect(await bridgeOutcome(host, {}, `?code=${codeOf(host.url)}`)).toBe(401);
    expect(await bridgeOutcome(host, { Cookie: `${cookie.split('=')[0]}=${codeOf(host.url)}` })).toBe(401);
  });

  it('keeps the session across a reload, which sends the cookie and no code', async () => {
    const { host } = await startHost();
    const cookie = (await exchange(host, codeOf(host.url))).headers.get('set-cookie')!.split(';')[0]!;
    const reload = await fetch(`${host.origin}/`, { headers: { Cookie: cookie } });
    expect(reload.status).toBe(200);
    expect((await fetch(`${host.origin}/session`, { headers: { Cookie: cookie } })).status).toBe(204);
    // A page reloaded before it cleaned its address still holds its session.
    expect((await exchange(host, codeOf(host.url), cookie)).status).toBe(204);
    expect((await fetch(`${host.origin}/session`)).status).toBe(401);
  });

  it('isolates every answer from its opener but the printed link’s page, which only the clerk can open', async () => {
    const { host } = await startHost();
    const link = host.newLink();
    const first = await fetch(link);
    expect(first.status).toBe(200);
    expect(first.headers.get('cross-origin-opener-policy')).toBeNull();
    expect(first.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    // The same page reached by any other way (a reload with the cookie, another window with no code)
    // is kept apart from whoever opened it.
    const cookie = (await exchange(host, codeOf(link))).headers.get('set-cookie')!.split(';')[0]!;
    for (const res of [await fetch(`${host.origin}/`), await fetch(`${host.origin}/`, { headers: { Cookie: cookie } }), await fetch(link, { headers: { Cookie: cookie } })]) {
      expect(res.status).toBe(200);
      expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    }
  });

  it('refuses an expired code', async () => {
    let clock = 1_000_000;
    const { host } = await startHost({ now: () => clock });
    const link = host.newLink();
    clock += defaultLaunchCodeLifetimeMs + 1;
    expect((await fetch(link)).status).toBe(410);
    expect((await exchange(host, codeOf(link))).status).toBe(410);
    // A link given after that works: only the stale one is refused.
    expect((await exchange(host, codeOf(host.newLink()))).status).toBe(204);
  });

  it('refuses an exchange from another origin, and staging or blobs without the session', async () => {
    const { host } = await startHost();
    const foreign = await fetch(`${host.origin}/session`, {
      method: 'POST',
      headers: { Origin: 'http://evil.example', 'Content-Type': 'application/json' },
      body: JSON.stringify({ code: codeOf(host.url) }),
    });
    expect(foreign.status).toBe(403);
    const stage = await fetch(`${host.origin}/stage?name=a.pdf`, { method: 'POST', body: '%PDF-1.4', headers: { Origin: host.origin } });
    expect(stage.status).toBe(403);
    expect((await fetch(`${host.origin}/blob/${'a'.repeat(64)}`)).status).toBe(403);
    // The code refused by the foreign origin was not spent.
    expect((await exchange(host, codeOf(host.url))).status).toBe(204);
  });
});

describe('web host: a restart on the same data folder', () => {
  it('listens at the same address and still knows the page’s session, until it expires; a forged or foreign one is refused', async () => {
    const dataDir = tempDir();
    let clock = 1_000_000;
    const memory = loadHostMemory(dataDir);
    expect(memory.lastPort).toBeNull();
    const { host: first } = await startHost({ sessionKey: memory.sessionKey, preferredPort: memory.lastPort, now: () => clock });
    memory.rememberPort(first.port);
    const cookie = (await exchange(first, codeOf(first.url))).headers.get('set-cookie')!.split(';')[0]!;
    await first.close();
    running.splice(running.indexOf(first), 1);

    // The file the key and port are kept in is the clerk's only.
    const file = path.join(dataDir, 'web-host.json');
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(file, 'utf8')).not.toContain(cookie.split('=')[1]!);

    const again = loadHostMemory(dataDir);
    expect(again.lastPort).toBe(first.port);
    const { host: second } = await startHost({ sessionKey: again.sessionKey, preferredPort: again.lastPort, now: () => clock });
    expect(second.origin).toBe(first.origin);
    expect(second.onPreferredPort).toBe(true);
    expect(await bridgeOutcome(second, { Cookie: cookie })).toBe('open');
    // A changed signature, or a session signed by another key, opens nothing.
    const [name, value] = cookie.split('=') as [string, string];
    expect(await bridgeOutcome(second, { Cookie: `${name}=${value.slice(0, -2)}AA` })).toBe(401);
    const stranger = await startHost({ preferredPort: null });
    const foreign = (await exchange(stranger.host, codeOf(stranger.host.url))).headers.get('set-cookie')!.split(';')[0]!.split('=')[1]!;
    expect(await bridgeOutcome(second, { Cookie: `${name}=${foreign}` })).toBe(401);
    // Sessions end after their lifetime, restart or not.
    clock += defaultSessionLifetimeMs + 1;
    expect(await bridgeOutcome(second, { Cookie: cookie })).toBe(401);
  });

  it('takes another port when the usual one is taken, and says so', async () => {
    const { host: busy } = await startHost();
    const { host } = await startHost({ preferredPort: busy.port });
    expect(host.port).not.toBe(busy.port);
    expect(host.onPreferredPort).toBe(false);
    expect((await exchange(host, codeOf(host.url))).status).toBe(204);
  });
});

describe('web host: malformed requests fail alone, the host stays up', () => {
  it('answers malformed request lines, headers and upgrades, then still serves the page and the bridge', async () => {
    const { host } = await startHost();
    const cookie = (await exchange(host, codeOf(host.url))).headers.get('set-cookie')!.split(';')[0]!;
    const hostHeader = `Host: 127.0.0.1:${host.port}`;
    const upgrade = 'Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==';
    const payloads: { name: string; bytes: string | Buffer; reset?: boolean }[] = [
      { name: 'upgrade to an absolute URL that is not one', bytes: `GET http://[/bridge HTTP/1.1\r\n${hostHeader}\r\n${upgrade}\r\n\r\n` },
      { name: 'upgrade with the session to an invalid URL', bytes: `GET http://[/bridge HTTP/1.1\r\n${hostHeader}\r\nCookie: ${cookie}\r\nOrigin: ${host.origin}\r\n${upgrade}\r\n\r\n` },
      { name: 'page request to an invalid URL', bytes: `GET http://[/ HTTP/1.1\r\n${hostHeader}\r\n\r\n` },
      { name: 'upgrade without a key', bytes: `GET /bridge HTTP/1.1\r\n${hostHeader}\r\nCookie: ${cookie}\r\nOrigin: ${host.origin}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n` },
      { name: 'upgrade to a foreign Host', bytes: `GET /bridge HTTP/1.1\r\nHost: [\r\n${upgrade}\r\n\r\n` },
      { name: 'upgrade then reset', bytes: `GET /bridge HTTP/1.1\r\n${hostHeader}\r\nCookie: ${cookie}\r\nOrigin: ${host.origin}\r\n${upgrade}\r\n\r\n`, reset: true },
      { name: 'binary request line', bytes: Buffer.from([0, 1, 2, 255, 13, 10, 13, 10]) },
      { name: 'unknown HTTP version', bytes: `GET / HTTP/9.9\r\n${hostHeader}\r\n\r\n` },
      { name: 'header without a colon', bytes: `GET / HTTP/1.1\r\nHost 127.0.0.1\r\n\r\n` },
      { name: 'oversized header', bytes: `GET / HTTP/1.1\r\n${hostHeader}\r\nX-Fill: ${'a'.repeat(70_000)}\r\n\r\n` },
      { name: 'broken percent-encoding', bytes: `GET /%E0%A4%A HTTP/1.1\r\n${hostHeader}\r\n\r\n` },
      { name: 'path escape', bytes: `GET /../../../../etc/passwd HTTP/1.1\r\n${hostHeader}\r\n\r\n` },
      { name: 'asterisk target', bytes: `OPTIONS * HTTP/1.1\r\n${hostHeader}\r\n\r\n` },
      { name: 'CONNECT', bytes: `CONNECT 127.0.0.1:1 HTTP/1.1\r\n${hostHeader}\r\n\r\n` },
      { name: 'conflicting lengths', bytes: `POST /session HTTP/1.1\r\n${hostHeader}\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n` },
      { name: 'session exchange that is not JSON', bytes: `POST /session HTTP/1.1\r\n${hostHeader}\r\nOrigin: ${host.origin}\r\nContent-Length: 3\r\n\r\n{{{` },
      { name: 'oversized session exchange', bytes: `POST /session HTTP/1.1\r\n${hostHeader}\r\nOrigin: ${host.origin}\r\nContent-Length: 100000\r\n\r\n${'{'.repeat(100_000)}` },
      { name: 'body shorter than announced', bytes: `POST /session HTTP/1.1\r\n${hostHeader}\r\nOrigin: ${host.origin}\r\nContent-Length: 50\r\n\r\n{"code":` },
      { name: 'staging cut short', bytes: `POST /stage?name=a.pdf HTTP/1.1\r\n${hostHeader}\r\nOrigin: ${host.origin}\r\nCookie: ${cookie}\r\nContent-Length: 5000\r\n\r\n%PDF-1.4`, reset: true },
    ];
    for (const payload of payloads) {
      const answer = await rawExchange(host.port, payload.bytes, { reset: payload.reset });
      // Whatever was answered, the host still serves its page and its bridge.
      const page = await fetch(`${host.origin}/`);
      expect(page.status, payload.name).toBe(200);
      if (!payload.reset && answer) expect(answer, payload.name).toMatch(/^HTTP\/1\.1 [45]\d\d /);
    }
    expect(await bridgeOutcome(host, { Cookie: cookie })).toBe('open');
  });

  it('answers 404 for a file removed between its lookup and its reading, and keeps serving', async () => {
    const { host, rendererDir } = await startHost();
    const asset = path.join(rendererDir, 'assets', 'app.js');
    const realStat = fsp.stat.bind(fsp);
    // The file disappears right after the host found it: what a rebuild does to a running host.
    vi.spyOn(fsp, 'stat').mockImplementation(async (...args: Parameters<typeof fsp.stat>) => {
      const stat = await realStat(...args);
      if (String(args[0]) === fs.realpathSync(asset)) fs.rmSync(asset);
      return stat as never;
    });
    expect((await fetch(`${host.origin}/assets/app.js`)).status).toBe(404);
    vi.restoreAllMocks();
    expect((await fetch(`${host.origin}/`)).status).toBe(200);
  });
});
