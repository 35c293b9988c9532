import { z } from 'zod';
import { GuichetError, isGuichetError, type MessageParams } from '../../../shared/ipc/errors.js';
import { redactText } from '../../core/log/redact.js';
import { isTransientNetworkError } from '../../core/http/networkErrors.js';
import { stripAccents } from './normalize.js';

/** Codes of the GuichetErrors the Parapheur client raises, so that the service can act on them. */
export const parapheurErrorCodes = {
  /** Same (circuit, label, file name) already filed: after a crash, reconcile instead of refiling. */
  duplicate: 'DUPLICATE',
  /**
   * A document call answered « unknown » ("Invalid docId", a 404, "not found"…). Only FAST's own
   * "Invalid docId" proves the document is gone (see isDocumentGoneAnswer); a 404 may be a wrong address.
   */
  unknownDocument: 'UNKNOWN_DOCUMENT',
  /** The configured address answers 404 on calls that must exist: it is not FAST's API (a wrong base URL). */
  addressNotFound: 'ADDRESS_NOT_FOUND',
  /** errorCode 100 / SOAP "l'abonne est inconnu ou l'utilisateur n'a pas les permissions". */
  forbiddenSiren: 'FORBIDDEN_SIREN',
  /** errorCode 111. */
  unknownSiren: 'UNKNOWN_SIREN',
  /** HTTP 401/403 without an error body, or a TLS refusal of the client certificate. */
  certRefused: 'CERT_REFUSED',
  /** errorCode 102 on comments/refusal: nothing to return. */
  noRefusalComment: 'NO_REFUSAL_COMMENT',
  /** errorCodes 117, 118, 121. */
  invalidCircuit: 'INVALID_CIRCUIT',
  /** errorCode 119. */
  invalidMember: 'INVALID_MEMBER',
  /** errorCode 122. */
  agentIsMember: 'AGENT_IS_MEMBER',
  /** errorCode 120 and other deposit failures. */
  uploadFailed: 'UPLOAD_FAILED',
  /** The circuit does not accept this file type. */
  formatRefused: 'FORMAT_REFUSED',
  /** Unknown circuit, or a circuit the certificate may not deposit into. */
  circuitForbidden: 'CIRCUIT_FORBIDDEN',
  /** The circuit does not have "envoi du document signé au destinataire": no recipients allowed. */
  recipientNotAllowed: 'RECIPIENT_NOT_ALLOWED',
  /** uploadMeta on a circuit without a metadata, OTP or Digiposte step. */
  metadataNotAllowed: 'METADATA_NOT_ALLOWED',
  /** The 30-minute history rule was enforced by the server. */
  pollTooSoon: 'POLL_TOO_SOON',
  /** DELETE refused because of the document state. */
  notDeletable: 'NOT_DELETABLE',
  /** Any other error body. */
  providerError: 'PROVIDER_ERROR',
  /** A body that is neither the expected shape nor an error body. */
  malformed: 'PROVIDER_MALFORMED',
  /** 502/503/504 without an error body (a proxy page): try again later. */
  unavailable: 'PROVIDER_UNAVAILABLE',
  notFound: 'NOT_FOUND',
} as const;

/** The error JSON of FAST (docs/providers/fast-parapheur.md#errors), which may arrive with any HTTP status, 200 included. */
export const parapheurErrorBodySchema = z
  .looseObject({
    generation: z.union([z.number(), z.string()]).nullish(),
    developerMessage: z.string().nullish(),
    userFriendlyMessage: z.string().nullish(),
    errorCode: z.union([z.number(), z.string().regex(/^\d+$/)]).nullish(),
  })
  .refine((b) => b.errorCode != null || !!b.developerMessage || !!b.userFriendlyMessage, 'not an error body');

export interface ParapheurErrorBody {
  generation?: number;
  developerMessage?: string;
  userFriendlyMessage?: string;
  errorCode?: number;
}

/** Reads a body as a FAST error, whatever the status. Returns null when it is not one. */
export function parseParapheurErrorBody(body: string): ParapheurErrorBody | null {
  const trimmed = body.trim();
  if (!trimmed.startsWith('{')) return null;
  let json: unknown;
  try {
    json = JSON.parse(trimmed);
  } catch {
    return null;
  }
  const parsed = parapheurErrorBodySchema.safeParse(json);
  if (!parsed.success) return null;
  const b = parsed.data;
  const out: ParapheurErrorBody = {};
  if (b.generation != null && Number.isFinite(Number(b.generation))) out.generation = Number(b.generation);
  if (b.developerMessage) out.developerMessage = b.developerMessage;
  if (b.userFriendlyMessage) out.userFriendlyMessage = b.userFriendlyMessage;
  if (b.errorCode != null) out.errorCode = Number(b.errorCode);
  return out;
}

