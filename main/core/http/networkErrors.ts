import { GuichetError, isGuichetError, type GuichetErrorText } from '../../../shared/ipc/errors.js';

/** Codes of the GuichetErrors raised for transport failures (no usable HTTP response). */
export const networkErrorCodes = {
  offline: 'OFFLINE',
  unreachable: 'UNREACHABLE',
  certRefused: 'CERT_REFUSED',
  serverCertUntrusted: 'SERVER_CERT_UNTRUSTED',
  timeout: 'TIMEOUT',
  connectionDropped: 'CONNECTION_DROPPED',
  cancelled: 'CANCELLED',
  network: 'NETWORK_ERROR',
} as const;

/** The codes that mean the server could not be reached at all: a provider section says « … injoignable pour le moment ». */
const notReachedCodes = new Set<string>([networkErrorCodes.offline, networkErrorCodes.unreachable, networkErrorCodes.timeout, networkErrorCodes.connectionDropped, networkErrorCodes.network]);

export function meansUnreachable(code: string | null | undefined): boolean {
  return code !== null && code !== undefined && notReachedCodes.has(code);
}

/** Where a request was when it failed; the same ECONNRESET means different things in each phase. */
export type RequestPhase = 'connect' | 'transfer';

/** Context our transport attaches to the low-level error before axios wraps it. */
export interface TransportFailureContext {
  phase: RequestPhase;
  /** The request presented a client certificate (mTLS). */
  clientCertificate: boolean;
  /** The connection was opened for this request (not reused from the keep-alive pool). */
  freshConnection?: boolean;
  /** A TLS 1.3 session ticket arrived (diagnosis only: some servers send it with their reply only). */
  sessionTicket?: boolean;
  tlsVersion?: string;
  /** Some of the HTTP response arrived. */
  responseStarted?: boolean;
  /** Set when one of our own timers fired. */
  timeout?: 'connect' | 'inactivity';
  timeoutMs?: number;
}

export const transportContextKey = Symbol.for('guichet.http.transportContext');

type WithContext = Error & { code?: string; [transportContextKey]?: TransportFailureContext };

/** Records the phase on the error object (before axios copies it) so the mapping can use it. */
export function annotateTransportError(error: unknown, context: TransportFailureContext): void {
  if (error && typeof error === 'object' && !(error as WithContext)[transportContextKey]) {
    Object.defineProperty(error, transportContextKey, { value: context, enumerable: false, configurable: true });
  }
}

function contextOf(error: unknown): TransportFailureContext | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const ctx = (current as WithContext)[transportContextKey];
    if (ctx) return ctx;
    // axios reports some failures (an aborted response) without a cause: our transport marks the request.
    const request = (current as { request?: unknown }).request;
    const fromRequest = request && typeof request === 'object' ? (request as WithContext)[transportContextKey] : undefined;
    if (fromRequest) return fromRequest;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function codesOf(error: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    current = (current as { cause?: unknown }).cause;
  }
  return codes;
}

function messagesOf(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const message = (current as { message?: unknown }).message;
    if (typeof message === 'string') parts.push(message);
    current = (current as { cause?: unknown }).cause;
  }
  return parts.join(' | ');
}

const offlineCodes = new Set(['ENETUNREACH', 'ENETDOWN', 'EAI_AGAIN', 'EAI_FAIL']);
const unreachableCodes = new Set(['ENOTFOUND', 'ECONNREFUSED', 'EHOSTUNREACH', 'EHOSTDOWN', 'EAI_NONAME', 'EADDRNOTAVAIL']);
const droppedCodes = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE', 'UND_ERR_SOCKET', 'ERR_HTTP_REQUEST_TIMEOUT']);
/**
 * Why the server's certificate was not accepted: each reason calls for a different fix (import the
 * server's certificate authority, correct the address, wait for the server to renew its certificate).
 */
export type ServerCertificateProblem = 'unknownAuthority' | 'hostMismatch' | 'expired' | 'untrusted';

