import { afterEach, describe, expect, it } from 'vitest';
import { call } from '../parapheur/guichetHarness.js';
import { OPENING_PROCESS } from './id360Harness.js';
import { startCustomBed, type CustomBed } from './customBed.js';

/**
 * The paths ID360 does not publish are settings (docs/providers/id360.md#endpoints): a correction found
 * on préproduction's Swagger reaches every call without a code change, and a bad one is refused.
 */

let bed: CustomBed | null = null;
afterEach(async () => {
  await bed?.stop();
  bed = null;
});

describe('ID360 inferred paths', () => {
  it('follows a corrected path from the settings, and refuses one that is not a path under the API', async () => {
    bed = await startCustomBed({ settings: { inferredPaths: { reportPdf: 'enrollment/{id}/report/pdf', enrollment: 'enrollment/{id}' } } });
    const g = bed.guichet;
    const created = await call(g, 'id360.enrollments.create', { processUuid: OPENING_PROCESS, clientReference: 'DOSSIER-CHEMINS', person: {}, lock: [] });
    bed.sim.control.finish(created.row.enrollmentId, 'OK');
    await bed.pass(created.row.localId);
    const id = created.row.enrollmentId;
    const paths = bed.sim.control.requests().map((r) => `${r.route} ${r.path}`);
    expect(paths).toContain(`reportPdf /api/1.0.0/enrollment/${id}/report/pdf`);
    expect(paths).not.toContain(`reportPdf /api/1.0.0/enrollment/${id}/report/pdf/`);
    expect(paths).toContain(`enrollment /api/1.0.0/enrollment/${id}`);
    expect((await call(g, 'id360.enrollments.get', { localId: created.row.localId })).keptMissing).toBe(0);

    for (const bad of ['https://ailleurs.example/api/{id}', '/enrollment/{id}/report/pdf/', 'enrollment/../../admin']) {
      await expect(call(g, 'settings.update', { providers: { id360: { inferredPaths: { reportPdf: bad } } } })).rejects.toMatchObject({ code: expect.stringMatching(/^(INVALID_INPUT|IPC_INVALID_PAYLOAD)$/) });
    }
    expect(g.settings.get().providers.id360.inferredPaths?.reportPdf).toBe('enrollment/{id}/report/pdf');
  });
});
