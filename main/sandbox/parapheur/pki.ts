import { X509Certificate, generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';

/**
 * Test PKI of the parapheur simulator. The CA is created on first run and reused afterwards so a
 * client identity imported once into the app (Sandbox mode) keeps working across restarts.
 */

export interface CertificateAuthority {
  keyPem: string;
  certPem: string;
}

export interface ServerIdentity {
  keyPem: string;
  certPem: string;
}

export interface ClientIdentity {
  p12: Buffer;
  password: string;
  email: string;
}

export interface IssueOptions {
  /** Where the e-mail goes: the subject DN (emailAddress), the SAN rfc822Name, or both (default). */
  emailIn?: 'subject' | 'san' | 'both';
  commonName?: string;
  password?: string;
  /**
   * Default true: the PKCS#12 also holds the test CA. Node then trusts that CA for the server too
   * (it adds a PKCS#12's CA certificates to the trust store); false reproduces a file holding the
   * user's certificate only, where the server's authority must be given separately.
   */
  chain?: boolean;
}

const DAY = 24 * 3600 * 1000;

function newRsaKey(): forge.pki.rsa.PrivateKey {
  // node:crypto is much faster than forge's pure-JS key generation.
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  return forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey;
}

function publicOf(key: forge.pki.rsa.PrivateKey): forge.pki.rsa.PublicKey {
  return forge.pki.setRsaPublicKey(key.n, key.e);
}

function serial(): string {
  // Positive serial: first hex digit below 8.
  return '1' + randomBytes(15).toString('hex');
}

export function createCertificateAuthority(commonName: string): CertificateAuthority {
  const key = newRsaKey();
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicOf(key);
  cert.serialNumber = serial();
  cert.validity.notBefore = new Date(Date.now() - DAY);
  cert.validity.notAfter = new Date(Date.now() + 3650 * DAY);
  const attrs = [
    { name: 'commonName', value: commonName },
    { name: 'organizationName', value: 'Guichet Sandbox' },
    { name: 'countryName', value: 'FR' },
  ];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(key, forge.md.sha256.create());
  return { keyPem: forge.pki.privateKeyToPem(key), certPem: forge.pki.certificateToPem(cert) };
}

function signedBy(
  ca: CertificateAuthority,
  subject: forge.pki.CertificateField[],
  extensions: object[],
  validDays: number,
): { key: forge.pki.rsa.PrivateKey; cert: forge.pki.Certificate; caCert: forge.pki.Certificate } {
  const caKey = forge.pki.privateKeyFromPem(ca.keyPem);
  const caCert = forge.pki.certificateFromPem(ca.certPem);
  const key = newRsaKey();
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicOf(key);
  cert.serialNumber = serial();
  cert.validity.notBefore = new Date(Date.now() - DAY);
  cert.validity.notAfter = new Date(Date.now() + validDays * DAY);
  cert.setSubject(subject);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    ...extensions,
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(caKey, forge.md.sha256.create());
  return { key, cert, caCert };
}

/** The names the sandbox server answers to; a test may issue a certificate for other names (host mismatch). */
export function issueServerIdentity(ca: CertificateAuthority, names: { dns: string[]; ips: string[] } = { dns: ['localhost'], ips: ['127.0.0.1'] }): ServerIdentity {
  const { key, cert } = signedBy(
    ca,
    [
      { name: 'commonName', value: names.dns[0] ?? names.ips[0] ?? 'localhost' },
      { name: 'organizationName', value: 'Guichet Sandbox' },
    ],
    [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [...names.dns.map((value) => ({ type: 2, value })), ...names.ips.map((ip) => ({ type: 7, ip }))],
      },
    ],
    825,
  );
  return { keyPem: forge.pki.privateKeyToPem(key), certPem: forge.pki.certificateToPem(cert) };
}

