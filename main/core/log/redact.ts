/**
 * Removes secrets and personal data from anything about to be logged or kept for diagnosis
 * (journal details, raw provider bodies). Over-redaction is accepted: a log line that says
 * "[REDACTED]" too often costs a little debugging, a leaked certificate password costs much more.
 */

export const REDACTED = '[REDACTED]';

const MAX_DEPTH = 32;

/** Names compared after lower-casing and removing `-`, `_`, `.` and spaces (camel/snake/kebab alike). */
const exactSensitiveNames = new Set([
  // credentials
  'pass',
  'pwd',
  'key',
  'certificate',
  'cert',
  'p12',
  'pfx',
  'pkcs12',
  // personal data
  'email',
  'mail',
  'phone',
  'phonenumber',
  'telephone',
  'tel',
  'mobile',
  'firstname',
  'prenom',
  'givenname',
  'lastname',
  'nom',
  'familyname',
  'birthname',
  'nomdenaissance',
  'birthdate',
  'dateofbirth',
  'datenaissance',
  'datedenaissance',
  'address',
  'adresse',
  'iban',
]);

/** Fragments that make any name containing them sensitive (`userPassword`, `x-api-key`, `csrfToken`…). */
const sensitiveFragments = [
  'password',
  'passwd',
  'passphrase',
  'pwd',
  'secret',
  'token',
  'authorization',
  'cookie',
  'apikey',
  'privatekey',
  'email',
  'phonenumber',
  'iban',
];

function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.\s]/g, '');
}

/** Whether a property, header, form field or query parameter of this name must never be logged. */
export function isSensitiveName(name: string): boolean {
  const normalized = normalizeName(name);
  if (exactSensitiveNames.has(normalized)) return true;
  // userPass, certPass, p12_pass… (`bypass` goes too: over-redaction is accepted).
  if (normalized.endsWith('pass')) return true;
  return sensitiveFragments.some((fragment) => normalized.includes(fragment));
}

/** A deep, cycle-safe copy of `value` with sensitive fields replaced and free text scrubbed. */
export function redact(value: unknown): unknown {
  return redactValue(value, new Set(), 0);
}

function redactValue(value: unknown, ancestors: Set<object>, depth: number): unknown {
  switch (typeof value) {
    case 'string':
      return redactText(value);
    case 'number':
    case 'boolean':
    case 'undefined':
      return value;
    case 'bigint':
      return value.toString();
    case 'symbol':
      return value.toString();
    case 'function':
      return '[Function]';
  }
  if (value === null) return null;
  const object = value as object;
  if (ancestors.has(object)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[Truncated]';
  // Raw bytes may be a key, a certificate or a scanned ID card: only their size is kept.
  if (ArrayBuffer.isView(object)) return `[binary ${object.byteLength} bytes]`;
  if (object instanceof ArrayBuffer) return `[binary ${object.byteLength} bytes]`;
  if (object instanceof Date) return Number.isNaN(object.getTime()) ? 'Invalid Date' : object.toISOString();
  if (object instanceof URL) return redactText(object.href);
  if (object instanceof RegExp) return object.toString();

  ancestors.add(object);
  try {
    const next = (v: unknown) => redactValue(v, ancestors, depth + 1);
    if (Array.isArray(object)) return object.map(next);
    if (object instanceof Map) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of object) {
        const key = String(k);
        out[key] = isSensitiveName(key) ? REDACTED : next(v);
      }
      return out;
    }
    if (object instanceof Set) return [...object].map(next);
    if (object instanceof Error) return redactError(object, next);
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(object)) {
      out[key] = isSensitiveName(key) ? REDACTED : next(v);
    }
    return out;
  } finally {
    ancestors.delete(object);
  }
}

function redactError(error: Error, next: (v: unknown) => unknown): Record<string, unknown> {
  const out: Record<string, unknown> = { name: error.name, message: redactText(error.message) };
  // Own enumerable fields carry the useful context (GuichetError code/details, axios config…);
  // each goes through the same redaction as any other object.
  for (const [key, v] of Object.entries(error)) {
    if (key === 'message' || key === 'stack' || key === 'name') continue;
    out[key] = isSensitiveName(key) ? REDACTED : next(v);
  }
  if (error.stack) out.stack = redactText(error.stack);
  if (error.cause !== undefined) out.cause = next(error.cause);
  return out;
}

/**
 * French social security number (NIR): sex, year, month, department (2A/2B in Corsica), commune,
 * order number, then a 2-digit key, grouped by spaces or not. Only a number whose key is right is
 * redacted, so other 15-digit numbers are left alone (FAST document ids have 9 or 10 digits, a
 * SIRET 14, a SIREN 9).
 */
const nirCandidate = /(?<![\w])[1-478](?:[ \u00A0]?\d){4}[ \u00A0]?(?:\d[ \u00A0]?\d|2[ \u00A0]?[AB])(?:[ \u00A0]?\d){6}[ \u00A0]?\d[ \u00A0]?\d(?![\w])/gi;

export function isNir(candidate: string): boolean {
  const compact = candidate.replace(/[ \u00A0]/g, '').toUpperCase();
  if (!/^[1-478]\d{4}(?:\d{2}|2A|2B)\d{8}$/.test(compact)) return false;
  const department = compact.slice(5, 7);
  // The key of a Corsican NIR is computed with 2A as 19 minus 1 000 000, 2B as 18 minus 2 000 000.
  let body = Number(compact.slice(0, 5) + (department === '2A' ? '19' : department === '2B' ? '18' : department) + compact.slice(7, 13));
  if (department === '2A') body -= 1_000_000;
  if (department === '2B') body -= 2_000_000;
  return 97 - (body % 97) === Number(compact.slice(13));
}

