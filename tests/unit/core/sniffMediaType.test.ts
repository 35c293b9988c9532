import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { damagedPdfMediaType, sniffMediaType } from '../../../main/core/files/mediaTypes.js';
import { pdfBytes } from '../../e2e/webHostHarness.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guichet-sniff-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function sniff(name: string, bytes: Buffer | string): Promise<string> {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return sniffMediaType(file, name);
}

describe('a file that starts like a PDF', () => {
  it('is a PDF when a reader can find its way in (cross-reference table, trailer, %%EOF)', async () => {
    expect(await sniff('arrete.pdf', pdfBytes('Arrêté'))).toBe('application/pdf');
    // Bytes after %%EOF (an e-mail gateway's padding) do not make it unreadable.
    expect(await sniff('padded.pdf', Buffer.concat([pdfBytes('Arrêté'), Buffer.from('\r\n\0\0')]))).toBe('application/pdf');
  });

  it('is a PDF with a cross-reference stream instead of a table (PDF 1.5+)', async () => {
    const head = '%PDF-1.5\n';
    const body = `${head}1 0 obj << /Type /XRef /Size 1 /W [1 1 1] /Length 0 >>\nstream\n\nendstream\nendobj\n`;
    expect(await sniff('xref-stream.pdf', `${body}startxref\n${head.length}\n%%EOF\n`)).toBe('application/pdf');
  });

  it('is refused as damaged with a header only (37 bytes), a cut end, or a startxref pointing nowhere', async () => {
    expect(await sniff('header.pdf', '%PDF-1.7\n%âãÏÓ\n1 0 obj\n<< >>\nendobj\n')).toBe(damagedPdfMediaType);
    const whole = pdfBytes('Coupé');
    expect(await sniff('cut.pdf', whole.subarray(0, whole.length - 40))).toBe(damagedPdfMediaType);
    expect(await sniff('nowhere.pdf', whole.toString('latin1').replace(/startxref\n\d+/, 'startxref\n12'))).toBe(damagedPdfMediaType);
  });
});
