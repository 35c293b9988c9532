import { clerkMessage } from '../../support/clerkText.js';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GuichetError, isGuichetError } from '../../../shared/ipc/errors.js';
import { createHttpsAgent } from '../../../main/core/http/certificate.js';
import { createHttpClient, createTextGetter, guardResponseStream } from '../../../main/core/http/httpClient.js';
import { toNetworkError } from '../../../main/core/http/networkErrors.js';
import { createTestCa, issueClientP12, issueServerCertificate, type TestCa } from './testCertificates.js';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

const servers: Array<{ close(): void }> = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push({
    close: () => {
      (server as http.Server).closeAllConnections?.();
      server.close();
    },
  });
  return (server.address() as AddressInfo).port;
}

async function httpServer(handler: Handler): Promise<string> {
  const server = http.createServer(handler);
  const sockets = new Set<net.Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const port = await listen(server);
  servers.push({ close: () => sockets.forEach((s) => s.destroy()) });
  return `http://127.0.0.1:${port}/api/`;
}

async function rejection(promise: Promise<unknown>): Promise<GuichetError> {
  try {
    await promise;
  } catch (e) {
    if (!isGuichetError(e)) throw e;
    return e;
  }
  throw new Error('expected a rejection');
}

function drain(req: http.IncomingMessage): Promise<number> {
  return new Promise((resolve) => {
    let n = 0;
    req.on('data', (c: Buffer) => (n += c.length));
    req.on('end', () => resolve(n));
    req.on('error', () => resolve(n));
  });
}

describe('createHttpClient: logging', () => {
  it('logs method, URL (redacted query) and status, never headers or bodies', async () => {
    const base = await httpServer((req, res) => {
      res.setHeader('Set-Cookie', 'session=secret-cookie');
      res.end('corps-de-reponse');
    });
    const lines: Array<{ message: string; fields?: Record<string, unknown> }> = [];
    const client = createHttpClient({ baseURL: base, logger: { info: (message, fields) => lines.push({ message, fields }) } });
    const res = await client.post('documents?siren=732829320&token=abc123', 'corps-de-requete', { headers: { Authorization: 'Bearer abcdefghijkl' } });
    expect(res.data).toBe('corps-de-reponse');
    expect(lines).toHaveLength(1);
    expect(lines[0]?.fields).toMatchObject({ method: 'POST', status: 200 });
    const logged = JSON.stringify(lines);
    expect(logged).toContain('/api/documents?siren=732829320');
    expect(logged).not.toContain('abc123');
    for (const secret of ['corps-de-requete', 'corps-de-reponse', 'abcdefghijkl', 'secret-cookie']) expect(logged).not.toContain(secret);
  });

  it('leaves HTTP error statuses to the caller (not a transport failure)', async () => {
    const base = await httpServer((_req, res) => {
      res.statusCode = 500;
      res.end('{"errorCode":120}');
    });
    const warnings: unknown[] = [];
    const client = createHttpClient({ baseURL: base, logger: { info: () => undefined, warn: (_m, f) => warnings.push(f) } });
    const error = await client.get('x').catch((e: unknown) => e);
    expect(isGuichetError(error)).toBe(false);
    expect((error as { response?: { status?: number } }).response?.status).toBe(500);
    expect(warnings).toMatchObject([{ status: 500 }]);
    const ok = await client.get('x', { validateStatus: () => true });
    expect(ok.status).toBe(500);
  });
});

