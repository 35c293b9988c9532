import type Database from 'better-sqlite3';
import type { DfcAccess } from '../../../../shared/domain/dossierfacile.js';
import type { DfcConnectedTenant, DfcDocument } from '../schemas.js';

/**
 * The local copy of DossierFacile files (migration 010): one row per linked tenant and environment,
 * the file as last read, the documents of the tenant and their guarantors with their kept PDFs.
 * Every query here is served by an index of tenants.ts.
 */

/**
 * Statements compiled once per database: a sync over thousands of tenants would otherwise compile
 * thousands, whose native memory is only given back when V8 happens to collect them.
 */
const statementCache = new WeakMap<Database.Database, Map<string, Database.Statement>>();
function sql<P extends unknown[] | object = unknown[], R = unknown>(db: Database.Database, text: string): Database.Statement<P, R> {
  let cache = statementCache.get(db);
  if (!cache) statementCache.set(db, (cache = new Map()));
  let statement = cache.get(text);
  if (!statement) cache.set(text, (statement = db.prepare(text)));
  return statement as unknown as Database.Statement<P, R>;
}

export interface TenantRow {
  localId: number;
  environment: string;
  tenantId: number;
  apartmentSharingId: number | null;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  sortName: string;
  status: string;
  applicationType: string | null;
  fileStatus: string | null;
  /** The file as last read, as JSON: parsed only where it is shown (a sync reads thousands of rows). */
  profileJson: string | null;
  access: DfcAccess;
  accessChangedAt: string | null;
  dossierPdfUrl: string | null;
  dossierPdfBlob: string | null;
  lastUpdateDate: string | null;
  connectedAt: string | null;
  lastSyncedAt: string | null;
}

export interface DocumentRow {
  localId: number;
  documentId: number;
  ownerKind: 'tenant' | 'guarantor';
  ownerId: number;
  category: string;
  status: string;
  token: string | null;
  blobSha256: string | null;
  fetchedToken: string | null;
  size: number | null;
  attempts: number;
}

interface RawTenant {
  local_id: number;
  environment: string;
  tenant_id: number;
  apartment_sharing_id: number | null;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  sort_name: string;
  status: string;
  application_type: string | null;
  file_status: string | null;
  profile_json: string | null;
  access: DfcAccess;
  access_changed_at: string | null;
  dossier_pdf_url: string | null;
  dossier_pdf_blob: string | null;
  last_update_date: string | null;
  connected_at: string | null;
  last_synced_at: string | null;
}

function tenantOf(r: RawTenant): TenantRow {
  return {
    localId: r.local_id,
    environment: r.environment,
    tenantId: r.tenant_id,
    apartmentSharingId: r.apartment_sharing_id,
    firstName: r.first_name,
    lastName: r.last_name,
    email: r.email,
    sortName: r.sort_name,
    status: r.status,
    applicationType: r.application_type,
    fileStatus: r.file_status,
    profileJson: r.profile_json,
    access: r.access,
    accessChangedAt: r.access_changed_at,
    dossierPdfUrl: r.dossier_pdf_url,
    dossierPdfBlob: r.dossier_pdf_blob,
    lastUpdateDate: r.last_update_date,
    connectedAt: r.connected_at,
    lastSyncedAt: r.last_synced_at,
  };
}

export function plainText(parts: readonly (string | null | undefined)[]): string {
  return parts
    .filter((p): p is string => !!p)
    .join(' ')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .trim();
}

/** The tenant's own entry in a file (a couple's file names both). */
export function selfOf(model: DfcConnectedTenant, tenantId: number) {
  return model.apartmentSharing.tenants.find((t) => t.id === tenantId);
}

/** The tenant's documents and their guarantors', each with its owner. */
export function documentsOf(model: DfcConnectedTenant, tenantId: number): { doc: DfcDocument; ownerKind: 'tenant' | 'guarantor'; ownerId: number }[] {
  const self = selfOf(model, tenantId);
  if (!self) return [];
  return [
    ...self.documents.map((doc) => ({ doc, ownerKind: 'tenant' as const, ownerId: self.id })),
    ...self.guarantors.flatMap((g) => g.documents.map((doc) => ({ doc, ownerKind: 'guarantor' as const, ownerId: g.id }))),
  ];
}

