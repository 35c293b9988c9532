/**
 * PDFs written by hand (PDF 1.7 syntax, ISO 32000-1) for the viewer's tests and bench: a long report,
 * a document with a signature field, one with embedded files, an encrypted one and a truncated one.
 * No PDF library: every object is plain text but the embedded files and encrypted streams.
 */
import crypto from 'node:crypto';
import zlib from 'node:zlib';

type PdfObject = string | Buffer;

/** Joins numbered objects (1-based, in order) with their cross-reference table and trailer. */
export function buildPdf(objects: PdfObject[], trailer = '/Root 1 0 R'): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let length = parts[0]!.length;
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(length);
    const chunk = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`, 'latin1'), typeof o === 'string' ? Buffer.from(o, 'latin1') : o, Buffer.from('\nendobj\n', 'latin1')]);
    parts.push(chunk);
    length += chunk.length;
  });
  const xref = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} ${trailer} >>\nstartxref\n${length}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}

function stream(dict: string, data: Buffer | string): Buffer {
  const body = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
  return Buffer.concat([Buffer.from(`<< ${dict} /Length ${body.length} >>\nstream\n`, 'latin1'), body, Buffer.from('\nendstream', 'latin1')]);
}

function pdfString(text: string): string {
  return `(${text.replace(/[()\\]/g, (c) => `\\${c}`)})`;
}

/** A page's content: lines of Helvetica text from the top. */
function textContent(lines: string[], height: number): string {
  const ops = lines.map((l, i) => `BT /F1 ${i === 0 ? 18 : 12} Tf 56 ${height - 72 - i * 22} Td ${pdfString(l)} Tj ET`);
  return ops.join('\n');
}

export interface PageSpec {
  lines: string[];
  width?: number;
  height?: number;
}

/**
 * A document of plain text pages. Objects: 1 catalog, 2 page tree, 3 font, then per page its dictionary
 * and content stream; `extra` objects follow, numbered from `firstExtra`.
 */
function textDocument(pages: PageSpec[], opts: { catalogExtra?: string; pageExtra?: (index: number) => string; extra?: (firstExtra: number) => PdfObject[] } = {}): Buffer {
  const firstPage = 4;
  const firstExtra = firstPage + pages.length * 2;
  const kids = pages.map((_, i) => `${firstPage + i * 2} 0 R`).join(' ');
  const objects: PdfObject[] = [
    `<< /Type /Catalog /Pages 2 0 R ${opts.catalogExtra ?? ''} >>`,
    `<< /Type /Pages /Kids [${kids}] /Count ${pages.length} >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
  ];
  pages.forEach((p, i) => {
    const w = p.width ?? 595;
    const h = p.height ?? 842;
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${w} ${h}] /Contents ${firstPage + i * 2 + 1} 0 R /Resources << /Font << /F1 3 0 R >> >> ${opts.pageExtra?.(i) ?? ''} >>`);
    objects.push(stream('', textContent(p.lines, h)));
  });
  objects.push(...(opts.extra?.(firstExtra) ?? []));
  return buildPdf(objects);
}

/** The word only page `wordPage` holds, for the search test. */
export const rareWord = 'ornithorynque';

/**
 * A long report: `pageCount` pages of text, every hundredth one landscape (mixed sizes), and `rareWord`
 * on page `wordPage` only.
 */
export function longReportPdf(pageCount = 500, wordPage = 400): Buffer {
  const pages: PageSpec[] = Array.from({ length: pageCount }, (_, i) => {
    const n = i + 1;
    const landscape = n % 100 === 0;
    const lines = [`Rapport annuel - page ${n}`, `Chapitre ${Math.ceil(n / 25)}, section ${n}.`, 'Les services municipaux ont traite les demandes du trimestre.', 'Aucune observation particuliere sur cette page.'];
    if (n === wordPage) lines.push(`Annexe zoologique : un ${rareWord} a ete observe pres du lavoir.`);
    return landscape ? { lines, width: 842, height: 595 } : { lines };
  });
  return textDocument(pages);
}

/** A one-page document offering an empty signature field (/FT /Sig with no value): a place to sign, not a signature. */
export function emptySignatureFieldPdf(): Buffer {
  return textDocument([{ lines: ['Arrete municipal n 2026-115', 'En attente de signature.'] }], {
    catalogExtra: '/AcroForm << /Fields [6 0 R] >>',
    pageExtra: () => '/Annots [6 0 R]',
    extra: () => [`<< /Type /Annot /Subtype /Widget /FT /Sig /T (Signature1) /TU (Signature du maire) /Rect [56 100 256 160] /F 4 /P 4 0 R >>`],
  });
}

/** A one-page document with a signature field (/FT /Sig) holding a signature dictionary, as a signed PDF has. */
export function signedLikePdf(): Buffer {
  return textDocument([{ lines: ['Arrete municipal n 2026-114', 'Signe electroniquement par Marie Dupont, maire.'] }], {
    catalogExtra: '/AcroForm << /Fields [6 0 R] /SigFlags 3 >>',
    pageExtra: () => '/Annots [6 0 R]',
    extra: () => [
      `<< /Type /Annot /Subtype /Widget /FT /Sig /T (Signature1) /TU (Signature de Marie Dupont) /Rect [56 100 256 160] /F 4 /P 4 0 R /V 7 0 R >>`,
      `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached /Name (Marie Dupont) /Reason (Approbation) /M (D:20260105120000+01'00') /ByteRange [0 0 0 0] /Contents <${'00'.repeat(64)}> >>`,
    ],
  });
}

/** A small real PNG (64 × 48, blue and orange bands) for the image view. */
export function tinyPng(width = 64, height = 48): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const rows: number[] = [];
  for (let y = 0; y < height; y++) {
    rows.push(0); // filter: none
    for (let x = 0; x < width; x++) rows.push(...(Math.floor(y / 8) % 2 === 0 ? [0, 0, 145] : [225, 100, 0]));
  }
  const raw = Buffer.from(rows);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/**
 * A document carrying embedded files (/EmbeddedFiles): a PDF, a PNG and a truncated PDF (a deposit
 * refuses a truncated PDF, an attachment inside a document is how one still reaches the viewer).
 */
export function withAttachmentsPdf(attachedPdf: Buffer): Buffer {
  const png = tinyPng();
  return textDocument([{ lines: ['Dossier de subvention', 'Pieces jointes : plan, photo et deliberation.'] }], {
    catalogExtra: '/Names << /EmbeddedFiles << /Names [(plan.pdf) 6 0 R (photo.png) 8 0 R (deliberation.pdf) 10 0 R] >> >>',
    extra: () => [
      '<< /Type /Filespec /F (plan.pdf) /UF (plan.pdf) /Desc (Plan de situation) /EF << /F 7 0 R >> >>',
      stream('/Type /EmbeddedFile /Subtype /application#2Fpdf', attachedPdf),
      '<< /Type /Filespec /F (photo.png) /UF (photo.png) /EF << /F 9 0 R >> >>',
      stream('/Type /EmbeddedFile /Subtype /image#2Fpng', png),
      '<< /Type /Filespec /F (deliberation.pdf) /UF (deliberation.pdf) /EF << /F 11 0 R >> >>',
      stream('/Type /EmbeddedFile /Subtype /application#2Fpdf', truncatedPdf()),
    ],
  });
}

function rc4(key: Buffer, data: Buffer): Buffer {
  const s = Array.from({ length: 256 }, (_, i) => i);
  let j = 0;
  for (let i = 0; i < 256; i++) {
    j = (j + s[i]! + key[i % key.length]!) & 0xff;
    [s[i], s[j]] = [s[j]!, s[i]!];
  }
  const out = Buffer.alloc(data.length);
  let i = 0;
  j = 0;
  for (let k = 0; k < data.length; k++) {
    i = (i + 1) & 0xff;
    j = (j + s[i]!) & 0xff;
    [s[i], s[j]] = [s[j]!, s[i]!];
    out[k] = data[k]! ^ s[(s[i]! + s[j]!) & 0xff]!;
  }
  return out;
}

const md5 = (...parts: Buffer[]) => crypto.createHash('md5').update(Buffer.concat(parts)).digest();
const passwordPad = Buffer.from('28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A', 'hex');
const padded = (password: string) => Buffer.concat([Buffer.from(password, 'latin1'), passwordPad]).subarray(0, 32);

/**
 * A one-page document encrypted with the standard security handler, revision 2 (RC4, 40-bit key:
 * ISO 32000-1 §7.6.3, algorithms 2, 3 and 4), opened with `userPassword`.
 */
export function encryptedPdf(userPassword: string, ownerPassword = 'proprietaire'): Buffer {
  const permissions = -44;
  const id = crypto.createHash('md5').update('guichet-viewer-fixture').digest();
  const owner = rc4(md5(padded(ownerPassword)).subarray(0, 5), padded(userPassword));
  const p = Buffer.alloc(4);
  p.writeInt32LE(permissions);
  const fileKey = md5(padded(userPassword), owner, p, id).subarray(0, 5);
  const user = rc4(fileKey, passwordPad);
  const objectKey = (num: number) => md5(fileKey, Buffer.from([num & 0xff, (num >> 8) & 0xff, (num >> 16) & 0xff, 0, 0])).subarray(0, 10);
  const content = textContent(['Document confidentiel', 'Protege par un mot de passe.'], 842);
  const objects: PdfObject[] = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [4 0 R] /Count 1 >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R /Resources << /Font << /F1 3 0 R >> >> >>',
    stream('', rc4(objectKey(5), Buffer.from(content, 'latin1'))),
    `<< /Filter /Standard /V 1 /R 2 /Length 40 /P ${permissions} /O <${owner.toString('hex')}> /U <${user.toString('hex')}> >>`,
  ];
  return buildPdf(objects, `/Root 1 0 R /Encrypt 6 0 R /ID [<${id.toString('hex')}> <${id.toString('hex')}>]`);
}

/** The first `fraction` of a complete three-page PDF: a download cut short. */
export function truncatedPdf(fraction = 0.6): Buffer {
  const whole = textDocument([1, 2, 3].map((n) => ({ lines: [`Deliberation - page ${n}`, 'Texte de la deliberation du conseil municipal.'] })));
  return whole.subarray(0, Math.floor(whole.length * fraction));
}

/** Not a PDF at all, under a .pdf name. */
export function notAPdf(): Buffer {
  return Buffer.from('Ceci est un courrier au format texte, enregistre par erreur avec l’extension .pdf.\n', 'utf8');
}

/**
 * A PDF whose outer structure is sound (header, cross-reference table, trailer, `%%EOF`: it passes a
 * deposit's checks) but whose page tree is not one: no reader can show a page of it.
 */
export function malformedPdf(): Buffer {
  return buildPdf(['<< /Type /Catalog /Pages 2 0 R >>', '(ceci devrait etre un arbre de pages)', '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>']);
}