describe('createHttpClient: timeouts', () => {
  it('connect timeout: the TLS handshake never completes', async () => {
    const silent = net.createServer((socket) => socket.on('error', () => undefined));
    const port = await listen(silent);
    const client = createHttpClient({ baseURL: `https://127.0.0.1:${port}/`, connectTimeoutMs: 200, transferTimeoutMs: 60_000 });
    const e = await rejection(client.get('x'));
    expect(e.code).toBe('TIMEOUT');
    expect(e.details).toMatchObject({ timeout: 'connect' });
    expect(clerkMessage(e)).toMatch(/connexion n’a pas pu être établie/);
  });

  it('inactivity timeout: a response that stalls', async () => {
    const base = await httpServer((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('début');
    });
    const client = createHttpClient({ baseURL: base, transferTimeoutMs: 250 });
    const e = await rejection(client.get('x'));
    expect(e.code).toBe('TIMEOUT');
    expect(e.details).toMatchObject({ timeout: 'inactivity' });
  });

  it('a slow upload that keeps moving outlives the inactivity timeout', async () => {
    const base = await httpServer(async (req, res) => res.end(String(await drain(req))));
    const client = createHttpClient({ baseURL: base, transferTimeoutMs: 300 });
    let sent = 0;
    const chunk = Buffer.alloc(16 * 1024, 1);
    // 15 chunks, 100 ms apart: the whole upload lasts several times the inactivity limit.
    const body = new Readable({
      read() {
        if (sent >= 15) {
          this.push(null);
          return;
        }
        sent++;
        setTimeout(() => this.push(chunk), 100);
      },
    });
    const res = await client.post('upload', body, { headers: { 'content-type': 'application/octet-stream' } });
    expect(String(res.data)).toBe(String(15 * chunk.length));
  });

  it('a stalled upload times out', async () => {
    const base = await httpServer(async (req, res) => res.end(String(await drain(req))));
    const client = createHttpClient({ baseURL: base, transferTimeoutMs: 250 });
    let pushed = false;
    const body = new Readable({
      read() {
        if (!pushed) {
          pushed = true;
          this.push(Buffer.alloc(1024));
        }
      },
    });
    const e = await rejection(client.post('upload', body));
    expect(e.code).toBe('TIMEOUT');
    body.destroy();
  });

  it('a stalled download stream errors with TIMEOUT', async () => {
    const base = await httpServer((_req, res) => {
      res.writeHead(200, { 'content-length': String(1024 * 1024) });
      res.write(Buffer.alloc(64 * 1024));
    });
    const client = createHttpClient({ baseURL: base, transferTimeoutMs: 250 });
    const res = await client.get('file', { responseType: 'stream', maxContentLength: -1 });
    const stream = guardResponseStream(res.data as Readable, { baseURL: base });
    const e = await new Promise<unknown>((resolve) => {
      stream.on('data', () => undefined);
      stream.on('error', resolve);
      stream.on('end', () => resolve(new Error('ended')));
    });
    expect(e).toBeInstanceOf(GuichetError);
    expect((e as GuichetError).code).toBe('TIMEOUT');
  });
});

