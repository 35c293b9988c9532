import { afterEach, describe, expect, it } from 'vitest';
import { call, startTestGuichet, tempDir } from '../parapheur/guichetHarness.js';
import { clerkMessage, clerkText } from '../../support/clerkText.js';
import type { Guichet } from '../../../main/composition.js';

/**
 * Réglages › DossierFacile › « Paramètres partenaire » against the simulator's
 * `GET/PATCH /dfc/api/v1/settings` (service token): the technical e-mail and the notification
 * address change at DossierFacile, bad input is refused in the clerk's French with nothing sent, and
 * the notification key goes to DossierFacile and the vault, never to the page.
 */

let guichet: Guichet | null = null;
afterEach(async () => {
  await guichet?.stop();
  guichet = null;
});

async function start() {
  guichet = await startTestGuichet(tempDir('guichet-dfc-partner-'), { timeScale: 60, preseed: { providers: { dossierfacile: { environment: 'sandbox' } } } });
  return guichet;
}

describe('DossierFacile partner settings', () => {
  it('reads and changes what DossierFacile keeps, refuses bad input in French, and keeps the notification key out of the page', async () => {
    const g = await start();
    const read = await call(g, 'dossierfacile.partnerSettings.get', {});
    expect(read).toEqual({ name: 'dfconnect-guichet', email: 'technique@guichet.example', callbackUrl: null, callbackApiKeySet: false });
    const sim = await g.sandbox!.ensure('dossierfacile');

    // DossierFacile lower-cases the e-mail (docs/providers/dossierfacile.md#partner-api).
    const changed = await call(g, 'dossierfacile.partnerSettings.update', { email: '  Technique.Logement@Mairie.example ' });
    expect(changed.email).toBe('technique.logement@mairie.example');
    expect(sim.control.settings().email).toBe('technique.logement@mairie.example');
    expect(g.journal.list({ limit: 20 }).some((e) => e.action === 'dossierfacile.partnerSettings.update')).toBe(true);

    // A typo and a plain-http address: refused before DossierFacile, each on its field, in French.
    const patches = sim.control.requests().filter((r) => r.method === 'PATCH').length;
    const refused = await call(g, 'dossierfacile.partnerSettings.update', { email: 'technique@', callbackUrl: 'http://relais.mairie.example/dossierfacile/webhook' }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'IPC_INVALID_PAYLOAD' });
    const issues = (refused as { details: { issues: { path: string; key: string }[] } }).details.issues;
    // The page places each sentence under its field.
    expect(issues.map((i) => [i.path, clerkText(i)])).toEqual([
      ['email', 'Adresse e-mail non valide : vérifiez-la (par exemple technique@mairie.fr).'],
      ['callbackUrl', 'Adresse non valide : elle doit commencer par https://.'],
    ]);
    expect(sim.control.requests().filter((r) => r.method === 'PATCH').length).toBe(patches);
    expect(sim.control.settings().email).toBe('technique.logement@mairie.example');

    // The notification address and a new key: the key reaches DossierFacile and the vault, not the answer.
    const withKey = await call(g, 'dossierfacile.partnerSettings.update', { callbackUrl: 'https://relais.mairie.example/dossierfacile/webhook', callbackApiKey: 'generate' });
    expect(withKey).toEqual({ name: 'dfconnect-guichet', email: 'technique.logement@mairie.example', callbackUrl: 'https://relais.mairie.example/dossierfacile/webhook', callbackApiKeySet: true });
    const key = sim.control.settings().callbackApiKey!;
    expect(key.length).toBeGreaterThanOrEqual(40);
    expect(await g.vault.get('dossierfacile.callbackApiKey')).toBe(key);
    expect(JSON.stringify(withKey)).not.toContain(key);
    expect(JSON.stringify(await call(g, 'dossierfacile.partnerSettings.get', {}))).not.toContain(key);
    expect(JSON.stringify(g.journal.list({ limit: 50 }))).not.toContain(key);
    expect((await call(g, 'secrets.status', {}))['dossierfacile.callbackApiKey']).toBe(true);

    // A replaced key replaces the kept one; an empty address turns the notifications off.
    await call(g, 'dossierfacile.partnerSettings.update', { callbackApiKey: 'generate' });
    expect(sim.control.settings().callbackApiKey).not.toBe(key);
    expect(await g.vault.get('dossierfacile.callbackApiKey')).toBe(sim.control.settings().callbackApiKey);
    const off = await call(g, 'dossierfacile.partnerSettings.update', { callbackUrl: '' });
    expect(off.callbackUrl).toBeNull();
    expect(sim.control.settings().callbackUrl).toBeNull();
    // The name is DossierFacile's: no request can change it.
    const named = await call(g, 'dossierfacile.partnerSettings.update', { name: 'autre' } as never).catch((e: unknown) => e);
    expect(named).toMatchObject({ code: 'IPC_INVALID_PAYLOAD' });
    expect(sim.control.settings().name).toBe('dfconnect-guichet');
  });

  it('says when DossierFacile cannot be reached, in French', async () => {
    const g = await start();
    const sim = await g.sandbox!.ensure('dossierfacile');
    sim.faults.update({ resetRate: 1 });
    const failed = await call(g, 'dossierfacile.partnerSettings.get', {}).catch((e: unknown) => e);
    expect(clerkMessage(failed)).toMatch(/DossierFacile/);
    expect(clerkMessage(failed)).not.toMatch(/inattendue/);
  });
});