export function tenantByLocalId(db: Database.Database, localId: number): TenantRow | undefined {
  const r = sql<[number], RawTenant>(db, 'SELECT * FROM dfc_tenants WHERE local_id = ?').get(localId);
  return r ? tenantOf(r) : undefined;
}

export function tenantByTenantId(db: Database.Database, environment: string, tenantId: number): TenantRow | undefined {
  const r = sql<[string, number], RawTenant>(db, 'SELECT * FROM dfc_tenants WHERE environment = ? AND tenant_id = ?').get(environment, tenantId);
  return r ? tenantOf(r) : undefined;
}

/**
 * Writes the file as DossierFacile gives it now, and the list of its documents; a document kept
 * earlier keeps its bytes unless its download token changed. Returns the row and the blobs of
 * documents that left the file (for the caller to delete if nothing else names them).
 */
export function recordFile(
  db: Database.Database,
  e: { environment: string; tenantId: number; model: DfcConnectedTenant; at: string; connected?: boolean; lastUpdateDate?: string | null },
): { localId: number; droppedBlobs: string[] } {
  const sharing = e.model.apartmentSharing;
  const self = selfOf(e.model, e.tenantId);
  const row = {
    environment: e.environment,
    tenant_id: e.tenantId,
    apartment_sharing_id: sharing.id,
    first_name: self?.firstName ?? null,
    last_name: self?.lastName ?? null,
    email: self?.email ?? null,
    sort_name: plainText([self?.lastName, self?.firstName]) || plainText([self?.email]),
    search_text: plainText([self?.lastName, self?.firstName, self?.preferredName, self?.email]),
    status: self?.status ?? sharing.status,
    application_type: sharing.applicationType,
    file_status: sharing.status,
    profile_json: JSON.stringify(e.model),
    dossier_pdf_url: sharing.dossierPdfUrl ?? null,
    last_update_date: e.lastUpdateDate ?? self?.lastUpdateDate ?? null,
    connected_at: e.connected ? e.at : null,
    at: e.at,
  };
  return db.transaction(() => {
    const previousPdf = sql<[string, number], { dossier_pdf_blob: string | null }>(db, 'SELECT dossier_pdf_blob FROM dfc_tenants WHERE environment = ? AND tenant_id = ?')
      .get(e.environment, e.tenantId)?.dossier_pdf_blob;
    sql(db, 
      `INSERT INTO dfc_tenants (environment, tenant_id, apartment_sharing_id, first_name, last_name, email, sort_name, search_text, status,
         application_type, file_status, profile_json, access, dossier_pdf_url, last_update_date, connected_at, last_synced_at, updated_at)
       VALUES (@environment, @tenant_id, @apartment_sharing_id, @first_name, @last_name, @email, @sort_name, @search_text, @status,
         @application_type, @file_status, @profile_json, 'active', @dossier_pdf_url, @last_update_date, @connected_at, @at, @at)
       ON CONFLICT (environment, tenant_id) DO UPDATE SET
         apartment_sharing_id = excluded.apartment_sharing_id, first_name = excluded.first_name, last_name = excluded.last_name,
         email = excluded.email, sort_name = excluded.sort_name, search_text = excluded.search_text, status = excluded.status,
         application_type = excluded.application_type, file_status = excluded.file_status, profile_json = excluded.profile_json,
         -- « Reconnexion nécessaire » lasts until the tenant connects again: a re-read with the partner's token does not end it.
         access = CASE WHEN dfc_tenants.access = 'reconnect' AND excluded.connected_at IS NULL THEN 'reconnect' ELSE 'active' END,
         access_changed_at = CASE WHEN dfc_tenants.access = 'active' OR (dfc_tenants.access = 'reconnect' AND excluded.connected_at IS NULL)
           THEN dfc_tenants.access_changed_at ELSE excluded.updated_at END,
         dossier_pdf_url = excluded.dossier_pdf_url,
         dossier_pdf_blob = CASE WHEN excluded.dossier_pdf_url IS NULL THEN NULL ELSE dfc_tenants.dossier_pdf_blob END,
         last_update_date = COALESCE(excluded.last_update_date, dfc_tenants.last_update_date),
         connected_at = COALESCE(excluded.connected_at, dfc_tenants.connected_at),
         last_synced_at = excluded.last_synced_at, updated_at = excluded.updated_at`,
    ).run(row);
    const localId = sql<[string, number], { local_id: number }>(db, 'SELECT local_id FROM dfc_tenants WHERE environment = ? AND tenant_id = ?').get(e.environment, e.tenantId)!.local_id;
    const before = new Map(documentRows(db, localId).map((d) => [d.documentId, d]));
    const now = documentsOf(e.model, e.tenantId);
    const upsert = sql(db, 
      `INSERT INTO dfc_documents (local_id, document_id, owner_kind, owner_id, category, status, token)
       VALUES (@local_id, @document_id, @owner_kind, @owner_id, @category, @status, @token)
       ON CONFLICT (local_id, document_id) DO UPDATE SET owner_kind = excluded.owner_kind, owner_id = excluded.owner_id,
         category = excluded.category, status = excluded.status, token = excluded.token`,
    );
    for (const { doc, ownerKind, ownerId } of now) {
      upsert.run({ local_id: localId, document_id: doc.id, owner_kind: ownerKind, owner_id: ownerId, category: doc.documentCategory, status: doc.documentStatus, token: doc.token ?? null });
      before.delete(doc.id);
    }
    const dropped: string[] = [];
    // The full PDF is gone with its URL (a file no longer verified): its bytes go too.
    if (previousPdf && !row.dossier_pdf_url) dropped.push(previousPdf);
    const remove = sql(db, 'DELETE FROM dfc_documents WHERE local_id = ? AND document_id = ?');
    for (const gone of before.values()) {
      remove.run(localId, gone.documentId);
      if (gone.blobSha256) dropped.push(gone.blobSha256);
    }
    return { localId, droppedBlobs: dropped };
  })();
}

