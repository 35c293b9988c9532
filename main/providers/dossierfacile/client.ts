import type https from 'node:https';
import type { Readable } from 'node:stream';
import type { AxiosInstance, AxiosRequestConfig, AxiosResponse } from 'axios';
import * as oidc from 'openid-client';
import type { z } from 'zod';
import { createHttpClient, createTextGetter, guardResponseStream, type HttpLogger, type TextAnswer } from '../../core/http/httpClient.js';
import { toNetworkError } from '../../core/http/networkErrors.js';
import { readBodyPrefix } from '../../core/http/responseBody.js';
import { createProviderClock, type ProviderClock } from '../../core/time/providerClock.js';
import { dfcError, dfcErrorCodes, dfcErrorFromStatus, hasDfcCode } from './errors.js';
import { createRateLimiter, realSleep, type RateLimiter, type RateWindow, type Sleep } from './rateLimiter.js';
import {
  connectedTenantSchema,
  partnerSettingsSchema,
  tenantsPageSchema,
  type DfcConnectedTenant,
  type DfcPartnerSettings,
  type DfcTenantsPage,
} from './schemas.js';

/**
 * The DFC API (docs/providers/dossierfacile.md#profile, #partner-api, #downloads): the tenant's
 * profile with a user token, the partner calls with a service token got by client credentials, and
 * the PDF downloads, streamed, paced under the provider's published limits, with the 429 (no
 * Retry-After, at least a minute) and the full PDF's 409 waited out on the provider's clock.
 */

export interface DfcClientOptions {
  /** `https://api.dossierfacile.logement.gouv.fr` or the préproduction / custom base. */
  apiBaseUrl: string;
  /** The discovered realm (oauthLoopback's discoverRealm), with the partner's client secret. */
  realm: oidc.Configuration;
  /** Scopes asked with client credentials (documents need `dfc-documents`). */
  serviceScope?: string;
  clock?: ProviderClock;
  /** Waits real milliseconds; tests hand a fake one that moves their clock instead. */
  sleep?: Sleep;
  /** Paces below the published limits, which count per IP and per sliding window. */
  limits?: Partial<Record<'documents' | 'publicLinks', RateWindow[]>>;
  /** Waits after a 429, provider ms, one per retry (at least 60 s each: no Retry-After is sent). */
  throttleBackoffMs?: readonly number[];
  /** Waits after the full PDF's 409, provider ms, one per retry. */
  pdfBackoffMs?: readonly number[];
  httpsAgent?: https.Agent;
  logger?: HttpLogger;
  transferTimeoutMs?: number;
}

/** A little under 200/min and 20 000/day (DFC documents), 50/min and 250/day (public links). */
export const defaultDfcLimits: Readonly<Record<'documents' | 'publicLinks', RateWindow[]>> = Object.freeze({
  documents: [
    { windowMs: 60_000, max: 190 },
    { windowMs: 86_400_000, max: 19_500 },
  ],
  publicLinks: [
    { windowMs: 60_000, max: 45 },
    { windowMs: 86_400_000, max: 240 },
  ],
});

const defaultThrottleBackoffMs = [60_000, 90_000, 120_000];
const defaultPdfBackoffMs = [5_000, 10_000, 20_000, 30_000, 60_000, 60_000, 60_000];

export interface DfcDownload {
  stream: Readable;
  contentType: string;
  size?: number;
}

export interface ListTenantsQuery {
  /** Paris local date-time, sent without offset (the server drops offsets); absent = from the beginning. */
  after?: string | null;
  limit?: number;
  includeDeleted?: boolean;
  includeRevoked?: boolean;
}

export type SettingsPatch = Partial<Pick<DfcPartnerSettings, 'email' | 'callbackUrl' | 'callbackApiKey'>>;

const SERVICE_NAME = 'DossierFacile';
const ERROR_BODY_LIMIT = 16 * 1024;
/** A service token is renewed this long (provider ms) before it expires. */
const TOKEN_MARGIN_MS = 30_000;

