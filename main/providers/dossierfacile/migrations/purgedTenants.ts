import type { Migration } from '../../../core/db/migrations/migration.js';

/**
 * DossierFacile: the tenants the clerk purged with « Purger ce dossier » (docs/providers/dossierfacile.md#module).
 * The tenant stays linked to the partner on DossierFacile's side, so every later change of their file
 * (a sync's list, a relayed webhook) would link them here again and download their files again: this
 * row says « purged, leave them », until the tenant connects again at the counter (a new consent),
 * which deletes it. Only the ids needed to recognise the tenant and when the clerk purged them; no
 * name, no e-mail, no file.
 */
export function dossierfacilePurgedTenantsMigration(version: number): Migration {
  return {
    version,
    name: 'dossierfacile-purged-tenants',
    up(db) {
      db.exec(`
        CREATE TABLE dfc_purged_tenants (
          environment  TEXT NOT NULL,
          tenant_id    INTEGER NOT NULL,   -- DossierFacile's tenant id
          purged_at    TEXT NOT NULL,      -- when the clerk purged the tenant
          PRIMARY KEY (environment, tenant_id)
        ) STRICT;
      `);
    },
  };
}
