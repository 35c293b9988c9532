import { clerkMessage, clerkText, thrownBy } from '../../support/clerkText.js';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Guichet } from '../../../main/composition.js';
import { loadPreseedFile } from '../../../main/core/settings/preseed.js';
import { testConnectionWith } from '../parapheur-client/simulatorFixture.js';
import { startParapheurSimulator, type ParapheurSimulator, type ParapheurSimulatorOptions } from '../../../main/sandbox/parapheur/index.js';
import { createCertificateAuthority, issueServerIdentity } from '../../../main/sandbox/parapheur/pki.js';
import type { SettingsPatch } from '../../../shared/domain/settings.js';
import { call, makePdf, stage, startTestGuichet, tempDir } from './guichetHarness.js';

/**
 * Guichet configured as a clerk does against a FAST server of its own (custom address, SIREN, .p12,
 * the server's certificate authority), not through the Sandbox shortcut.
 */
let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

async function server(options: Partial<ParapheurSimulatorOptions> = {}) {
  const dir = tempDir('guichet-config-sim-');
  const sim = await startParapheurSimulator({ dataDir: dir, autoAdvance: false, pollRule: 'off', persist: false, ...options });
  cleanups.push(async () => {
    await sim.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return sim;
}

type ParapheurPatch = NonNullable<NonNullable<SettingsPatch['providers']>['parapheur']>;

/** Guichet pointed at `sim` with the clerk's certificate imported through Réglages (no CA yet unless preseeded). */
async function guichetFor(sim: ParapheurSimulator, preseed: ParapheurPatch = {}) {
  const dir = tempDir('guichet-config-');
  const guichet = await startTestGuichet(dir, {
    preseed: { providers: { parapheur: { environment: 'custom', customBaseUrl: sim.baseUrl, siren: sim.siren, ...preseed } } },
  });
  cleanups.push(async () => {
    await guichet.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  // The user's certificate alone, as FAST's issuer may deliver it: a PKCS#12 carrying the test CA
  // would make Node trust the server through it, and hide what a missing authority does.
  const identity = sim.issueClientIdentity(sim.clientIdentity.email, { chain: false });
  const p12 = path.join(dir, 'agent.p12');
  fs.writeFileSync(p12, identity.p12);
  await call(guichet, 'parapheur.certificate.import', { fileId: await stage(guichet, p12), password: identity.password });
  return { guichet, dir };
}

async function importAuthority(guichet: Guichet, dir: string, pem: string, name = 'autorite-fast.pem') {
  const file = path.join(dir, name);
  fs.writeFileSync(file, pem);
  return call(guichet, 'parapheur.serverAuthority.import', { fileId: await stage(guichet, file) });
}

describe('FAST configuration against a server of its own', () => {
  it('says the server’s authority is unknown until the clerk imports it, then connects', async () => {
    const sim = await server();
    const { guichet, dir } = await guichetFor(sim);

    const before = await call(guichet, 'providers.testConnection', { provider: 'parapheur' });
    expect(before).toMatchObject({ ok: false });
    expect(clerkText(before)).toMatch(/autorité de certification inconnue/);
    expect(clerkText(before)).toMatch(/importez le certificat de l’autorité du serveur/);
    expect(clerkText(before)).not.toMatch(/vérifiez l’adresse/);

    const status = await importAuthority(guichet, dir, sim.caCertPem);
    expect(status).toMatchObject({ configured: true, sandbox: false });
    expect(status.authorities[0]!.subject).toMatch(/Guichet Sandbox CA/);
    // Kept as a setting (it is public), so the pre-seed file and Réglages are one place.
    expect(guichet.settings.get().providers.parapheur.caBundle).toContain('-----BEGIN CERTIFICATE-----');

    const after = await call(guichet, 'providers.testConnection', { provider: 'parapheur' });
    expect(after).toMatchObject({ ok: true });

    const cleared = await call(guichet, 'parapheur.serverAuthority.clear', {});
    expect(cleared).toMatchObject({ configured: false, authorities: [] });
    expect(clerkText(await call(guichet, 'providers.testConnection', { provider: 'parapheur' }))).toMatch(/autorité de certification inconnue/);
  });

  it('refuses a file that holds no certificate, and keeps the authority already there', async () => {
    const sim = await server();
    const { guichet, dir } = await guichetFor(sim);
    await importAuthority(guichet, dir, sim.caCertPem);
    await expect(importAuthority(guichet, dir, 'ceci n’est pas un certificat\n', 'notes.pem')).rejects.toMatchObject({ code: 'CA_INVALID' });
    expect(await call(guichet, 'parapheur.serverAuthority.status', {})).toMatchObject({ configured: true });
    expect((await call(guichet, 'providers.testConnection', { provider: 'parapheur' })).ok).toBe(true);
  });

  it('takes the authority from the administrator’s pre-seed file (caBundleFile next to it)', async () => {
    const sim = await server();
    const adminDir = tempDir('guichet-admin-');
    cleanups.push(async () => fs.rmSync(adminDir, { recursive: true, force: true }));
    fs.writeFileSync(path.join(adminDir, 'fast-ca.pem'), sim.caCertPem);
    const configFile = path.join(adminDir, 'guichet.json');
    fs.writeFileSync(configFile, JSON.stringify({ providers: { parapheur: { caBundleFile: 'fast-ca.pem' } } }));
    const preseed = loadPreseedFile(configFile);

    const { guichet } = await guichetFor(sim, preseed.providers!.parapheur!);
    expect(await call(guichet, 'parapheur.serverAuthority.status', {})).toMatchObject({ configured: true, authorities: [{ subject: expect.stringMatching(/Guichet Sandbox CA/) }] });
    expect(await call(guichet, 'providers.testConnection', { provider: 'parapheur' })).toMatchObject({ ok: true });

    fs.writeFileSync(configFile, JSON.stringify({ providers: { parapheur: { caBundleFile: 'absent.pem' } } }));
    expect(clerkMessage(thrownBy(() => loadPreseedFile(configFile)))).toMatch(/caBundleFile — fichier .*absent\.pem » introuvable/);
  });

  it('tells a server certificate issued for another name from an unknown authority', async () => {
    const sim = await server();
    // A server on 127.0.0.1 whose certificate names another host, from an authority the client trusts.
    const ca = createCertificateAuthority('Autorité de test (autre serveur)');
    const identity = issueServerIdentity(ca, { dns: ['autre-serveur.example'], ips: [] });
    const other = https.createServer({ key: identity.keyPem, cert: identity.certPem }, (_req, res) => res.end('[]'));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => other.close(() => resolve())));
    const port = (other.address() as AddressInfo).port;

    const result = await testConnectionWith({
      baseUrl: `https://127.0.0.1:${port}/`,
      siren: sim.siren,
      pfx: sim.clientIdentity.p12,
      passphrase: sim.clientIdentity.password,
      ca: ca.certPem,
    });
    expect(result.ok).toBe(false);
    expect(clerkText(result)).toMatch(/ne correspond pas à cette adresse/);
    expect(clerkText(result)).not.toMatch(/autorité/);
  });
});

describe('FAST circuits whatever the profile labels', () => {
  it('lists every circuit the certificate’s user appears in, with the label FAST gives (DEPOSANT), without the simulator listing', async () => {
    const sim = await server({ circuitListing: false, profileLabels: { depositor: 'DEPOSANT' } });
    const { guichet, dir } = await guichetFor(sim);
    await importAuthority(guichet, dir, sim.caCertPem);

    const circuits = await call(guichet, 'parapheur.circuits.refresh', {});
    const expected = sim.circuits
      .filter((c) => c.siren === sim.siren && c.id !== 'circuit-a-la-volee' && c.depositors.some((d) => d.toLowerCase() === sim.clientIdentity.email))
      .map((c) => c.id);
    expect(expected.length).toBeGreaterThan(1);
    expect(circuits.map((c) => c.id).sort()).toEqual([...expected].sort());
    for (const c of circuits) expect(c.profiles).toEqual(['DEPOSANT']);
    // The book keeps them: the next listing (what the page shows first) has them and their label.
    expect((await call(guichet, 'parapheur.circuits.list', {})).map((c) => c.profiles)).toEqual(circuits.map((c) => c.profiles));
  });

  it('surfaces a 403 on the user export instead of answering an empty list', async () => {
    const sim = await server({ circuitListing: false });
    const { guichet, dir } = await guichetFor(sim);
    await importAuthority(guichet, dir, sim.caCertPem);
    sim.faults.update({ forcedStatus: 403, forcedBody: '', onlyPaths: /exportUsersData/ });
    await expect(call(guichet, 'parapheur.circuits.refresh', {})).rejects.toMatchObject({ code: 'CERT_REFUSED' });
    expect(await call(guichet, 'parapheur.circuits.list', {})).toEqual([]);
  });
});

describe('FAST file name of a deposit', () => {
  it('sends exactly the name the deposit dialog showed', async () => {
    const sim = await server({ circuitListing: false });
    const { guichet, dir } = await guichetFor(sim);
    await importAuthority(guichet, dir, sim.caCertPem);
    const fileIds = [await stage(guichet, makePdf(dir, 'Arrêté du maire n°12.pdf'))];
    const target = { kind: 'circuit' as const, circuitId: 'courrier-visa-signature' };

    const shown = await call(guichet, 'parapheur.deposit.check', { target, label: 'Voirie', fileIds });
    const again = await call(guichet, 'parapheur.deposit.check', { target, label: 'Voirie', fileIds });
    expect(again[0]!.providerName).toBe(shown[0]!.providerName);
    expect(shown[0]!.providerName).toMatch(/^Arrete_du_maire_n_12_[0-9a-f]{8}\.pdf$/);

    const submitted = await call(guichet, 'parapheur.deposit.submit', { target, label: 'Voirie', fileIds });
    expect(submitted.accepted[0]!.providerName).toBe(shown[0]!.providerName);
  });
});
