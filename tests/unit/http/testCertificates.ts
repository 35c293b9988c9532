import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

/** A throw-away PKI for TLS tests: a CA, server certificates for 127.0.0.1, client PKCS#12 files. */

export interface TestCa {
  certPem: string;
  keyPem: string;
  cert: forge.pki.Certificate;
  key: forge.pki.rsa.PrivateKey;
}

const DAY = 24 * 3600 * 1000;

function rsaKey(): forge.pki.rsa.PrivateKey {
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  return forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey;
}

function baseCertificate(key: forge.pki.rsa.PrivateKey, notBefore: Date, notAfter: Date): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.serialNumber = `1${randomBytes(12).toString('hex')}`;
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = notAfter;
  return cert;
}

export function createTestCa(commonName = 'Guichet Test CA'): TestCa {
  const key = rsaKey();
  const cert = baseCertificate(key, new Date(Date.now() - DAY), new Date(Date.now() + 365 * DAY));
  const attrs = [{ name: 'commonName', value: commonName }];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
  ]);
  cert.sign(key, forge.md.sha256.create());
  return { cert, key, certPem: forge.pki.certificateToPem(cert), keyPem: forge.pki.privateKeyToPem(key) };
}

export function issueServerCertificate(ca: TestCa, host = '127.0.0.1'): { certPem: string; keyPem: string } {
  const key = rsaKey();
  const cert = baseCertificate(key, new Date(Date.now() - DAY), new Date(Date.now() + 30 * DAY));
  cert.setSubject([{ name: 'commonName', value: host }]);
  cert.setIssuer(ca.cert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: /^\d+\.\d+\.\d+\.\d+$/.test(host) ? [{ type: 7, ip: host }] : [{ type: 2, value: host }] },
  ]);
  cert.sign(ca.key, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: forge.pki.privateKeyToPem(key) };
}

export interface ClientP12Options {
  email?: string;
  commonName?: string;
  password?: string;
  notBefore?: Date;
  notAfter?: Date;
  /** Put the CA certificate in the PKCS#12 too (as issuers' files often do). */
  includeChain?: boolean;
  /** A PKCS#12 with the certificates only. */
  withoutKey?: boolean;
}

export function issueClientP12(ca: TestCa, opts: ClientP12Options = {}): { p12: Buffer; password: string; certPem: string } {
  const key = rsaKey();
  const cert = baseCertificate(key, opts.notBefore ?? new Date(Date.now() - DAY), opts.notAfter ?? new Date(Date.now() + 30 * DAY));
  const subject: forge.pki.CertificateField[] = [{ name: 'commonName', value: opts.commonName ?? 'Agent Test' }];
  if (opts.email) subject.push({ name: 'emailAddress', value: opts.email });
  cert.setSubject(subject);
  cert.setIssuer(ca.cert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
    { name: 'extKeyUsage', clientAuth: true },
  ]);
  cert.sign(ca.key, forge.md.sha256.create());
  const password = opts.password ?? 'mot-de-passe';
  const chain = opts.includeChain ? [cert, ca.cert] : [cert];
  const asn1 = forge.pkcs12.toPkcs12Asn1(opts.withoutKey ? null : key, chain, password, { algorithm: '3des' });
  return { p12: Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary'), password, certPem: forge.pki.certificateToPem(cert) };
}
