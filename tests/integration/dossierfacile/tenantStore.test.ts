import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { openDatabase } from '../../../main/core/db/database.js';
import { allMigrations } from '../../../main/providers/registry.js';
import { listTenants, recordFile } from '../../../main/providers/dossierfacile/service/tenantStore.js';
import { connectedTenantSchema } from '../../../main/providers/dossierfacile/schemas.js';
import { tempDir } from '../parapheur/guichetHarness.js';

let db: Database.Database | null = null;
afterEach(() => {
  db?.close();
  db = null;
});

function file(id: number, firstName: string, lastName: string, status: string) {
  return connectedTenantSchema.parse({
    connectedTenantId: id,
    apartmentSharing: { id: id + 1000, applicationType: 'ALONE', status, tenants: [{ id, firstName, lastName, email: `${firstName}.${lastName}@example.org`.toLowerCase(), status, documents: [] }] },
  });
}

describe('DossierFacile local copy (migration 010)', () => {
  it('lists tenants by name, accents and case ignored, filtered by status, page after page, through its indexes', () => {
    db = openDatabase(path.join(tempDir('guichet-dfc-store-'), 'guichet.sqlite'), allMigrations);
    const names: [string, string, string][] = [
      ['Élodie', 'Lefèvre', 'VALIDATED'],
      ['Marc', 'Durand', 'DECLINED'],
      ['Zoé', 'Arnaud', 'VALIDATED'],
    ];
    names.forEach(([first, last, status], i) => recordFile(db!, { environment: 'sandbox', tenantId: 100 + i, model: file(100 + i, first, last, status), at: new Date().toISOString() }));
    // Another environment's tenant is never listed with these.
    recordFile(db, { environment: 'production', tenantId: 900, model: file(900, 'Paul', 'Lefevre', 'VALIDATED'), at: new Date().toISOString() });

    const byName = listTenants(db, { environment: 'sandbox', limit: 2 });
    expect(byName.rows.map((r) => r.lastName)).toEqual(['Arnaud', 'Durand']);
    expect(byName.total).toBe(3);
    const last = byName.rows.at(-1)!;
    expect(listTenants(db, { environment: 'sandbox', limit: 2, after: { sortName: last.sortName, localId: last.localId } }).rows.map((r) => r.lastName)).toEqual(['Lefèvre']);
    expect(listTenants(db, { environment: 'sandbox', search: 'LEFEVRE', limit: 10 }).rows.map((r) => r.tenantId)).toEqual([100]);
    expect(listTenants(db, { environment: 'sandbox', search: 'elodie.lef', limit: 10 }).rows.map((r) => r.tenantId)).toEqual([100]);
    expect(listTenants(db, { environment: 'sandbox', statuses: ['VALIDATED'], limit: 10 }).rows.map((r) => r.lastName)).toEqual(['Arnaud', 'Lefèvre']);
    // « 50 % » is text, not a pattern.
    expect(listTenants(db, { environment: 'sandbox', search: '%', limit: 10 }).rows).toEqual([]);

    const plan = (sql: string) => (db!.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(plan("SELECT * FROM dfc_tenants WHERE environment = 'sandbox' AND status IN ('VALIDATED') ORDER BY sort_name, local_id LIMIT 50")).toMatch(/USING INDEX dfc_tenants_by_status/);
    expect(plan("SELECT * FROM dfc_tenants WHERE environment = 'sandbox' ORDER BY sort_name, local_id LIMIT 50")).toMatch(/USING INDEX dfc_tenants_by_name/);
    expect(plan("SELECT * FROM dfc_tenants WHERE environment = 'sandbox' AND tenant_id = 100")).toMatch(/USING INDEX sqlite_autoindex_dfc_tenants/);
  });
});