export function setAccess(db: Database.Database, localId: number, access: DfcAccess, at: string): void {
  sql(db, 'UPDATE dfc_tenants SET access = ?, access_changed_at = ?, updated_at = ? WHERE local_id = ? AND access IS NOT ?').run(access, at, at, localId, access);
}

interface RawDocument {
  local_id: number;
  document_id: number;
  owner_kind: 'tenant' | 'guarantor';
  owner_id: number;
  category: string;
  status: string;
  token: string | null;
  blob_sha256: string | null;
  fetched_token: string | null;
  size: number | null;
  attempts: number;
}

export function documentRows(db: Database.Database, localId: number): DocumentRow[] {
  return sql<[number], RawDocument>(db, 'SELECT * FROM dfc_documents WHERE local_id = ? ORDER BY document_id')
    .all(localId)
    .map((r) => ({
      localId: r.local_id,
      documentId: r.document_id,
      ownerKind: r.owner_kind,
      ownerId: r.owner_id,
      category: r.category,
      status: r.status,
      token: r.token,
      blobSha256: r.blob_sha256,
      fetchedToken: r.fetched_token,
      size: r.size,
      attempts: r.attempts,
    }));
}

const documentKey = (documentId: number) => `document:${documentId}`;

/** Documents whose PDF is downloadable and not kept (or kept under an older token), except a version whose copy was purged. */
export function documentsToFetch(db: Database.Database, t: TenantRow): DocumentRow[] {
  const purged = purgedCopiesOf(db, [t]).get(t.localId)!.documents;
  return documentRows(db, t.localId).filter((d) => d.token && (!d.blobSha256 || d.fetchedToken !== d.token) && !purged.has(d.documentId));
}

/** Whether the whole file's PDF at this address had its local copy purged. */
export function dossierPdfPurged(db: Database.Database, localId: number, url: string): boolean {
  return isPurged(db, localId, 'dossier', url);
}