interface TextRule {
  readonly pattern: RegExp;
  readonly replace: (match: string, ...groups: string[]) => string;
}

const textRules: readonly TextRule[] = [
  // PEM blocks (certificates, private keys), also when truncated before their END line.
  {
    pattern: /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?(?:-----END \1-----|$)/g,
    replace: () => REDACTED,
  },
  // HTTP authorization headers, whatever the scheme: everything up to the end of the line/quote.
  {
    pattern: /\b((?:proxy-)?authorization)(["']?\s*[:=]\s*["']?)[^\r\n"']+/gi,
    replace: (_m, name = '', sep = '') => `${name}${sep}${REDACTED}`,
  },
  // Bare bearer tokens ("Bearer eyJ…" copied into a message).
  {
    pattern: /\b(Bearer)\s+[A-Za-z0-9\-._~+/]{8,}=*/g,
    replace: (_m, scheme = '') => `${scheme} ${REDACTED}`,
  },
  // Basic credentials: only when the token really decodes to "user:password", so that
  // ordinary prose ("Basic information") is left alone.
  {
    pattern: /\b(Basic)\s+([A-Za-z0-9+/]{4,}={0,2})/g,
    replace: (match, scheme = '', token = '') =>
      Buffer.from(token, 'base64').toString('utf8').includes(':') ? `${scheme} ${REDACTED}` : match,
  },
  // JWT-looking strings (ID tokens, access tokens): header.payload.signature, header starts with {".
  {
    pattern: /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g,
    replace: () => REDACTED,
  },
  // user:password@ in URLs.
  {
    pattern: /(\/\/)[^/\s:@]+:[^/\s@]+@/g,
    replace: (_m, slashes = '') => `${slashes}${REDACTED}@`,
  },
  // "key": "value" pairs inside JSON fragments embedded in text.
  {
    pattern: /"([^"\\]{1,64})"(\s*:\s*)("(?:[^"\\]|\\.)*"|-?\d[\d.eE+-]*|true|false)/g,
    replace: (match, key = '', sep = '') => (isSensitiveName(key) ? `"${key}"${sep}"${REDACTED}"` : match),
  },
  // <password>…</password> in XML/SOAP bodies.
  {
    pattern: /<([A-Za-z][\w:.-]{0,63})(\s[^>]*)?>([^<]*)<\/\1>/g,
    replace: (match, tag = '', attrs = '') =>
      isSensitiveName(tag.includes(':') ? (tag.split(':').pop() ?? tag) : tag)
        ? `<${tag}${attrs}>${REDACTED}</${tag}>`
        : match,
  },
  // key=value in query strings, form bodies and "password=…" prose. `code` is only a secret as a
  // URL parameter (the OAuth authorization code of the DossierFacile callback), not in prose.
  {
    pattern: /(^|[?&;\s,(])([A-Za-z][\w.[\]-]{0,63})=([^&\s#;"'<>,)]*)/g,
    replace: (match, lead = '', key = '') =>
      isSensitiveName(key) || ((lead === '?' || lead === '&') && key.toLowerCase() === 'code')
        ? `${lead}${key}=${REDACTED}`
        : match,
  },
  // E-mail addresses (fully: the domain can name the person's employer).
  {
    pattern: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g,
    replace: () => REDACTED,
  },
  // PKCS#12 files and DER certificates in plain base64 (no PEM armour): an ASN.1 SEQUENCE with a
  // long length encodes as "MII…". Line breaks inside the base64 are included.
  {
    pattern: /(?<![A-Za-z0-9+/])MII[A-Za-z0-9+/]{40,}(?:\r?\n[A-Za-z0-9+/]+)*={0,2}/g,
    replace: () => REDACTED,
  },
  // French social security numbers (NIR), with a valid key.
  {
    pattern: nirCandidate,
    replace: (match) => (isNir(match) ? REDACTED : match),
  },
  // French IBANs, grouped or not.
  {
    pattern: /\bFR\d{2}(?: ?[A-Z0-9]{4}){5} ?[A-Z0-9]{3}\b/gi,
    replace: () => REDACTED,
  },
  // French numbers (0X XX XX XX XX, +33 / 0033 forms, any of space . - between pairs).
  {
    pattern: /(?<![\w+])(?:(?:\+|00)33\s?(?:\(0\)\s?)?|0)[1-9](?:[\s.-]?\d{2}){4}(?!\d)/g,
    replace: () => REDACTED,
  },
  // Other E.164 numbers (+ and 8 to 15 digits, optionally grouped by spaces).
  {
    pattern: /(?<![\w+])\+[1-9](?:[\s.-]?\d){7,14}(?!\d)/g,
    replace: () => REDACTED,
  },
];

/** Scrubs credentials and personal data from free text (log messages, raw HTTP bodies, URLs). */
export function redactText(text: string): string {
  const structured = redactJsonText(text);
  if (structured !== null) return structured;
  let out = text;
  for (const rule of textRules) {
    out = out.replace(rule.pattern, rule.replace as (substring: string, ...args: unknown[]) => string);
  }
  return out;
}

/** A whole JSON body is redacted structurally: nested objects under a sensitive key go too. */
function redactJsonText(text: string): string | null {
  const trimmed = text.trim();
  const first = trimmed[0];
  const last = trimmed[trimmed.length - 1];
  if (!((first === '{' && last === '}') || (first === '[' && last === ']'))) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return null;
  }
  return JSON.stringify(redact(parsed));
}
