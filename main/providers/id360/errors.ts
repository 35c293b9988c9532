import { GuichetError, isGuichetError } from '../../../shared/ipc/errors.js';
import { redactText } from '../../core/log/redact.js';

/**
 * Codes of the GuichetErrors the ID360 module raises. Main hands out the code and its params; the
 * renderer's catalogue words them (docs/providers/id360.md#errors).
 */
export const id360ErrorCodes = {
  /** Login refused (400/401 on `user/login/`): « identifiants refusés » until the settings change. */
  credentialsRefused: 'ID360_CREDENTIALS_REFUSED',
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

/** The error a non-2xx answer stands for; the params are what the catalogue needs, never a secret. */
export function id360ErrorFromResponse(ctx: Id360ErrorContext): GuichetError {
  const json = parseBody(ctx.body);
  const detail = typeof json?.['detail'] === 'string' ? json['detail'] : undefined;
  const fields = json ? flattenFieldErrors(json) : {};
  const params: Record<string, unknown> = {};
  if (detail) params['detail'] = detail;
  if (Object.keys(fields).length > 0) params['fields'] = fields;
  const details = { params, httpStatus: ctx.httpStatus, operation: ctx.operation, ...(json ? {} : { body: redactText(ctx.body.slice(0, 2000)) }) };
  const { httpStatus: status, operation } = ctx;
  if (operation === 'login' && (status === 400 || status === 401 || status === 403)) {
    return new GuichetError(id360ErrorCodes.credentialsRefused, 'ID360 a refusé les identifiants du compte.', details);
  }
  if (status === 401) return new GuichetError(id360ErrorCodes.unauthorized, 'La session ID360 a expiré.', details);
  if (status === 403) return new GuichetError(id360ErrorCodes.forbidden, "ID360 n'autorise pas ce compte à faire cette action.", details);
  if (status === 404 && retainedOperations.has(operation)) {
    return new GuichetError(id360ErrorCodes.expired, 'Dossier expiré ou purgé chez ID360.', details);
  }
  if (status === 404) return new GuichetError(id360ErrorCodes.notFound, 'ID360 ne connaît pas cet élément.', details);
  if (status === 400 || status === 413 || status === 415) return new GuichetError(id360ErrorCodes.rejected, 'ID360 a refusé la demande.', details);
  if (status === 429) {
    const seconds = Number(ctx.retryAfter);
    if (Number.isFinite(seconds)) params['retryAfterSeconds'] = seconds;
    return new GuichetError(id360ErrorCodes.throttled, 'ID360 demande de patienter avant de réessayer.', details);
  }
  if (status >= 500) return new GuichetError(id360ErrorCodes.unavailable, 'ID360 est momentanément indisponible.', details);
  return new GuichetError(id360ErrorCodes.providerError, `ID360 a répondu par une erreur (HTTP ${status}).`, details);
}

export function malformedReply(operation: Id360Operation, httpStatus: number, issues: string): GuichetError {
  return new GuichetError(id360ErrorCodes.malformed, 'ID360 a renvoyé une réponse inattendue.', { params: {}, httpStatus, operation, issues });
}

export function hasCode(error: unknown, code: string): boolean {
  return isGuichetError(error) && error.code === code;
}

/** True when the error is an HTTP answer of ID360 (which slides the token's expiry), not a transport failure. */
export function isProviderAnswer(error: unknown): boolean {
  return isGuichetError(error) && typeof (error.details as { httpStatus?: unknown } | undefined)?.httpStatus === 'number';
}
