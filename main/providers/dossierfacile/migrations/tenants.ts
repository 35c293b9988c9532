import type { Migration } from '../../../core/db/migrations/migration.js';

/**
 * DossierFacile: the local copy of each linked tenant's file, its kept PDFs (blob ids) and the sync
 * cursor (docs/providers/dossierfacile.md#partner-sync). Its number in the one global order is given
 * when the module is registered, hence the factory.
 */
export function dossierfacileTenantsMigration(version: number): Migration {
  return {
    version,
    name: 'dossierfacile-tenants',
    up(db) {
      db.exec(`
        CREATE TABLE dfc_tenants (
          local_id              INTEGER PRIMARY KEY,
          environment           TEXT NOT NULL,
          tenant_id             INTEGER NOT NULL,       -- DossierFacile's tenant id (connectedTenantId)
          apartment_sharing_id  INTEGER,
          first_name            TEXT,
          last_name             TEXT,
          email                 TEXT,
          sort_name             TEXT NOT NULL DEFAULT '', -- lower-case, accents removed: last then first name
          search_text           TEXT NOT NULL DEFAULT '', -- lower-case, accents removed: names and e-mail
          status                TEXT NOT NULL,          -- as DossierFacile gives it (open)
          application_type      TEXT,
          file_status           TEXT,
          profile_json          TEXT,                   -- the last file read (ConnectedTenantModel)
          access                TEXT NOT NULL DEFAULT 'active' CHECK (access IN ('active','reconnect','revoked','deleted')),
          access_changed_at     TEXT,
          dossier_pdf_url       TEXT,
          dossier_pdf_blob      TEXT,
          last_update_date      TEXT,                   -- DossierFacile's lastUpdateDate (Paris local time)
          connected_at          TEXT,
          last_synced_at        TEXT,
          updated_at            TEXT NOT NULL,
          UNIQUE (environment, tenant_id)
        ) STRICT;

        CREATE INDEX dfc_tenants_by_name ON dfc_tenants (environment, sort_name, local_id);
        CREATE INDEX dfc_tenants_by_status ON dfc_tenants (environment, status, sort_name, local_id);
        CREATE INDEX dfc_tenants_by_access ON dfc_tenants (environment, access, sort_name, local_id);
        CREATE INDEX dfc_tenants_by_email ON dfc_tenants (environment, email COLLATE NOCASE);

        CREATE TABLE dfc_documents (
          local_id        INTEGER NOT NULL REFERENCES dfc_tenants (local_id) ON DELETE CASCADE,
          document_id     INTEGER NOT NULL,
          owner_kind      TEXT NOT NULL CHECK (owner_kind IN ('tenant','guarantor')),
          owner_id        INTEGER NOT NULL,
          category        TEXT NOT NULL,
          status          TEXT NOT NULL,
          token           TEXT,                     -- download token of the partner's link (#exposure)
          blob_sha256     TEXT,
          fetched_token   TEXT,                     -- the token the kept bytes were fetched with
          size            INTEGER,
          attempts        INTEGER NOT NULL DEFAULT 0,
          last_error      TEXT,
          fetched_at      TEXT,
          PRIMARY KEY (local_id, document_id)
        ) STRICT;

        CREATE INDEX dfc_documents_to_fetch ON dfc_documents (local_id) WHERE token IS NOT NULL AND (blob_sha256 IS NULL OR fetched_token IS NOT token);

        CREATE TABLE dfc_sync_state (
          environment     TEXT PRIMARY KEY,
          cursor          TEXT,                     -- our own cursor: newest lastUpdateDate handed out, no offset
          last_run_at     TEXT,
          last_error_json TEXT,
          last_changed    INTEGER
        ) STRICT;
      `);
    },
  };
}