/**
 * FAST's own words for support, in no language of ours: "[118] Le type d'étape est incorrect (Invalid
 * step type)", "[?] Internal error: Invalid docId". Kept in the error's details, never shown as a sentence.
 */
export function formatParapheurError(body: ParapheurErrorBody): string {
  const head = `[${body.errorCode ?? '?'}]`;
  const friendly = body.userFriendlyMessage?.trim();
  const developer = body.developerMessage?.trim();
  if (friendly && developer && friendly !== developer) return `${head} ${friendly} (${developer})`;
  return `${head} ${friendly || developer || '-'}`;
}

export type ParapheurOperation =
  | 'upload'
  | 'uploadOnDemand'
  | 'uploadOtp'
  | 'defineMetadata'
  | 'defineOtpInformation'
  | 'history'
  | 'delete'
  | 'download'
  | 'getFdc'
  | 'refusalComment'
  | 'otpUrl'
  | 'remaining'
  | 'downloadRemaining'
  | 'exportUsers'
  | 'synchronizeUsers'
  | 'metas'
  | 'search'
  | 'listCircuits'
  | 'testConnection';

export interface ParapheurErrorContext {
  operation: ParapheurOperation;
  httpStatus?: number;
  contentType?: string;
  siren?: string;
  documentId?: string;
  circuitId?: string;
}

const depositOperations = new Set<ParapheurOperation>(['upload', 'uploadOnDemand', 'uploadOtp']);

const documentScoped = new Set<ParapheurOperation>([
  'defineMetadata',
  'defineOtpInformation',
  'history',
  'delete',
  'download',
  'getFdc',
  'refusalComment',
  'otpUrl',
  'downloadRemaining',
  'metas',
]);

function norm(text: string | undefined): string {
  return stripAccents(text ?? '').toLowerCase();
}

/** Rule 1 of the status table: the document is gone (or never existed). */
export const UNKNOWN_DOCUMENT_PATTERN = /inconnu|introuvable|n.existe pas|not found/;

/** The catalogue entry for FAST's circuit error codes (docs/providers/fast-parapheur.md#errors). */
const circuitCodeKeys: Record<number, string> = {
  117: 'parapheur:hostErrors.fast.circuitRefused117',
  118: 'parapheur:hostErrors.fast.circuitRefused118',
  119: 'parapheur:hostErrors.fast.circuitRefused119',
  121: 'parapheur:hostErrors.fast.circuitRefused121',
};

/** « Le document n° 42 … » when the number is known, « Le document … » otherwise. */
function documentText(ctx: ParapheurErrorContext, key: 'gone' | 'invalidId' | 'notDeletable'): { key: string; params?: { documentId: string } } {
  const keys = {
    gone: ['parapheur:hostErrors.fast.documentGone', 'parapheur:hostErrors.fast.documentGoneId'],
    invalidId: ['parapheur:hostErrors.fast.documentInvalid', 'parapheur:hostErrors.fast.documentInvalidId'],
    notDeletable: ['parapheur:hostErrors.fast.documentNotDeletable', 'parapheur:hostErrors.fast.documentNotDeletableId'],
  } as const;
  return ctx.documentId ? { key: keys[key][1], params: { documentId: ctx.documentId } } : { key: keys[key][0] };
}

/**
 * Maps a FAST error body to a GuichetError with a catalogue entry for the clerk and, in the
 * details, the provider's own words ("[118] … (Invalid step type)") for support.
 */
