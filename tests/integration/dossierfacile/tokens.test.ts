import { describe, expect, it } from 'vitest';
import { dfcErrorCodes, dfcErrorFromStatus } from '../../../main/providers/dossierfacile/errors.js';
import { createTenantTokens, type RefreshTokenVault } from '../../../main/providers/dossierfacile/tokens.js';
import { startDossierFacileSimulator } from '../../../main/sandbox/dossierfacile/index.js';
import { connectSandboxTenant, dossierFacileTestBed } from './sandboxTenant.js';

const bed = dossierFacileTestBed();

function memoryVault(): RefreshTokenVault & { values: Map<string, string> } {
  const values = new Map<string, string>();
  return {
    values,
    get: async (k) => values.get(k) ?? null,
    set: async (k, v) => void values.set(k, v),
    delete: async (k) => void values.delete(k),
  };
}

function connectMarie() {
  return connectSandboxTenant(bed.browser, bed.sim, 'marie.dupont@example.org');
}

async function profile(token: string) {
  const r = await fetch(`${bed.sim.origin}/dfc/tenant/profile`, { headers: { authorization: `Bearer ${token}` } });
  if (!r.ok) throw dfcErrorFromStatus(r.status, 'profile');
  return (await r.json()) as { connectedTenantId: number };
}

describe('tenant tokens: refresh, rotation, revocation', () => {
  it('a 401 refreshes once, the rotated refresh token replaces the old one in the vault, and every caller gets through', async () => {
    bed.sim = await startDossierFacileSimulator();
    const { realm, set } = await connectMarie();
    const vault = memoryVault();
    const tokens = createTenantTokens({ realm, vault });
    await tokens.connected('413', set);
    expect(vault.values.get('413')).toBe(set.refreshToken);

    // The simulator forgets nothing: a bad token stands for one the API no longer accepts.
    let first = true;
    const calls = await Promise.all(
      [1, 2, 3].map(() =>
        tokens.withAccessToken('413', async (token) => {
          if (first) {
            first = false;
            return profile('expired.' + token);
          }
          return profile(token);
        }),
      ),
    );
    expect(calls.map((c) => c.connectedTenantId)).toEqual([413, 413, 413]);
    const rotated = vault.values.get('413');
    expect(rotated).toBeTruthy();
    expect(rotated).not.toBe(set.refreshToken);
  });

  it('a revoked access turns the next refresh into « reconnexion nécessaire » and forgets the refresh token', async () => {
    bed.sim = await startDossierFacileSimulator();
    const { realm, set } = await connectMarie();
    const vault = memoryVault();
    const told: string[] = [];
    const tokens = createTenantTokens({ realm, vault, onReconnectRequired: (k) => told.push(k) });
    await tokens.connected('413', set);
    await bed.sim.control.revoke(413);
    await expect(tokens.withAccessToken('413', profile)).rejects.toMatchObject({ code: dfcErrorCodes.forbidden });
    await expect(tokens.withAccessToken('413', async (t) => profile('x' + t))).rejects.toMatchObject({ code: dfcErrorCodes.reconnectRequired });
    expect(told).toEqual(['413']);
    expect(vault.values.has('413')).toBe(false);
  });
});
