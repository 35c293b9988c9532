import { createHash, sign, type KeyObject } from 'node:crypto';
import { canonicalJson } from '../../core/json/canonicalJson.js';
import { zipStream } from '../../core/files/zipWriter.js';
import { renderTextPdf } from '../textPdf.js';
import { renderPng } from './images.js';
import type { EnrollmentStatus, SimDocument, SimEnrollment } from './types.js';

/**
 * Reports shaped like ID360's (docs/providers/id360.md#report): every document type key present,
 * identity absent on KO, status codes from the public catalogue, file URLs with the hash of the
 * bytes the simulator serves.
 */

const documentTypes = [
  'identity_document',
  'selfie',
  'liveness',
  'bank_details',
  'income_tax',
  'kbis',
  'mandate',
  'pay_slip',
  'proof_of_address',
  'property_tax',
  'voice',
  'other',
] as const;

/** Naive ISO-8601 with microseconds, as ID360 writes its timestamps. */
export function naiveIso(ms: number | null): string | null {
  if (ms === null) return null;
  return new Date(ms).toISOString().replace(/Z$/, '000');
}

export function hashFile(bytes: Buffer, algorithm: string): string {
  return createHash(algorithm.toLowerCase().replace('-', '')).update(bytes).digest('hex');
}

export interface ReportContext {
  /** `http://127.0.0.1:<port>` plus the API prefix the URLs use (`/api/1.0.0/` or `/private/api/1.0.0/`). */
  apiRoot: string;
  hashAlgorithm: string;
  signingKey: KeyObject | null;
  now: number;
}

let nextDocumentId = 900100;

/** The files a finished journey collected: identity card (front, back), selfie, proof of address (PDF). */
export function collectDocuments(e: SimEnrollment, valid: boolean): SimDocument[] {
  const docs: SimDocument[] = [];
  const idDoc = nextDocumentId++;
  docs.push({
    id: idDoc,
    enrollmentId: e.id,
    type: 'identity_document',
    name: 'id_document_image',
    status: valid ? 'VALID' : 'INVALID',
    pages: [
      { bytes: renderPng({ width: 171, height: 108, background: [205, 220, 240], band: [40, 70, 140] }), contentType: 'image/png' },
      { bytes: renderPng({ width: 171, height: 108, background: [230, 230, 215], band: [90, 90, 90] }), contentType: 'image/png' },
    ],
  });
  docs.push({
    id: nextDocumentId++,
    enrollmentId: e.id,
    type: 'selfie',
    name: 'selfie_image',
    status: 'COLLECTED',
    pages: [{ bytes: renderPng({ width: 96, height: 128, background: [240, 225, 210], band: [160, 110, 80] }), contentType: 'image/png' }],
  });
  if (e.process.proofOfAddress) {
    const id = identityOf(e);
    const pdf = renderTextPdf(
      {
        title: 'Justificatif de domicile',
        lines: [`${id.first_name} ${id.name}`, String(e.request['address_line_1'] ?? '1 rue de l’Exemple'), `${String(e.request['zip_code'] ?? '75000')} ${String(e.request['city'] ?? 'Paris')}`],
        producer: 'Guichet — simulateur ID360',
      },
      new Date(e.createdAt),
    );
    docs.push({ id: nextDocumentId++, enrollmentId: e.id, type: 'proof_of_address', name: 'proof_of_address', status: 'VALID', pages: [{ bytes: pdf, contentType: 'application/pdf' }] });
  }
  return docs;
}

export function fileUrl(apiRoot: string, doc: SimDocument, page: number): string {
  return `${apiRoot}document/${doc.id}/file_contents/?page_number=${page}`;
}

function documentsBlock(e: SimEnrollment, ctx: ReportContext): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const type of documentTypes) out[type] = [];
  for (const doc of e.documents) {
    out[doc.type]!.push({
      name: doc.name,
      status: doc.status,
      files: doc.pages.map((p, i) => ({ hash: hashFile(p.bytes, ctx.hashAlgorithm), hash_algorithm: ctx.hashAlgorithm, url: fileUrl(ctx.apiRoot, doc, i) })),
    });
  }
  return out;
}

