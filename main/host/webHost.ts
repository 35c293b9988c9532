import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { pipeline, type Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import { buildContentSecurityPolicy, securityHeaders } from '../core/security/contentSecurityPolicy.js';
import { mediaTypeOf, resolveStaticAsset } from '../core/security/staticAssets.js';
import type { IpcRouter, IpcSender } from '../core/ipc/router.js';
import type { EventBus } from '../core/ipc/eventBus.js';
import type { DroppedFiles } from '../core/files/droppedFiles.js';
import { GuichetError } from '../../shared/ipc/errors.js';
import type { BridgeServerMessage } from '../../shared/ipc/webBridge.js';
import { createWebSessions } from './webSession.js';

/** What the host bridges to: the composed application. */
export interface WebHostApp {
  router: IpcRouter;
  bus: EventBus;
  droppedFiles: DroppedFiles;
  /**
   * Streams a stored blob (signed PDFs, reports) to the page, by sha-256, with its headers (checked
   * type, Content-Disposition, nosniff): see core/security/blobResponse.ts.
   */
  openBlob?: (sha256: string, requestedName?: string | null) => Promise<{ stream: NodeJS.ReadableStream; headers: Record<string, string> } | null>;
}

export interface WebHostOptions {
  rendererDir: string;
  /**
   * The application, or its promise: the page and its scripts are served at once, and bridge
   * calls, staging and blobs wait for the application (the browser loads while the host starts).
   */
  app: WebHostApp | Promise<WebHostApp>;
  port?: number;
  /**
   * Tried when `port` is 0 or absent: the port of the last run on this data folder, so that a page left
   * open finds the restarted host at its address. Taken by another program: any free port instead.
   */
  preferredPort?: number | null;
  /** The key session cookies are signed with (kept in the data folder: sessions outlive a restart). */
  sessionKey?: Buffer;
  /** How long a link's one-time code stays valid (default: two minutes). */
  launchCodeLifetimeMs?: number;
  /** The clock codes expire by (tests move it instead of waiting). */
  now?: () => number;
  log?: (level: 'info' | 'warn', message: string, meta?: unknown) => void;
}

export interface RunningWebHost {
  /** The first link to give the clerk: it carries a one-time code (see webSession.ts). */
  url: string;
  origin: string;
  port: number;
  /** False when the preferred port was taken: pages opened before cannot find this run. */
  onPreferredPort: boolean;
  /** Another one-time link (each link opens one browser session). */
  newLink(): string;
  /**
   * Settles once a page has received the app's script and style sheet: from then on the browser is
   * busy parsing them, and the host may spend its own start-up time without making that page wait.
   */
  startAssetsSent: Promise<void>;
  close(): Promise<void>;
}

/**
 * What a used or stale link shows: a page a clerk understands, with no script to run. It is served
 * before the app (and its catalogues) can load, so it carries its own two languages, chosen by the
 * browser's Accept-Language (French unless English comes first).
 */
const staleLinkPages = {
  fr: `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Guichet — lien expiré</title></head>
<body><main>
<h1>Ce lien a déjà servi ou a expiré</h1>
<p>Par sécurité, chaque lien vers Guichet ne s’ouvre qu’une fois, et peu de temps après le lancement.</p>
<p>Relancez Guichet : un nouveau lien s’ouvrira dans votre navigateur.</p>
</main></body></html>
`,
  en: `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Guichet — link expired</title></head>
<body><main>
<h1>This link was already used or has expired</h1>
<p>For safety, each link to Guichet opens only once, and only shortly after Guichet starts.</p>
<p>Restart Guichet: a new link will open in your browser.</p>
</main></body></html>
`,
};

export function staleLinkLocale(acceptLanguage: string | undefined): 'fr' | 'en' {
  const first = (acceptLanguage ?? '').split(',')[0]?.trim().toLowerCase() ?? '';
  return first === 'en' || first.startsWith('en-') ? 'en' : 'fr';
}

/** The built index.html (small), or nothing when the build is missing: the host then serves 404s. */
function readStartPage(rendererDir: string): string {
  try {
    return fs.readFileSync(path.join(rendererDir, 'index.html'), 'utf8');
  } catch {
    return '';
  }
}

/** The largest body POST /session accepts: a JSON object holding one code. */
const maxSessionRequestBytes = 1024;

/**
 * Serves the built renderer and bridges the IPC contract over a WebSocket, bound to 127.0.0.1 only.
 * Three locks: the socket listens on loopback; every call needs this run's session cookie, which the
 * page obtained with the one-time code of the printed link; the Origin (and Host, against DNS
 * rebinding) must be this host's own.
 *
 * Every request path is guarded: a malformed request line, header or upgrade, or a file that vanishes
 * while it is read, fails that request only, never the host.
 */
export async function startWebHost(options: WebHostOptions): Promise<RunningWebHost> {
  const appReady = Promise.resolve(options.app);
  // A failed start is reported by whoever awaits the application; here it only ends the waiting.
  appReady.catch(() => undefined);
  const sockets = new Set<WebSocket>();
  let origin = '';
  let allowedOrigins = new Set<string>();
  let allowedHosts = new Set<string>();
  let csp = '';

  let sessions: ReturnType<typeof createWebSessions> | null = null;
  const hasSession = (req: http.IncomingMessage) => sessions?.hasSession(req) === true;
  /** Null for a request target that is not a URL (`http://[/bridge`): refused, never thrown. */
  const requestUrl = (req: http.IncomingMessage): URL | null => {
    try {
      return new URL(req.url ?? '/', origin);
    } catch {
      return null;
    }
  };
  const hostAllowed = (req: http.IncomingMessage) => allowedHosts.has(String(req.headers.host ?? ''));
  const originAllowed = (req: http.IncomingMessage) => allowedOrigins.has(String(req.headers.origin ?? ''));

  /** A refused request to the bridge's own endpoints: the page reads the status, the words are for developers. */
  function refuse(res: http.ServerResponse, status: number, message: string) {
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...securityHeaders(csp) });
    res.end(message);
  }

  async function handleStage(req: http.IncomingMessage, res: http.ServerResponse, url: URL) {
    if (!originAllowed(req) || !hasSession(req)) {
      refuse(res, 403, 'Forbidden.');
      return;
    }
    const name = url.searchParams.get('name') ?? 'fichier';
    const lengthHeader = req.headers['content-length'];
    const declared = lengthHeader === undefined ? undefined : Number(lengthHeader);
    try {
      const app = await appReady;
      const file = await app.droppedFiles.stage(name, req, Number.isFinite(declared) ? declared : undefined);
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', ...securityHeaders(csp) });
      res.end(JSON.stringify({ ok: true, value: { id: file.id, name: file.name, size: file.size, mediaType: file.mediaType } }));
    } catch (error) {
      const e = error instanceof GuichetError ? error : new GuichetError('FILE_REJECTED', { key: 'app:hostErrors.files.notReceived' });
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', ...securityHeaders(csp) });
      res.end(JSON.stringify({ ok: false, error: e.toIpc() }));
    }
  }

  async function handleBlob(req: http.IncomingMessage, res: http.ServerResponse, url: URL, sha: string) {
    if (!hasSession(req)) {
      refuse(res, 403, 'Forbidden.');
      return;
    }
    const app = await appReady;
    if (!app.openBlob) {
      refuse(res, 403, 'Forbidden.');
      return;
    }
    const blob = await app.openBlob(sha, url.searchParams.get('name'));
    if (!blob) {
      refuse(res, 404, 'Document introuvable.');
      return;
    }
    res.writeHead(200, { ...securityHeaders(csp), ...blob.headers });
    pipeline(blob.stream, res, (error) => {
      if (error) options.log?.('warn', 'web host: blob stream failed', { error: String(error) });
    });
  }

  /** The page trades the link's one-time code for the session cookie (POST, same origin only). */
  async function handleSessionExchange(req: http.IncomingMessage, res: http.ServerResponse) {
    if (!originAllowed(req)) {
      refuse(res, 403, 'Forbidden.');
      return;
    }
    const body = await readSmallBody(req, maxSessionRequestBytes);
    let code = '';
    try {
      const parsed = JSON.parse(body ?? '') as { code?: unknown };
      if (typeof parsed.code === 'string') code = parsed.code;
    } catch {
      // An unreadable body is a missing code.
    }
    const sessionId = code ? sessions!.exchange(code) : null;
    if (sessionId) {
      res.writeHead(204, { 'Set-Cookie': sessions!.cookieFor(sessionId), 'Cache-Control': 'no-store', ...securityHeaders(csp) });
      res.end();
      return;
    }
    // A page reloaded before it could clean its address already holds this run's cookie.
    if (hasSession(req)) {
      res.writeHead(204, { 'Cache-Control': 'no-store', ...securityHeaders(csp) });
      res.end();
      return;
    }
    options.log?.('warn', 'web host: a used, expired or unknown link code was refused');
    refuse(res, 410, 'Link already used or expired.');
  }

  // What index.html makes the page fetch before it can run (its script and style sheet): once all of
  // them went out, the page no longer needs the host until its script asks for the session.
  const startAssets = new Set(Array.from(readStartPage(options.rendererDir).matchAll(/(?:src|href)="\.\/assets\/([^"/]+)"/g), (m) => m[1]!));
  let markStartAssetsSent!: () => void;
  const startAssetsSent = new Promise<void>((resolve) => {
    markStartAssetsSent = resolve;
  });
  const noteAssetSent = (file: string) => {
    if (startAssets.delete(path.basename(file)) && startAssets.size === 0) markStartAssetsSent();
  };
  // Those files are read once, now, and each goes out in one write: streamed from disk, the
  // application's script (about 450 KB) went out one 64 KB chunk per turn of the event loop, each
  // waiting behind a step of the composition, so the browser got its last bytes 100-150 ms late.
  const startAssetBytes = new Map<string, Buffer>();
  for (const name of startAssets) {
    void resolveStaticAsset(options.rendererDir, `/assets/${name}`)
      .then(async (file) => file && startAssetBytes.set(file, await fs.promises.readFile(file)))
      .catch(() => undefined);
  }

  async function serveStatic(req: http.IncomingMessage, res: http.ServerResponse, url: URL) {
    const code = url.pathname === '/' ? url.searchParams.get('code') : null;
    if (code !== null && !hasSession(req) && !sessions!.isCodeUsable(code)) {
      res.writeHead(410, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', ...securityHeaders(csp) });
      res.end(req.method === 'HEAD' ? undefined : staleLinkPages[staleLinkLocale(req.headers['accept-language'])]);
      return;
    }
    const file = await resolveStaticAsset(options.rendererDir, url.pathname);
    // Opened before the headers go: a file removed or replaced since it was found is a 404, not a crash.
    const handle = file ? await fs.promises.open(file, 'r').catch(() => null) : null;
    if (!file || !handle) {
      refuse(res, 404, 'Introuvable.');
      return;
    }
    const headers = securityHeaders(csp);
    // The page of the printed link, its code still usable, goes without Cross-Origin-Opener-Policy.
    // That header cuts a page from the window that opened it; this one was opened by whoever holds
    // the code, printed for the clerk alone and spent at once, so no other site is its opener. Sent
    // anyway, it makes Chromium set the tab's renderer process aside and start another when the page
    // arrives: about 300 ms of every start on two cores (`npm run bench -- startup`). Every other
    // answer, the same page without a code included, keeps the header.
    if (code !== null && !hasSession(req)) delete headers['Cross-Origin-Opener-Policy'];
    res.writeHead(200, {
      'Content-Type': mediaTypeOf(file),
      'Cache-Control': file.endsWith('index.html') ? 'no-store' : 'private, max-age=3600',
      ...headers,
    });
    if (req.method === 'HEAD') {
      await handle.close();
      res.end();
      return;
    }
    const inMemory = startAssetBytes.get(file);
    if (inMemory) {
      await handle.close();
      res.end(inMemory, () => noteAssetSent(file));
      return;
    }
    pipeline(handle.createReadStream(), res, (error) => {
      if (error) options.log?.('warn', 'web host: static file stream failed', { file, error: String(error) });
      else noteAssetSent(file);
    });
  }

  const server = http.createServer((req, res) => {
    void (async () => {
      if (!hostAllowed(req)) {
        refuse(res, 421, 'Misdirected request.');
        return;
      }
      const url = requestUrl(req);
      if (!url) {
        refuse(res, 400, 'Bad request.');
        return;
      }
      if (req.method === 'POST' && url.pathname === '/stage') return handleStage(req, res, url);
      if (req.method === 'POST' && url.pathname === '/session') return handleSessionExchange(req, res);
      if (req.method === 'GET' && url.pathname === '/session') {
        // Lets a page whose bridge was refused tell a stale session from a host that is gone.
        res.writeHead(hasSession(req) ? 204 : 401, { 'Cache-Control': 'no-store', ...securityHeaders(csp) });
        res.end();
        return;
      }
      const blobMatch = /^\/blob\/([a-f0-9]{64})$/.exec(url.pathname);
      if (req.method === 'GET' && blobMatch) return handleBlob(req, res, url, blobMatch[1]!);
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        refuse(res, 405, 'Method not allowed.');
        return;
      }
      return serveStatic(req, res, url);
    })().catch((error: unknown) => {
      options.log?.('warn', 'web host request failed', { error: String(error) });
      if (!res.headersSent) refuse(res, 500, 'Erreur interne.');
      else res.destroy();
    });
  });

  type Bridge = { wss: WebSocketServer; parseMessage: (typeof import('../../shared/ipc/webBridge.js'))['bridgeClientMessageSchema'] };
  // The WebSocket server and the bridge's message schema (zod) load once the host listens: the page
  // and its scripts are served meanwhile, and an upgrade waits for them.
  let bridgeReady: Promise<Bridge> | null = null;
  async function loadBridge(): Promise<Bridge> {
    const [{ WebSocketServer: Server }, { bridgeClientMessageSchema }] = await Promise.all([import('ws'), import('../../shared/ipc/webBridge.js')]);
    const wss = new Server({ noServer: true, maxPayload: 1024 * 1024 });
    wss.on('connection', (ws: WebSocket) => onConnection(ws, bridgeClientMessageSchema));
    return { wss, parseMessage: bridgeClientMessageSchema };
  }

  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    // A peer that resets the connection mid-handshake must not become an unhandled 'error'.
    socket.on('error', () => socket.destroy());
    const reject = (status: number, text: string) => {
      if (socket.writable) socket.write(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      socket.destroy();
    };
    const url = requestUrl(req);
    if (!url) return reject(400, 'Bad Request');
    if (url.pathname !== '/bridge' || !hostAllowed(req)) return reject(404, 'Not Found');
    if (!hasSession(req)) {
      options.log?.('warn', 'web host: bridge connection without a session refused');
      return reject(401, 'Unauthorized');
    }
    if (!originAllowed(req)) {
      options.log?.('warn', 'web host: bridge connection from a foreign origin refused', { origin: req.headers.origin });
      return reject(403, 'Forbidden');
    }
    void (bridgeReady ??= loadBridge())
      .then(
        ({ wss }) => wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req)),
        () => reject(503, 'Service Unavailable'),
      )
      .catch((error: unknown) => {
        options.log?.('warn', 'web host: bridge upgrade failed', { error: String(error) });
        reject(400, 'Bad Request');
      });
  });

  function onConnection(ws: WebSocket, schema: Bridge['parseMessage']) {
    sockets.add(ws);
    const sender: IpcSender = { isTopFrame: true, url: `${origin}/` };
    const send = (message: BridgeServerMessage) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
    };
    ws.on('message', (data) => {
      let parsedJson: unknown;
      try {
        parsedJson = JSON.parse(String(data));
      } catch {
        return;
      }
      const parsed = schema.safeParse(parsedJson);
      if (!parsed.success) return;
      const { id, channel, payload } = parsed.data;
      void appReady.then((app) => app.router.dispatch(channel, payload, sender)).then((result) => send({ t: 'result', id, result }));
    });
    ws.on('close', () => sockets.delete(ws));
    ws.on('error', () => sockets.delete(ws));
  }

  let unsubscribe = () => undefined as void;
  void appReady.then((app) => {
    unsubscribe = app.bus.subscribe((event, payload) => {
      const message = JSON.stringify({ t: 'event', event, payload } satisfies BridgeServerMessage);
      for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(message);
    });
  });

  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  const preferred = options.port ? null : (options.preferredPort ?? null);
  let onPreferredPort = preferred === null;
  if (preferred === null) await listen(options.port ?? 0);
  else {
    try {
      await listen(preferred);
      onPreferredPort = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' && (error as NodeJS.ErrnoException).code !== 'EACCES') throw error;
      await listen(0);
    }
  }
  bridgeReady ??= loadBridge();
  bridgeReady.catch(() => undefined);
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  allowedOrigins = new Set([origin, `http://localhost:${port}`]);
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  csp = buildContentSecurityPolicy({ connectSrc: [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`] });
  const webSessions = createWebSessions({ port, sessionKey: options.sessionKey, codeLifetimeMs: options.launchCodeLifetimeMs, now: options.now });
  sessions = webSessions;
  const newLink = () => `${origin}/?code=${webSessions.issueCode()}`;

  return {
    url: newLink(),
    startAssetsSent,
    origin,
    port,
    onPreferredPort,
    newLink,
    async close() {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      const bridge = await bridgeReady?.catch(() => null);
      if (bridge) await new Promise<void>((resolve) => bridge.wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The body of a small request, or null when it is larger than `limit` or the client went away. */
function readSmallBody(req: http.IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(null));
  });
}
