import type Database from 'better-sqlite3';
import type { ArchiveContributor, ArchiveItemInput } from '../../core/archive/archiveItem.js';

interface DocumentFiles {
  local_id: number;
  environment: string;
  circuit_name: string;
  label: string;
  comment: string;
  recipients: string;
  cc: string;
  agents: string;
  holder: string | null;
  otp_signers: string | null;
  original_name: string;
  provider_name: string;
  document_id: string | null;
  status: string | null;
  phase: string;
  refusal_comment: string | null;
  signed_blob: string | null;
  signed_size: number | null;
  fdc_blob: string | null;
  fdc_size: number | null;
  created_at: string;
  finished_at: string | null;
  updated_at: string;
}

/** Names and e-mails of the OTP signers, whatever fields their JSON holds. */
function otpPeople(json: string | null): string[] {
  if (!json) return [];
  try {
    const out: string[] = [];
    const walk = (v: unknown) => {
      if (typeof v === 'string') out.push(v);
      else if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    };
    walk(JSON.parse(json));
    return out;
  } catch {
    return [];
  }
}

const withoutPdf = (name: string) => name.replace(/\.pdf(\.zip)?$/i, '');

/**
 * FAST Parapheur's kept files for the one Archive: signed documents and routing sheets (refused
 * documents' sheets too, kept even once FAST deleted the document), the other files of a ZIP answer
 * (acquittements), and the collected Hélios / PES / Chorus files.
 */
export const parapheurArchive: ArchiveContributor = {
  *items(db: Database.Database): Iterable<ArchiveItemInput> {
    const documents = db
      .prepare(
        `SELECT d.local_id, d.environment, d.circuit_name, d.label, d.comment, d.recipients, d.cc, d.agents, d.holder, d.otp_signers,
                d.original_name, d.provider_name, d.document_id, d.status, d.phase, d.refusal_comment,
                d.signed_blob, s.size AS signed_size, d.fdc_blob, f.size AS fdc_size, d.created_at, d.finished_at, d.updated_at
           FROM parapheur_documents d
           LEFT JOIN blobs s ON s.sha256 = d.signed_blob
           LEFT JOIN blobs f ON f.sha256 = d.fdc_blob
          WHERE d.signed_blob IS NOT NULL OR d.fdc_blob IS NOT NULL`,
      )
      .iterate() as Iterable<DocumentFiles>;
    for (const d of documents) {
      const common = {
        environment: d.environment,
        title: d.original_name,
        labels: [d.label, d.circuit_name, d.phase],
        comments: [d.comment, d.refusal_comment],
        people: [d.recipients, d.cc, d.agents, d.holder, ...otpPeople(d.otp_signers)],
        reference: [d.document_id, d.provider_name],
        mediaType: 'application/pdf',
        createdAt: d.created_at,
        archivedAt: d.finished_at ?? d.updated_at,
        // Its journal entries name it by the local row or by FAST's number.
        journal: [
          { objectType: 'document', objectId: String(d.local_id) },
          { objectType: 'document', objectId: d.document_id },
        ],
      };
      if (d.signed_blob) {
        yield { ...common, key: `document:${d.local_id}:signed`, kind: 'signed', fileName: `${withoutPdf(d.original_name)}.pdf`, sha256: d.signed_blob, size: d.signed_size };
      }
      if (d.fdc_blob) {
        yield { ...common, key: `document:${d.local_id}:fdc`, kind: 'fdc', fileName: `${withoutPdf(d.original_name)}-fdc.pdf`, sha256: d.fdc_blob, size: d.fdc_size };
      }
    }

    const outputs = db
      .prepare(
        `SELECT o.local_id, o.name, o.role, o.blob_sha256, o.size, o.created_at, d.environment, d.original_name, d.label, d.circuit_name, d.document_id
           FROM parapheur_document_outputs o JOIN parapheur_documents d ON d.local_id = o.local_id
          WHERE o.role NOT IN ('signed', 'fdc')`,
      )
      .iterate() as Iterable<{ local_id: number; name: string; role: string; blob_sha256: string; size: number; created_at: string; environment: string; original_name: string; label: string; circuit_name: string; document_id: string | null }>;
    for (const o of outputs) {
      yield {
        key: `output:${o.local_id}:${o.name}`,
        kind: o.role === 'acquit' ? 'acquit' : 'output',
        environment: o.environment,
        title: o.original_name,
        fileName: o.name,
        labels: [o.label, o.circuit_name, o.name],
        reference: [o.document_id],
        size: o.size,
        sha256: o.blob_sha256,
        createdAt: o.created_at,
        archivedAt: o.created_at,
        journal: [
          { objectType: 'document', objectId: String(o.local_id) },
          { objectType: 'document', objectId: o.document_id },
        ],
      };
    }

    const collected = db
      .prepare('SELECT environment, siren, kind, document_id, blob_sha256, size, collected_at FROM parapheur_collected')
      .iterate() as Iterable<{ environment: string; siren: string; kind: string; document_id: string; blob_sha256: string; size: number; collected_at: string }>;
    for (const c of collected) {
      yield {
        key: `collected:${c.environment}:${c.siren}:${c.kind}:${c.document_id}`,
        kind: c.kind,
        environment: c.environment,
        title: c.document_id,
        fileName: `${c.kind}-${c.document_id}.xml`,
        reference: [c.document_id, c.siren],
        mediaType: 'application/xml',
        size: c.size,
        sha256: c.blob_sha256,
        createdAt: c.collected_at,
        archivedAt: c.collected_at,
      };
    }
  },
};