const serverCertProblems: Record<string, ServerCertificateProblem> = {
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'unknownAuthority',
  UNABLE_TO_GET_ISSUER_CERT: 'unknownAuthority',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'unknownAuthority',
  SELF_SIGNED_CERT_IN_CHAIN: 'unknownAuthority',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'unknownAuthority',
  CERT_UNTRUSTED: 'unknownAuthority',
  ERR_TLS_CERT_ALTNAME_INVALID: 'hostMismatch',
  HOSTNAME_MISMATCH: 'hostMismatch',
  CERT_HAS_EXPIRED: 'expired',
  CERT_NOT_YET_VALID: 'expired',
  CERT_REVOKED: 'untrusted',
  CERT_SIGNATURE_FAILURE: 'untrusted',
};

const serverCertificateKeys: Record<ServerCertificateProblem, string> = {
  unknownAuthority: 'app:hostErrors.network.serverCertUnknownAuthority',
  hostMismatch: 'app:hostErrors.network.serverCertHostMismatch',
  expired: 'app:hostErrors.network.serverCertExpired',
  untrusted: 'app:hostErrors.network.serverCertUntrusted',
};

/**
 * TLS alerts *received from the server* that mean "I do not accept your client certificate".
 * With TLS 1.3 the server checks the client certificate after the client considers the handshake
 * done, so these arrive as read errors on the first request rather than as a handshake failure.
 */
function isClientCertRefusal(code: string): boolean {
  return (
    /^ERR_SSL_(SSLV3|TLSV1|TLSV13)_ALERT_(BAD_CERTIFICATE|CERTIFICATE_UNKNOWN|UNKNOWN_CA|CERTIFICATE_REQUIRED|ACCESS_DENIED|CERTIFICATE_EXPIRED|CERTIFICATE_REVOKED|UNSUPPORTED_CERTIFICATE|HANDSHAKE_FAILURE|DECRYPT_ERROR)$/.test(
      code,
    )
  );
}

function hostOf(baseURL: string | undefined): string {
  if (!baseURL) return '—';
  try {
    return new URL(baseURL).host;
  } catch {
    return baseURL;
  }
}

export interface NetworkErrorContext {
  /** The `server` parameter of the messages ("Le serveur demo-parapheur.dfast.fr est injoignable"). */
  baseURL?: string;
  /** Name of the service for messages, e.g. "FAST Parapheur". */
  serviceName?: string;
}

/** A timeout's message, with its length in seconds when it is known. */
function timeoutText(keys: { plain: string; withSeconds: string }, server: string, ms: number | undefined): GuichetErrorText {
  return ms === undefined ? { key: keys.plain, params: { server } } : { key: keys.withSeconds, params: { server, seconds: Math.round(ms / 1000) } };
}

function serverOf(context: NetworkErrorContext): string {
  const host = hostOf(context.baseURL);
  return context.serviceName ? `${context.serviceName} (${host})` : host;
}

/**
 * Turns a transport failure (axios error, socket error, our own timers) into a GuichetError the
 * clerk can act on. Returns null when the error is not a transport failure (e.g. an HTTP response
 * that axios rejected because of its status): the caller then maps it by its body.
 */
