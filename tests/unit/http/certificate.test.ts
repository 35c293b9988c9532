import { clerkMessage } from '../../support/clerkText.js';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GuichetError } from '../../../shared/ipc/errors.js';
import { createHttpsAgent, describeCertificate } from '../../../main/core/http/certificate.js';
import { createTestCa, issueClientP12, issueServerCertificate, type TestCa } from './testCertificates.js';
import { ecSanOnlyP12Base64, ecSanOnlyP12Password, legacyRsaP12Base64, legacyRsaP12Password } from './pkcs12Fixtures.js';

const DAY = 24 * 3600 * 1000;

function errorOf(fn: () => unknown): GuichetError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(GuichetError);
    return e as GuichetError;
  }
  throw new Error('expected an error');
}

function certPemFromP12(p12: Buffer, password: string): string {
  const parsed = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(p12.toString('binary')), false, password);
  const certBag = forge.pki.oids.certBag as string;
  const bag = parsed.getBags({ bagType: certBag })[certBag]?.[0];
  if (!bag?.cert) throw new Error('no certificate');
  return forge.pki.certificateToPem(bag.cert);
}

let ca: TestCa;
beforeAll(() => {
  ca = createTestCa();
});

describe('describeCertificate', () => {
  it('reads subject, e-mail, issuer, validity and fingerprint', () => {
    const notAfter = new Date(Date.now() + 10 * DAY);
    const { p12, password, certPem } = issueClientP12(ca, { email: 'Alice.Exemple@Example.fr', commonName: 'Alice Exemple', notAfter });
    const d = describeCertificate(p12, password);
    const x509 = new X509Certificate(certPem);
    expect(d).toMatchObject({
      subject: 'CN=Alice Exemple, emailAddress=Alice.Exemple@Example.fr',
      commonName: 'Alice Exemple',
      email: 'alice.exemple@example.fr',
      issuer: 'CN=Guichet Test CA',
      fingerprint256: x509.fingerprint256,
      serialNumber: x509.serialNumber,
    });
    expect(Math.abs(new Date(d.notAfter).getTime() - notAfter.getTime())).toBeLessThan(1000);
    expect(d.notBefore < d.notAfter).toBe(true);
  });

  it('picks the certificate matching the key when the file carries the chain', () => {
    const { p12, password } = issueClientP12(ca, { email: 'chain@example.fr', includeChain: true });
    expect(describeCertificate(p12, password).email).toBe('chain@example.fr');
  });

  it('reads EC identities and falls back to the SAN e-mail', () => {
    const d = describeCertificate(Buffer.from(ecSanOnlyP12Base64, 'base64'), ecSanOnlyP12Password);
    expect(d.email).toBe('courbe@example.fr');
    expect(d.commonName).toBe('Agent Courbe');
  });

  it('reads legacy (RC2) PKCS#12 files', () => {
    expect(describeCertificate(Buffer.from(legacyRsaP12Base64, 'base64'), legacyRsaP12Password).email).toBe('ancien@example.fr');
  });

  it('explains a wrong password and a file that is not a PKCS#12', () => {
    const { p12 } = issueClientP12(ca, { email: 'a@example.fr' });
    const wrong = errorOf(() => describeCertificate(p12, 'pas le bon'));
    expect(wrong.code).toBe('CERT_PASSWORD');
    expect(clerkMessage(wrong)).toBe('Le mot de passe du certificat est incorrect.');
    expect(errorOf(() => describeCertificate(Buffer.from(ca.certPem), 'x')).code).toBe('CERT_INVALID_FILE');
  });
});

