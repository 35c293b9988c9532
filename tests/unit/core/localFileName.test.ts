import { describe, expect, it } from 'vitest';
import { safeLocalFileName } from '../../../main/core/files/localFileName.js';

describe('safeLocalFileName', () => {
  it('keeps a French name as the clerk wrote it', () => {
    expect(safeLocalFileName('Délibération n°12 – été 2026.pdf')).toBe('Délibération n°12 – été 2026.pdf');
  });
  it('replaces separators and characters Windows forbids, so the copy cannot land elsewhere', () => {
    expect(safeLocalFileName('../../etc/passwd')).toBe('.._.._etc_passwd');
    expect(safeLocalFileName('a\\b:c*d?e"f<g>h|i.pdf')).toBe('a_b_c_d_e_f_g_h_i.pdf');
    expect(safeLocalFileName('nul\u0000byte.pdf')).toBe('nul_byte.pdf');
  });
  it('avoids reserved device names, empty names and trailing dots', () => {
    expect(safeLocalFileName('CON.pdf')).toBe('_CON.pdf');
    expect(safeLocalFileName('   ')).toBe('document.pdf');
    expect(safeLocalFileName('..')).toBe('document.pdf');
    expect(safeLocalFileName('rapport. ')).toBe('rapport');
  });
  it('removes bidi overrides and zero-width characters, so the name reads as what it is', () => {
    expect(safeLocalFileName('facture\u202Efdp.exe')).toBe('facturefdp.exe');
    expect(safeLocalFileName('rapport\u2066\u2069\u200B\u200D\u200E\u200F\u061C\uFEFF.pdf')).toBe('rapport.pdf');
    expect(safeLocalFileName('\u202E\u200B')).toBe('document.pdf');
  });
  it('treats COM¹, COM², LPT³… (superscript digits) as the reserved device names they are', () => {
    expect(safeLocalFileName('COM¹')).toBe('_COM¹');
    expect(safeLocalFileName('lpt².pdf')).toBe('_lpt².pdf');
    expect(safeLocalFileName('COM³.txt')).toBe('_COM³.txt');
    expect(safeLocalFileName('COM1-relevé.pdf')).toBe('COM1-relevé.pdf');
  });
  it('shortens a very long name but keeps its extension', () => {
    const out = safeLocalFileName(`${'é'.repeat(400)}.pdf`);
    expect(out.length).toBe(180);
    expect(out.endsWith('.pdf')).toBe(true);
  });
});