/** The identity the journey "read": the locked comparison values first, then the fields given at creation. */
export function identityOf(e: SimEnrollment): Record<string, unknown> {
  const pick = (control: string, field: string, fallback: string | null): string | null => {
    const locked = e.controls[control]?.value;
    if (locked) return locked;
    const given = e.request[field];
    return typeof given === 'string' && given ? given : fallback;
  };
  const firstName = (pick('first_name', 'first_name', 'Camille') ?? 'Camille').toUpperCase();
  return {
    name: (pick('name', 'last_name', 'Exemple') ?? 'Exemple').toUpperCase(),
    first_name: firstName,
    first_names: [firstName],
    birth_name: null,
    email: pick('email', 'email', null),
    address: pick('address_line_1', 'address_line_1', null),
    zip_code: pick('zip_code', 'zip_code', null),
    city: pick('city', 'city', null),
    country: pick('country', 'country', null),
    phone_number: pick('phone_number', 'phone_number', null),
    birth_date: pick('birth_date', 'birth_date', '1990-01-01'),
    gender: 'F',
    birth_place: 'VILLE-EXEMPLE',
    birth_country: null,
  };
}

const outcomeCodes: Partial<Record<EnrollmentStatus, { code: string; message: string }>> = {
  KO: { code: 'VLD_VALIDATION_KO', message: '1 validations failed: Checks that the Id card has not expired (15 years for adult, 10 for child)' },
  FAILED: { code: 'UNKNOWN_ERROR', message: 'Unknown error' },
  CANCELED: { code: 'ERL_TIMEOUT', message: 'Enrollment timeout' },
};

function stepsBlock(e: SimEnrollment, final: boolean): Record<string, unknown> {
  const steps: Record<string, unknown> = {};
  e.process.steps.forEach((name, i) => {
    const done = final ? e.status !== 'CANCELED' && e.status !== 'DISCONTINUED' : i < e.stepsDone;
    steps[name] = { status: done ? (e.status === 'FAILED' && i === e.process.steps.length - 1 ? 'FAILED' : 'OK') : 'NEW', datas: {}, results: {} };
  });
  return steps;
}

function baseReport(e: SimEnrollment, ctx: ReportContext, final: boolean): Record<string, unknown> {
  const outcome = outcomeCodes[e.status];
  const report: Record<string, unknown> = {
    version: 2,
    id: e.id,
    status: e.status,
    identity_status: e.status === 'OK' ? 'OK' : e.status === 'KO' ? 'KO' : null,
    reason: e.reason,
    oid: '1.2.250.1.566.1.1.1.1.1',
    level: 'LOW',
    environment: 'SANDBOX',
    uses_biometry: true,
    id_verification_service: 'SVID_ID360',
    creation_time: naiveIso(e.createdAt),
    starting_time: naiveIso(e.startedAt),
    finished_time: naiveIso(e.finishedAt),
    client_id: 512,
    client_name: 'Organisation de démonstration',
    process_id: e.process.id,
    process_uuid: e.process.uuid,
    process_name: e.process.name,
    process_version: 1,
    creator_id: 901,
    creator_name: e.creator.username,
    client_reference: e.request['client_reference'] ?? null,
    accepted_cgu: e.startedAt !== null,
    keep_face_capture: false,
    shared: false,
    enrollment: {
      callback_url: e.callbackEndpoints[0]?.url ?? null,
      browser_callback_url: e.request['browser_callback_url'] ?? null,
      client_reference: e.request['client_reference'] ?? null,
    },
    documents: final ? documentsBlock(e, ctx) : Object.fromEntries(documentTypes.map((t) => [t, []])),
    steps: stepsBlock(e, final),
    status_codes: outcome ? [outcome] : [],
    all_status_codes: outcome ? [{ status_code: outcome, where: 'ID360' }] : [],
  };
  if (e.status === 'OK') {
    const identity = identityOf(e);
    report['identity'] = identity;
    report['extracted_data'] = {
      identity: [
        {
          type: 'ID',
          name: identity['name'],
          first_name: identity['first_name'],
          first_names: identity['first_names'],
          birth_date: identity['birth_date'],
          gender: identity['gender'],
          birth_place: identity['birth_place'],
          extra: { from_files: ['id_document_image'], id_number: 'X0X0X0X0X', issuing_date: '2021-06-01', expiration_date: '2031-06-01' },
        },
      ],
    };
    report['finalizer_reports'] = {
      validator_report: {
        is_valid: true,
        validations: [{ id: 4, description: 'Checks that the Id card has not expired (15 years for adult, 10 for child)', is_valid: true }],
      },
    };
  } else if (e.status === 'KO') {
    report['finalizer_reports'] = {
      validator_report: {
        is_valid: false,
        validations: [
          {
            id: 4,
            description: 'Checks that the Id card has not expired (15 years for adult, 10 for child)',
            message: 'The identity card expired on 2019-05-31',
            fields: [{ document_type: 'identity', name: 'expiration_date', value: '2019-05-31' }],
            is_valid: false,
          },
        ],
      },
    };
  }
  report['all_input_files'] = Object.fromEntries(
    (final ? e.documents : []).map((d) => [d.name, d.pages.map((_, i) => fileUrl(ctx.apiRoot, d, i))]),
  );
  return report;
}