export function toNetworkError(error: unknown, context: NetworkErrorContext = {}): GuichetError | null {
  if (isGuichetError(error)) return error;
  const server = serverOf(context);
  const codes = codesOf(error);
  const text = messagesOf(error);
  const ctx = contextOf(error);
  const details = { codes, phase: ctx?.phase };
  const name = (error as { name?: unknown })?.name;

  if (codes.includes('ERR_CANCELED') || name === 'CanceledError' || name === 'AbortError' || codes.includes('ABORT_ERR')) {
    return new GuichetError(networkErrorCodes.cancelled, { key: 'app:hostErrors.cancelled', details });
  }
  if (ctx?.timeout === 'connect') {
    const text = timeoutText({ plain: 'app:hostErrors.network.connectTimeout', withSeconds: 'app:hostErrors.network.connectTimeoutSeconds' }, server, ctx.timeoutMs);
    return new GuichetError(networkErrorCodes.timeout, { ...text, details: { ...details, timeout: 'connect' } });
  }
  if (ctx?.timeout === 'inactivity') {
    const text = timeoutText({ plain: 'app:hostErrors.network.stalled', withSeconds: 'app:hostErrors.network.stalledSeconds' }, server, ctx.timeoutMs);
    return new GuichetError(networkErrorCodes.timeout, { ...text, details: { ...details, timeout: 'inactivity' } });
  }
  for (const code of codes) {
    if (isClientCertRefusal(code)) {
      return new GuichetError(networkErrorCodes.certRefused, { key: 'app:hostErrors.network.certRefused', params: { server }, details });
    }
    const problem = Object.hasOwn(serverCertProblems, code) ? serverCertProblems[code] : undefined;
    if (problem) {
      return new GuichetError(networkErrorCodes.serverCertUntrusted, {
        key: serverCertificateKeys[problem],
        params: { server },
        details: { ...details, problem },
      });
    }
  }
  if (codes.some((c) => offlineCodes.has(c))) {
    return new GuichetError(networkErrorCodes.offline, { key: 'app:hostErrors.network.offline', params: { server }, details });
  }
  if (codes.some((c) => unreachableCodes.has(c))) {
    return new GuichetError(networkErrorCodes.unreachable, { key: 'app:hostErrors.network.unreachable', params: { server }, details });
  }
  if (codes.includes('ETIMEDOUT') || codes.includes('ESOCKETTIMEDOUT')) {
    return new GuichetError(networkErrorCodes.timeout, { key: 'app:hostErrors.network.noAnswer', params: { server }, details });
  }
  const resetLike =
    codes.some((c) => droppedCodes.has(c)) ||
    /socket hang up|aborted|disconnected before secure TLS connection|premature close/i.test(text);
  if (resetLike) {
    // A reset is not an answer. It looks like a refused certificate when it cuts a connection that
    // presented one before the server showed it was accepted: during the handshake, or on a fresh
    // TLS 1.3 connection before any session ticket or reply (Node's own servers refuse this way).
    // But some servers send their tickets only with their reply, so a drop mid-upload looks the same,
    // and the request may even have been processed. Marked « unconfirmed »: the HTTP layer checks with
    // a request that sends nothing (see createHttpClient) before anyone concludes.
    const certificateUnconfirmed =
      ctx?.clientCertificate === true &&
      (ctx.phase === 'connect' || (ctx.freshConnection === true && ctx.tlsVersion === 'TLSv1.3' && !ctx.sessionTicket && !ctx.responseStarted));
    return new GuichetError(networkErrorCodes.connectionDropped, {
      key: ctx?.phase === 'connect' ? 'app:hostErrors.network.droppedBeforeConnect' : 'app:hostErrors.network.droppedDuringTransfer',
      params: { server },
      details: certificateUnconfirmed ? { ...details, certificateUnconfirmed: true } : details,
    });
  }
  if (codes.some((c) => c.startsWith('ERR_SSL_') || c.startsWith('ERR_TLS_'))) {
    return new GuichetError(networkErrorCodes.certRefused, { key: 'app:hostErrors.network.tlsFailed', params: { server }, details });
  }
  // An AxiosError with a response is an HTTP answer, not a transport failure.
  if ((error as { response?: unknown })?.response !== undefined) return null;
  if ((error as { isAxiosError?: unknown })?.isAxiosError || codes.length > 0) {
    return new GuichetError(networkErrorCodes.network, { key: 'app:hostErrors.network.failed', params: { server }, details });
  }
  return null;
}

/** A reset that may be a certificate refusal, until a request that sends nothing says otherwise. */
export function isUnconfirmedCertificateDrop(error: unknown): boolean {
  return (
    isGuichetError(error) &&
    error.code === networkErrorCodes.connectionDropped &&
    (error.details as { certificateUnconfirmed?: unknown } | undefined)?.certificateUnconfirmed === true
  );
}

/** The refusal, once a request that sends nothing was cut the same way. */
export function certificateRefusedByReset(context: NetworkErrorContext, details: unknown): GuichetError {
  return new GuichetError(networkErrorCodes.certRefused, {
    key: 'app:hostErrors.network.certRefusedByReset',
    params: { server: serverOf(context) },
    details,
  });
}

/** Transport failures worth retrying later (the request may or may not have reached the server). */
export function isTransientNetworkError(error: unknown): boolean {
  if (!isGuichetError(error)) return false;
  return (
    error.code === networkErrorCodes.offline ||
    error.code === networkErrorCodes.unreachable ||
    error.code === networkErrorCodes.timeout ||
    error.code === networkErrorCodes.connectionDropped ||
    error.code === networkErrorCodes.network
  );
}