describe('createHttpClient: connection failures', () => {
  it('refused connection → UNREACHABLE naming the host', async () => {
    const server = net.createServer();
    const port = await listen(server);
    server.close();
    const client = createHttpClient({ baseURL: `http://127.0.0.1:${port}/`, serviceName: 'FAST Parapheur' });
    const e = await rejection(client.get('x'));
    expect(e.code).toBe('UNREACHABLE');
    expect(clerkMessage(e)).toBe(
      `Le serveur FAST Parapheur (127.0.0.1:${port}) est injoignable. Vérifiez votre connexion internet et l’adresse du serveur, ou réessayez plus tard.`,
    );
    expect(clerkMessage(e, 'en')).toBe(
      `The server FAST Parapheur (127.0.0.1:${port}) cannot be reached. Check your internet connection and the server address, or try again later.`,
    );
  });

  it('unknown host → UNREACHABLE (or OFFLINE without DNS)', async () => {
    const client = createHttpClient({ baseURL: 'http://guichet-test.invalid/', connectTimeoutMs: 5000 });
    const e = await rejection(client.get('x'));
    expect(['UNREACHABLE', 'OFFLINE', 'TIMEOUT']).toContain(e.code);
  });

  it('connection reset mid-upload → CONNECTION_DROPPED', async () => {
    const base = await httpServer((req) => {
      let n = 0;
      req.on('data', (c: Buffer) => {
        n += c.length;
        if (n > 200 * 1024) req.socket.destroy();
      });
    });
    const client = createHttpClient({ baseURL: base });
    const e = await rejection(client.post('upload', Buffer.alloc(8 * 1024 * 1024)));
    expect(e.code).toBe('CONNECTION_DROPPED');
    expect(clerkMessage(e)).toMatch(/interrompue pendant le transfert/);
  });

  it('connection reset mid-download → the stream errors with CONNECTION_DROPPED', async () => {
    const base = await httpServer((_req, res) => {
      res.writeHead(200, { 'content-length': String(1024 * 1024) });
      res.write(Buffer.alloc(100 * 1024), () => res.socket?.destroy());
    });
    const client = createHttpClient({ baseURL: base });
    const res = await client.get('file', { responseType: 'stream', maxContentLength: -1 });
    const stream = guardResponseStream(res.data as Readable, { baseURL: base });
    const e = await new Promise<unknown>((resolve) => {
      stream.resume();
      stream.on('error', resolve);
      stream.on('end', () => resolve(new Error('ended')));
    });
    expect((e as GuichetError).code).toBe('CONNECTION_DROPPED');
  });

  it('cancellation → CANCELLED', async () => {
    const base = await httpServer(() => undefined);
    const client = createHttpClient({ baseURL: base });
    const controller = new AbortController();
    const pending = client.get('x', { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect((await rejection(pending)).code).toBe('CANCELLED');
  });
});

describe('createTextGetter: the same transport without axios', () => {
  it('answers any status with its text, sends the headers given and logs like the axios instance', async () => {
    const seen: Array<{ url?: string; authorization?: string }> = [];
    const base = await httpServer((req, res) => {
      seen.push({ url: req.url, authorization: req.headers.authorization });
      res.statusCode = req.url?.startsWith('/api/absent') ? 404 : 200;
      res.end(req.url?.startsWith('/api/absent') ? 'introuvable' : '{"nom":"Élise"}');
    });
    const lines: Array<{ message: string; fields?: Record<string, unknown> }> = [];
    const get = createTextGetter({ baseURL: base, logger: { info: (message, fields) => lines.push({ message, fields }) } });
    expect(await get('tenants?after=2026-01-01&token=abc123', { Authorization: 'Bearer abcdefghijkl' })).toEqual({ status: 200, body: '{"nom":"Élise"}' });
    expect(await get('absent', {})).toEqual({ status: 404, body: 'introuvable' });
    expect(seen).toEqual([
      { url: '/api/tenants?after=2026-01-01&token=abc123', authorization: 'Bearer abcdefghijkl' },
      { url: '/api/absent', authorization: undefined },
    ]);
    expect(lines.map((l) => l.fields)).toMatchObject([
      { method: 'GET', status: 200 },
      { method: 'GET', status: 404 },
    ]);
    const logged = JSON.stringify(lines);
    expect(logged).toContain('/api/tenants?after=2026-01-01');
    for (const secret of ['abc123', 'abcdefghijkl', 'Élise']) expect(logged).not.toContain(secret);
  });

  it('an answer that stalls → TIMEOUT (inactivity)', async () => {
    const base = await httpServer((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('début');
    });
    const e = await rejection(createTextGetter({ baseURL: base, transferTimeoutMs: 250 })('x', {}));
    expect(e.code).toBe('TIMEOUT');
    expect(e.details).toMatchObject({ timeout: 'inactivity' });
  });

  it('refused connection → UNREACHABLE naming the host; an answer cut midway → CONNECTION_DROPPED', async () => {
    const closed = net.createServer();
    const port = await listen(closed);
    closed.close();
    const refused = await rejection(createTextGetter({ baseURL: `http://127.0.0.1:${port}/`, serviceName: 'DossierFacile' })('x', {}));
    expect(refused.code).toBe('UNREACHABLE');
    expect(clerkMessage(refused)).toMatch(/DossierFacile \(127\.0\.0\.1:\d+\) est injoignable/);
    const base = await httpServer((_req, res) => {
      res.writeHead(200, { 'content-length': String(1024 * 1024) });
      res.write(Buffer.alloc(100 * 1024), () => res.socket?.destroy());
    });
    expect((await rejection(createTextGetter({ baseURL: base })('x', {}))).code).toBe('CONNECTION_DROPPED');
  });

  it('an answer larger than the cap is refused as the axios instance refuses it', async () => {
    const base = await httpServer((_req, res) => res.end(Buffer.alloc(64 * 1024, 'a')));
    const byAxios = await rejection(createHttpClient({ baseURL: base, maxBufferedResponseBytes: 16 * 1024 }).get('x', { responseType: 'text' }));
    const byGetter = await rejection(createTextGetter({ baseURL: base, maxBufferedResponseBytes: 16 * 1024 })('x', {}));
    expect(byGetter.code).toBe(byAxios.code);
    expect(clerkMessage(byGetter)).toBe(clerkMessage(byAxios));
    expect((await createTextGetter({ baseURL: base, maxBufferedResponseBytes: 64 * 1024 })('x', {})).body).toHaveLength(64 * 1024);
  });
});

describe('createHttpClient: TLS', () => {
  let ca: TestCa;
  let foreignCa: TestCa;
  let base: string;

  beforeAll(async () => {
    ca = createTestCa('Guichet Test CA');
    foreignCa = createTestCa('Autre CA');
    const serverCert = issueServerCertificate(ca);
    const server = https.createServer(
      { key: serverCert.keyPem, cert: serverCert.certPem, ca: ca.certPem, requestCert: true, rejectUnauthorized: true },
      (req, res) => {
        if (!req.url?.includes('drop')) {
          res.end('[]');
          return;
        }
        let n = 0;
        req.on('data', (c: Buffer) => {
          n += c.length;
          if (n > 100 * 1024) req.socket.destroy();
        });
      },
    );
    const port = await listen(server);
    base = `https://127.0.0.1:${port}/parapheur-ws/rest/v1/`;
    servers.length = 0; // keep this server for the whole describe block
    afterAll(() => {
      server.closeAllConnections();
      server.close();
    });
  });

  it('a known client certificate gets through', async () => {
    const { p12, password } = issueClientP12(ca, { email: 'agent@example.fr' });
    const agent = createHttpsAgent({ pfx: p12, passphrase: password, ca: ca.certPem });
    const client = createHttpClient({ baseURL: base, httpsAgent: agent });
    expect((await client.get('x', { responseType: 'text', transformResponse: [(d: unknown) => d] })).data).toBe('[]');
    agent.destroy();
  });

  it('a certificate from a foreign CA → CERT_REFUSED', async () => {
    const { p12, password } = issueClientP12(foreignCa, { email: 'intrus@example.fr' });
    const agent = createHttpsAgent({ pfx: p12, passphrase: password, ca: ca.certPem });
    // Node refuses it with a reset, no alert: the probe that sends nothing is cut the same way.
    const client = createHttpClient({ baseURL: base, httpsAgent: agent, serviceName: 'FAST Parapheur', certificateProbePath: 'x' });
    const e = await rejection(client.get('x'));
    expect(e.code).toBe('CERT_REFUSED');
    expect(clerkMessage(e)).toMatch(/certificat/);
    agent.destroy();
  });

  it('a drop mid-upload on a fresh connection with an accepted certificate stays CONNECTION_DROPPED', async () => {
    const { p12, password } = issueClientP12(ca, { email: 'agent@example.fr' });
    const agent = createHttpsAgent({ pfx: p12, passphrase: password, ca: ca.certPem });
    const client = createHttpClient({ baseURL: base, httpsAgent: agent, certificateProbePath: 'x' });
    const e = await rejection(client.post('drop', Buffer.alloc(5 * 1024 * 1024)));
    expect(e.code).toBe('CONNECTION_DROPPED');
    agent.destroy();
  });

  it('the text getter presents the client certificate of the agent it is given', async () => {
    const { p12, password } = issueClientP12(ca, { email: 'agent@example.fr' });
    const agent = createHttpsAgent({ pfx: p12, passphrase: password, ca: ca.certPem });
    expect(await createTextGetter({ baseURL: base, httpsAgent: agent })('x', {})).toEqual({ status: 200, body: '[]' });
    agent.destroy();
  });

  it('an untrusted server certificate → SERVER_CERT_UNTRUSTED', async () => {
    const { p12, password } = issueClientP12(ca, { email: 'agent@example.fr' });
    const agent = createHttpsAgent({ pfx: p12, passphrase: password });
    const client = createHttpClient({ baseURL: base, httpsAgent: agent });
    const e = await rejection(client.get('x'));
    expect(e.code).toBe('SERVER_CERT_UNTRUSTED');
    agent.destroy();
  });
});

describe('toNetworkError', () => {
  it('maps low-level codes', () => {
    const err = (code: string, message = code) => Object.assign(new Error(message), { code });
    expect(toNetworkError(err('ENETUNREACH'))?.code).toBe('OFFLINE');
    expect(toNetworkError(err('EAI_AGAIN'))?.code).toBe('OFFLINE');
    expect(toNetworkError(err('ECONNREFUSED'))?.code).toBe('UNREACHABLE');
    expect(toNetworkError(err('ETIMEDOUT'))?.code).toBe('TIMEOUT');
    expect(toNetworkError(err('ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED'))?.code).toBe('CERT_REFUSED');
    expect(toNetworkError(err('ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN'))?.code).toBe('CERT_REFUSED');
    expect(toNetworkError(err('ECONNRESET', 'socket hang up'))?.code).toBe('CONNECTION_DROPPED');
    expect(toNetworkError(err('CERT_HAS_EXPIRED'))?.code).toBe('SERVER_CERT_UNTRUSTED');
    expect(toNetworkError(new Error('plain'))).toBeNull();
    const existing = new GuichetError('X', 'y');
    expect(toNetworkError(existing)).toBe(existing);
  });
});
