import { luhnValid } from '../../../shared/domain/siren.js';
import { createHash, randomBytes } from 'node:crypto';
import { GuichetError, type MessageParams } from '../../../shared/ipc/errors.js';
import { normalizeEmail } from '../../../shared/domain/contact.js';

// E-mail and phone rules are shared with the renderer (it checks fields as the clerk types).
export { normalizeEmail, toE164 } from '../../../shared/domain/contact.js';

/** FAST limits on text fields (label, comment, e-mail lists, circuit id). */
export const MAX_TEXT_FIELD_LENGTH = 255;
/** FAST accepts file names of at most 120 characters (ESUP issue #525). */
export const MAX_PROVIDER_FILE_NAME_LENGTH = 120;

function invalid(key: string, params?: MessageParams, details?: unknown): GuichetError {
  return new GuichetError('INVALID_INPUT', { key, ...(params ? { params } : {}), ...(details !== undefined ? { details } : {}) });
}

/**
 * The text fields FAST limits, as the catalogue names them: the sentence is chosen with i18next's
 * `context` (`parapheur:hostErrors.input.textTooLong_label`…).
 */
export type TextField = 'label' | 'comment' | 'emails' | 'recipients' | 'cc' | 'agents' | 'referer';

/** Removes diacritics (é → e, Œ → OE, ß → ss) so that the result is plain ASCII where possible. */
export function stripAccents(value: string): string {
  return value
    .replace(/[Œœ]/g, (c) => (c === 'Œ' ? 'OE' : 'oe'))
    .replace(/[Ææ]/g, (c) => (c === 'Æ' ? 'AE' : 'ae'))
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/\p{M}/gu, '');
}

/**
 * A SIREN (FAST's "numéro d'abonnement"): 9 digits with a valid Luhn key. Spaces and dots used
 * to group digits ("123 456 789") are accepted and removed. Returns the 9 digits.
 */
export function validateSiren(input: string): string {
  const value = String(input ?? '').replace(/[\s.\u00a0\u202f]/g, '');
  if (!/^\d{9}$/.test(value)) {
    throw invalid('parapheur:hostErrors.input.sirenDigits', { siren: String(input ?? '').trim() });
  }
  if (!luhnValid(value)) {
    throw invalid('parapheur:hostErrors.input.sirenChecksum', { siren: value });
  }
  return value;
}

export { luhnValid };

/** Splits a free list of addresses (commas, semicolons, spaces, new lines) into normalised, de-duplicated addresses. */
export function parseEmailList(input: string | readonly string[]): string[] {
  const parts = (typeof input === 'string' ? [input] : input).flatMap((s) => String(s ?? '').split(/[,;\s]+/));
  const out: string[] = [];
  for (const part of parts) {
    if (part.trim() === '') continue;
    const email = normalizeEmail(part);
    if (!out.includes(email)) out.push(email);
  }
  return out;
}

/**
 * A list of e-mails as FAST expects it in one text field: normalised and joined with `;`
 * (`,` for the `agents` field). Enforces the 255-character limit.
 */
export function normalizeEmailList(
  input: string | readonly string[],
  options: { separator?: ';' | ','; field?: TextField } = {},
): string {
  const joined = parseEmailList(input).join(options.separator ?? ';');
  return checkTextField(joined, options.field ?? 'emails');
}

/** Checks a text field against FAST's 255-character limit. Returns it trimmed. */
export function checkTextField(value: string, field: TextField, max = MAX_TEXT_FIELD_LENGTH): string {
  const trimmed = String(value ?? '').trim();
  if (trimmed.length > max) {
    throw invalid('parapheur:hostErrors.input.textTooLong', { context: field, length: trimmed.length, max }, { field, length: trimmed.length, max });
  }
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(trimmed)) {
    throw invalid('parapheur:hostErrors.input.textInvisible', { context: field }, { field });
  }
  return trimmed;
}

