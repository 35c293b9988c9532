/**
 * Every failure that crosses the IPC boundary has this shape: a stable code for the program,
 * a French sentence for the clerk, and optional details (never a stack trace, never a secret).
 * (Its schema is in contract.ts: this module stays free of zod, the web host loads it before listening.)
 */
export interface IpcError {
  code: string;
  message: string;
  details?: unknown;
}

export const errorCodes = {
  unknownChannel: 'IPC_UNKNOWN_CHANNEL',
  invalidPayload: 'IPC_INVALID_PAYLOAD',
  forbiddenSender: 'IPC_FORBIDDEN_SENDER',
  invalidResponse: 'IPC_INVALID_RESPONSE',
  internal: 'INTERNAL',
  notFound: 'NOT_FOUND',
  invalidInput: 'INVALID_INPUT',
  conflict: 'CONFLICT',
  offline: 'OFFLINE',
  timeout: 'TIMEOUT',
  unauthorized: 'UNAUTHORIZED',
  providerError: 'PROVIDER_ERROR',
  providerMalformed: 'PROVIDER_MALFORMED',
  notConfigured: 'NOT_CONFIGURED',
  vaultUnavailable: 'VAULT_UNAVAILABLE',
  cancelled: 'CANCELLED',
  fileRejected: 'FILE_REJECTED',
} as const;
export type ErrorCode = (typeof errorCodes)[keyof typeof errorCodes] | (string & {});

/** An error meant for the clerk. Thrown anywhere in main; the router turns it into an IpcError. */
export class GuichetError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'GuichetError';
    this.code = code;
    this.details = details;
  }
  toIpc(): IpcError {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function isGuichetError(e: unknown): e is GuichetError {
  return e instanceof GuichetError;
}
