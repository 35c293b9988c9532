import fsp from 'node:fs/promises';

/**
 * The media type a document's name announces, for the files Guichet exchanges with providers
 * (multipart parts, files unpacked from a ZIP). This is only what a name says; {@link sniffMediaType}
 * reads what the bytes are.
 */
const byExtension: Record<string, string> = {
  pdf: 'application/pdf',
  xml: 'application/xml',
  zip: 'application/zip',
  json: 'application/json',
  txt: 'text/plain',
  csv: 'text/csv',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  odt: 'application/vnd.oasis.opendocument.text',
};

/** The media type for a file name, or undefined when the extension is not one of ours. */
export function mediaTypeForName(name: string): string | undefined {
  const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
  return ext ? byExtension[ext] : undefined;
}

/**
 * What a file that starts like a PDF but has no way in is sniffed as: no reader (FAST's, pdf.js,
 * the signer's) can open it, so it must be refused before filing, not discovered at signature time.
 */
export const damagedPdfMediaType = 'application/x-damaged-pdf';

/** How far from the end a reader looks for `startxref` (PDF 32000-1 §7.5.5 tolerates trailing bytes). */
const pdfTailBytes = 2048;

/**
 * The structure every PDF reader starts from: `startxref <offset>` then `%%EOF` near the end, and at
 * that offset a cross-reference table (`xref`) or a cross-reference stream (`n g obj`).
 */
async function hasPdfStructure(handle: fsp.FileHandle, size: number): Promise<boolean> {
  const tailStart = Math.max(0, size - pdfTailBytes);
  const { buffer, bytesRead } = await handle.read(Buffer.alloc(size - tailStart), 0, size - tailStart, tailStart);
  const tail = buffer.subarray(0, bytesRead).toString('latin1');
  const marks = [...tail.matchAll(/startxref\s+(\d+)\s+%%EOF/g)];
  const offset = Number(marks.at(-1)?.[1] ?? NaN);
  if (!Number.isSafeInteger(offset) || offset <= 0 || offset >= size) return false;
  const at = await handle.read(Buffer.alloc(32), 0, 32, offset);
  const table = at.buffer.subarray(0, at.bytesRead).toString('latin1');
  return /^\s*xref\b/.test(table) || /^\s*\d+\s+\d+\s+obj\b/.test(table);
}

/** Reads the first bytes to tell a PDF from a ZIP or an executable, whatever the name claims. */
export async function sniffMediaType(file: string, name: string): Promise<string> {
  const handle = await fsp.open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(16), 0, 16, 0);
    const head = buffer.subarray(0, bytesRead);
    if (head.subarray(0, 5).toString('latin1') === '%PDF-') {
      const { size } = await handle.stat();
      return (await hasPdfStructure(handle, size)) ? 'application/pdf' : damagedPdfMediaType;
    }
    if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'application/zip';
    if (head[0] === 0x4d && head[1] === 0x5a) return 'application/x-msdownload';
    if (head[0] === 0x7f && head.subarray(1, 4).toString('latin1') === 'ELF') return 'application/x-executable';
    const text = head.toString('utf8').replace(/^\uFEFF/, '').trimStart();
    if (text.startsWith('<?xml') || (text.startsWith('<') && /\.xml$/i.test(name))) return 'application/xml';
    if (/\.(txt|csv)$/i.test(name)) return 'text/plain';
    return 'application/octet-stream';
  } finally {
    await handle.close();
  }
}
