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

/** Reads the first bytes to tell a PDF from a ZIP or an executable, whatever the name claims. */
export async function sniffMediaType(file: string, name: string): Promise<string> {
  const handle = await fsp.open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(16), 0, 16, 0);
    const head = buffer.subarray(0, bytesRead);
    if (head.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
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
