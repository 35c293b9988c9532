import { verify, type KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultInjector } from '../faults.js';
import type { SimulatorClock } from '../simClock.js';
import { renderTextPdf } from '../textPdf.js';
import { connectedTenantModel, type ModelUrls } from './model.js';
import { comparableLocal, localDateTime, tenantStatus, type DossierFacileStore, type SimTenant } from './store.js';

/**
 * The DFC API as the simulator serves it (docs/providers/dossierfacile.md#partner-api,
 * #partner-sync, #downloads, #errors): user tokens on `/dfc/tenant/**`, service tokens on
 * `/dfc/api/v1/**`, the `tenants` cursor quirks, the full PDF's 409 and the download rate limits.
 */

export interface PartnerSettings {
  name: string;
  email: string | null;
  callbackUrl: string | null;
  callbackApiKey: string | null;
}

export interface ApiRequestRecord {
  method: string;
  path: string;
  query: string;
  status: number;
  /** Simulator time the request arrived. */
  at: number;
  /** API calls being answered when this one arrived, itself included (how many a client keeps in flight). */
  inFlight: number;
}

export interface ApiContext {
  store: DossierFacileStore;
  clock: SimulatorClock;
  faults: FaultInjector;
  publicKey: KeyObject;
  apiResource: string;
  urls: ModelUrls;
  settings: PartnerSettings;
  /** Per minute of simulated time (docs/providers/dossierfacile.md#limits). */
  rateLimits: { documents: number; publicLinks: number };
  /** Simulated time the full PDF takes to generate. */
  pdfGenerationMs: number;
  requests: ApiRequestRecord[];
  /** API calls in flight when each request arrived, itself included (counted by the server, latency faults included). */
  inFlightAtArrival?: WeakMap<IncomingMessage, number>;
  /** Ends every SSO session of the tenant (their refresh tokens die), as `/dfc/tenant/logout` does. */
  endSessions?(tenantId: number): Promise<void>;
}

interface Claims {
  sub?: string;
  azp?: string;
  client_id?: string;
  scope?: string;
  exp?: number;
  iat?: number;
  aud?: string | string[];
}

class Reply extends Error {
  constructor(
    readonly status: number,
    readonly body: string = '',
    readonly type = 'text/plain;charset=UTF-8',
  ) {
    super(`HTTP ${status}`);
  }
}

const forbiddenJson = (message: string): Reply => new Reply(403, JSON.stringify({ status: 'FORBIDDEN', message }), 'application/json');

/** Checks the bearer JWT like a Spring resource server: signature, expiry, audience; 401 with an empty body otherwise. */
function bearer(ctx: ApiContext, req: IncomingMessage): Claims {
  const m = /^Bearer (\S+)$/i.exec(req.headers.authorization ?? '');
  const parts = m?.[1]?.split('.');
  if (!parts || parts.length !== 3) throw new Reply(401);
  const ok = verify('RSA-SHA256', Buffer.from(`${parts[0]}.${parts[1]}`), ctx.publicKey, Buffer.from(parts[2]!, 'base64url'));
  if (!ok) throw new Reply(401);
  const claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as Claims;
  // oidc-provider stamps wall-clock seconds.
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= Date.now()) throw new Reply(401);
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!aud.includes(ctx.apiResource)) throw new Reply(401);
  return claims;
}

function hasScope(c: Claims, scope: string): boolean {
  return (c.scope ?? '').split(' ').includes(scope);
}

function serviceToken(ctx: ApiContext, req: IncomingMessage, scopes: string[]): Claims {
  const c = bearer(ctx, req);
  if (!c.client_id || scopes.some((s) => !hasScope(c, s))) throw new Reply(403);
  return c;
}

function json(value: unknown, status = 200): Reply {
  return new Reply(status, JSON.stringify(value), 'application/json');
}

const windows = new WeakMap<ApiContext, Map<string, number[]>>();

/** A sliding minute of simulated time per limit; 429 `text/plain` without Retry-After past it. */
function rateLimit(ctx: ApiContext, kind: 'documents' | 'publicLinks'): void {
  const byKind = windows.get(ctx) ?? new Map<string, number[]>();
  windows.set(ctx, byKind);
  const now = ctx.clock.now();
  const minute = ctx.clock.duration(60_000);
  const hits = (byKind.get(kind) ?? []).filter((t) => t > now - minute);
  if (hits.length >= ctx.rateLimits[kind]) {
    byKind.set(kind, hits);
    throw new Reply(429, 'Too Many Requests');
  }
  hits.push(now);
  byKind.set(kind, hits);
}

function pdfOf(title: string, lines: string[]): Reply {
  const reply = new Reply(200, '', 'application/pdf');
  (reply as Reply & { bytes?: Buffer }).bytes = renderTextPdf({ title, lines, producer: 'Simulateur DossierFacile' });
  return reply;
}

