import { GuichetError, isGuichetError, type MessageParams } from '../../../shared/ipc/errors.js';

/**
 * Codes of the GuichetErrors the DossierFacile module raises. Main hands out the code and its params;
 * the renderer's catalogue words them (docs/providers/dossierfacile.md#errors).
 */
export const dfcErrorCodes = {
  /** The tenant pressed « Annuler » on DossierFacile's consent page. */
  consentDenied: 'DFC_OAUTH_CONSENT_DENIED',
  /** The callback's `state` is not the one sent: possibly a forged callback; nothing is exchanged. */
  stateMismatch: 'DFC_OAUTH_STATE_MISMATCH',
  /** Another `error` came back on the callback (params.error). */
  authorizationError: 'DFC_OAUTH_AUTHORIZATION_ERROR',
  /** The code was refused at the token endpoint: already used, expired or not ours. */
  codeRejected: 'DFC_OAUTH_CODE_REJECTED',
  /** No callback within the allowed time (params.timeoutMs): the browser was probably closed. */
  timedOut: 'DFC_OAUTH_TIMED_OUT',
  /** The connection was abandoned by the app (the clerk cancelled). */
  cancelled: 'DFC_OAUTH_CANCELLED',
  /** The token reply lacks the `dfc` scope (params.scope): the partner client is not set up for DFC. */
  scopeMissing: 'DFC_OAUTH_SCOPE_MISSING',
  /** The refresh token is dead (revoked, idle or expired): « reconnexion nécessaire ». */
  reconnectRequired: 'DFC_RECONNECT_REQUIRED',
  /** The sign-in service answered with an OAuth error (params.error). */
  ssoError: 'DFC_SSO_ERROR',
  unauthorized: 'DFC_UNAUTHORIZED',
  /** 403: the tenant's link to the partner is gone (access revoked) or the token lacks a scope. */
  forbidden: 'DFC_FORBIDDEN',
  notFound: 'DFC_NOT_FOUND',
  /** 429 still there after the backoff. */
  throttled: 'DFC_THROTTLED',
  /** 409 on the full PDF after every retry: it is still being generated. */
  pdfNotReady: 'DFC_PDF_NOT_READY',
  rejected: 'DFC_REQUEST_REJECTED',
  unavailable: 'DFC_UNAVAILABLE',
  malformed: 'DFC_MALFORMED',
  /** A webhook without the configured `x-api-key`. */
  webhookKeyRefused: 'DFC_WEBHOOK_KEY_REFUSED',
  webhookMalformed: 'DFC_WEBHOOK_MALFORMED',
} as const;

/**
 * A DossierFacile error: `key` is a `dossierfacile:errors.…` entry of renderer/features/dossierfacile/i18n
 * and `params` its plain values (kept in `details.params` too, with the extra facts for logs). Main
 * writes no sentence (docs/architecture.md#ipc-contract).
 */
export function dfcError(code: string, key: string, params: MessageParams = {}, extra: Record<string, unknown> = {}): GuichetError {
  return new GuichetError(code, { key, params, details: { params, ...extra } });
}

export function hasDfcCode(error: unknown, code: string): boolean {
  return isGuichetError(error) && error.code === code;
}

export function httpStatusOf(error: unknown): number | undefined {
  const status = isGuichetError(error) ? (error.details as { httpStatus?: unknown } | undefined)?.httpStatus : undefined;
  return typeof status === 'number' ? status : undefined;
}

/** The error a non-2xx answer of the DFC API stands for; a 403 body is never required (docs/providers/dossierfacile.md#errors). */
export function dfcErrorFromStatus(status: number, operation: string): GuichetError {
  const extra = { httpStatus: status, operation };
  if (status === 401) return dfcError(dfcErrorCodes.unauthorized, 'dossierfacile:errors.unauthorized', {}, extra);
  if (status === 403) return dfcError(dfcErrorCodes.forbidden, 'dossierfacile:errors.forbidden', {}, extra);
  if (status === 404) return dfcError(dfcErrorCodes.notFound, 'dossierfacile:errors.notFound', {}, extra);
  if (status === 409) return dfcError(dfcErrorCodes.pdfNotReady, 'dossierfacile:errors.pdfNotReady', {}, extra);
  if (status === 429) return dfcError(dfcErrorCodes.throttled, 'dossierfacile:errors.throttled', {}, extra);
  if (status >= 500) return dfcError(dfcErrorCodes.unavailable, 'dossierfacile:errors.unavailable', {}, extra);
  return dfcError(dfcErrorCodes.rejected, 'dossierfacile:errors.rejected', { httpStatus: status }, extra);
}
