import http from 'node:http';
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import { buildContentSecurityPolicy, securityHeaders } from '../core/security/contentSecurityPolicy.js';
import { mediaTypeOf, resolveStaticAsset } from '../core/security/staticAssets.js';
import type { IpcRouter, IpcSender } from '../core/ipc/router.js';
import type { EventBus } from '../core/ipc/eventBus.js';
import type { DroppedFiles } from '../core/files/droppedFiles.js';
import { GuichetError } from '../../shared/ipc/errors.js';
import type { BridgeServerMessage } from '../../shared/ipc/webBridge.js';

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
  token?: string;
  log?: (level: 'info' | 'warn', message: string, meta?: unknown) => void;
}

export interface RunningWebHost {
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

function timingSafeEqualText(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && crypto.timingSafeEqual(ab, bb);
}

/**
 * Serves the built renderer and bridges the IPC contract over a WebSocket, bound to 127.0.0.1 only.
 * Three locks: the socket listens on loopback; every call needs the per-run random token that was
 * printed to the clerk; the Origin (and Host, against DNS rebinding) must be this host's own.
 */
export async function startWebHost(options: WebHostOptions): Promise<RunningWebHost> {
  const token = options.token ?? crypto.randomBytes(24).toString('base64url');
  const appReady = Promise.resolve(options.app);
  // A failed start is reported by whoever awaits the application; here it only ends the waiting.
  appReady.catch(() => undefined);
  const sockets = new Set<WebSocket>();
  let origin = '';
  let allowedOrigins = new Set<string>();
  let allowedHosts = new Set<string>();
  let csp = '';

  const tokenOf = (url: URL) => url.searchParams.get('token') ?? '';
  const hostAllowed = (req: http.IncomingMessage) => allowedHosts.has(String(req.headers.host ?? ''));
  const originAllowed = (req: http.IncomingMessage) => allowedOrigins.has(String(req.headers.origin ?? ''));

  function refuse(res: http.ServerResponse, status: number, message: string) {
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...securityHeaders(csp) });
    res.end(message);
  }

  async function handleStage(req: http.IncomingMessage, res: http.ServerResponse, url: URL) {
    if (!originAllowed(req) || !timingSafeEqualText(tokenOf(url), token)) {
      refuse(res, 403, 'Accès refusé.');
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
      const e = error instanceof GuichetError ? error : new GuichetError('FILE_REJECTED', 'Le fichier n’a pas pu être reçu.');
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', ...securityHeaders(csp) });
      res.end(JSON.stringify({ ok: false, error: e.toIpc() }));
    }
  }

  async function handleBlob(req: http.IncomingMessage, res: http.ServerResponse, url: URL, sha: string) {
    const app = await appReady;
    if (!timingSafeEqualText(tokenOf(url), token) || !app.openBlob) {
      refuse(res, 403, 'Accès refusé.');
      return;
    }
    const blob = await app.openBlob(sha, url.searchParams.get('name'));
    if (!blob) {
      refuse(res, 404, 'Document introuvable.');
      return;
    }
    res.writeHead(200, { ...securityHeaders(csp), ...blob.headers });
    blob.stream.pipe(res);
  }

  const server = http.createServer((req, res) => {
    void (async () => {
      if (!hostAllowed(req)) {
        refuse(res, 421, 'Hôte non autorisé.');
        return;
      }
      const url = new URL(req.url ?? '/', origin);
      if (req.method === 'POST' && url.pathname === '/stage') return handleStage(req, res, url);
      const blobMatch = /^\/blob\/([a-f0-9]{64})$/.exec(url.pathname);
      if (req.method === 'GET' && blobMatch) return handleBlob(req, res, url, blobMatch[1]!);
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        refuse(res, 405, 'Méthode non autorisée.');
        return;
      }
      const file = await resolveStaticAsset(options.rendererDir, url.pathname);
      if (!file) {
        refuse(res, 404, 'Introuvable.');
        return;
      }
      res.writeHead(200, {
        'Content-Type': mediaTypeOf(file),
        'Cache-Control': file.endsWith('index.html') ? 'no-store' : 'private, max-age=3600',
        ...securityHeaders(csp),
      });
      if (req.method === 'HEAD') res.end();
      else fs.createReadStream(file).pipe(res);
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
    const url = new URL(req.url ?? '/', origin);
    const reject = (status: number, text: string) => {
      socket.write(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      socket.destroy();
    };
    if (url.pathname !== '/bridge' || !hostAllowed(req)) return reject(404, 'Not Found');
    if (!timingSafeEqualText(tokenOf(url), token)) {
      options.log?.('warn', 'web host: bridge connection without a valid token refused');
      return reject(401, 'Unauthorized');
    }
    if (!originAllowed(req)) {
      options.log?.('warn', 'web host: bridge connection from a foreign origin refused', { origin: req.headers.origin });
      return reject(403, 'Forbidden');
    }
    void (bridgeReady ??= loadBridge()).then(
      ({ wss }) => wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req)),
      () => reject(503, 'Service Unavailable'),
    );
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

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  bridgeReady ??= loadBridge();
  bridgeReady.catch(() => undefined);
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  allowedOrigins = new Set([origin, `http://localhost:${port}`]);
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  csp = buildContentSecurityPolicy({ connectSrc: [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`] });

  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
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