export function parapheurErrorFromBody(body: ParapheurErrorBody, ctx: ParapheurErrorContext): GuichetError {
  const summary = formatParapheurError(body);
  const details = {
    providerCode: body.errorCode,
    developerMessage: body.developerMessage,
    userFriendlyMessage: body.userFriendlyMessage,
    httpStatus: ctx.httpStatus,
    operation: ctx.operation,
    summary,
  };
  const dev = norm(body.developerMessage);
  const friendly = norm(body.userFriendlyMessage);
  const both = `${dev} | ${friendly}`;
  const siren = { siren: ctx.siren ?? '' };
  const make = (code: string, text: { key: string; params?: MessageParams }, extra: Record<string, unknown> = {}) =>
    new GuichetError(code, { ...text, details: { ...details, ...extra } });

  // The most specific developer messages first: they can come with a generic code (120).
  if (/invalid docid/.test(both)) {
    return make(parapheurErrorCodes.unknownDocument, documentText(ctx, 'gone'));
  }
  if (/failed to convert/.test(both)) {
    return make(parapheurErrorCodes.unknownDocument, documentText(ctx, 'invalidId'), { reason: 'invalid-id' });
  }
  if (/fichier deja depose/.test(both)) {
    return make(
      parapheurErrorCodes.duplicate,
      { key: 'parapheur:hostErrors.fast.duplicateDocument' },
      { kind: 'document' },
    );
  }
  if (/meme nomfic|pes .*deja (ete )?envoye/.test(both)) {
    return make(
      parapheurErrorCodes.duplicate,
      { key: 'parapheur:hostErrors.fast.duplicatePes' },
      { kind: 'pes' },
    );
  }

  switch (body.errorCode) {
    case 100:
      return make(parapheurErrorCodes.forbiddenSiren, { key: 'parapheur:hostErrors.fast.forbiddenSiren100', params: siren });
    case 102:
      return make(parapheurErrorCodes.noRefusalComment, { key: 'parapheur:hostErrors.fast.noRefusalComment' });
    case 111:
      return make(parapheurErrorCodes.unknownSiren, { key: 'parapheur:hostErrors.fast.unknownSiren111', params: siren });
    case 117:
    case 118:
    case 119:
    case 121:
      return make(
        body.errorCode === 119 ? parapheurErrorCodes.invalidMember : parapheurErrorCodes.invalidCircuit,
        { key: circuitCodeKeys[body.errorCode]! },
      );
    case 122:
      return make(
        parapheurErrorCodes.agentIsMember,
        { key: 'parapheur:hostErrors.fast.agentIsMember' },
      );
    default:
      break;
  }

  if (/abonne est inconnu|n.a pas les permissions/.test(both)) {
    return make(
      parapheurErrorCodes.forbiddenSiren,
      { key: 'parapheur:hostErrors.fast.sirenUnknownOrForbidden', params: siren },
    );
  }
  if (/subscriber not found/.test(both)) {
    return make(parapheurErrorCodes.unknownSiren, { key: 'parapheur:hostErrors.fast.unknownSiren', params: siren });
  }
  if (/^unauthorized$/.test(dev.trim())) {
    return make(
      parapheurErrorCodes.forbiddenSiren,
      { key: 'parapheur:hostErrors.fast.forbiddenSiren', params: siren },
    );
  }
  if (/too many requests|espacement minimum|30 minutes/.test(both)) {
    return make(
      parapheurErrorCodes.pollTooSoon,
      { key: 'parapheur:hostErrors.fast.pollTooSoon' },
    );
  }
  if (/recipient|destinataire/.test(both) && /not enabled|not allowed|n.autorise pas|pas autorise|non autorise|desactive/.test(both)) {
    return make(
      parapheurErrorCodes.recipientNotAllowed,
      { key: 'parapheur:hostErrors.fast.recipientNotAllowed' },
    );
  }
  if (/\bformats?\b|type de fichier|extension|mime/.test(both)) {
    return make(
      parapheurErrorCodes.formatRefused,
      { key: 'parapheur:hostErrors.fast.formatRefused' },
    );
  }
  if (ctx.operation === 'defineMetadata' && /metadata|metadonnees/.test(both) && /not allowed|n.accepte pas|pas autorise|non autorise/.test(both)) {
    return make(
      parapheurErrorCodes.metadataNotAllowed,
      { key: 'parapheur:hostErrors.fast.metadataNotAllowed' },
    );
  }
  if (depositOperations.has(ctx.operation) && /circuit/.test(both) && /not found|inconnu|introuvable|n.existe pas|not allowed|non autorise|pas autorise|forbidden|refus/.test(both)) {
    return make(
      parapheurErrorCodes.circuitForbidden,
      ctx.circuitId ? { key: 'parapheur:hostErrors.fast.circuitForbiddenId', params: { circuitId: ctx.circuitId } } : { key: 'parapheur:hostErrors.fast.circuitForbidden' },
    );
  }
  if (ctx.operation === 'delete' && /etat|state|supprim|delet/.test(both)) {
    return make(parapheurErrorCodes.notDeletable, documentText(ctx, 'notDeletable'));
  }
  if (documentScoped.has(ctx.operation) && UNKNOWN_DOCUMENT_PATTERN.test(both)) {
    return make(parapheurErrorCodes.unknownDocument, documentText(ctx, 'gone'));
  }
  // A FAST error body cannot authenticate anyone: with 401/403 it is the certificate that is refused.
  if ((ctx.httpStatus === 401 || ctx.httpStatus === 403) && body.errorCode === undefined) {
    return make(
      parapheurErrorCodes.certRefused,
      { key: 'parapheur:hostErrors.fast.certRefused' },
    );
  }
  if (body.errorCode === 120) {
    const reason = body.userFriendlyMessage?.trim() || body.developerMessage?.trim();
    return make(
      parapheurErrorCodes.uploadFailed,
      // FAST's own reason, in FAST's words, is a value of the sentence.
      reason ? { key: 'parapheur:hostErrors.fast.uploadRefused120', params: { reason } } : { key: 'parapheur:hostErrors.fast.uploadFailed120' },
    );
  }
  if ((ctx.httpStatus === 502 || ctx.httpStatus === 503 || ctx.httpStatus === 504) && body.errorCode === undefined) {
    return make(parapheurErrorCodes.unavailable, { key: 'parapheur:hostErrors.fast.unavailable', params: { status: ctx.httpStatus } });
  }
  return make(parapheurErrorCodes.providerError, { key: 'parapheur:hostErrors.fast.providerError', params: { summary } });
}

