/**
 * Every failure that crosses the IPC boundary has this shape: a stable code for the program, a
 * catalogue key and plain parameters for the clerk's sentence (the renderer translates it in the
 * interface language), and optional details (never a stack trace, never a secret). Main writes no
 * sentence for the clerk: see docs/architecture.md#ipc-contract.
 * (Its schema is in contract.ts: this module stays free of zod, the web host loads it before listening.)
 */

/**
 * Values a sentence is built from. Plain values only: a date travels as an ISO string and a size
 * as a number of bytes, formatted by the renderer in the clerk's language.
 */
export type MessageParams = Record<string, string | number | boolean | null>;

/**
 * A sentence main wants shown, as a catalogue entry: `key` is `namespace:path` (`app:` for the
 * core's entries in renderer/i18n, `parapheur:` for renderer/features/parapheur/i18n…).
 */
export interface HostText {
  key: string;
  params?: MessageParams;
  /**
   * Sentences inside the sentence, by placeholder name: a cause (`{{cause}}`), a list of problems
   * (`{{problems, sentences}}`) or of names (`{{kinds, list}}`). The renderer translates each one
   * first, in the same language, then gives it to `key` as the value of that placeholder.
   */
  parts?: Record<string, HostText | HostText[]>;
}

export interface IpcError extends HostText {
  code: string;
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

/** The entry shown when main gives no key of its own: the renderer's generic « unexpected error ». */
export const genericErrorKey = 'app:hostErrors.unexpected';

/** Carries a sentence main still writes itself (`{{text}}`): the remnant issue 8 removes. */
export const untranslatedKey = 'app:hostErrors.untranslated';

export interface GuichetErrorText {
  key?: string;
  params?: MessageParams;
  details?: unknown;
}

/**
 * An error meant for the clerk. Thrown anywhere in main; the router turns it into an IpcError.
 * Its `message` is for developers and logs only (code and key, no personal data): the clerk reads
 * the renderer's translation of `key` with `params`.
 */
export class GuichetError extends Error {
  readonly code: ErrorCode;
  readonly key: string;
  readonly params: MessageParams | undefined;
  readonly details: unknown;
  constructor(code: ErrorCode, text?: GuichetErrorText);
  /**
   * @deprecated A French sentence written by main: shown as is whatever the interface language.
   * Only for the sites not yet converted to catalogue entries (issue 8); never in new code.
   */
  constructor(code: ErrorCode, frenchSentence: string, details?: unknown);
  constructor(code: ErrorCode, text: GuichetErrorText | string = {}, legacyDetails?: unknown) {
    const given: GuichetErrorText =
      typeof text === 'string' ? { key: untranslatedKey, params: { text }, details: legacyDetails } : text;
    const key = given.key ?? genericErrorKey;
    super(typeof text === 'string' ? text : `${code} (${key})`);
    this.name = 'GuichetError';
    this.code = code;
    this.key = key;
    this.params = given.params;
    this.details = given.details;
  }
  /** The sentence as a catalogue entry, e.g. to store it in a row or a journal entry. */
  get text(): HostText {
    return this.params === undefined ? { key: this.key } : { key: this.key, params: this.params };
  }
  toIpc(): IpcError {
    const out: IpcError = { code: this.code, ...this.text };
    if (this.details !== undefined) out.details = this.details;
    return out;
  }
}

export function isGuichetError(e: unknown): e is GuichetError {
  return e instanceof GuichetError;
}
