/**
 * Tiny PDF writer for the simulators' generated files (Parapheur's "signed" document and fiche de
 * circulation, ID360's report PDF and scanned proofs). Text only, Helvetica in WinAnsiEncoding so
 * French accents render in any viewer.
 */

export interface PdfLine {
  text: string;
  bold?: boolean;
  size?: number;
}

export interface PdfOptions {
  title: string;
  lines: (string | PdfLine)[];
  author?: string;
  /** The simulator that wrote it, in the document information (`Producer`). */
  producer: string;
}

// WinAnsi code points outside Latin-1 that French text uses.
const WIN_ANSI_EXTRA: Record<string, number> = {
  '€': 0x80, '‚': 0x82, '„': 0x84, '…': 0x85, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94,
  '•': 0x95, '–': 0x96, '—': 0x97, 'œ': 0x9c, 'Œ': 0x8c, 'Ÿ': 0x9f,
};

function winAnsi(text: string): Buffer {
  const out: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    const extra = WIN_ANSI_EXTRA[ch];
    if (extra !== undefined) out.push(extra);
    else if ((cp >= 0x20 && cp < 0x7f) || (cp >= 0xa0 && cp <= 0xff)) out.push(cp);
    else if (cp === 0x202f || cp === 0x2009) out.push(0x20);
    else out.push(0x3f);
  }
  return Buffer.from(out);
}

function pdfString(text: string): string {
  // Escape in the byte domain, then carry bytes as latin1 (the whole file is written as latin1).
  let s = '';
  for (const b of winAnsi(text)) {
    if (b === 0x28 || b === 0x29 || b === 0x5c) s += '\\' + String.fromCharCode(b);
    else if (b >= 0x80) s += '\\' + b.toString(8).padStart(3, '0');
    else s += String.fromCharCode(b);
  }
  return `(${s})`;
}

function wrap(line: PdfLine, maxChars: number): PdfLine[] {
  if (line.text.length <= maxChars) return [line];
  const out: PdfLine[] = [];
  let rest = line.text;
  while (rest.length > maxChars) {
    let cut = rest.lastIndexOf(' ', maxChars);
    if (cut < maxChars / 2) cut = maxChars;
    out.push({ ...line, text: rest.slice(0, cut) });
    rest = rest.slice(cut).trimStart();
  }
  out.push({ ...line, text: rest });
  return out;
}

function pdfDate(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `D:${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
}

export function renderTextPdf(opts: PdfOptions, now: Date = new Date()): Buffer {
  const all: PdfLine[] = [{ text: opts.title, bold: true, size: 16 }, { text: '' }];
  for (const l of opts.lines) {
    const line = typeof l === 'string' ? { text: l } : l;
    all.push(...wrap(line, (line.size ?? 10) > 10 ? 70 : 95));
  }
  const pageHeight = 842;
  const top = 800;
  const bottom = 50;
  const pages: PdfLine[][] = [[]];
  let y = top;
  for (const line of all) {
    const lead = (line.size ?? 10) + 5;
    if (y - lead < bottom) {
      pages.push([]);
      y = top;
    }
    pages[pages.length - 1]!.push(line);
    y -= lead;
  }

  const objects: string[] = [];
  // 1 catalog, 2 pages, 3 font, 4 bold font, 5 info, then page/content pairs.
  const pageIds = pages.map((_, i) => 6 + i * 2);
  objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`;
  objects[3] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>';
  objects[4] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>';
  objects[5] = `<< /Title ${pdfString(opts.title)} /Producer ${pdfString(opts.producer)} /Author ${pdfString(opts.author ?? opts.producer)} /CreationDate (${pdfDate(now)}) >>`;
  pages.forEach((lines, i) => {
    let content = 'BT\n';
    let yy = top;
    for (const line of lines) {
      const size = line.size ?? 10;
      content += `/${line.bold ? 'F2' : 'F1'} ${size} Tf 1 0 0 1 50 ${yy} Tm ${pdfString(line.text)} Tj\n`;
      yy -= size + 5;
    }
    content += `/F1 8 Tf 1 0 0 1 50 30 Tm ${pdfString(`Page ${i + 1} / ${pages.length}`)} Tj\nET\n`;
    const pageId = pageIds[i]!;
    objects[pageId] = `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 ${pageHeight}] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents ${pageId + 1} 0 R >>`;
    objects[pageId + 1] = `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}endstream`;
  });

  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  for (let id = 1; id < objects.length; id++) {
    offsets[id] = Buffer.byteLength(out, 'latin1');
    out += `${id} 0 obj\n${objects[id]}\nendobj\n`;
  }
  const xrefAt = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let id = 1; id < objects.length; id++) out += `${String(offsets[id]).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length} /Root 1 0 R /Info 5 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
