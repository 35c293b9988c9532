import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { ParapheurContext, RequestScope } from './context.js';
import { handleControlRequest, type ParapheurControl } from './control.js';
import { FastFailure, Replier, errorJson } from './reply.js';
import { API_PREFIX, matchRoute } from './routes.js';
import type { SimUser } from './types.js';
import { listenOnLoopback } from '../health.js';

/**
 * HTTPS front of the simulator. Mutual TLS like FAST: the handshake refuses certificates from
 * another CA, and the certificate's e-mail (subject emailAddress, else SAN rfc822Name) selects
 * the FAST user.
 */

export function certificateEmail(socket: TLSSocket): string | null {
  const cert = socket.getPeerCertificate();
  if (!cert || Object.keys(cert).length === 0) return null;
  const subject = cert.subject as unknown as Record<string, string | string[] | undefined> | undefined;
  const fromSubject = subject?.['emailAddress'];
  const first = Array.isArray(fromSubject) ? fromSubject[0] : fromSubject;
  if (first) return first.trim().toLowerCase();
  const san = cert.subjectaltname ?? '';
  const m = /(?:^|,\s*)email:([^,\s]+)/i.exec(san);
  return m?.[1] ? m[1].trim().toLowerCase() : null;
}

function splitUrl(raw: string): { path: string; query: URLSearchParams } {
  const q = raw.indexOf('?');
  const pathPart = q < 0 ? raw : raw.slice(0, q);
  // Some clients (PASTELL) produce `rest/v1//documents/...`: FAST tolerates repeated slashes.
  const path = pathPart.replace(/\/{2,}/g, '/');
  return { path, query: new URLSearchParams(q < 0 ? '' : raw.slice(q + 1)) };
}

async function drain(ctx: ParapheurContext, req: IncomingMessage): Promise<void> {
  if (!req.complete && !req.destroyed) await ctx.faults.discardBody(req);
}

export async function handleApiRequest(
  ctx: ParapheurContext,
  control: ParapheurControl,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const { path, query } = splitUrl(req.url ?? '/');
  if (path === '/__sandbox' || path.startsWith('/__sandbox/')) {
    await handleControlRequest(ctx, control, req, res, path);
    return;
  }
  ctx.apiRequests++;
  try {
    await answerApiRequest(ctx, req, res, path, query);
  } finally {
    ctx.apiRequestsDone++;
  }
}

async function answerApiRequest(ctx: ParapheurContext, req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): Promise<void> {
  if (await ctx.faults.intercept(req, res)) return;
  const reply = new Replier(ctx.faults, req, res);
  const email = certificateEmail(req.socket as TLSSocket);
  const user: SimUser | undefined = email ? ctx.store.user(email) : undefined;
  if (!user || user.technical) {
    await drain(ctx, req);
    await reply.error(
      {
        developerMessage: 'Forbidden: no FAST user matches the client certificate',
        userFriendlyMessage: "Certificat inconnu : aucun utilisateur FAST ne correspond à ce certificat.",
      },
      403,
    );
    return;
  }
  if (!path.startsWith(API_PREFIX)) {
    await drain(ctx, req);
    await reply.error({ developerMessage: `Not Found: ${path}` }, 404);
    return;
  }
  const rest = path.slice(API_PREFIX.length).replace(/\/$/, '');
  const route = matchRoute(req.method ?? 'GET', rest);
  if (route === null) {
    await drain(ctx, req);
    await reply.error({ developerMessage: `Not Found: ${path}` }, 404);
    return;
  }
  if (route === 'method') {
    await drain(ctx, req);
    await reply.error({ developerMessage: `Request method '${req.method}' not supported` }, 405);
    return;
  }
  const scope: RequestScope = { ctx, req, res, reply, user, query, params: route.params };
  try {
    await route.handler(scope);
  } catch (e) {
    if (req.socket.destroyed || res.headersSent) return;
    await drain(ctx, req);
    if (req.socket.destroyed) return;
    if (e instanceof FastFailure) {
      await reply.error(e.body, e.status ?? ctx.errorStatus);
      return;
    }
    await reply.error({ developerMessage: `Internal error: ${e instanceof Error ? e.message : String(e)}` }, 500);
  }
}

export async function listenParapheur(
  ctx: ParapheurContext,
  control: ParapheurControl,
  tls: { keyPem: string; certPem: string; caCertPem: string },
  port: number,
): Promise<{ server: Server; port: number }> {
  const server = createServer(
    {
      key: tls.keyPem,
      cert: tls.certPem,
      ca: [tls.caCertPem],
      requestCert: true,
      rejectUnauthorized: true,
      // Slow 200 MB uploads must not be cut by Node's default 5-minute request timeout.
      requestTimeout: 0,
    },
    (req, res) => {
      // Node writes nothing on the connection before the held callback runs: released as the reply starts.
      const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
      res.writeHead = ((...args: unknown[]) => {
        releaseTickets();
        // Such servers keep no connection alive either: every request opens a fresh TLS connection.
        if (ctx.sessionTicketsWithReply) res.setHeader('connection', 'close');
        return writeHead(...args);
      }) as typeof res.writeHead;
      handleApiRequest(ctx, control, req, res)
        .finally(() => ctx.store.markDirty())
        .catch(() => {
        if (!res.headersSent && !res.destroyed) {
          const body = errorJson({ developerMessage: 'Internal error' });
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(body);
        } else res.destroy();
      });
    },
  );
  // A refused handshake (foreign CA) is expected traffic, not a server failure.
  server.on('tlsClientError', () => undefined);
  // Listening to 'newSession' makes Node issue TLS 1.3 session tickets only once its callback runs: held
  // until a reply goes out when the simulator plays a server that sends them with its reply only.
  let heldTickets: (() => void)[] = [];
  function releaseTickets(): void {
    const release = heldTickets;
    heldTickets = [];
    for (const send of release) send();
  }
  server.on('newSession', (_id: Buffer, _data: Buffer, send: () => void) => {
    if (ctx.sessionTicketsWithReply) heldTickets.push(send);
    else send();
  });
  return { server, port: await listenOnLoopback(server, port) };
}
