import type https from 'node:https';
import type { Readable } from 'node:stream';
import type { AxiosInstance, AxiosRequestConfig, AxiosResponse } from 'axios';
import type { z } from 'zod';
import { createHttpClient, guardResponseStream, type HttpLogger } from '../../core/http/httpClient.js';
import { toNetworkError } from '../../core/http/networkErrors.js';
import { readBodyPrefix } from '../../core/http/responseBody.js';
import { id360Error, id360ErrorCodes, id360ErrorFromResponse, malformedReply, type Id360Operation } from './errors.js';
import {
  createdEnrollmentSchema,
  enrollmentInfoSchema,
  enrollmentSchema,
  loginReplySchema,
  reportSchema,
  statusByTokenSchema,
  whoamiReplySchema,
  type Id360CreatedEnrollment,
  type Id360Enrollment,
  type Id360Report,
} from './schemas.js';

/**
 * Paths of the calls ID360 does not publish (docs/providers/id360.md#endpoints): kept in one place
 * and overridable, so a correction found on préproduction's Swagger is a setting, not a code hunt.
 * `{id}` is the enrollment id.
 */
export interface Id360Paths {
  enrollment: string;
  reportPdf: string;
  reportArchive: string;
  idClaim: string;
  statusByToken: string;
  statusByTokenParam: string;
  enrollmentInfo: string;
}

export const defaultId360Paths: Readonly<Id360Paths> = Object.freeze({
  enrollment: 'enrollment/{id}/',
  reportPdf: 'enrollment/{id}/report/pdf/',
  reportArchive: 'enrollment/{id}/report/archive',
  idClaim: 'enrollment/{id}/idclaim',
  statusByToken: 'enrollment/status/',
  statusByTokenParam: 'token',
  enrollmentInfo: 'enrollment/flow/enrollment_info',
});

export interface Id360Connection {
  /** API root, ends with `/api/1.0.0/`. */
  apiBaseUrl: string;
  /** Host of the hosted journey (production: `www.`), defaults to the API's origin. */
  uiBaseUrl?: string;
  paths?: Partial<Id360Paths>;
  /** Further origins whose URLs (found in replies) may receive the token. */
  trustedOrigins?: readonly string[];
  httpsAgent?: https.Agent;
}

export interface Id360Credentials {
  username: string;
  password: string;
  /** 2FA code of a *user* account; application accounts have none. */
  twoFactorCode?: string;
}

export interface Id360ClientOptions {
  connectTimeoutMs?: number;
  /** Reports and files can be slow: 30 s of silence at least (docs/providers/id360.md#limits). */
  transferTimeoutMs?: number;
  logger?: HttpLogger;
}

export interface CallbackEndpointInput {
  url: string;
  /** Letters E, F, C (meaning inferred, docs/providers/id360.md#callbacks). */
  on: readonly string[];
  headers?: ReadonlyArray<{ name: string; value: string }>;
}

/** The create body (docs/providers/id360.md#enrollment). Personal fields are informative only. */
export interface CreateEnrollmentInput {
  browserCallbackUrl: string;
  callbackEndpoints: readonly CallbackEndpointInput[];
  clientReference?: string;
  group?: string;
  person?: Partial<
    Record<'last_name' | 'first_name' | 'email' | 'phone_number' | 'address_line_1' | 'address_line_2' | 'address_line_3' | 'zip_code' | 'city' | 'country' | 'birth_date', string>
  >;
  /** Needed by idClaim (advanced e-signature) processes. */
  authenticatorPhoneNumber?: string;
}

export interface TransferOptions {
  signal?: AbortSignal;
}

export interface Id360Download {
  stream: Readable;
  contentType: string;
  size?: number;
}

export interface Id360ReportReply {
  report: Id360Report;
  /** The JSON exactly as received: what a signature covers and what is stored. */
  raw: Record<string, unknown>;
  /** The reply's bytes as text. */
  text: string;
}

/**
 * What `report/archive` answered (docs/providers/id360.md#archive): ID360 does not publish its reply
 * type, so a JSON report (as #7) and a PDF are both taken, told apart by their bytes.
 */
export type Id360ArchiveReply = ({ kind: 'json' } & Id360ReportReply) | { kind: 'pdf'; bytes: Buffer };

/** Largest archived report taken (a report PDF is a few hundred KB). */
const ARCHIVE_MAX_BYTES = 32 * 1024 * 1024;

/** A PDF starts with `%PDF-` within its first 1024 bytes (ISO 32000-1, 7.5.2, as readers accept it). */
export function looksLikePdf(bytes: Buffer): boolean {
  return bytes.subarray(0, 1024).includes('%PDF-');
}