/**
 * The Archive purged these local copies (the clerk, or retention): the blob columns let go of them
 * and the version is recorded, so that no sync downloads it again. Keys are those of archiveItems.ts.
 * Runs inside the Archive's purge transaction.
 */
export function recordPurgedCopies(db: Database.Database, keys: readonly string[], at: string): void {
  const record = sql(db, 'INSERT INTO dfc_purged_files (local_id, file_key, version, purged_at) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET purged_at = excluded.purged_at');
  for (const key of keys) {
    const dossier = /^tenant:(\d+):dossier$/.exec(key);
    if (dossier) {
      const localId = Number(dossier[1]);
      const t = tenantByLocalId(db, localId);
      if (!t?.dossierPdfBlob) continue;
      if (t.dossierPdfUrl) record.run(localId, 'dossier', t.dossierPdfUrl, at);
      sql(db, 'UPDATE dfc_tenants SET dossier_pdf_blob = NULL WHERE local_id = ?').run(localId);
      continue;
    }
    const document = /^document:(\d+):(\d+)$/.exec(key);
    if (!document) continue;
    const localId = Number(document[1]);
    const documentId = Number(document[2]);
    const d = sql<[number, number], { blob_sha256: string | null; fetched_token: string | null }>(db, 'SELECT blob_sha256, fetched_token FROM dfc_documents WHERE local_id = ? AND document_id = ?').get(localId, documentId);
    if (!d?.blob_sha256) continue;
    if (d.fetched_token) record.run(localId, documentKey(documentId), d.fetched_token, at);
    sql(db, 'UPDATE dfc_documents SET blob_sha256 = NULL, size = NULL WHERE local_id = ? AND document_id = ?').run(localId, documentId);
  }
}

export interface PurgedCopies {
  /** When the latest of them was purged; null when none of the versions DossierFacile gives now was. */
  at: string | null;
  /** The documents whose current version's copy was purged. */
  documents: Set<number>;
  /** Whether the whole file's PDF at its current address was. */
  dossier: boolean;
}

/**
 * Of these tenants, the local copies of their current files that were purged (migration 016), by
 * tenant: the sync's skip list, the file page's notice and the list's marker all read it. One query
 * per 500 tenants (a page of the list is 200).
 */
export function purgedCopiesOf(db: Database.Database, tenants: readonly TenantRow[]): Map<number, PurgedCopies> {
  const out = new Map<number, PurgedCopies>(tenants.map((t) => [t.localId, { at: null, documents: new Set(), dossier: false }]));
  const byId = new Map(tenants.map((t) => [t.localId, t]));
  const chunk = 500;
  for (let i = 0; i < tenants.length; i += chunk) {
    const ids = tenants.slice(i, i + chunk).map((t) => t.localId);
    const rows = sql<number[], { local_id: number; file_key: string; version: string; purged_at: string; document_id: number | null; token: string | null; blob_sha256: string | null }>(
      db,
      `SELECT p.local_id, p.file_key, p.version, p.purged_at, d.document_id, d.token, d.blob_sha256
       FROM dfc_purged_files p LEFT JOIN dfc_documents d ON d.local_id = p.local_id AND p.file_key = 'document:' || d.document_id
       WHERE p.local_id IN (${ids.map(() => '?').join(',')})`,
    ).all(...ids);
    for (const r of rows) {
      const t = byId.get(r.local_id)!;
      const purged = out.get(r.local_id)!;
      const current = r.file_key === 'dossier' ? t.dossierPdfUrl === r.version && !t.dossierPdfBlob : r.document_id !== null && r.token === r.version && !r.blob_sha256;
      if (!current) continue;
      if (r.document_id !== null) purged.documents.add(r.document_id);
      else purged.dossier = true;
      if (purged.at === null || r.purged_at > purged.at) purged.at = r.purged_at;
    }
  }
  return out;
}

