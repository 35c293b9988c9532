import { GuichetError, isGuichetError, type MessageParams } from '../../../shared/ipc/errors.js';
import { redactText } from '../../core/log/redact.js';

/**
 * Codes of the GuichetErrors the ID360 module raises. Main hands out the code and its params; the
 * renderer's catalogue words them (docs/providers/id360.md#errors).
 */
export const id360ErrorCodes = {
  /** Login refused (400/401 on `user/login/`): « identifiants refusés » until the settings change. */
  credentialsRefused: 'ID360_CREDENTIALS_REFUSED',
  /** A user account's login needs its one-time 2FA code, which the clerk has not given (yet). */
  twoFactorRequired: 'ID360_TWO_FACTOR_REQUIRED',
  /** A login failed for another reason a moment ago: the next try waits (params.retryInMs). */
  loginDeferred: 'ID360_LOGIN_DEFERRED',
  /** 401 on an authenticated call: the token is dead (the session re-logs once). */
  unauthorized: 'ID360_UNAUTHORIZED',
  /** 400: `{detail}` and/or field errors (params.detail, params.fields). */
  rejected: 'ID360_REQUEST_REJECTED',
  /** 403, e.g. the archive with an application account. */
  forbidden: 'ID360_FORBIDDEN',
  /** 404 on a report or a file: « dossier expiré ou purgé chez ID360 ». */
  expired: 'ID360_EXPIRED_OR_PURGED',
  /** 404 elsewhere: unknown process, enrollment, browser token. */
  notFound: 'ID360_NOT_FOUND',
  /** 429 (params.retryAfterSeconds when given). */
  throttled: 'ID360_THROTTLED',
  /** 5xx. */
  unavailable: 'ID360_UNAVAILABLE',
  /** A reply whose shape is not what the schema expects. */
  malformed: 'ID360_MALFORMED',
  /** A URL found in a reply points outside the configured ID360 hosts: the token is not sent there. */
  untrustedUrl: 'ID360_UNTRUSTED_URL',
  /** Any other HTTP status. */
  providerError: 'ID360_PROVIDER_ERROR',
} as const;

export type Id360Operation =
  | 'login'
  | 'whoami'
  | 'createEnrollment'
  | 'getEnrollment'
  | 'controlData'
  | 'discontinue'
  | 'report'
  | 'reportArchive'
  | 'reportPdf'
  | 'file'
  | 'idClaim'
  | 'statusByToken'
  | 'enrollmentInfo'
  | 'publicKey';

/** Operations whose 404 means the provider no longer keeps the file (docs/providers/id360.md#retention). */
const retainedOperations: ReadonlySet<Id360Operation> = new Set(['report', 'reportArchive', 'reportPdf', 'file', 'idClaim']);

/** DRF field errors, flattened: `{"callback_endpoints": [{"url": ["…"]}]}` → `{"callback_endpoints.0.url": ["…"]}`. */
export function flattenFieldErrors(body: Record<string, unknown>, prefix = ''): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(body)) {
    if (prefix === '' && key === 'detail') continue;
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out[path] = [value];
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) out[path] = value as string[];
    else if (Array.isArray(value)) value.forEach((item, i) => item && typeof item === 'object' && Object.assign(out, flattenFieldErrors(item as Record<string, unknown>, `${path}.${i}`)));
    else if (value && typeof value === 'object') Object.assign(out, flattenFieldErrors(value as Record<string, unknown>, path));
  }
  return out;
}

function parseBody(text: string): Record<string, unknown> | null {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) return null;
  try {
    const value = JSON.parse(trimmed) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export interface Id360ErrorContext {
  operation: Id360Operation;
  httpStatus: number;
  body: string;
  retryAfter?: string | undefined;
}

/**
 * An ID360 error: `key` is an `id360:errors.…` entry of renderer/features/id360/i18n, `params` its
 * plain values; `details.params` keeps everything the provider said (field errors too) for callers
 * and logs. Main writes no sentence (docs/architecture.md#ipc-contract).
 */
export function id360Error(code: string, key: string, params: MessageParams = {}, details: Record<string, unknown> = {}): GuichetError {
  return new GuichetError(code, { key, params, details: { params, ...details } });
}

/** The values of a parsed answer a sentence may show: plain ones only (field errors stay in details). */
function plainParams(params: Record<string, unknown>): MessageParams {
  return Object.fromEntries(Object.entries(params).filter((entry): entry is [string, string | number] => typeof entry[1] === 'string' || typeof entry[1] === 'number'));
}

/** The error a non-2xx answer stands for; the params are what the catalogue needs, never a secret. */
export function id360ErrorFromResponse(ctx: Id360ErrorContext): GuichetError {
  const json = parseBody(ctx.body);
  const detail = typeof json?.['detail'] === 'string' ? json['detail'] : undefined;
  const fields = json ? flattenFieldErrors(json) : {};
  const params: Record<string, unknown> = {};
  if (detail) params['detail'] = detail;
  if (Object.keys(fields).length > 0) params['fields'] = fields;
  const { httpStatus: status, operation } = ctx;
  if (status === 429) {
    const seconds = Number(ctx.retryAfter);
    if (Number.isFinite(seconds)) params['retryAfterSeconds'] = seconds;
  }
  const details = { params, httpStatus: ctx.httpStatus, operation: ctx.operation, ...(json ? {} : { body: redactText(ctx.body.slice(0, 2000)) }) };
  const error = (code: string, key: string, values: MessageParams = plainParams(params)) => new GuichetError(code, { key, params: values, details });
  if (operation === 'login' && (status === 400 || status === 401 || status === 403)) {
    return error(id360ErrorCodes.credentialsRefused, 'id360:errors.ID360_CREDENTIALS_REFUSED');
  }
  if (status === 401) return error(id360ErrorCodes.unauthorized, 'id360:errors.ID360_UNAUTHORIZED');
  if (status === 403) return error(id360ErrorCodes.forbidden, 'id360:errors.ID360_FORBIDDEN');
  if (status === 404 && retainedOperations.has(operation)) return error(id360ErrorCodes.expired, 'id360:errors.ID360_EXPIRED_OR_PURGED');
  if (status === 404) return error(id360ErrorCodes.notFound, 'id360:errors.ID360_NOT_FOUND');
  if (status === 400 || status === 413 || status === 415) return error(id360ErrorCodes.rejected, 'id360:errors.ID360_REQUEST_REJECTED');
  if (status === 429) return error(id360ErrorCodes.throttled, 'id360:errors.ID360_THROTTLED');
  if (status >= 500) return error(id360ErrorCodes.unavailable, 'id360:errors.ID360_UNAVAILABLE');
  return error(id360ErrorCodes.providerError, 'id360:errors.ID360_PROVIDER_ERROR', { ...plainParams(params), httpStatus: status });
}

export function malformedReply(operation: Id360Operation, httpStatus: number, issues: string): GuichetError {
  return new GuichetError(id360ErrorCodes.malformed, { key: 'id360:errors.ID360_MALFORMED', details: { params: {}, httpStatus, operation, issues } });
}

export function hasCode(error: unknown, code: string): boolean {
  return isGuichetError(error) && error.code === code;
}

/** True when the error is an HTTP answer of ID360 (which slides the token's expiry), not a transport failure. */
export function isProviderAnswer(error: unknown): boolean {
  return isGuichetError(error) && typeof (error.details as { httpStatus?: unknown } | undefined)?.httpStatus === 'number';
}
