import type Database from 'better-sqlite3';
import type { ArchiveContributor, ArchiveItemInput } from '../../core/archive/archiveItem.js';
import { recordPurgedCopies } from './service/tenantStore.js';

/**
 * DossierFacile's kept files for the one Archive: each tenant's full file PDF and the documents of
 * the file (tenant's and guarantors'), downloaded into the blob store by the sync.
 */
export const dossierfacileArchive: ArchiveContributor = {
  *items(db: Database.Database): Iterable<ArchiveItemInput> {
    const tenants = db
      .prepare(
        `SELECT t.local_id, t.environment, t.tenant_id, t.first_name, t.last_name, t.email, t.status, t.application_type,
                t.dossier_pdf_blob, b.size AS pdf_size, t.connected_at, t.last_synced_at, t.updated_at
           FROM dfc_tenants t LEFT JOIN blobs b ON b.sha256 = t.dossier_pdf_blob
          WHERE t.dossier_pdf_blob IS NOT NULL`,
      )
      .iterate() as Iterable<{
      local_id: number;
      environment: string;
      tenant_id: number;
      first_name: string | null;
      last_name: string | null;
      email: string | null;
      status: string;
      application_type: string | null;
      dossier_pdf_blob: string;
      pdf_size: number | null;
      connected_at: string | null;
      last_synced_at: string | null;
      updated_at: string;
    }>;
    for (const t of tenants) {
      const name = [t.first_name, t.last_name].filter(Boolean).join(' ');
      yield {
        key: `tenant:${t.local_id}:dossier`,
        kind: 'dossier',
        environment: t.environment,
        title: name || String(t.tenant_id),
        fileName: `dossierfacile-${t.tenant_id}.pdf`,
        labels: [t.status, t.application_type],
        people: [name, t.email],
        reference: [String(t.tenant_id)],
        mediaType: 'application/pdf',
        size: t.pdf_size,
        sha256: t.dossier_pdf_blob,
        createdAt: t.connected_at ?? t.updated_at,
        archivedAt: t.last_synced_at ?? t.updated_at,
        journal: [{ objectType: 'tenant', objectId: String(t.tenant_id) }],
      };
    }
    const documents = db
      .prepare(
        `SELECT d.local_id, d.document_id, d.owner_kind, d.category, d.status, d.blob_sha256, d.size, d.fetched_at,
                t.environment, t.tenant_id, t.first_name, t.last_name, t.email, t.connected_at, t.updated_at
           FROM dfc_documents d JOIN dfc_tenants t ON t.local_id = d.local_id
          WHERE d.blob_sha256 IS NOT NULL`,
      )
      .iterate() as Iterable<{
      local_id: number;
      document_id: number;
      owner_kind: string;
      category: string;
      status: string;
      blob_sha256: string;
      size: number | null;
      fetched_at: string | null;
      environment: string;
      tenant_id: number;
      first_name: string | null;
      last_name: string | null;
      email: string | null;
      connected_at: string | null;
      updated_at: string;
    }>;
    for (const d of documents) {
      const name = [d.first_name, d.last_name].filter(Boolean).join(' ');
      yield {
        key: `document:${d.local_id}:${d.document_id}`,
        kind: 'document',
        environment: d.environment,
        title: name ? `${name} — ${d.category}` : d.category,
        fileName: `dossierfacile-${d.tenant_id}-${d.category.toLowerCase()}-${d.document_id}.pdf`,
        labels: [d.category, d.owner_kind, d.status],
        people: [name, d.email],
        reference: [String(d.tenant_id), String(d.document_id)],
        mediaType: 'application/pdf',
        size: d.size,
        sha256: d.blob_sha256,
        createdAt: d.connected_at ?? d.updated_at,
        archivedAt: d.fetched_at ?? d.updated_at,
        journal: [{ objectType: 'tenant', objectId: String(d.tenant_id) }],
      };
    }
  },
  // Purged from the Archive: the sync must not bring the same versions back (migration 016).
  purged(db, keys, at) {
    recordPurgedCopies(db, keys, at);
  },
};