export const checkLabel = (value: string) => checkTextField(value, 'label');
export const checkComment = (value: string) => checkTextField(value, 'comment');

const RESERVED_WINDOWS_NAMES = /^(con|prn|aux|nul|com\d|lpt\d)$/i;

function cleanPart(value: string): string {
  return stripAccents(value)
    .replace(/\s+/g, '_')
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .replace(/_+/g, '_');
}

function splitExtension(name: string): { base: string; ext: string } {
  const dot = name.lastIndexOf('.');
  // ".pdf" alone is an extension without base, "archive." has no extension.
  if (dot < 0 || dot === name.length - 1) return { base: name, ext: '' };
  const ext = name.slice(dot + 1);
  if (ext.length > 16 || !/^[A-Za-z0-9]+$/.test(cleanPart(ext))) return { base: name, ext: '' };
  return { base: name.slice(0, dot), ext };
}

/**
 * Makes a file name acceptable to FAST: ASCII letters, digits, `.`, `_`, `-` only (accents
 * stripped, spaces and anything else turned into `_`), at most 120 characters, extension kept,
 * never empty, never `.` or `..`.
 */
export function sanitizeProviderFileName(name: string, max = MAX_PROVIDER_FILE_NAME_LENGTH): string {
  // Only the last path segment: a dropped path must not become part of the name.
  const lastSegment = String(name ?? '').split(/[\\/]/).pop() ?? '';
  const { base: rawBase, ext: rawExt } = splitExtension(lastSegment.trim());
  const ext = rawExt ? cleanPart(rawExt) : '';
  let base = cleanPart(rawBase).replace(/^[._-]+/, '').replace(/[._-]+$/, '');
  if (base === '' || RESERVED_WINDOWS_NAMES.test(base)) base = base === '' ? 'document' : `${base}_document`;
  const suffix = ext ? `.${ext}` : '';
  const room = Math.max(1, max - suffix.length);
  base = base.slice(0, room).replace(/[._-]+$/, '') || 'document'.slice(0, room);
  return `${base}${suffix}`;
}

