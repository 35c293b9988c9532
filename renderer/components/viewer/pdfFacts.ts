import type { PDFDocumentProxy } from './pdfRuntime.js';

/** Why a document could not be shown: each reason has its own sentence for the clerk (`viewer.errors.*`). */
export type OpenFailure = 'notFound' | 'unreadable' | 'notPdf' | 'truncated' | 'empty' | 'failed';

/** What pdf.js's rejection means for the clerk. `PasswordException` is handled before (a prompt, not a failure). */
export function failureOf(error: unknown, bytes: Uint8Array | null): OpenFailure {
  if (bytes && bytes.length === 0) return 'empty';
  if (bytes && !startsLikePdf(bytes)) return 'notPdf';
  if (bytes && looksTruncated(bytes)) return 'truncated';
  const name = error instanceof Error ? error.name : '';
  if (name === 'InvalidPDFException' || name === 'FormatError') return 'unreadable';
  return 'failed';
}

export function startsLikePdf(bytes: Uint8Array): boolean {
  // The header may follow a little garbage (PDF 1.7 §7.5.2 readers look in the first 1024 bytes).
  return latin1(bytes.subarray(0, 1024)).includes('%PDF-');
}

/**
 * A complete PDF ends with `%%EOF` (after its last cross-reference section), give or take a few bytes
 * of padding; a download or copy cut short does not. pdf.js often still shows what it can rebuild,
 * so the clerk is told the file is incomplete rather than seeing pages silently missing.
 */
export function looksTruncated(bytes: Uint8Array): boolean {
  return !latin1(bytes.subarray(Math.max(0, bytes.length - 1024))).includes('%%EOF');
}

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return s;
}

export interface SignatureField {
  /** The field's name, or its description for assistive technologies (/TU) when it has one. */
  name: string;
  /** 1-based page of its widget. */
  page: number | null;
}

export interface Attachment {
  fileName: string;
  description: string | null;
  content: Uint8Array;
}

/**
 * Signature fields as pdf.js exposes them (form fields of type "signature", i.e. /FT /Sig widgets). pdf.js
 * does not verify signatures nor read who signed: a field's name and description are what it gives.
 */
export async function signatureFieldsOf(pdf: PDFDocumentProxy): Promise<SignatureField[]> {
  const fields = (await pdf.getFieldObjects()) as Record<string, { type?: string; page?: number; id?: string }[]> | null;
  if (!fields) return [];
  const found: SignatureField[] = [];
  for (const [name, widgets] of Object.entries(fields)) {
    for (const w of widgets) {
      if (w.type !== 'signature') continue;
      let label = name;
      if (typeof w.page === 'number' && w.page >= 0) {
        const annotations = (await (await pdf.getPage(w.page + 1)).getAnnotations()) as { id?: string; alternativeText?: string }[];
        const own = annotations.find((a) => a.id === w.id);
        if (own?.alternativeText) label = own.alternativeText;
      }
      found.push({ name: label, page: typeof w.page === 'number' && w.page >= 0 ? w.page + 1 : null });
    }
  }
  return found;
}

/**
 * Whether the file holds a signature value: a signature dictionary carries the /ByteRange it signs. pdf.js
 * hides a signature field's value, and an empty field (a place left for a signature) is a /Sig field too:
 * « Document signé » is only said of a file that has a value, never of one that merely offers a field.
 */
export function containsSignatureValue(bytes: Uint8Array): boolean {
  const needle = [0x2f, 0x42, 0x79, 0x74, 0x65, 0x52, 0x61, 0x6e, 0x67, 0x65]; // "/ByteRange"
  outer: for (let i = bytes.indexOf(0x2f); i !== -1 && i <= bytes.length - needle.length; i = bytes.indexOf(0x2f, i + 1)) {
    for (let j = 1; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** Files embedded in the document (the /EmbeddedFiles name tree). */
export async function attachmentsOf(pdf: PDFDocumentProxy): Promise<Attachment[]> {
  const table = (await pdf.getAttachments()) as Record<string, { filename: string; description?: string; content: Uint8Array }> | null;
  if (!table) return [];
  return Object.values(table).map((a) => ({ fileName: a.filename, description: a.description || null, content: a.content }));
}

/** Media type of an attachment from its first bytes, to decide how to open it. */
export function attachmentKind(bytes: Uint8Array): 'pdf' | 'image' | 'other' {
  if (startsLikePdf(bytes.subarray(0, 1024))) return 'pdf';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image';
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'image';
  return 'other';
}

export function imageType(bytes: Uint8Array): string {
  return bytes[0] === 0x89 ? 'image/png' : 'image/jpeg';
}