function apiBaseOf(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url.endsWith('/') ? url : `${url}/`);
  } catch {
    throw dfcError('INVALID_INPUT', 'dossierfacile:errors.invalidApiUrl', { url });
  }
  // Bearer tokens travel with every call: plain HTTP only towards this machine (the simulator).
  const loopback = parsed.hostname === '127.0.0.1' || parsed.hostname === 'localhost' || parsed.hostname === '[::1]';
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && loopback)) {
    throw dfcError('INVALID_INPUT', 'dossierfacile:errors.apiUrlNotHttps', { url });
  }
  return parsed;
}

export function createDfcClient(opts: DfcClientOptions) {
  const apiBase = apiBaseOf(opts.apiBaseUrl);
  const clock = opts.clock ?? createProviderClock({ timeScale: 1 });
  const sleep = opts.sleep ?? realSleep;
  const limiters: Record<'documents' | 'publicLinks', RateLimiter> = {
    documents: createRateLimiter(opts.limits?.documents ?? defaultDfcLimits.documents, clock, sleep),
    publicLinks: createRateLimiter(opts.limits?.publicLinks ?? defaultDfcLimits.publicLinks, clock, sleep),
  };
  const throttleBackoff = (opts.throttleBackoffMs ?? defaultThrottleBackoffMs).map((ms) => Math.max(ms, 60_000));
  const pdfBackoff = opts.pdfBackoffMs ?? defaultPdfBackoffMs;
  const httpOptions = {
    baseURL: apiBase.href,
    ...(opts.httpsAgent ? { httpsAgent: opts.httpsAgent } : {}),
    transferTimeoutMs: opts.transferTimeoutMs ?? 60_000,
    logger: opts.logger,
    serviceName: SERVICE_NAME,
  };
  const http: AxiosInstance = createHttpClient(httpOptions);
  // The JSON GETs (a sync makes one per tenant) skip axios' per-call work; same transport and errors.
  const getText = createTextGetter(httpOptions);
  const networkContext = { baseURL: apiBase.href, serviceName: SERVICE_NAME };

  let service: { token: string; expiresAt: number } | undefined;
  let serviceRunning: Promise<string> | undefined;

  function serviceToken(): Promise<string> {
    if (service && service.expiresAt - clock.realMs(TOKEN_MARGIN_MS) > clock.now().getTime()) return Promise.resolve(service.token);
    serviceRunning ??= (async () => {
      try {
        const reply = await oidc.clientCredentialsGrant(opts.realm, { scope: opts.serviceScope ?? 'dfc dfc-documents' });
        // expires_in counts real seconds of the issuer (a simulator already scales it).
        service = { token: reply.access_token, expiresAt: clock.now().getTime() + (reply.expires_in ?? 60) * 1000 };
        return reply.access_token;
      } catch (e) {
        const error = (e as { error?: unknown }).error;
        throw dfcError(dfcErrorCodes.ssoError, 'dossierfacile:errors.ssoUnexpected', { error: typeof error === 'string' ? error : 'unexpected' });
      }
    })().finally(() => (serviceRunning = undefined));
    return serviceRunning;
  }

  /** Runs a partner call with the service token; a 401 gets one new token and one replay. */
  async function withServiceToken<T>(call: (token: string) => Promise<T>): Promise<T> {
    const token = await serviceToken();
    try {
      return await call(token);
    } catch (e) {
      if (!hasDfcCode(e, dfcErrorCodes.unauthorized)) throw e;
      if (service?.token === token) service = undefined;
      return call(await serviceToken());
    }
  }

  async function requestJson<S extends z.ZodType>(operation: string, schema: S, config: AxiosRequestConfig): Promise<z.infer<S>> {
    let res: TextAnswer;
    try {
      if ((config.method ?? 'GET') === 'GET' && config.data === undefined) {
        res = await getText(String(config.url), { Accept: 'application/json', ...(config.headers as Record<string, string> | undefined) });
      } else {
        const answer = await http.request<string>({ ...config, responseType: 'text', transformResponse: [(d: unknown) => d], validateStatus: () => true });
        res = { status: answer.status, body: typeof answer.data === 'string' ? answer.data : '' };
      }
    } catch (error) {
      throw toNetworkError(error, networkContext) ?? error;
    }
    if (res.status < 200 || res.status >= 300) throw dfcErrorFromStatus(res.status, operation);
    let json: unknown;
    try {
      json = JSON.parse(res.body);
    } catch {
      throw dfcError(dfcErrorCodes.malformed, 'dossierfacile:errors.malformed', { operation }, { httpStatus: res.status });
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`);
      throw dfcError(dfcErrorCodes.malformed, 'dossierfacile:errors.malformed', { operation }, { httpStatus: res.status, issues });
    }
    return parsed.data;
  }

  /** One GET streamed back; the error body, if any, is read only in part and dropped. */
  async function openStream(operation: string, url: string, headers: Record<string, string>, signal?: AbortSignal): Promise<DfcDownload> {
    let res: AxiosResponse<Readable>;
    try {
      res = await http.request<Readable>({
        url,
        method: 'GET',
        headers: { Accept: 'application/pdf', ...headers },
        responseType: 'stream',
        validateStatus: () => true,
        maxContentLength: -1,
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      throw toNetworkError(error, networkContext) ?? error;
    }
    if (res.status < 200 || res.status >= 300) {
      await readBodyPrefix(res.data, ERROR_BODY_LIMIT);
      throw dfcErrorFromStatus(res.status, operation);
    }
    const length = Number(res.headers['content-length']);
    const encoded = res.headers['content-encoding'] && res.headers['content-encoding'] !== 'identity';
    return {
      stream: guardResponseStream(res.data, networkContext),
      contentType: String(res.headers['content-type'] ?? 'application/pdf'),
      ...(Number.isFinite(length) && length >= 0 && !encoded ? { size: length } : {}),
    };
  }

  /** Waits out 429s (and, for the full PDF, 409s) on the provider's clock, then gives the last error. */
  async function withBackoff<T>(attempt: () => Promise<T>, signal: AbortSignal | undefined, onWait?: (info: { reason: 'throttled' | 'pdfNotReady'; waitMs: number }) => void): Promise<T> {
    let throttled = 0;
    let notReady = 0;
    for (;;) {
      try {
        return await attempt();
      } catch (e) {
        let waitMs: number | undefined;
        let reason: 'throttled' | 'pdfNotReady' | undefined;
        if (hasDfcCode(e, dfcErrorCodes.throttled) && throttled < throttleBackoff.length) {
          waitMs = throttleBackoff[throttled++];
          reason = 'throttled';
        } else if (hasDfcCode(e, dfcErrorCodes.pdfNotReady) && notReady < pdfBackoff.length) {
          waitMs = pdfBackoff[notReady++];
          reason = 'pdfNotReady';
        }
        if (waitMs === undefined || reason === undefined) throw e;
        onWait?.({ reason, waitMs });
        await sleep(clock.realMs(waitMs), signal);
      }
    }
  }

  /** A URL from a reply (document `name`, `dossierPdfUrl`), followed only towards the configured API host. */
  function apiUrl(url: string): string {
    let parsed: URL;
    try {
      parsed = new URL(url, apiBase);
    } catch {
      throw dfcError(dfcErrorCodes.malformed, 'dossierfacile:errors.invalidReplyUrl', { operation: 'download' });
    }
    if (parsed.origin !== apiBase.origin) {
      throw dfcError(dfcErrorCodes.malformed, 'dossierfacile:errors.untrustedUrl', { operation: 'download', host: parsed.host });
    }
    return parsed.href;
  }

  const bearer = (token: string): Record<string, string> => ({ Authorization: `Bearer ${token}` });

  return {
    apiBaseUrl: apiBase.href,

    /** The connected tenant's file, with the tenant's user token. The first call links the tenant to the partner. */
    getProfile(userAccessToken: string): Promise<DfcConnectedTenant> {
      return requestJson('profile', connectedTenantSchema, { url: 'dfc/tenant/profile', method: 'GET', headers: { ...bearer(userAccessToken), Accept: 'application/json' } });
    },

    getSettings(): Promise<DfcPartnerSettings> {
      return withServiceToken((t) => requestJson('settings', partnerSettingsSchema, { url: 'dfc/api/v1/settings', method: 'GET', headers: bearer(t) }));
    },

    /** Only the fields given change; an empty `callbackUrl` or `callbackApiKey` turns the webhook off. */
    patchSettings(patch: SettingsPatch): Promise<DfcPartnerSettings> {
      const body: Record<string, string> = {};
      for (const key of ['email', 'callbackUrl', 'callbackApiKey'] as const) {
        const value = patch[key];
        if (typeof value === 'string') body[key] = value;
      }
      return withServiceToken((t) =>
        requestJson('settings', partnerSettingsSchema, { url: 'dfc/api/v1/settings', method: 'PATCH', data: body, headers: { ...bearer(t), 'Content-Type': 'application/json' } }),
      );
    },

    /** One page of linked tenants updated after `after` (docs/providers/dossierfacile.md#partner-sync): `nextLink` is not to be followed. */
    listTenants(query: ListTenantsQuery = {}): Promise<DfcTenantsPage> {
      const params = new URLSearchParams();
      if (query.after) params.set('after', query.after);
      if (query.limit !== undefined) params.set('limit', String(query.limit));
      if (query.includeDeleted) params.set('includeDeleted', 'true');
      if (query.includeRevoked) params.set('includeRevoked', 'true');
      return withServiceToken((t) => requestJson('tenants', tenantsPageSchema, { url: `dfc/api/v1/tenants?${params.toString()}`, method: 'GET', headers: bearer(t) }));
    },

    /** 403 (coded forbidden) when the tenant is no longer linked: treat as access revoked. */
    getTenant(tenantId: number): Promise<DfcConnectedTenant> {
      return withServiceToken((t) => requestJson('tenant', connectedTenantSchema, { url: `dfc/api/v1/tenants/${encodeURIComponent(String(tenantId))}`, method: 'GET', headers: bearer(t) }));
    },

    /** A document's PDF by its token, with the service token (scope `dfc-documents`). */
    downloadDocument(tenantId: number, documentToken: string, transfer: { signal?: AbortSignal } = {}): Promise<DfcDownload> {
      const url = `dfc/api/v1/tenants/${encodeURIComponent(String(tenantId))}/documents/${encodeURIComponent(documentToken)}`;
      return withBackoff(async () => {
        await limiters.documents.acquire(transfer.signal);
        return withServiceToken((t) => openStream('document', url, bearer(t), transfer.signal));
      }, transfer.signal);
    },

    /** A document at the URL of its `name` (the URL is the credential; tighter limits). */
    async downloadDocumentLink(url: string, transfer: { signal?: AbortSignal } = {}): Promise<DfcDownload> {
      const target = apiUrl(url);
      return withBackoff(async () => {
        await limiters.publicLinks.acquire(transfer.signal);
        return openStream('documentLink', target, {}, transfer.signal);
      }, transfer.signal);
    },

    /** The whole file's PDF at `dossierPdfUrl`: 409 while DossierFacile generates it (the first GET starts it). */
    async downloadDossierPdf(url: string, transfer: { signal?: AbortSignal; onWait?: (info: { reason: 'throttled' | 'pdfNotReady'; waitMs: number }) => void } = {}): Promise<DfcDownload> {
      const target = apiUrl(url);
      return withBackoff(() => openStream('dossierPdf', target, {}, transfer.signal), transfer.signal, transfer.onWait);
    },
  };
}

export type DfcClient = ReturnType<typeof createDfcClient>;