/** Whether `name` is already in the form FAST accepts (what {@link sanitizeProviderFileName} produces). */
export function isProviderFileName(name: string): boolean {
  return (
    typeof name === 'string' &&
    name.length > 0 &&
    name.length <= MAX_PROVIDER_FILE_NAME_LENGTH &&
    /^[A-Za-z0-9._-]+$/.test(name) &&
    name !== '.' &&
    name !== '..' &&
    !name.startsWith('.')
  );
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** `_ddMMyyyy_HHmmss` in local time, as ESUP appends it. */
export function fileNameTimestamp(now: Date): string {
  return `${pad(now.getDate())}${pad(now.getMonth() + 1)}${now.getFullYear()}_${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
}

/**
 * A sanitised file name made unique for FAST's duplicate rule (circuit, label, file name):
 * `rapport_04032024_091201.pdf`, or with `suffix: 'random'` a short random suffix
 * (`rapport_k3f9q2.pdf`) for several deposits within one second. Always ≤ 120 characters.
 */
export function uniqueProviderFileName(
  name: string,
  now: Date = new Date(),
  options: { suffix?: 'timestamp' | 'random' | 'both'; randomSuffix?: () => string } = {},
): string {
  const sanitized = sanitizeProviderFileName(name);
  const { base, ext } = splitExtension(sanitized);
  const random = () => (options.randomSuffix ? options.randomSuffix() : randomBytes(4).toString('hex').slice(0, 6));
  const mode = options.suffix ?? 'timestamp';
  const parts = [mode === 'random' ? '' : `_${fileNameTimestamp(now)}`, mode === 'timestamp' ? '' : `_${random()}`].join('');
  const suffix = `${parts}${ext ? `.${ext}` : ''}`;
  const room = MAX_PROVIDER_FILE_NAME_LENGTH - suffix.length;
  const trimmedBase = base.slice(0, Math.max(1, room)).replace(/[._-]+$/, '') || 'd';
  return sanitizeProviderFileName(`${trimmedBase}${suffix}`);
}

/**
 * The name a dropped file gets on FAST: sanitised, with a suffix drawn from the dropped file's id so
 * that FAST's duplicate rule (circuit, label, file name) never refuses a second deposit of a file
 * of the same name. The same file always gets the same name: the deposit dialog shows the check's
 * answer, and the submit that follows sends exactly that (a clock- or random-based suffix differed).
 * With `zip`, the name is `<main file name with extension>.zip` (a predefined circuit with annexes).
 */
export function depositProviderFileName(originalName: string, droppedFileId: string, options: { zip?: boolean } = {}): string {
  const suffix = createHash('sha256').update(droppedFileId).digest('hex').slice(0, 8);
  const zipRoom = MAX_PROVIDER_FILE_NAME_LENGTH - '.zip'.length - `_${suffix}`.length;
  const name = options.zip ? sanitizeProviderFileName(originalName, zipRoom) : originalName;
  const unique = uniqueProviderFileName(name, undefined, { suffix: 'random', randomSuffix: () => suffix });
  return options.zip ? `${unique}.zip` : unique;
}

/**
 * Circuit ids must not contain dots (FAST rejects them; MAARCH replaces `.` with `-`), and as they
 * go into the URL path, path separators and control characters are refused.
 */
export function sanitizeCircuitId(input: string): string {
  const value = String(input ?? '').trim().replace(/\./g, '-');
  if (value === '') throw invalid('parapheur:hostErrors.input.circuitIdEmpty');
  if (value.length > MAX_TEXT_FIELD_LENGTH) {
    throw invalid('parapheur:hostErrors.input.circuitIdTooLong', { max: MAX_TEXT_FIELD_LENGTH });
  }
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
  if (/[/\\?#%\u0000-\u001f\u007f]/.test(value)) {
    throw invalid('parapheur:hostErrors.input.circuitIdCharacters', { circuitId: value });
  }
  return value;
}

/** Where FAST serves its REST API, below the server root (or below a reverse proxy's prefix). */
export const PARAPHEUR_API_PATH = '/parapheur-ws/rest/v1/';

/**
 * The REST root every call is relative to, from what a clerk or an administrator typed: the server
 * root (`https://parapheur.example.fr`), a proxy prefix, the API root with or without its trailing
 * slash, or an endpoint pasted from documentation all give `…/parapheur-ws/rest/v1/`. Repeated slashes
 * are collapsed: FAST (like most servers) treats `//parapheur-ws` as another path and answers 404.
 */
export function parapheurApiBaseUrl(input: string): string {
  const typed = String(input ?? '').trim();
  let url: URL;
  try {
    url = new URL(typed);
  } catch {
    throw invalid('parapheur:hostErrors.input.baseUrlInvalid', { url: typed });
  }
  if (url.protocol !== 'https:') {
    throw invalid('parapheur:hostErrors.input.baseUrlHttps');
  }
  url.search = '';
  url.hash = '';
  const path = url.pathname.replace(/\/{2,}/g, '/');
  const api = path.toLowerCase().indexOf('/parapheur-ws/');
  const prefix = api >= 0 ? path.slice(0, api) : path.toLowerCase().endsWith('/parapheur-ws') ? path.slice(0, -'/parapheur-ws'.length) : path.replace(/\/+$/, '');
  url.pathname = `${prefix}${PARAPHEUR_API_PATH}`;
  return url.href;
}

/** FAST document ids are decimal numbers (Java long); anything else must never reach a URL path. */
export function validateDocumentId(input: string | number): string {
  const value = String(input ?? '').trim();
  if (!/^\d{1,19}$/.test(value)) {
    throw invalid('parapheur:hostErrors.input.documentIdDigits', { documentId: value.slice(0, 40) });
  }
  return value;
}