/** « Télécharger à nouveau »: the tenant's purged versions may be downloaded again. */
export function forgetPurgedCopies(db: Database.Database, localId: number): number {
  return sql(db, 'DELETE FROM dfc_purged_files WHERE local_id = ?').run(localId).changes;
}

export function recordDocumentFetched(db: Database.Database, localId: number, documentId: number, e: { sha256: string; size: number; token: string; at: string }): string | null {
  const previous = sql<[number, number], { blob_sha256: string | null }>(db, 'SELECT blob_sha256 FROM dfc_documents WHERE local_id = ? AND document_id = ?').get(localId, documentId);
  // Purged while it was downloading: the clerk's purge wins, the bytes go back (the caller drops them).
  if (isPurged(db, localId, documentKey(documentId), e.token)) return e.sha256;
  // A newer version kept: what was purged of the older ones no longer matters.
  sql(db, 'DELETE FROM dfc_purged_files WHERE local_id = ? AND file_key = ?').run(localId, documentKey(documentId));
  sql(db, 'UPDATE dfc_documents SET blob_sha256 = ?, size = ?, fetched_token = ?, fetched_at = ?, attempts = attempts + 1, last_error = NULL WHERE local_id = ? AND document_id = ?').run(
    e.sha256,
    e.size,
    e.token,
    e.at,
    localId,
    documentId,
  );
  return previous?.blob_sha256 && previous.blob_sha256 !== e.sha256 ? previous.blob_sha256 : null;
}

export function recordDocumentFailed(db: Database.Database, localId: number, documentId: number, code: string): void {
  sql(db, 'UPDATE dfc_documents SET attempts = attempts + 1, last_error = ? WHERE local_id = ? AND document_id = ?').run(code, localId, documentId);
}

/** Keeps the whole file's PDF fetched from `url`; false when that version was purged meanwhile (the caller drops the bytes). */
export function recordDossierPdf(db: Database.Database, localId: number, sha256: string, url: string): boolean {
  if (isPurged(db, localId, 'dossier', url)) return false;
  sql(db, "DELETE FROM dfc_purged_files WHERE local_id = ? AND file_key = 'dossier'").run(localId);
  sql(db, 'UPDATE dfc_tenants SET dossier_pdf_blob = ? WHERE local_id = ?').run(sha256, localId);
  return true;
}

function isPurged(db: Database.Database, localId: number, fileKey: string, version: string): boolean {
  return sql<[number, string, string], { n: number }>(db, 'SELECT 1 AS n FROM dfc_purged_files WHERE local_id = ? AND file_key = ? AND version = ?').get(localId, fileKey, version) !== undefined;
}

export function keptSummary(db: Database.Database, localIds: readonly number[]): Map<number, { kept: number; missing: number }> {
  const out = new Map<number, { kept: number; missing: number }>();
  if (localIds.length === 0) return out;
  const rows = sql<number[], { local_id: number; kept: number; missing: number }>(db, 
      `SELECT local_id, SUM(blob_sha256 IS NOT NULL) AS kept,
              SUM(blob_sha256 IS NULL AND token IS NOT NULL AND NOT EXISTS (SELECT 1 FROM dfc_purged_files p
                WHERE p.local_id = dfc_documents.local_id AND p.file_key = 'document:' || dfc_documents.document_id AND p.version = dfc_documents.token)) AS missing
       FROM dfc_documents WHERE local_id IN (${localIds.map(() => '?').join(',')}) GROUP BY local_id`,
    )
    .all(...localIds);
  for (const r of rows) out.set(r.local_id, { kept: r.kept, missing: r.missing });
  return out;
}

export interface TenantQuery {
  environment: string;
  search?: string;
  statuses?: readonly string[];
  access?: readonly DfcAccess[];
  limit: number;
  after?: { sortName: string; localId: number };
}