export function issueClientP12(ca: CertificateAuthority, email: string, opts: IssueOptions = {}): { p12: Buffer; password: string } {
  const emailIn = opts.emailIn ?? 'both';
  const subject: forge.pki.CertificateField[] = [
    { name: 'commonName', value: opts.commonName ?? email },
    { name: 'organizationName', value: 'Guichet Sandbox' },
  ];
  if (emailIn !== 'san') subject.push({ name: 'emailAddress', value: email });
  const extensions: object[] = [
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', clientAuth: true, emailProtection: true },
  ];
  if (emailIn !== 'subject') extensions.push({ name: 'subjectAltName', altNames: [{ type: 1, value: email }] });
  const { key, cert, caCert } = signedBy(ca, subject, extensions, 825);
  const password = opts.password ?? randomBytes(9).toString('base64url');
  // 3DES (not forge's default RC2-40): OpenSSL 3, hence Node, refuses legacy RC2 without the legacy provider.
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, opts.chain === false ? [cert] : [cert, caCert], password, {
    algorithm: '3des',
    friendlyName: email,
    generateLocalKeyId: true,
  });
  return { p12: Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary'), password };
}

/** Native X.509 (OpenSSL): forge's JS RSA verification cost tens of milliseconds at every start. */
function certStillValid(certPem: string, caCertPem: string): boolean {
  try {
    const cert = new X509Certificate(certPem);
    const ca = new X509Certificate(caCertPem);
    return Date.parse(cert.validTo) > Date.now() + DAY && cert.checkIssued(ca) && cert.verify(ca.publicKey);
  } catch {
    return false;
  }
}

export interface SimulatorPki {
  ca: CertificateAuthority;
  server: ServerIdentity;
  depositUser: ClientIdentity;
  /** A CA nobody trusts: its client certificates must be refused during the TLS handshake. */
  foreignCa(): CertificateAuthority;
}

export const SANDBOX_P12_PASSWORD = 'guichet-sandbox';

/** Loads <dir>/ca.*, server.*, deposit-user.p12, creating what is missing. */
export function loadOrCreatePki(dir: string, depositEmail: string): SimulatorPki {
  mkdirSync(dir, { recursive: true });
  const caKeyPath = join(dir, 'ca.key.pem');
  const caCertPath = join(dir, 'ca.cert.pem');
  let ca: CertificateAuthority;
  let caCreated = false;
  if (existsSync(caKeyPath) && existsSync(caCertPath)) {
    ca = { keyPem: readFileSync(caKeyPath, 'utf8'), certPem: readFileSync(caCertPath, 'utf8') };
  } else {
    ca = createCertificateAuthority('Guichet Sandbox CA (FAST Parapheur simulé)');
    writeFileSync(caKeyPath, ca.keyPem, { mode: 0o600 });
    writeFileSync(caCertPath, ca.certPem);
    caCreated = true;
  }

  const srvKeyPath = join(dir, 'server.key.pem');
  const srvCertPath = join(dir, 'server.cert.pem');
  let server: ServerIdentity;
  if (!caCreated && existsSync(srvKeyPath) && existsSync(srvCertPath) && certStillValid(readFileSync(srvCertPath, 'utf8'), ca.certPem)) {
    server = { keyPem: readFileSync(srvKeyPath, 'utf8'), certPem: readFileSync(srvCertPath, 'utf8') };
  } else {
    server = issueServerIdentity(ca);
    writeFileSync(srvKeyPath, server.keyPem, { mode: 0o600 });
    writeFileSync(srvCertPath, server.certPem);
  }

  const p12Path = join(dir, 'deposit-user.p12');
  const metaPath = join(dir, 'deposit-user.json');
  let depositUser: ClientIdentity | null = null;
  if (!caCreated && existsSync(p12Path) && existsSync(metaPath)) {
    try {
      const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as { email?: string; password?: string };
      if (meta.email === depositEmail && typeof meta.password === 'string') {
        depositUser = { p12: readFileSync(p12Path), password: meta.password, email: depositEmail };
      }
    } catch {
      depositUser = null;
    }
  }
  if (!depositUser) {
    const issued = issueClientP12(ca, depositEmail, { commonName: 'Sophie GARNIER', password: SANDBOX_P12_PASSWORD });
    depositUser = { ...issued, email: depositEmail };
    writeFileSync(p12Path, issued.p12, { mode: 0o600 });
    writeFileSync(metaPath, JSON.stringify({ email: depositEmail, password: issued.password }, null, 2), { mode: 0o600 });
  }

  let foreign: CertificateAuthority | null = null;
  return {
    ca,
    server,
    depositUser,
    foreignCa: () => (foreign ??= createCertificateAuthority('Autorité étrangère (non reconnue)')),
  };
}
