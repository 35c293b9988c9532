import { formatParisHuman } from './clock.js';
import { renderTextPdf, type PdfLine } from '../textPdf.js';
import type { DocRecord } from './store.js';

const PRODUCER = 'Guichet — simulateur FAST Parapheur';
const AUTHOR = 'FAST Parapheur (simulé)';

/** Files FAST produces for a document: the "signed" PDF and the fiche de circulation. */

const SIGNATURE_STATES = new Set(['Signé', 'OTP signé']);

export function hasSignature(doc: DocRecord): boolean {
  return doc.entries.some((e) => e.stateName !== null && SIGNATURE_STATES.has(e.stateName));
}

function sizeLabel(size: number): string {
  if (size < 1024) return `${size} octets`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1).replace('.', ',')} Ko`;
  return `${(size / 1024 / 1024).toFixed(1).replace('.', ',')} Mo`;
}

function otpSignerName(doc: DocRecord, otpIndex: number): string {
  const s = doc.otpInformation?.[otpIndex];
  return s ? `${s.lastName.toUpperCase()} ${s.firstName} (signature OTP par SMS)` : 'Signataire externe (signature OTP par SMS)';
}

/**
 * The simulator does not sign anything: it returns a new PDF stating who "signed" and the
 * fingerprint of the deposited file, so a clerk can tell the signed version from the original.
 */
export function signedPdf(doc: DocRecord): Buffer {
  const lines: (string | PdfLine)[] = [
    { text: 'Document signé électroniquement', bold: true, size: 13 },
    '',
    `Document : ${doc.fileName}`,
    `Identifiant FAST : ${doc.id}`,
    `Circuit : ${doc.circuitName}`,
    `Libellé : ${doc.label || '—'}`,
    'Empreinte SHA-256 du fichier déposé :',
    doc.sha256,
    `Taille du fichier déposé : ${sizeLabel(doc.size)}`,
    '',
    { text: 'Signatures', bold: true, size: 12 },
  ];
  let otpIndex = 0;
  // Like FAST's stored file, the same bytes at every download: dated by the last signature or visa,
  // not by the moment of the request.
  let signedAt = doc.depositedAtMs;
  for (const e of doc.entries) {
    if (e.stateName === 'Signé' || e.stateName === 'OTP signé' || e.stateName === 'Visa approuvé') signedAt = Math.max(signedAt, e.at);
    if (e.stateName === 'Signé') lines.push(`Signé électroniquement par ${e.userFullname} le ${formatParisHuman(e.at)}`);
    if (e.stateName === 'OTP signé') lines.push(`Signé électroniquement par ${otpSignerName(doc, otpIndex++)} le ${formatParisHuman(e.at)}`);
    if (e.stateName === 'Visa approuvé') lines.push(`Visa de ${e.userFullname} le ${formatParisHuman(e.at)}`);
  }
  lines.push('', 'Document produit par le simulateur FAST Parapheur du mode Sandbox de Guichet. Sans valeur juridique.');
  return renderTextPdf({ title: doc.fileName, lines, producer: PRODUCER, author: AUTHOR }, new Date(signedAt));
}

/** Fiche de circulation: the document's identity and its whole history. */
export function ficheDeCirculation(doc: DocRecord): Buffer {
  const lines: (string | PdfLine)[] = [
    { text: 'Fiche de circulation', bold: true, size: 13 },
    '',
    `Document : ${doc.fileName}`,
    `Identifiant FAST : ${doc.id}`,
    `Circuit : ${doc.circuitName} (${doc.circuitId})`,
    `Libellé : ${doc.label || '—'}`,
    `Commentaire : ${doc.comment || '—'}`,
    `Déposé par : ${doc.depositor} le ${formatParisHuman(doc.depositedAtMs)}`,
    'Empreinte SHA-256 :',
    doc.sha256,
    '',
    { text: 'Historique', bold: true, size: 12 },
  ];
  for (const e of doc.entries) {
    if (e.stateName === null) continue;
    lines.push(`${formatParisHuman(e.at)} — ${e.stateName}${e.userFullname ? ` — ${e.userFullname}` : ''}`);
  }
  if (doc.refusalComment) lines.push('', { text: 'Motif du refus', bold: true, size: 12 }, doc.refusalComment);
  // Dated by the last entry it shows: the same history gives the same file.
  const lastAt = doc.entries.reduce((at, e) => Math.max(at, e.at), doc.depositedAtMs);
  return renderTextPdf({ title: `Fiche de circulation — ${doc.fileName}`, lines, producer: PRODUCER, author: AUTHOR }, new Date(lastAt));
}