/** One page of tenants by name (keyset on the name index), and how many match in all. */
export function listTenants(db: Database.Database, q: TenantQuery): { rows: TenantRow[]; total: number } {
  const where = ['environment = @environment'];
  const params: Record<string, unknown> = { environment: q.environment, limit: q.limit };
  if (q.statuses?.length) {
    where.push(`status IN (${q.statuses.map((_, i) => `@s${i}`).join(',')})`);
    q.statuses.forEach((s, i) => (params[`s${i}`] = s));
  }
  if (q.access?.length) {
    where.push(`access IN (${q.access.map((_, i) => `@a${i}`).join(',')})`);
    q.access.forEach((s, i) => (params[`a${i}`] = s));
  }
  const search = q.search ? plainText([q.search]) : '';
  if (search) {
    where.push("search_text LIKE @search ESCAPE '\\'");
    params['search'] = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  }
  const total = sql<Record<string, unknown>, { n: number }>(db, `SELECT COUNT(*) AS n FROM dfc_tenants WHERE ${where.join(' AND ')}`).get(params)!.n;
  if (q.after) {
    where.push('(sort_name > @after_name OR (sort_name = @after_name AND local_id > @after_id))');
    params['after_name'] = q.after.sortName;
    params['after_id'] = q.after.localId;
  }
  const rows = sql<Record<string, unknown>, RawTenant>(db, `SELECT * FROM dfc_tenants WHERE ${where.join(' AND ')} ORDER BY sort_name, local_id LIMIT @limit`)
    .all(params)
    .map(tenantOf);
  return { rows, total };
}

/**
 * « Purger ce dossier »: deletes the tenant's row and documents and records that the clerk purged
 * them (migration 018), in one transaction; gives the blobs they named.
 */
export function purgeTenant(db: Database.Database, localId: number, at: string): string[] {
  return db.transaction(() => {
    const t = tenantByLocalId(db, localId);
    const blobs = documentRows(db, localId).flatMap((d) => (d.blobSha256 ? [d.blobSha256] : []));
    if (t?.dossierPdfBlob) blobs.push(t.dossierPdfBlob);
    sql(db, 'DELETE FROM dfc_documents WHERE local_id = ?').run(localId);
    sql(db, 'DELETE FROM dfc_tenants WHERE local_id = ?').run(localId);
    if (t) {
      sql(db, 'INSERT INTO dfc_purged_tenants (environment, tenant_id, purged_at) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET purged_at = excluded.purged_at').run(
        t.environment,
        t.tenantId,
        at,
      );
    }
    return blobs;
  })();
}

/** Whether the clerk purged this tenant and they have not connected again since: nothing of them is read or kept. */
export function tenantPurged(db: Database.Database, environment: string, tenantId: number): boolean {
  return sql<[string, number], { n: number }>(db, 'SELECT 1 AS n FROM dfc_purged_tenants WHERE environment = ? AND tenant_id = ?').get(environment, tenantId) !== undefined;
}

/** The tenant connected again at the counter (a new consent): the purge no longer keeps them out. */
export function forgetPurgedTenant(db: Database.Database, environment: string, tenantId: number): boolean {
  return sql(db, 'DELETE FROM dfc_purged_tenants WHERE environment = ? AND tenant_id = ?').run(environment, tenantId).changes > 0;
}

export interface SyncState {
  cursor: string | null;
  /** The last run, whether it went through or not. */
  lastRunAt: string | null;
  /** The last run that went through (migration 016). */
  lastSuccessAt: string | null;
  lastError: { code: string; key: string; params?: Record<string, string | number | boolean | null> } | null;
  lastChanged: number | null;
}

export function syncState(db: Database.Database, environment: string): SyncState {
  const r = sql<[string], { cursor: string | null; last_run_at: string | null; last_success_at: string | null; last_error_json: string | null; last_changed: number | null }>(
    db,
    'SELECT * FROM dfc_sync_state WHERE environment = ?',
  ).get(environment);
  return {
    cursor: r?.cursor ?? null,
    lastRunAt: r?.last_run_at ?? null,
    lastSuccessAt: r?.last_success_at ?? null,
    lastError: r?.last_error_json ? (JSON.parse(r.last_error_json) as SyncState['lastError']) : null,
    lastChanged: r?.last_changed ?? null,
  };
}