describe('createHttpsAgent', () => {
  it('accepts a valid identity', () => {
    const { p12, password } = issueClientP12(ca, { email: 'ok@example.fr' });
    const agent = createHttpsAgent({ pfx: p12, passphrase: password, ca: ca.certPem });
    expect(agent).toBeInstanceOf(https.Agent);
    agent.destroy();
  });

  it('reports a wrong password in French, before any request', () => {
    const { p12 } = issueClientP12(ca, { email: 'ok@example.fr' });
    const e = errorOf(() => createHttpsAgent({ pfx: p12, passphrase: 'faux' }));
    expect(e.code).toBe('CERT_PASSWORD');
    expect(clerkMessage(e)).toBe('Le mot de passe du certificat est incorrect.');
    expect(JSON.stringify(e.toIpc())).not.toContain('faux');
  });

  it('reports files that are not PKCS#12', () => {
    for (const pfx of [Buffer.from(ca.certPem), Buffer.from('hello'), Buffer.alloc(0), Buffer.from([0x30, 0x82, 0x01])]) {
      const e = errorOf(() => createHttpsAgent({ pfx, passphrase: 'x' }));
      expect(e.code).toBe('CERT_INVALID_FILE');
      expect(clerkMessage(e)).toMatch(/PKCS#12/);
    }
  });

  it('reports a PKCS#12 without private key', () => {
    const { p12, password } = issueClientP12(ca, { email: 'nokey@example.fr', withoutKey: true });
    expect(errorOf(() => createHttpsAgent({ pfx: p12, passphrase: password })).code).toBe('CERT_NO_KEY');
  });

  it('reports an expired certificate with its date, and a not-yet-valid one', () => {
    const expired = issueClientP12(ca, { email: 'old@example.fr', notBefore: new Date('2020-01-01T00:00:00Z'), notAfter: new Date('2023-03-12T12:00:00Z') });
    const e = errorOf(() => createHttpsAgent({ pfx: expired.p12, passphrase: expired.password }));
    expect(e.code).toBe('CERT_EXPIRED');
    expect(clerkMessage(e)).toMatch(/^Le certificat a expiré le 12\/03\/2023\./);
    const future = issueClientP12(ca, { email: 'new@example.fr', notBefore: new Date(Date.now() + 5 * DAY), notAfter: new Date(Date.now() + 50 * DAY) });
    expect(errorOf(() => createHttpsAgent({ pfx: future.p12, passphrase: future.password })).code).toBe('CERT_NOT_YET_VALID');
    // The clock is injectable: the same identity is fine at a date within its validity.
    const agent = createHttpsAgent({ pfx: expired.p12, passphrase: expired.password, now: () => new Date('2022-06-01T00:00:00Z') });
    agent.destroy();
  });

  it('refuses an unreadable CA bundle', () => {
    const { p12, password } = issueClientP12(ca, { email: 'ok@example.fr' });
    expect(errorOf(() => createHttpsAgent({ pfx: p12, passphrase: password, ca: 'not a pem' })).code).toBe('CA_INVALID');
  });

  describe('over a real mutual-TLS connection', () => {
    let server: https.Server;
    let port: number;
    const legacy = Buffer.from(legacyRsaP12Base64, 'base64');

    beforeAll(async () => {
      const serverCert = issueServerCertificate(ca);
      server = https.createServer(
        {
          key: serverCert.keyPem,
          cert: serverCert.certPem,
          // The legacy fixture is self-signed: trust it directly.
          ca: [ca.certPem, certPemFromP12(legacy, legacyRsaP12Password)],
          requestCert: true,
          rejectUnauthorized: true,
        },
        (req, res) => {
          const peer = (req.socket as TLSSocket).getPeerCertificate();
          res.end(String(peer.subject?.emailAddress ?? ''));
        },
      );
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    });
    afterAll(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });

    function whoAmI(agent: https.Agent): Promise<string> {
      return new Promise((resolve, reject) => {
        https
          .get({ host: '127.0.0.1', port, path: '/', agent }, (res) => {
            let body = '';
            res.setEncoding('utf8');
            res.on('data', (c: string) => (body += c));
            res.on('end', () => resolve(body));
          })
          .on('error', reject);
      });
    }

    it('presents a modern identity', async () => {
      const { p12, password } = issueClientP12(ca, { email: 'moderne@example.fr', includeChain: true });
      const agent = createHttpsAgent({ pfx: p12, passphrase: password, ca: ca.certPem });
      expect(await whoAmI(agent)).toBe('moderne@example.fr');
      agent.destroy();
    });

    it('presents a legacy (RC2) identity that OpenSSL 3 cannot load itself', async () => {
      const agent = createHttpsAgent({ pfx: legacy, passphrase: legacyRsaP12Password, ca: ca.certPem });
      expect(await whoAmI(agent)).toBe('ancien@example.fr');
      agent.destroy();
    });
  });
});
