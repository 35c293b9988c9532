import type { KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { FaultInjector } from '../faults.js';
import { listenOnLoopback } from '../health.js';
import { draftReport, finalReport, idClaimContainer, naiveIso, reportPdf, type ReportContext } from './reports.js';
import { defaultJourney, type Id360Store } from './store.js';
import { journeyPage } from './journeyPage.js';
import { terminalStatuses, type CallbackEndpoint, type JourneyOutcome, type SimAccount, type SimEnrollment } from './types.js';

/**
 * HTTP front of the ID360 simulator: Django REST Framework manners (docs/providers/id360.md#errors),
 * both path forms (with and without the trailing slash), and the `/private` prefix production's
 * file URLs once carried.
 */

export const API_PREFIX = '/api/1.0.0/';
const PRIVATE_PREFIX = '/private/api/1.0.0/';
const BODY_LIMIT = 1024 * 1024;

export interface RequestRecord {
  method: string;
  /** Route name (`whoami`, `report`…), `unknown` when nothing matched. */
  route: string;
  /** The path as asked (without the query). */
  path: string;
  /** Simulated time the request arrived. */
  at: number;
  /** HTTP status answered (0 when a fault dropped it). */
  status: number;
}

export interface Id360Context {
  store: Id360Store;
  faults: FaultInjector;
  /** `http://127.0.0.1:<port>` once listening. */
  origin: string;
  /** Report URLs use `/private/api/1.0.0/` like production once did. */
  privateUrls: boolean;
  hashAlgorithm: string;
  signingKey: KeyObject | null;
  publicKeyPem: string;
  /** Authenticated requests still to refuse with 401 whatever their token (a « 401 storm »). */
  unauthorizedNext: number;
  loginAttempts: number;
  logins: number;
  requests: RequestRecord[];
  /**
   * Reading an enrollment (#4) answers without its `api_key`: whether the real ID360 gives the
   * journey key back on a read is not published (docs/providers/id360.md#lost-create). The create
   * reply keeps it.
   */
  omitApiKeyOnRead: boolean;
  /**
   * `report/archive` (#8), whose path and reply type ID360 does not publish (docs/providers/id360.md#archive):
   * the path it answers at (a template with `{id}`, under the API root; null: `enrollment/{id}/report/archive`)
   * and whether it answers the final report as JSON or as a PDF.
   */
  reportArchive: { path: RegExp | null; reply: 'json' | 'pdf' };
}

/** A path template with `{id}` (as in the settings) as the pattern a route matches. */
export function archivePattern(template: string): RegExp {
  const parts = template.replace(/^\/+|\/+$/g, '').split('{id}').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join(ID)}$`);
}

export function apiRoot(ctx: Id360Context): string {
  return `${ctx.origin}${ctx.privateUrls ? PRIVATE_PREFIX : API_PREFIX}`;
}

class DrfFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(JSON.stringify(body));
  }
}

const notFound = (): DrfFailure => new DrfFailure(404, { detail: 'Not found.' });
const badRequest = (body: Record<string, unknown>): DrfFailure => new DrfFailure(400, body);

interface Scope {
  ctx: Id360Context;
  req: IncomingMessage;
  res: ServerResponse;
  query: URLSearchParams;
  params: string[];
  record: RequestRecord;
}

type Handler = (s: Scope) => Promise<void>;

async function readBody(s: Scope): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of s.ctx.faults.requestBody(s.req)) {
    size += chunk.length;
    if (size > BODY_LIMIT) throw new DrfFailure(413, { detail: 'Request body too large.' });
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

async function readJson(s: Scope): Promise<Record<string, unknown>> {
  const text = (await readBody(s)).toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text || '{}');
  } catch (e) {
    throw badRequest({ detail: `JSON parse error - ${e instanceof Error ? e.message : 'invalid'}` });
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw badRequest({ non_field_errors: ['Invalid data. Expected a dictionary, but got list.'] });
  return value as Record<string, unknown>;
}

function send(s: Scope, status: number, body: Buffer | string, headers: Record<string, string | number>): Promise<void> {
  s.record.status = status;
  return s.ctx.faults.send(s.req, s.res, status, headers, body);
}

function json(s: Scope, value: unknown, status = 200): Promise<void> {
  return send(s, status, JSON.stringify(value), { 'content-type': 'application/json', vary: 'Accept' });
}

function noContent(s: Scope): Promise<void> {
  return send(s, 204, Buffer.alloc(0), {});
}

/** The account of the `Authorization: Token …` header, its expiry slid; 401 otherwise. */
function authenticate(s: Scope): SimAccount {
  const header = s.req.headers.authorization ?? '';
  const m = /^Token ([A-Za-z0-9]+)$/.exec(header.trim());
  const challenge = { 'www-authenticate': 'Token' };
  if (!m) throw new DrfFailure(401, { detail: 'Authentication credentials were not provided.' }, challenge);
  if (s.ctx.unauthorizedNext > 0) {
    s.ctx.unauthorizedNext--;
    throw new DrfFailure(401, { detail: 'Invalid token.' }, challenge);
  }
  const account = s.ctx.store.useToken(m[1]!);
  if (!account) throw new DrfFailure(401, { detail: 'Invalid token.' }, challenge);
  return account;
}

function enrollmentOf(s: Scope, raw: string | undefined): SimEnrollment {
  if (!raw || !/^\d{1,12}$/.test(raw)) throw notFound();
  const e = s.ctx.store.get(Number(raw));
  if (!e) throw notFound();
  return e;
}

export function enrollmentJson(ctx: Id360Context, e: SimEnrollment): Record<string, unknown> {
  return {
    url: `${ctx.origin}${API_PREFIX}enrollment/${e.id}`,
    id: e.id,
    process: e.process.id,
    api_key: e.apiKey,
    browser_callback_url: e.request['browser_callback_url'],
    client_reference: e.request['client_reference'] ?? null,
    status: e.status,
    reason: e.reason,
    creation_time: naiveIso(e.createdAt),
    starting_time: naiveIso(e.startedAt),
    finished_time: naiveIso(e.finishedAt),
    // Header values are not echoed (docs/providers/id360.md#enrollment).
    callback_endpoints: e.callbackEndpoints.map((c) => ({ url: c.url, on: c.on, headers: c.headers.map((h) => ({ name: h.name })) })),
  };
}

function reportContext(ctx: Id360Context): ReportContext {
  return { apiRoot: apiRoot(ctx), hashAlgorithm: ctx.hashAlgorithm, signingKey: ctx.signingKey, now: ctx.store.clock.now() };
}

/** The frozen final report, built the first time it is asked for. */
export function finalReportOf(ctx: Id360Context, e: SimEnrollment): Record<string, unknown> {
  e.finalReport ??= finalReport(e, reportContext(ctx), `${apiRoot(ctx)}keys/report_signature`);
  return e.finalReport;
}

// ── Validation of the create body (DRF field errors) ────────────────────

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const e164Pattern = /^\+[1-9]\d{6,14}$/;
const personalFields = ['last_name', 'first_name', 'email', 'phone_number', 'address_line_1', 'address_line_2', 'address_line_3', 'zip_code', 'city', 'country', 'birth_date', 'group', 'client_reference'];

function validUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

function validateCreate(body: Record<string, unknown>): CallbackEndpoint[] {
  const errors: Record<string, unknown> = {};
  if (body['browser_callback_url'] === undefined || body['browser_callback_url'] === null || body['browser_callback_url'] === '') errors['browser_callback_url'] = ['This field is required.'];
  else if (!validUrl(body['browser_callback_url'])) errors['browser_callback_url'] = ['Enter a valid URL.'];
  const endpoints: CallbackEndpoint[] = [];
  const raw = body['callback_endpoints'];
  if (raw === undefined || raw === null) errors['callback_endpoints'] = ['This field is required.'];
  else if (!Array.isArray(raw)) errors['callback_endpoints'] = ['Expected a list of items but got type "' + typeof raw + '".'];
  else {
    const itemErrors = raw.map((item: unknown) => {
      const e: Record<string, string[]> = {};
      const o = (item ?? {}) as Record<string, unknown>;
      if (!validUrl(o['url'])) e['url'] = [o['url'] === undefined ? 'This field is required.' : 'Enter a valid URL.'];
      const on = o['on'] ?? ['F'];
      if (!Array.isArray(on) || on.some((l) => typeof l !== 'string' || !['E', 'F', 'C'].includes(l))) e['on'] = ['Invalid choice.'];
      const headers = o['headers'] ?? [];
      if (!Array.isArray(headers) || headers.some((h) => !h || typeof (h as { name?: unknown }).name !== 'string' || typeof (h as { value?: unknown }).value !== 'string')) {
        e['headers'] = ['Expected a list of {name, value}.'];
      }
      if (Object.keys(e).length === 0) endpoints.push({ url: String(o['url']), on: on as string[], headers: headers as CallbackEndpoint['headers'] });
      return e;
    });
    if (itemErrors.some((e) => Object.keys(e).length > 0)) errors['callback_endpoints'] = itemErrors;
  }
  for (const field of personalFields) {
    const v = body[field];
    if (v !== undefined && v !== null && typeof v !== 'string') errors[field] = ['Not a valid string.'];
  }
  if (typeof body['email'] === 'string' && body['email'] !== '' && !emailPattern.test(body['email'])) errors['email'] = ['Enter a valid email address.'];
  if (typeof body['phone_number'] === 'string' && body['phone_number'] !== '' && !e164Pattern.test(body['phone_number'])) errors['phone_number'] = ['Enter a valid phone number.'];
  if (typeof body['birth_date'] === 'string' && body['birth_date'] !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(body['birth_date'])) {
    errors['birth_date'] = ['Date has wrong format. Use one of these formats instead: YYYY-MM-DD.'];
  }
  if (Object.keys(errors).length > 0) throw badRequest(errors);
  return endpoints;
}

// ── Handlers ────────────────────────────────────────────────────────────

const login: Handler = async (s) => {
  const body = await readJson(s);
  s.ctx.loginAttempts++;
  const username = body['username'];
  const password = body['password'];
  const errors: Record<string, string[]> = {};
  if (typeof username !== 'string' || !username) errors['username'] = ['This field is required.'];
  if (typeof password !== 'string' || !password) errors['password'] = ['This field is required.'];
  if (Object.keys(errors).length > 0) throw badRequest(errors);
  const account = s.ctx.store.accounts.find((a) => a.username === username && a.password === password);
  if (!account) throw badRequest({ non_field_errors: ['Unable to log in with provided credentials.'] });
  if (account.kind === 'user' && body['token'] !== account.twoFactorCode) throw badRequest({ non_field_errors: ['Invalid two-factor authentication code.'] });
  s.ctx.logins++;
  await json(s, { token: s.ctx.store.login(account) });
};

const whoami: Handler = async (s) => {
  const account = authenticate(s);
  await json(s, { username: account.username, is_application: account.kind === 'application', client_name: 'Organisation de démonstration' });
};

const createEnrollment: Handler = async (s) => {
  const account = authenticate(s);
  const body = await readJson(s);
  const process = s.ctx.store.process(s.params[0] ?? '');
  if (!process) throw notFound();
  const endpoints = validateCreate(body);
  const e = s.ctx.store.create(process, account, body, endpoints);
  await json(s, enrollmentJson(s.ctx, e));
};

const getEnrollment: Handler = async (s) => {
  authenticate(s);
  const body = enrollmentJson(s.ctx, enrollmentOf(s, s.params[0]));
  if (s.ctx.omitApiKeyOnRead) delete body['api_key'];
  await json(s, body);
};

const controlData: Handler = async (s) => {
  authenticate(s);
  const e = enrollmentOf(s, s.params[0]);
  const name = decodeURIComponent(s.params[1] ?? '');
  const value = (await readBody(s)).toString('utf8');
  if (!e.process.collectedData.includes(name)) throw badRequest({ detail: `Data "${name}" is not collected by this process.` });
  if (e.status !== 'NEW') throw badRequest({ detail: 'Enrollment already started.' });
  if (value.trim() === '') throw badRequest({ detail: 'Expected value is empty.' });
  const flag = (key: string, fallback: boolean): boolean => {
    const v = s.query.get(key);
    return v === null ? fallback : /^(true|1)$/i.test(v);
  };
  e.controls[name] = { value, locked: flag('locked', false), auto: flag('auto', false) };
  await noContent(s);
};

const discontinue: Handler = async (s) => {
  authenticate(s);
  const e = enrollmentOf(s, s.params[0]);
  if (terminalStatuses.has(e.status)) throw badRequest({ detail: `Enrollment is ${e.status} and cannot be discontinued.` });
  s.ctx.store.discontinue(e);
  await noContent(s);
};

/** NEW, STARTED and CANCELED enrollments only have a draft report (docs/providers/id360.md#retention); so does an interrupted one. */
function hasFinalReport(e: SimEnrollment): boolean {
  return e.status === 'OK' || e.status === 'KO' || e.status === 'FAILED';
}

const report: Handler = async (s) => {
  const account = authenticate(s);
  const e = enrollmentOf(s, s.params[0]);
  if (!s.ctx.store.reportReadable(e, account)) throw notFound();
  const draft = /^(true|1)$/i.test(s.query.get('allow_draft') ?? s.query.get('draft') ?? 'false');
  if (!hasFinalReport(e)) {
    if (!draft) throw notFound();
    await json(s, draftReport(e, reportContext(s.ctx)));
    return;
  }
  await json(s, finalReportOf(s.ctx, e));
};

const reportPdfHandler: Handler = async (s) => {
  const account = authenticate(s);
  const e = enrollmentOf(s, s.params[0]);
  if (!hasFinalReport(e) || !s.ctx.store.reportReadable(e, account)) throw notFound();
  e.reportPdf ??= reportPdf(e, finalReportOf(s.ctx, e));
  await send(s, 200, e.reportPdf, { 'content-type': 'application/pdf', 'content-disposition': `attachment; filename="rapport-${e.id}.pdf"` });
};

const archive: Handler = async (s) => {
  const account = authenticate(s);
  const e = enrollmentOf(s, s.params[0]);
  if (account.kind !== 'user') throw new DrfFailure(403, { detail: 'You do not have permission to perform this action.' });
  if (!s.ctx.store.archived(e)) throw notFound();
  if (s.ctx.reportArchive.reply === 'pdf') {
    e.reportPdf ??= reportPdf(e, finalReportOf(s.ctx, e));
    await send(s, 200, e.reportPdf, { 'content-type': 'application/pdf', 'content-disposition': `attachment; filename="rapport-archive-${e.id}.pdf"` });
    return;
  }
  await json(s, finalReportOf(s.ctx, e));
};

const idClaim: Handler = async (s) => {
  const account = authenticate(s);
  const e = enrollmentOf(s, s.params[0]);
  if (!e.process.idClaim || e.status !== 'OK' || !s.ctx.store.reportReadable(e, account)) throw notFound();
  const container = await idClaimContainer(e, finalReportOf(s.ctx, e));
  await send(s, 200, container, { 'content-type': 'application/vnd.etsi.asic-e+zip', 'content-disposition': `attachment; filename="idclaim-${e.id}.asice"` });
};

const fileContents: Handler = async (s) => {
  authenticate(s);
  const raw = s.params[0] ?? '';
  const found = /^\d{1,12}$/.test(raw) ? s.ctx.store.findDocument(Number(raw)) : undefined;
  if (!found) throw notFound();
  const { enrollment, index } = found;
  if (!s.ctx.store.documentsReadable(enrollment)) throw notFound();
  const page = Number(s.query.get('page_number') ?? '0');
  const file = enrollment.documents[index]!.pages[page];
  if (!Number.isInteger(page) || !file) throw notFound();
  await send(s, 200, file.served ?? file.bytes, { 'content-type': file.contentType });
};

const statusByToken: Handler = async (s) => {
  const token = s.query.get('token') ?? '';
  const e = token ? s.ctx.store.takeBrowserToken(token) : undefined;
  if (!e) throw notFound();
  await json(s, { id: e.id, status: e.status, client_reference: e.request['client_reference'] ?? null, process: e.process.id, finished_time: naiveIso(e.finishedAt) });
};

const enrollmentInfo: Handler = async (s) => {
  const key = String(s.req.headers['x-api-key'] ?? '');
  const e = key ? s.ctx.store.byApiKey(key) : undefined;
  if (!e) throw new DrfFailure(401, { detail: 'Invalid API key.' });
  s.ctx.store.advance(e);
  const expected: Record<string, unknown> = {};
  for (const field of personalFields) if (typeof e.request[field] === 'string') expected[field] = e.request[field];
  await json(s, {
    id: e.id,
    status: e.status,
    process_name: e.process.name,
    client_reference: e.request['client_reference'] ?? null,
    expected_data: expected,
    controls: Object.fromEntries(Object.entries(e.controls).map(([k, c]) => [k, { value: c.value, locked: c.locked, auto: c.auto }])),
  });
};

const publicKey: Handler = async (s) => {
  await send(s, 200, s.ctx.publicKeyPem, { 'content-type': 'application/x-pem-file' });
};

interface Route {
  name: string;
  method: string;
  pattern: RegExp;
  handler: Handler;
}

const ID = '(\\d+)';
const archiveRoute: Route = { name: 'reportArchive', method: 'GET', pattern: new RegExp(`^enrollment\\/${ID}\\/report\\/archive$`), handler: archive };
const routes: Route[] = [
  { name: 'login', method: 'POST', pattern: /^user\/login$/, handler: login },
  { name: 'whoami', method: 'GET', pattern: /^user\/whoami$/, handler: whoami },
  { name: 'createEnrollment', method: 'POST', pattern: /^process\/([0-9a-fA-F-]{8,64})\/enrollment$/, handler: createEnrollment },
  { name: 'statusByToken', method: 'GET', pattern: /^enrollment\/status$/, handler: statusByToken },
  { name: 'enrollmentInfo', method: 'GET', pattern: /^enrollment\/flow\/enrollment_info$/, handler: enrollmentInfo },
  { name: 'enrollment', method: 'GET', pattern: new RegExp(`^enrollment\\/${ID}$`), handler: getEnrollment },
  { name: 'controlData', method: 'POST', pattern: new RegExp(`^enrollment\\/${ID}\\/control\\/data\\/([^/]+)$`), handler: controlData },
  { name: 'discontinue', method: 'GET', pattern: new RegExp(`^enrollment\\/${ID}\\/control\\/discontinue$`), handler: discontinue },
  { name: 'report', method: 'GET', pattern: new RegExp(`^enrollment\\/${ID}\\/report$`), handler: report },
  { name: 'reportPdf', method: 'GET', pattern: new RegExp(`^enrollment\\/${ID}\\/report\\/pdf$`), handler: reportPdfHandler },
  archiveRoute,
  { name: 'idClaim', method: 'GET', pattern: new RegExp(`^enrollment\\/${ID}\\/idclaim$`), handler: idClaim },
  { name: 'fileContents', method: 'GET', pattern: /^document\/([^/]+)\/file_contents$/, handler: fileContents },
  { name: 'publicKey', method: 'GET', pattern: /^keys\/report_signature$/, handler: publicKey },
];

export interface SandboxControls {
  /** `daysAgo`: the journey ended that many simulated days ago (see daysAgoOf). */
  finishByApiKey(apiKey: string, outcome: JourneyOutcome, daysAgo?: number): { redirect: string } | null;
  finishById(id: number, outcome: JourneyOutcome, daysAgo?: number): { redirect: string } | null;
}

/**
 * `days_ago` on the finish controls: the journey ended that long ago (0 to 400 simulated days), so
 * what ID360 keeps after months (the 2-month window, then only the archive) shows without waiting.
 */
function daysAgoOf(query: URLSearchParams): number {
  const days = Number(query.get('days_ago') ?? '0');
  return Number.isInteger(days) && days >= 0 && days <= 400 ? days : 0;
}

async function handle(ctx: Id360Context, controls: SandboxControls, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const raw = req.url ?? '/';
  const q = raw.indexOf('?');
  const path = (q < 0 ? raw : raw.slice(0, q)).replace(/\/{2,}/g, '/');
  const query = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
  if (path === '/static/process_ui/index.html') {
    await ctx.faults.discardBody(req);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(journeyPage());
    return;
  }
  if (path === '/__sandbox/journeys' && req.method === 'POST') {
    // Journeys moving by themselves on or off (e2e: a person never starts before the clerk gave the link).
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let auto: unknown;
    try {
      auto = (JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { auto?: unknown }).auto;
    } catch {
      auto = undefined;
    }
    if (typeof auto !== 'boolean') {
      res.writeHead(400, { 'content-type': 'application/json' }).end('{"detail":"auto (true or false) expected."}');
      return;
    }
    ctx.store.journey = auto ? { ...defaultJourney } : null;
    res.writeHead(204).end();
    return;
  }
  if (path === '/__sandbox/replies' && req.method === 'POST') {
    // How replies are shaped, from outside the process (e2e): `{"omitApiKeyOnRead": true}` reads an
    // enrollment without its journey key; `false` (or an empty body) gives it again.
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body: Record<string, unknown>;
    try {
      const text = Buffer.concat(chunks).toString('utf8').trim();
      body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      res.writeHead(400, { 'content-type': 'application/json' }).end('{"detail":"JSON expected."}');
      return;
    }
    ctx.omitApiKeyOnRead = body['omitApiKeyOnRead'] === true;
    res.writeHead(204).end();
    return;
  }
  if (path === '/__sandbox/console' && req.method === 'GET') {
    // A stand-in for ID360's console, where a clerk looks up a check by its reference (e2e: the
    // « création incertaine » flow); the journey key is not shown, as the clerk would not copy it.
    await ctx.faults.discardBody(req);
    const reference = query.get('reference');
    const found = [...ctx.store.enrollments.values()]
      .filter((e) => reference === null || e.request['client_reference'] === reference)
      .map((e) => ({ id: e.id, client_reference: e.request['client_reference'] ?? null, status: e.status }));
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(found));
    return;
  }
  const finishById = /^\/__sandbox\/enrollment\/(\d{1,12})\/finish$/.exec(path);
  if (finishById && req.method === 'POST') {
    // The « terminer comme OK / KO » control for a check whose journey key Guichet never got.
    await ctx.faults.discardBody(req);
    const outcome = query.get('outcome') as JourneyOutcome | null;
    const result = outcome && ['OK', 'KO', 'FAILED', 'CANCELED'].includes(outcome) ? controls.finishById(Number(finishById[1]), outcome, daysAgoOf(query)) : null;
    res.writeHead(result ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(result ?? { detail: 'Not found.' }));
    return;
  }
  if (path === '/__sandbox/faults' && req.method === 'POST') {
    // The fault knobs from outside the process (e2e through the built host): a forced status on the
    // requests whose path matches, for the next `times` of them; an empty body resets.
    let body: Record<string, unknown> = {};
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const text = Buffer.concat(chunks).toString('utf8').trim();
      body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      res.writeHead(400, { 'content-type': 'application/json' }).end('{"detail":"JSON expected."}');
      return;
    }
    ctx.faults.reset();
    // `resetAfterResponse`: the request is carried out (an enrollment really created), then the
    // connection drops instead of the answer — the lost reply a client must not turn into a duplicate.
    if (typeof body['forcedStatus'] === 'number' || body['resetAfterResponse'] === true) {
      ctx.faults.update({
        ...(typeof body['forcedStatus'] === 'number' ? { forcedStatus: body['forcedStatus'] } : { resetAfterResponse: true }),
        onlyPaths: typeof body['onlyPaths'] === 'string' ? new RegExp(body['onlyPaths']) : null,
        times: typeof body['times'] === 'number' ? body['times'] : null,
      });
    }
    res.writeHead(204).end();
    return;
  }
  const finishMatch = /^\/__sandbox\/journey\/([0-9a-f]{32})\/finish$/.exec(path);
  if (finishMatch && req.method === 'POST') {
    await ctx.faults.discardBody(req);
    const outcome = query.get('outcome') as JourneyOutcome | null;
    const result = outcome && ['OK', 'KO', 'FAILED', 'CANCELED'].includes(outcome) ? controls.finishByApiKey(finishMatch[1]!, outcome, daysAgoOf(query)) : null;
    res.writeHead(result ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(result ?? { detail: 'Not found.' }));
    return;
  }
  const record: RequestRecord = { method: req.method ?? 'GET', route: 'unknown', path, at: ctx.store.clock.now(), status: 0 };
  ctx.requests.push(record);
  ctx.store.advanceAll();
  const prefix = path.startsWith(API_PREFIX) ? API_PREFIX : path.startsWith(PRIVATE_PREFIX) ? PRIVATE_PREFIX : null;
  const rest = prefix ? path.slice(prefix.length).replace(/\/$/, '') : null;
  // A configured archive path replaces the default one (which then answers 404, as another path would).
  const archivePath = ctx.reportArchive.path;
  const route =
    rest === null
      ? undefined
      : archivePath?.test(rest)
        ? { ...archiveRoute, pattern: archivePath }
        : routes.find((r) => r.pattern.test(rest) && !(archivePath && r === archiveRoute));
  if (route) record.route = route.name;
  if (await ctx.faults.intercept(req, res)) return;
  const scope: Scope = { ctx, req, res, query, params: route && rest !== null ? (route.pattern.exec(rest) ?? []).slice(1) : [], record };
  try {
    if (!route) throw notFound();
    if (route.method !== req.method) throw new DrfFailure(405, { detail: `Method "${req.method}" not allowed.` });
    await route.handler(scope);
  } catch (e) {
    if (req.socket.destroyed || res.headersSent) return;
    if (!req.complete) await ctx.faults.discardBody(req);
    if (e instanceof DrfFailure) {
      record.status = e.status;
      await ctx.faults.send(req, res, e.status, { 'content-type': 'application/json', ...e.headers }, JSON.stringify(e.body));
      return;
    }
    record.status = 500;
    await ctx.faults.send(req, res, 500, { 'content-type': 'text/html' }, '<h1>Server Error (500)</h1>');
  }
}

export async function listenId360(ctx: Id360Context, controls: SandboxControls, port: number): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    handle(ctx, controls, req, res).catch(() => {
      if (!res.headersSent && !res.destroyed) res.writeHead(500).end();
      else res.destroy();
    });
  });
  return { server, port: await listenOnLoopback(server, port) };
}
