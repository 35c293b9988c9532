import { safeLocalFileName } from '../files/localFileName.js';

/**
 * The only type the page displays in place (the PDF viewer). Any other stored file (ZIP, XML from
 * FAST, unknown bytes) is offered as a download: an XML or HTML body opened in the app's own origin
 * could carry script.
 */
const displayedTypes = new Set(['application/pdf']);

const extensionOf: Record<string, string> = {
  'application/pdf': '.pdf',
  'application/zip': '.zip',
  'application/xml': '.xml',
  'text/plain': '.txt',
};

/** RFC 8187 `ext-value`: UTF-8, percent-encoded, with the characters encodeURIComponent leaves alone but the grammar forbids. */
function encodeExtValue(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * `Content-Disposition` with a name that cannot break the header or mislead the clerk: cleaned like a
 * file written on the disk (no separators, no control, bidi or zero-width characters), an ASCII
 * `filename` for old clients and the exact name in `filename*`.
 */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const safe = safeLocalFileName(name, 'document');
  const ascii = safe
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeExtValue(safe)}`;
}

/**
 * Headers for a stored blob, in both hosts (web host's /blob route, Electron's app://guichet/blob).
 * `checkedType` is what Guichet read in the bytes, never the type a provider announced: a provider
 * (or a man in the middle of a custom URL) saying text/html must not get a page run in the app's origin.
 */
export function blobResponseHeaders(blob: { sha256: string; size: number; checkedType: string }, requestedName?: string | null): Record<string, string> {
  const name = requestedName?.trim() ? requestedName : `document-${blob.sha256.slice(0, 12)}${extensionOf[blob.checkedType] ?? ''}`;
  return {
    'Content-Type': blob.checkedType,
    'Content-Length': String(blob.size),
    'Content-Disposition': contentDisposition(displayedTypes.has(blob.checkedType) ? 'inline' : 'attachment', name),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  };
}