const RAW_BODY_LIMIT = 2048;

/** The raw body as it may be kept for diagnosis: at most 2 KB, secrets and personal data removed. */
export function diagnosticBody(body: string): string {
  const truncated = body.length > RAW_BODY_LIMIT ? `${body.slice(0, RAW_BODY_LIMIT)}… [+${body.length - RAW_BODY_LIMIT} chars]` : body;
  return redactText(truncated);
}

/**
 * The error for a response that is not the expected success shape: the FAST error body if there
 * is one (whatever the status), else a status-based error, else PROVIDER_MALFORMED with the raw
 * body (truncated and redacted) in the details.
 */
export function parapheurErrorFromResponse(body: string, ctx: ParapheurErrorContext): GuichetError {
  const parsed = parseParapheurErrorBody(body);
  if (parsed) return parapheurErrorFromBody(parsed, ctx);
  const status = ctx.httpStatus;
  const details = { httpStatus: status, contentType: ctx.contentType, operation: ctx.operation, body: diagnosticBody(body) };
  // Plain-text bodies that still carry a known FAST message (SOAP-style wording).
  const text = body.trim();
  if (text && text.length <= 500 && !text.startsWith('<')) {
    const known = parapheurErrorFromBody({ developerMessage: text }, ctx);
    if (known.code !== parapheurErrorCodes.providerError) return known;
  }
  if (status === 401 || status === 403) {
    return new GuichetError(parapheurErrorCodes.certRefused, { key: 'parapheur:hostErrors.fast.certForbidden', params: { status }, details });
  }
  if (status === 404 && documentScoped.has(ctx.operation)) {
    return new GuichetError(parapheurErrorCodes.unknownDocument, { ...documentText(ctx, 'gone'), details });
  }
  if (status === 502 || status === 503 || status === 504) {
    return new GuichetError(parapheurErrorCodes.unavailable, { key: 'parapheur:hostErrors.fast.unavailable', params: { status }, details });
  }
  return new GuichetError(
    parapheurErrorCodes.malformed,
    status ? { key: 'parapheur:hostErrors.fast.unexpectedAnswerStatus', params: { status }, details } : { key: 'parapheur:hostErrors.fast.unexpectedAnswer', details },
  );
}

/**
 * FAST's own answer for a document it does not have (or no longer has): "Internal error: Invalid docId"
 * (docs/providers/fast-parapheur.md#errors), whatever the HTTP status. Nothing else may mark a
 * document deleted: a 404 or a "not found" page is also what a wrong base URL answers.
 */
export function isDocumentGoneAnswer(error: unknown): boolean {
  if (!isGuichetError(error) || error.code !== parapheurErrorCodes.unknownDocument) return false;
  const d = error.details as { developerMessage?: unknown; userFriendlyMessage?: unknown } | undefined;
  return /invalid docid/.test(norm(`${String(d?.developerMessage ?? '')} ${String(d?.userFriendlyMessage ?? '')}`));
}

/**
 * The history (or any document call) failed with an answer that may mean the document does not exist:
 * either FAST said so, or the address answers 404 to everything. Tell the two apart before acting.
 */
export function isUnknownDocumentError(error: unknown): boolean {
  if (isGuichetError(error)) {
    if (error.code === parapheurErrorCodes.unknownDocument) return true;
    const status = (error.details as { httpStatus?: unknown } | undefined)?.httpStatus;
    if (status === 404) return true;
    if (error.code === parapheurErrorCodes.providerError) {
      const d = error.details as { developerMessage?: string; userFriendlyMessage?: string } | undefined;
      return UNKNOWN_DOCUMENT_PATTERN.test(norm(`${d?.developerMessage ?? ''} ${d?.userFriendlyMessage ?? ''}`));
    }
    return false;
  }
  const message = error instanceof Error ? error.message : String(error);
  return /invalid docid/i.test(message) || UNKNOWN_DOCUMENT_PATTERN.test(norm(message));
}

/** Failures worth retrying later with backoff: transport problems and a provider that is down. */
export function isRetryableParapheurError(error: unknown): boolean {
  return isTransientNetworkError(error) || (isGuichetError(error) && error.code === parapheurErrorCodes.unavailable);
}