const SERVICE_NAME = 'ID360';
const ERROR_BODY_LIMIT = 64 * 1024;

function ensureSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

function parseBase(url: string, what: 'api' | 'journey'): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw id360Error('INVALID_INPUT', what === 'api' ? 'id360:errors.invalidApiUrl' : 'id360:errors.invalidJourneyUrl', { url });
  }
  // The token and the password travel in every request: plain HTTP only towards this machine (the simulator).
  const loopback = parsed.hostname === '127.0.0.1' || parsed.hostname === 'localhost' || parsed.hostname === '[::1]';
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && loopback)) {
    throw id360Error('INVALID_INPUT', what === 'api' ? 'id360:errors.apiUrlNotHttps' : 'id360:errors.journeyUrlNotHttps', { url });
  }
  return parsed;
}

/**
 * The ID360 REST client: wire format only (paths, bodies, reply shapes, error bodies). Every call but
 * the login and the token-less ones takes the session token; the session (session.ts) decides when to
 * log in and replays after a 401.
 */
export function createId360Client(conn: Id360Connection, opts: Id360ClientOptions = {}) {
  const apiBase = parseBase(ensureSlash(conn.apiBaseUrl), 'api');
  const uiBase = parseBase(ensureSlash(conn.uiBaseUrl ?? apiBase.origin), 'journey');
  const paths: Id360Paths = { ...defaultId360Paths, ...conn.paths };
  const trusted = new Set([apiBase.origin, uiBase.origin, ...(conn.trustedOrigins ?? []).map((o) => new URL(o).origin)]);
  const http: AxiosInstance = createHttpClient({
    baseURL: apiBase.href,
    ...(conn.httpsAgent ? { httpsAgent: conn.httpsAgent } : {}),
    connectTimeoutMs: opts.connectTimeoutMs,
    transferTimeoutMs: opts.transferTimeoutMs ?? 60_000,
    logger: opts.logger,
    serviceName: SERVICE_NAME,
  });
  const networkContext = { baseURL: apiBase.href, serviceName: SERVICE_NAME };

  const pathOf = (template: string, id: string): string => template.replace('{id}', encodeURIComponent(id));
  const auth = (token: string): Record<string, string> => ({ Authorization: `Token ${token}` });

  /** A URL from a reply, followed as given, but only towards a configured ID360 host. */
  function trustedUrl(url: string): string {
    let parsed: URL;
    try {
      parsed = new URL(url, apiBase);
    } catch {
      throw id360Error(id360ErrorCodes.untrustedUrl, 'id360:errors.invalidReplyUrl');
    }
    if (!trusted.has(parsed.origin)) {
      throw id360Error(id360ErrorCodes.untrustedUrl, 'id360:errors.ID360_UNTRUSTED_URL', { host: parsed.host });
    }
    return parsed.href;
  }

  async function call(operation: Id360Operation, config: AxiosRequestConfig): Promise<{ status: number; body: string }> {
    const res = await http.request<string>({ ...config, responseType: 'text', transformResponse: [(d: unknown) => d], validateStatus: () => true });
    const body = typeof res.data === 'string' ? res.data : res.data == null ? '' : String(res.data);
    if (res.status < 200 || res.status >= 300) {
      throw id360ErrorFromResponse({ operation, httpStatus: res.status, body, retryAfter: res.headers['retry-after'] as string | undefined });
    }
    return { status: res.status, body };
  }

  function parse<S extends z.ZodType>(operation: Id360Operation, schema: S, reply: { status: number; body: string }): z.infer<S> {
    let json: unknown;
    try {
      json = reply.body.trim() === '' ? null : JSON.parse(reply.body);
    } catch {
      throw malformedReply(operation, reply.status, 'not JSON');
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw malformedReply(operation, reply.status, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    return parsed.data;
  }

  async function download(operation: Id360Operation, url: string, token: string, transfer: TransferOptions, accept: string): Promise<Id360Download> {
    let res: AxiosResponse<Readable>;
    try {
      res = await http.request<Readable>({
        url,
        method: 'GET',
        headers: { ...auth(token), Accept: accept },
        responseType: 'stream',
        validateStatus: () => true,
        maxContentLength: -1,
        ...(transfer.signal ? { signal: transfer.signal } : {}),
      });
    } catch (error) {
      throw toNetworkError(error, networkContext) ?? error;
    }
    if (res.status < 200 || res.status >= 300) {
      const body = await readBodyPrefix(res.data, ERROR_BODY_LIMIT);
      throw id360ErrorFromResponse({ operation, httpStatus: res.status, body, retryAfter: res.headers['retry-after'] as string | undefined });
    }
    const length = Number(res.headers['content-length']);
    const encoded = res.headers['content-encoding'] && res.headers['content-encoding'] !== 'identity';
    return {
      stream: guardResponseStream(res.data, networkContext),
      contentType: String(res.headers['content-type'] ?? 'application/octet-stream'),
      ...(Number.isFinite(length) && length >= 0 && !encoded ? { size: length } : {}),
    };
  }

  async function getReportAt(operation: 'report', url: string, token: string): Promise<Id360ReportReply> {
    const reply = await call(operation, { url, method: 'GET', headers: { ...auth(token), Accept: 'application/json' } });
    const report = parse(operation, reportSchema, reply);
    return { report, raw: JSON.parse(reply.body) as Record<string, unknown>, text: reply.body };
  }

  return {
    apiBaseUrl: apiBase.href,
    paths,

    async login(credentials: Id360Credentials): Promise<string> {
      const body: Record<string, string> = { username: credentials.username, password: credentials.password };
      if (credentials.twoFactorCode) body['token'] = credentials.twoFactorCode;
      const reply = await call('login', { url: 'user/login/', method: 'POST', data: body, headers: { 'Content-Type': 'application/json' } });
      return parse('login', loginReplySchema, reply).token;
    },

    /** Keeps the token alive (docs/providers/id360.md#session); its body is undocumented. */
    async whoami(token: string): Promise<Record<string, unknown>> {
      const reply = await call('whoami', { url: 'user/whoami', method: 'GET', headers: auth(token) });
      return (parse('whoami', whoamiReplySchema, reply) ?? {}) as Record<string, unknown>;
    },

    async createEnrollment(token: string, processUuid: string, input: CreateEnrollmentInput): Promise<Id360CreatedEnrollment> {
      if (!/^[0-9a-fA-F-]{8,64}$/.test(processUuid)) {
        throw id360Error('INVALID_INPUT', 'id360:errors.invalidProcessId', { processUuid });
      }
      const body: Record<string, unknown> = {
        browser_callback_url: input.browserCallbackUrl,
        callback_endpoints: input.callbackEndpoints.map((c) => ({ url: c.url, on: [...c.on], headers: (c.headers ?? []).map((h) => ({ name: h.name, value: h.value })) })),
      };
      if (input.clientReference) body['client_reference'] = input.clientReference;
      if (input.group) body['group'] = input.group;
      for (const [key, value] of Object.entries(input.person ?? {})) if (value !== undefined && value !== '') body[key] = value;
      if (input.authenticatorPhoneNumber) body['custom_data'] = { authenticators: { phone_number: input.authenticatorPhoneNumber } };
      const reply = await call('createEnrollment', {
        url: `process/${encodeURIComponent(processUuid)}/enrollment/`,
        method: 'POST',
        data: body,
        headers: { ...auth(token), 'Content-Type': 'application/json' },
      });
      return parse('createEnrollment', createdEnrollmentSchema, reply);
    },

    async getEnrollment(token: string, enrollmentId: string): Promise<Id360Enrollment> {
      const reply = await call('getEnrollment', { url: pathOf(paths.enrollment, enrollmentId), method: 'GET', headers: auth(token) });
      return parse('getEnrollment', enrollmentSchema, reply);
    },

    /** The enrollment at the `url` its create reply gave. */
    async getEnrollmentAt(token: string, url: string): Promise<Id360Enrollment> {
      const reply = await call('getEnrollment', { url: trustedUrl(url), method: 'GET', headers: auth(token) });
      return parse('getEnrollment', enrollmentSchema, reply);
    },

    /** A data comparison control: the expected value as raw UTF-8 text (docs/providers/id360.md#endpoints, #5). */
    async setDataControl(token: string, enrollmentId: string, dataName: string, value: string, flags: { locked: boolean; auto: boolean }): Promise<void> {
      if (!/^[a-z0-9_]+$/i.test(dataName)) throw id360Error('INVALID_INPUT', 'id360:errors.notComparable', { dataName });
      await call('controlData', {
        url: `enrollment/${encodeURIComponent(enrollmentId)}/control/data/${dataName}/`,
        method: 'POST',
        params: { locked: String(flags.locked), auto: String(flags.auto) },
        data: Buffer.from(value, 'utf8'),
        headers: { ...auth(token), 'Content-Type': 'text/plain; charset=utf-8' },
      });
    },

    /** A GET that changes state (docs/providers/id360.md#endpoints, #12). */
    async discontinue(token: string, enrollmentId: string): Promise<void> {
      await call('discontinue', { url: `enrollment/${encodeURIComponent(enrollmentId)}/control/discontinue`, method: 'GET', headers: auth(token) });
    },

    async getReport(token: string, enrollmentId: string, opts: { draft?: boolean } = {}): Promise<Id360ReportReply> {
      return getReportAt('report', `enrollment/${encodeURIComponent(enrollmentId)}/report/?allow_draft=${opts.draft ? 'true' : 'false'}`, token);
    },

    /**
     * Reports older than 2 months, *user* accounts only. The bytes decide, not the announced type: a
     * PDF is a PDF whatever its `Content-Type`, anything else must be the JSON report.
     */
    async getReportArchive(token: string, enrollmentId: string): Promise<Id360ArchiveReply> {
      const res = await http.request<ArrayBuffer>({
        url: pathOf(paths.reportArchive, enrollmentId),
        method: 'GET',
        headers: { ...auth(token), Accept: 'application/json, application/pdf;q=0.9' },
        responseType: 'arraybuffer',
        maxContentLength: ARCHIVE_MAX_BYTES,
        validateStatus: () => true,
      });
      const bytes = Buffer.from(res.data ?? new ArrayBuffer(0));
      if (res.status < 200 || res.status >= 300) {
        throw id360ErrorFromResponse({ operation: 'reportArchive', httpStatus: res.status, body: bytes.subarray(0, ERROR_BODY_LIMIT).toString('utf8'), retryAfter: res.headers['retry-after'] as string | undefined });
      }
      if (looksLikePdf(bytes)) return { kind: 'pdf', bytes };
      const reply = { status: res.status, body: bytes.toString('utf8') };
      const report = parse('reportArchive', reportSchema, reply);
      return { kind: 'json', report, raw: JSON.parse(reply.body) as Record<string, unknown>, text: reply.body };
    },

    downloadReportPdf(token: string, enrollmentId: string, transfer: TransferOptions = {}): Promise<Id360Download> {
      return download('reportPdf', pathOf(paths.reportPdf, enrollmentId), token, transfer, 'application/pdf');
    },

    /** A file at the URL the report gives (`documents.*[].files[].url`), followed as given. */
    downloadReportFile(token: string, url: string, transfer: TransferOptions = {}): Promise<Id360Download> {
      return download('file', trustedUrl(url), token, transfer, 'application/octet-stream');
    },

    /** A document page by id, for when only the id is known (0 front, 1 back). */
    downloadDocumentPage(token: string, documentId: string, page: number, transfer: TransferOptions = {}): Promise<Id360Download> {
      return download('file', `document/${encodeURIComponent(documentId)}/file_contents/?page_number=${page}`, token, transfer, 'application/octet-stream');
    },

    downloadIdClaim(token: string, enrollmentId: string, transfer: TransferOptions = {}): Promise<Id360Download> {
      return download('idClaim', pathOf(paths.idClaim, enrollmentId), token, transfer, 'application/vnd.etsi.asic-e+zip, application/octet-stream');
    },

    /** The enrollment behind the single-use token ID360 appends to browser_callback_url (no session token). */
    async statusByBrowserToken(browserToken: string): Promise<z.infer<typeof statusByTokenSchema>> {
      const reply = await call('statusByToken', { url: paths.statusByToken, method: 'GET', params: { [paths.statusByTokenParam]: browserToken } });
      return parse('statusByToken', statusByTokenSchema, reply);
    },

    /** What the journey expects (authenticated by the enrollment's api_key; shape unpublished). */
    async enrollmentInfo(apiKey: string): Promise<Record<string, unknown>> {
      const reply = await call('enrollmentInfo', { url: paths.enrollmentInfo, method: 'GET', headers: { 'x-api-key': apiKey } });
      return parse('enrollmentInfo', enrollmentInfoSchema, reply);
    },

    /** The key that verifies signed reports, from the URL the report names (no token sent). */
    async fetchReportPublicKey(url: string): Promise<string> {
      const reply = await call('publicKey', { url: trustedUrl(url), method: 'GET' });
      return reply.body;
    },

    /** The hosted journey for the person's browser (never opened inside Guichet). */
    journeyUrl(apiKey: string, lang?: 'fr' | 'en'): string {
      if (!/^[0-9a-fA-F]{16,64}$/.test(apiKey)) throw id360Error('INVALID_INPUT', 'id360:errors.invalidJourneyKey');
      return `${uiBase.origin}/static/process_ui/index.html#/enrollment/${apiKey}${lang ? `?lang=${lang}` : ''}`;
    },
  };
}

export type Id360Client = ReturnType<typeof createId360Client>;