function linkedTenant(ctx: ApiContext, id: string): SimTenant {
  const t = ctx.store.tenants.get(Number(id));
  if (!/^\d+$/.test(id) || !t || t.deletedAt !== undefined) throw new Reply(404, 'Resource not found');
  if (!ctx.store.isLinked(t)) throw new Reply(403);
  return t;
}

function listTenants(ctx: ApiContext, query: URLSearchParams): Reply {
  const rawAfter = query.get('after');
  let after = '';
  if (rawAfter !== null && rawAfter !== '') {
    // The offset is dropped, not converted: `after` is a local date-time (docs/providers/dossierfacile.md#partner-sync).
    const parsed = comparableLocal(rawAfter);
    if (!parsed) return json({ status: 'BAD_REQUEST', message: 'Invalid parameter', errors: ['after: invalid date-time'] }, 400);
    after = parsed;
  }
  const limitText = query.get('limit');
  const limit = limitText === null ? 1000 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1) return json({ status: 'BAD_REQUEST', message: 'Invalid parameter', errors: ['limit: must be a positive integer'] }, 400);
  const includeDeleted = query.get('includeDeleted') === 'true';
  const includeRevoked = query.get('includeRevoked') === 'true';
  type Row = { id: number; apartmentSharingId: number | null; lastUpdateDate: string | null; creationDate: string | null; deletionDate: string | null; revocationDate: string | null };
  const updates: { key: string; row: Row }[] = [];
  const tails: Row[] = [];
  let revocations = 0;
  for (const t of ctx.store.tenants.values()) {
    if (ctx.store.isLinked(t)) {
      const last = localDateTime(t.lastUpdateAt);
      const key = comparableLocal(last)!;
      if (key > after) updates.push({ key, row: { id: t.id, apartmentSharingId: t.apartmentSharingId, lastUpdateDate: last, creationDate: localDateTime(t.createdAt), deletionDate: null, revocationDate: null } });
    } else if (includeDeleted && t.deletedAt !== undefined && t.linkedAt !== undefined) {
      const d = localDateTime(t.deletedAt);
      if (comparableLocal(d)! > after) tails.push({ id: t.id, apartmentSharingId: null, lastUpdateDate: null, creationDate: null, deletionDate: d, revocationDate: null });
    } else if (includeRevoked && t.revokedAt !== undefined && t.deletedAt === undefined && revocations === 0) {
      const r = localDateTime(t.revokedAt);
      if (comparableLocal(r)! > after) {
        revocations++;
        tails.push({ id: t.id, apartmentSharingId: null, lastUpdateDate: null, creationDate: null, deletionDate: null, revocationDate: r });
      }
    }
  }
  updates.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.row.id - b.row.id));
  const data = [...updates.map((u) => u.row), ...tails].slice(0, limit);
  const last = data.at(-1);
  const nextAfter = last === undefined ? `after=${rawAfter ?? ''}` : last.lastUpdateDate ? `after=${last.lastUpdateDate}` : 'after';
  const nextLink = `/dfc/api/v1/tenants?limit=${limit}&${nextAfter}&includeDeleted=${includeDeleted}&includeRevoked=${includeRevoked}`;
  return json({ data, metadata: { limit, resultCount: data.length, nextLink } });
}

async function readJson(ctx: ApiContext, req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of ctx.faults.requestBody(req)) chunks.push(c);
  try {
    const v = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw new Reply(400, 'Invalid request body');
}