/** A temporary report (allow_draft=true): what is known so far, no documents. */
export function draftReport(e: SimEnrollment, ctx: ReportContext): Record<string, unknown> {
  return { ...baseReport(e, ctx, false), archive_reference: e.archiveReference };
}

/**
 * The final report. Signed like production `version: 1` reports when a key is configured: the
 * `signature` block covers the canonical JSON (core/json/canonicalJson.ts) of the report without
 * `signature` and `unsigned`; `sha256_hash` is the hex SHA-256 of those bytes and `signature` the
 * base64 Ed25519 signature of the same bytes (docs/providers/id360.md#integrity records what is
 * assumed about the real scheme).
 */
export function finalReport(e: SimEnrollment, ctx: ReportContext, publicKeyUrl: string): Record<string, unknown> {
  const report = baseReport(e, ctx, true);
  if (!ctx.signingKey) return { ...report, archive_reference: e.archiveReference };
  report['version'] = 1;
  const bytes = Buffer.from(canonicalJson(report), 'utf8');
  return {
    ...report,
    signature: {
      sha256_hash: createHash('sha256').update(bytes).digest('hex'),
      algorithm: 'EdDSA',
      curve: 'Ed25519',
      public_key_url: publicKeyUrl,
      signature: sign(null, bytes, ctx.signingKey).toString('base64'),
    },
    unsigned: { archive_reference: e.archiveReference },
  };
}

export function reportPdf(e: SimEnrollment, report: Record<string, unknown>): Buffer {
  const identity = (report['identity'] ?? null) as Record<string, unknown> | null;
  const lines: string[] = [
    `Dossier n° ${e.id} — parcours « ${e.process.name} »`,
    `Référence : ${String(e.request['client_reference'] ?? '—')}`,
    `Statut : ${e.status}${e.reason ? ` (${e.reason})` : ''}`,
    `Créé le ${naiveIso(e.createdAt)}, terminé le ${naiveIso(e.finishedAt) ?? '—'}`,
  ];
  if (identity) lines.push(`Identité : ${String(identity['first_name'])} ${String(identity['name'])}, née le ${String(identity['birth_date'])}`);
  for (const doc of e.documents) lines.push(`Document ${doc.name} : ${doc.status} (${doc.pages.length} page(s))`);
  return renderTextPdf({ title: `Dossier de preuve ID360 n° ${e.id}`, lines, producer: 'Guichet — simulateur ID360' }, new Date(e.finishedAt ?? e.createdAt));
}

/** An idClaim: an ASiC-E container (a ZIP whose first entry names its media type). */
export async function idClaimContainer(e: SimEnrollment, report: Record<string, unknown>): Promise<Buffer> {
  const claim = Buffer.from(JSON.stringify({ enrollment: e.id, identity: report['identity'] ?? null, issued_at: naiveIso(e.finishedAt) }), 'utf8');
  const manifest = Buffer.from(
    '<?xml version="1.0" encoding="UTF-8"?>\n<asic:ASiCManifest xmlns:asic="http://uri.etsi.org/02918/v1.2.1#"><asic:DataObjectReference URI="idclaim.json" MimeType="application/json"/></asic:ASiCManifest>\n',
    'utf8',
  );
  const parts: Buffer[] = [];
  for await (const part of zipStream(
    [
      { name: 'mimetype', data: Buffer.from('application/vnd.etsi.asic-e+zip', 'latin1') },
      { name: 'idclaim.json', data: claim },
      { name: 'META-INF/ASiCManifest.xml', data: manifest },
    ],
    new Date(e.finishedAt ?? e.createdAt),
  )) {
    parts.push(part);
  }
  return Buffer.concat(parts);
}