export function saveSyncState(db: Database.Database, environment: string, s: Partial<SyncState>): void {
  const current = syncState(db, environment);
  const next = { ...current, ...s };
  sql(db, 
    `INSERT INTO dfc_sync_state (environment, cursor, last_run_at, last_success_at, last_error_json, last_changed) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (environment) DO UPDATE SET cursor = excluded.cursor, last_run_at = excluded.last_run_at, last_success_at = excluded.last_success_at,
       last_error_json = excluded.last_error_json, last_changed = excluded.last_changed`,
  ).run(environment, next.cursor, next.lastRunAt, next.lastSuccessAt, next.lastError ? JSON.stringify(next.lastError) : null, next.lastChanged);
}

/** PDFs of usable tenants still to download (purged versions excepted): the sync's queue. */
export function filesWaiting(db: Database.Database, environment: string): number {
  return sql<{ environment: string }, { n: number }>(
    db,
    `SELECT
       (SELECT count(*) FROM dfc_documents d JOIN dfc_tenants t ON t.local_id = d.local_id
         WHERE t.environment = @environment AND t.access IN ('active','reconnect') AND d.token IS NOT NULL AND (d.blob_sha256 IS NULL OR d.fetched_token IS NOT d.token)
           AND NOT EXISTS (SELECT 1 FROM dfc_purged_files p WHERE p.local_id = d.local_id AND p.file_key = 'document:' || d.document_id AND p.version = d.token))
     + (SELECT count(*) FROM dfc_tenants t WHERE t.environment = @environment AND t.access IN ('active','reconnect') AND t.dossier_pdf_url IS NOT NULL AND t.dossier_pdf_blob IS NULL
           AND NOT EXISTS (SELECT 1 FROM dfc_purged_files p WHERE p.local_id = t.local_id AND p.file_key = 'dossier' AND p.version = t.dossier_pdf_url)) AS n`,
  ).get({ environment })!.n;
}

/** What the sync needs to know of a tenant: its status and whether its access ended. */
export function knownTenant(db: Database.Database, environment: string, tenantId: number): { status: string; access: DfcAccess } | undefined {
  return sql<[string, number], { status: string; access: DfcAccess }>(db, 'SELECT status, access FROM dfc_tenants WHERE environment = ? AND tenant_id = ?').get(environment, tenantId);
}

/** Of these tenants, those with a PDF to download (a document not kept, or the full PDF not kept). */
export function tenantsWithFilesToFetch(db: Database.Database, localIds: readonly number[]): number[] {
  const out: number[] = [];
  const chunk = 500;
  for (let i = 0; i < localIds.length; i += chunk) {
    const ids = localIds.slice(i, i + chunk);
    const marks = ids.map(() => '?').join(',');
    const rows = sql<number[], { local_id: number }>(
      db,
      `SELECT local_id FROM dfc_tenants WHERE local_id IN (${marks}) AND access IN ('active','reconnect') AND (
         (dossier_pdf_url IS NOT NULL AND dossier_pdf_blob IS NULL AND NOT EXISTS (SELECT 1 FROM dfc_purged_files p
           WHERE p.local_id = dfc_tenants.local_id AND p.file_key = 'dossier' AND p.version = dfc_tenants.dossier_pdf_url))
         OR EXISTS (SELECT 1 FROM dfc_documents d WHERE d.local_id = dfc_tenants.local_id AND d.token IS NOT NULL AND (d.blob_sha256 IS NULL OR d.fetched_token IS NOT d.token)
           AND NOT EXISTS (SELECT 1 FROM dfc_purged_files p WHERE p.local_id = d.local_id AND p.file_key = 'document:' || d.document_id AND p.version = d.token)))`,
    ).all(...ids);
    out.push(...rows.map((r) => r.local_id));
  }
  return out;
}

/** Whether some tenant is kept for this environment (no sync, and no simulator, before the first). */
export function hasTenants(db: Database.Database, environment: string): boolean {
  return sql<[string], { n: number }>(db, 'SELECT 1 AS n FROM dfc_tenants WHERE environment = ? LIMIT 1').get(environment) !== undefined;
}
