import { clerkMessage, clerkText } from '../../support/clerkText.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createParapheurClient } from '../../../main/providers/parapheur/client.js';
import { rejectionOf, startSimulatorFixture, testConnectionWith, type SimulatorFixture } from './simulatorFixture.js';

let fx: SimulatorFixture;

beforeAll(async () => {
  fx = await startSimulatorFixture();
});
afterAll(async () => {
  await fx?.stop();
});

describe('client certificate', () => {
  it('a certificate from a foreign CA is refused during the TLS handshake → CERT_REFUSED', async () => {
    const foreign = fx.sim.issueClientIdentity(fx.sim.clientIdentity.email, { foreignCa: true });
    const client = fx.client({ pfx: foreign.p12, passphrase: foreign.password });
    const e = await rejectionOf(client.history('320074101'));
    expect(e.code).toBe('CERT_REFUSED');
    const test = await client.testConnection();
    expect(test.ok).toBe(false);
    expect(test.code).toBe('CERT_REFUSED');
    expect(clerkText(test)).toMatch(/^Le certificat a été refusé par FAST Parapheur/);
  });

  it('a foreign certificate on an upload is CERT_REFUSED too, and nothing is filed', async () => {
    const foreign = fx.sim.issueClientIdentity('intrus@example.fr', { foreignCa: true });
    const client = fx.client({ pfx: foreign.p12, passphrase: foreign.password });
    const before = fx.sim.control.uploadCount();
    const e = await rejectionOf(client.uploadToCircuit({ circuitId: 'courrier-visa-signature', file: fx.pdf('intrus.pdf') }));
    expect(e.code).toBe('CERT_REFUSED');
    expect(fx.sim.control.uploadCount()).toBe(before);
  });

  it('a valid certificate of an unknown user gets 403 → CERT_REFUSED', async () => {
    const stranger = fx.sim.issueClientIdentity('inconnu@example.fr');
    const client = fx.client({ pfx: stranger.p12, passphrase: stranger.password });
    const e = await rejectionOf(client.remaining('ack'));
    expect(e.code).toBe('CERT_REFUSED');
    expect(e.details).toMatchObject({ httpStatus: 403 });
    expect((await client.testConnection()).code).toBe('CERT_REFUSED');
  });

  it('the e-mail may come from the SAN only', async () => {
    const sanOnly = fx.sim.issueClientIdentity(fx.sim.clientIdentity.email, { emailIn: 'san' });
    const client = fx.client({ pfx: sanOnly.p12, passphrase: sanOnly.password });
    expect((await client.testConnection()).ok).toBe(true);
  });

  it('a wrong PKCS#12 password is reported before any request', async () => {
    const e = await rejectionOf(Promise.resolve().then(() => createParapheurClient(fx.connection({ passphrase: 'mauvais' }))));
    expect(e.code).toBe('CERT_PASSWORD');
    expect(clerkMessage(e)).toBe('Le mot de passe du certificat est incorrect.');
    const verdict = await testConnectionWith(fx.connection({ passphrase: 'mauvais' }));
    expect(verdict).toEqual({ ok: false, code: 'CERT_PASSWORD', key: 'app:hostErrors.certificate.wrongPassword' });
    expect(clerkText(verdict)).toBe('Le mot de passe du certificat est incorrect.');
    expect(clerkText(verdict, 'en')).toBe('The certificate password is wrong.');
  });
});

describe('SIREN', () => {
  it('a SIREN the user does not belong to → FORBIDDEN_SIREN (100)', async () => {
    const client = fx.client({ siren: fx.sim.otherSiren });
    const e = await rejectionOf(client.uploadToCircuit({ circuitId: 'cc-courrier', file: fx.pdf('autre.pdf') }));
    expect(e.code).toBe('FORBIDDEN_SIREN');
    expect(e.details).toMatchObject({ providerCode: 100 });
    const test = await client.testConnection();
    expect(test).toMatchObject({ ok: false, code: 'FORBIDDEN_SIREN' });
    expect(clerkText(test)).toContain(fx.sim.otherSiren);
  });

  it('an unknown SIREN → UNKNOWN_SIREN (111)', async () => {
    const client = fx.client({ siren: fx.sim.unknownSiren });
    expect((await rejectionOf(client.remaining('chorus'))).code).toBe('UNKNOWN_SIREN');
    expect(await client.testConnection()).toMatchObject({ ok: false, code: 'UNKNOWN_SIREN' });
  });

  it('an invalid SIREN is refused locally', async () => {
    expect(await testConnectionWith(fx.connection({ siren: '123456789' }))).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
  });
});

describe('server address', () => {
  it('an unreachable host is explained', async () => {
    const stopped = await startSimulatorFixture();
    const connection = stopped.connection();
    await stopped.stop();
    const result = await testConnectionWith(connection, { connectTimeoutMs: 3000 });
    expect(result).toMatchObject({ ok: false, code: 'UNREACHABLE' });
    expect(clerkText(result)).toMatch(/^Le serveur 127\.0\.0\.1:\d+ est injoignable/);
  });

  it('http:// addresses are refused (mutual TLS only)', async () => {
    expect(await testConnectionWith(fx.connection({ baseUrl: fx.sim.baseUrl.replace('https:', 'http:') }))).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
    });
  });
});
