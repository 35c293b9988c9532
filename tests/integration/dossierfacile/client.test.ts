import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createDfcClient } from '../../../main/providers/dossierfacile/client.js';
import { dfcErrorCodes } from '../../../main/providers/dossierfacile/errors.js';
import { connectedTenantSchema, tenantsPageSchema } from '../../../main/providers/dossierfacile/schemas.js';
import { startDossierFacileSimulator } from '../../../main/sandbox/dossierfacile/index.js';
import { connectSandboxTenant, sandboxRealm, dossierFacileTestBed } from './sandboxTenant.js';

const bed = dossierFacileTestBed();

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

async function partnerClient() {
  return createDfcClient({ apiBaseUrl: bed.sim.origin, realm: await sandboxRealm(bed.sim) });
}

describe('DossierFacile profile', () => {
  it('reads every sandbox tenant, by their own token and then by the partner API once they are linked', async () => {
    bed.sim = await startDossierFacileSimulator();
    const client = await partnerClient();
    const byEmail: Record<string, { status: string; applicationType: string; tenantIds: number[] }> = {};
    for (const email of ['marie.dupont@example.org', 'lucas.martin@example.org', 'samir.benali@example.org', 'chloe.petit@example.org']) {
      const { set } = await connectSandboxTenant(bed.browser, bed.sim, email);
      const profile = await client.getProfile(set.accessToken);
      const sharing = profile.apartmentSharing;
      byEmail[email] = { status: sharing.status, applicationType: sharing.applicationType, tenantIds: sharing.tenants.map((t) => t.id) };
      const me = sharing.tenants.find((t) => t.id === profile.connectedTenantId)!;
      expect(me.email).toBe(email);
      // Each document says its category and its status; a download URL when the partner's link exists.
      for (const d of [...me.documents, ...me.guarantors.flatMap((g) => g.documents)]) {
        expect(d.documentCategory).toMatch(/^[A-Z_]+$/);
        expect(['TO_PROCESS', 'VALIDATED', 'DECLINED']).toContain(d.documentStatus);
        expect(d.name).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/application\/links\//);
      }
    }
    expect(byEmail).toEqual({
      'marie.dupont@example.org': { status: 'VALIDATED', applicationType: 'ALONE', tenantIds: [413] },
      'lucas.martin@example.org': { status: 'DECLINED', applicationType: 'COUPLE', tenantIds: [520, 521] },
      'samir.benali@example.org': { status: 'TO_PROCESS', applicationType: 'ALONE', tenantIds: [530] },
      'chloe.petit@example.org': { status: 'INCOMPLETE', applicationType: 'ALONE', tenantIds: [540] },
    });

    // Linked now (Léa through her partner Lucas): the partner API gives the same files.
    const marie = await client.getTenant(413);
    expect(marie.apartmentSharing.dossierPdfUrl).toMatch(/\/api\/application\/fullPdf\//);
    const identity = marie.apartmentSharing.tenants[0]!.documents.find((d) => d.documentCategory === 'IDENTIFICATION')!;
    expect(identity.documentAnalysisReport?.analysisStatus).toBe('CHECKED');
    expect(marie.apartmentSharing.tenants[0]!.guarantors[0]!.typeGuarantor).toBe('NATURAL_PERSON');
    const lea = await client.getTenant(521);
    expect(lea.connectedTenantId).toBe(521);
    expect(lea.apartmentSharing.dossierPdfUrl).toBeUndefined();
    const lucas = lea.apartmentSharing.tenants.find((t) => t.id === 520)!;
    const declined = lucas.documents.find((d) => d.documentStatus === 'DECLINED')!;
    expect(declined.documentDeniedReasons?.selectedOptions?.[0]?.label).toBe("Le contrat de travail n'est pas signé");
    for (const id of [530, 540]) expect((await client.getTenant(id)).connectedTenantId).toBe(id);
  });

  it('a tenant never linked, a revoked one and an unknown one are told apart', async () => {
    bed.sim = await startDossierFacileSimulator();
    const client = await partnerClient();
    await expect(client.getTenant(413)).rejects.toMatchObject({ code: dfcErrorCodes.forbidden });
    await expect(client.getTenant(999_999)).rejects.toMatchObject({ code: dfcErrorCodes.notFound });
    const { set } = await connectSandboxTenant(bed.browser, bed.sim, 'marie.dupont@example.org');
    await client.getProfile(set.accessToken);
    await bed.sim.control.revoke(413);
    await expect(client.getTenant(413)).rejects.toMatchObject({ code: dfcErrorCodes.forbidden });
    await expect(client.getProfile(set.accessToken)).rejects.toMatchObject({ code: dfcErrorCodes.forbidden });
  });

  it('accepts the published shapes, with fields missing, unknown fields, unknown enum values and the older analysis report', () => {
    for (const name of ['dfc-tenant-profile-validated-alone.json', 'dfc-tenant-profile-declined-couple.json']) {
      expect(connectedTenantSchema.safeParse(fixture(name)).success).toBe(true);
    }
    const changed = fixture('dfc-tenant-profile-declined-couple.json') as { apartmentSharing: Record<string, unknown> & { tenants: Record<string, unknown>[] } };
    changed.apartmentSharing['futureField'] = { any: 'thing' };
    changed.apartmentSharing['applicationType'] = 'COLOCATION_SOLIDAIRE';
    const lucas = changed.apartmentSharing.tenants[0]!;
    delete lucas['firstName'];
    delete lucas['zipCode'];
    lucas['status'] = 'COMPLETED';
    const docs = lucas['documents'] as Record<string, unknown>[];
    docs[0]!['documentCategory'] = 'NEW_CATEGORY';
    docs[1]!['documentAnalysisReport'] = { id: 1, analysisStatus: 'DENIED', brokenRules: [{ rule: 'R_OLD', message: 'Règle ancienne', level: 'WARN' }], createdAt: '2025-06-01T10:00:00.5' };
    const parsed = connectedTenantSchema.parse(changed);
    expect(parsed.apartmentSharing.tenants[0]!.status).toBe('COMPLETED');
    expect(parsed.apartmentSharing.tenants[0]!.documents[1]!.documentAnalysisReport?.brokenRules?.[0]?.rule).toBe('R_OLD');
    expect((parsed.apartmentSharing as Record<string, unknown>)['futureField']).toEqual({ any: 'thing' });

    const page = tenantsPageSchema.parse(fixture('dfc-api-v1-tenants-page.json'));
    expect(page.data.map((r) => [r.id, r.deletionDate ?? null])).toEqual([
      [413, null],
      [377, '2026-05-06T07:45:00.25'],
    ]);
    // A tenant without its id or status is not a file Guichet can keep.
    delete lucas['status'];
    expect(connectedTenantSchema.safeParse(changed).success).toBe(false);
  });
});

describe('DossierFacile partner settings', () => {
  it('reads and updates the callback, keeps the name read-only, and an empty value turns the webhook off', async () => {
    bed.sim = await startDossierFacileSimulator();
    const client = await partnerClient();
    expect(await client.getSettings()).toEqual({ name: 'dfconnect-guichet', email: 'technique@guichet.example', callbackUrl: null, callbackApiKey: null });
    const updated = await client.patchSettings({ callbackUrl: 'https://relais.guichet.example/dfc', callbackApiKey: 'clé-relais', email: '' });
    expect(updated).toMatchObject({ name: 'dfconnect-guichet', email: 'technique@guichet.example', callbackUrl: 'https://relais.guichet.example/dfc', callbackApiKey: 'clé-relais' });
    expect(bed.sim.control.settings().callbackUrl).toBe('https://relais.guichet.example/dfc');
    await client.patchSettings({ callbackUrl: '' });
    expect(await client.getSettings()).toMatchObject({ callbackUrl: null, callbackApiKey: 'clé-relais' });
  });
});