async function route(ctx: ApiContext, req: IncomingMessage, path: string, query: URLSearchParams): Promise<Reply> {
  const method = req.method ?? 'GET';
  ctx.store.tick();
  if (path === '/dfc/tenant/profile' && method === 'GET') {
    const c = bearer(ctx, req);
    if (c.client_id) throw forbiddenJson('Access denied');
    if (!hasScope(c, 'dfc')) throw new Reply(403);
    const t = ctx.store.tenants.get(Number(c.sub));
    if (!t || t.deletedAt !== undefined) throw forbiddenJson('Access denied');
    // A token issued before the tenant took the access back no longer reads the file.
    if (t.revokedAt !== undefined && (c.iat ?? 0) * 1000 <= t.revokedAt) throw forbiddenJson('Access denied');
    ctx.store.linkToPartner(t);
    return json(connectedTenantModel(ctx.store, t, ctx.urls));
  }
  if (path === '/dfc/tenant/logout' && (method === 'GET' || method === 'POST')) {
    const c = bearer(ctx, req);
    if (c.client_id) throw forbiddenJson('Access denied');
    // Logs the user out everywhere (reference.md §4.3): their refresh tokens no longer refresh.
    await ctx.endSessions?.(Number(c.sub));
    return new Reply(200);
  }
  if (path === '/dfc/api/v1/settings') {
    serviceToken(ctx, req, ['dfc']);
    if (method === 'PATCH') {
      const body = await readJson(ctx, req);
      const s = ctx.settings;
      if (typeof body['email'] === 'string' && body['email'].trim() !== '') s.email = body['email'].trim().toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
      // Empty strings disable the webhook.
      if (typeof body['callbackUrl'] === 'string') s.callbackUrl = body['callbackUrl'] === '' ? null : body['callbackUrl'];
      if (typeof body['callbackApiKey'] === 'string') s.callbackApiKey = body['callbackApiKey'] === '' ? null : body['callbackApiKey'];
      return json(s);
    }
    if (method === 'GET') return json(ctx.settings);
  }
  if (path === '/dfc/api/v1/tenants' && method === 'GET') {
    serviceToken(ctx, req, ['dfc']);
    return listTenants(ctx, query);
  }
  let m = /^\/dfc\/api\/v1\/tenants\/([^/]+)$/.exec(path);
  if (m && method === 'GET') {
    serviceToken(ctx, req, ['dfc']);
    return json(connectedTenantModel(ctx.store, linkedTenant(ctx, m[1]!), ctx.urls));
  }
  m = /^\/dfc\/api\/v1\/tenants\/([^/]+)\/documents\/([^/]+)$/.exec(path);
  if (m && method === 'GET') {
    serviceToken(ctx, req, ['dfc', 'dfc-documents']);
    rateLimit(ctx, 'documents');
    const t = ctx.store.tenants.get(Number(m[1]));
    if (!t || t.deletedAt !== undefined) throw new Reply(404, 'Resource not found');
    if (!ctx.store.isLinked(t)) throw forbiddenJson('Access denied');
    const d = ctx.store.allDocuments(t).find((x) => x.uuid === m![2]);
    if (!d) throw new Reply(404, 'Resource not found');
    return pdfOf(`${d.category} – ${t.firstName} ${t.lastName}`, [`Document ${d.id}`, `Catégorie : ${d.category} / ${d.subCategory}`, `Statut : ${d.status}`]);
  }
  m = /^\/api\/application\/links\/([^/]+)\/documents\/([^/]+)$/.exec(path);
  if (m && method === 'GET') {
    rateLimit(ctx, 'publicLinks');
    const sharing = [...ctx.store.sharings.values()].find((s) => s.fullToken === m![1]);
    const t = sharing && ctx.store.tenantsOf(sharing).find((x) => ctx.store.allDocuments(x).some((d) => d.uuid === m![2]));
    const d = t && ctx.store.allDocuments(t).find((x) => x.uuid === m![2]);
    if (!t || !d) throw new Reply(404, 'Resource not found');
    return pdfOf(`${d.category} – ${t.firstName} ${t.lastName}`, [`Document ${d.id}`, `Statut : ${d.status}`]);
  }
  m = /^\/api\/application\/fullPdf\/([^/]+)$/.exec(path);
  if (m && (method === 'GET' || method === 'POST')) {
    const sharing = [...ctx.store.sharings.values()].find((s) => s.fullToken === m![1]);
    if (!sharing) throw new Reply(404, 'Resource not found');
    const now = ctx.clock.now();
    // The first ask starts the generation; until it ends the GET answers 409.
    sharing.pdfReadyAt ??= now + ctx.clock.duration(ctx.pdfGenerationMs);
    if (method === 'POST') return new Reply(202);
    if (sharing.pdfReadyAt > now || ctx.pdfGenerationMs < 0) throw new Reply(409, 'File is not yet available retry later');
    const tenants = ctx.store.tenantsOf(sharing);
    return pdfOf(`Dossier ${sharing.id}`, tenants.map((t) => `${t.firstName} ${t.lastName} – ${tenantStatus(t)}`));
  }
  throw new Reply(404, 'Resource not found');
}

export async function handleApi(ctx: ApiContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const record: ApiRequestRecord = { method: req.method ?? 'GET', path: url.pathname, query: url.search, status: 0, at: ctx.clock.now(), inFlight: ctx.inFlightAtArrival?.get(req) ?? 1 };
  ctx.requests.push(record);
  let reply: Reply;
  try {
    reply = await route(ctx, req, url.pathname, url.searchParams);
  } catch (e) {
    reply = e instanceof Reply ? e : new Reply(500, 'Internal Server Error');
  }
  record.status = reply.status;
  const bytes = (reply as Reply & { bytes?: Buffer }).bytes;
  const headers: Record<string, string> = {};
  if (bytes) {
    headers['content-type'] = 'application/pdf';
    headers['content-disposition'] = 'inline; filename="document.pdf"';
    headers['x-robots-tag'] = 'noindex';
  } else if (reply.body !== '') headers['content-type'] = reply.type;
  if (reply.status === 403 && reply.body === '') headers['www-authenticate'] = 'Bearer error="insufficient_scope"';
  await ctx.faults.discardBody(req);
  await ctx.faults.send(req, res, reply.status, headers, bytes ?? reply.body);
}
