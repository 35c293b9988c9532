import { describe, expect, it } from 'vitest';
import { attachmentKind, containsSignatureValue, failureOf, looksTruncated, startsLikePdf } from '../../../renderer/components/viewer/pdfFacts.js';
import { emptySignatureFieldPdf, longReportPdf, notAPdf, signedLikePdf, tinyPng, truncatedPdf } from '../../e2e/pdfFixtures.js';

/** Which sentence the clerk reads when pdf.js cannot open a file, from the file's own bytes. */
describe('why a PDF cannot be shown', () => {
  const invalid = Object.assign(new Error('Invalid PDF structure.'), { name: 'InvalidPDFException' });

  it('tells a cut-short PDF from a damaged one and from a file that is not a PDF', () => {
    expect(looksTruncated(new Uint8Array(longReportPdf(3, 2)))).toBe(false);
    expect(looksTruncated(new Uint8Array(truncatedPdf()))).toBe(true);
    expect(failureOf(invalid, new Uint8Array(truncatedPdf()))).toBe('truncated');
    expect(failureOf(invalid, new Uint8Array(longReportPdf(3, 2)))).toBe('unreadable');
    expect(failureOf(invalid, new Uint8Array(notAPdf()))).toBe('notPdf');
    expect(failureOf(invalid, new Uint8Array(0))).toBe('empty');
    expect(failureOf(new Error('worker'), null)).toBe('failed');
  });

  it('opens an embedded PDF or image in the viewer and offers anything else for saving', () => {
    expect(startsLikePdf(new Uint8Array(longReportPdf(1, 1)))).toBe(true);
    expect(attachmentKind(new Uint8Array(longReportPdf(1, 1)))).toBe('pdf');
    expect(attachmentKind(new Uint8Array(tinyPng()))).toBe('image');
    expect(attachmentKind(new Uint8Array(notAPdf()))).toBe('other');
  });
});

/** « Document signé » is said of a file holding a signature value, not of one that only offers a field to sign. */
describe('whether a PDF holds a signature', () => {
  it('finds the signature dictionary of a signed file, and none in an empty field or a plain report', () => {
    expect(containsSignatureValue(new Uint8Array(signedLikePdf()))).toBe(true);
    expect(containsSignatureValue(new Uint8Array(emptySignatureFieldPdf()))).toBe(false);
    expect(containsSignatureValue(new Uint8Array(longReportPdf(2, 1)))).toBe(false);
    expect(containsSignatureValue(new Uint8Array(0))).toBe(false);
  });
});
