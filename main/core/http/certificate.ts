import https from 'node:https';
import tls from 'node:tls';
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { GuichetError } from '../../../shared/ipc/errors.js';
import { invalidCaCode, oneLineDn, readCaBundle } from './caBundle.js';

/** Error codes raised while reading a client identity (PKCS#12 file + password). */
export const certificateErrorCodes = {
  wrongPassword: 'CERT_PASSWORD',
  invalidFile: 'CERT_INVALID_FILE',
  noPrivateKey: 'CERT_NO_KEY',
  expired: 'CERT_EXPIRED',
  notYetValid: 'CERT_NOT_YET_VALID',
  invalidCa: invalidCaCode,
} as const;

export interface ClientIdentityOptions {
  pfx: Buffer;
  passphrase: string;
  /** Extra trusted roots for the server certificate (sandbox, private PKI). Never disables verification. */
  ca?: string | Buffer;
  keepAlive?: boolean;
  /** Clock used for the validity check (tests). */
  now?: () => Date;
}

export interface CertificateDescription {
  /** Subject DN on one line, e.g. "CN=Alice Exemple, emailAddress=alice@example.fr". */
  subject: string;
  commonName: string | null;
  /** E-mail FAST uses to map the certificate to a user: subject emailAddress, else SAN rfc822Name. */
  email: string | null;
  issuer: string;
  /** ISO-8601. */
  notBefore: string;
  notAfter: string;
  /** SHA-256 fingerprint, colon-separated upper-case hex (as shown by browsers and openssl). */
  fingerprint256: string;
  serialNumber: string;
}

interface DecodedIdentity {
  leaf: X509Certificate;
  chain: X509Certificate[];
  privateKey: KeyObject;
}

const messages = {
  wrongPassword: { key: 'app:hostErrors.certificate.wrongPassword' },
  invalidFile: { key: 'app:hostErrors.certificate.invalidFile' },
  noPrivateKey: { key: 'app:hostErrors.certificate.noPrivateKey' },
  invalidCa: { key: 'app:hostErrors.certificate.invalidCa' },
};

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function isWrongPasswordMessage(message: string): boolean {
  // OpenSSL: "mac verify failure"; node-forge: "PKCS#12 MAC could not be verified. Invalid password?".
  return /mac verify failure|mac could not be verified|invalid password|bad decrypt/i.test(message);
}

/**
 * Decodes the PKCS#12 with node-forge. Node's OpenSSL 3 refuses the legacy algorithms (RC2, 3DES
 * with SHA-1 MAC) that many issuers still use, forge reads them all; the private key and the
 * certificates are handed back to node:crypto immediately so that forge never signs anything.
 */
function decodeWithForge(pfx: Buffer, passphrase: string): DecodedIdentity {
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(pfx.toString('binary')));
    p12 = forge.pkcs12.pkcs12FromAsn1(asn1, false, passphrase);
  } catch (e) {
    if (isWrongPasswordMessage(errorText(e))) throw new GuichetError(certificateErrorCodes.wrongPassword, messages.wrongPassword);
    throw new GuichetError(certificateErrorCodes.invalidFile, messages.invalidFile);
  }
  const certificates: X509Certificate[] = [];
  const keys: KeyObject[] = [];
  for (const contents of p12.safeContents) {
    for (const bag of contents.safeBags) {
      // forge leaves `cert`/`key` null for algorithms it cannot model (EC keys, EC certificates)
      // and keeps the ASN.1 in `asn1`; both paths end up as DER for node:crypto.
      const raw = bag as typeof bag & { asn1?: forge.asn1.Asn1 };
      try {
        if (bag.type === forge.pki.oids.certBag) {
          const asn1 = bag.cert ? forge.pki.certificateToAsn1(bag.cert) : raw.asn1;
          if (asn1) certificates.push(new X509Certificate(Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary')));
        } else if (bag.type === forge.pki.oids.pkcs8ShroudedKeyBag || bag.type === forge.pki.oids.keyBag) {
          const asn1 = bag.key
            ? forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(bag.key as forge.pki.rsa.PrivateKey))
            : raw.asn1;
          if (asn1) {
            const der = Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
            keys.push(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }));
          }
        }
      } catch {
        throw new GuichetError(certificateErrorCodes.invalidFile, messages.invalidFile);
      }
    }
  }
  if (keys.length === 0) throw new GuichetError(certificateErrorCodes.noPrivateKey, messages.noPrivateKey);
  if (certificates.length === 0) throw new GuichetError(certificateErrorCodes.invalidFile, messages.invalidFile);
  // A .p12 often carries the issuing chain too: the identity is the certificate matching the key.
  for (const key of keys) {
    const leaf = certificates.find((c) => safeCheckPrivateKey(c, key));
    if (leaf) return { leaf, chain: certificates.filter((c) => c !== leaf), privateKey: key };
  }
  throw new GuichetError(certificateErrorCodes.noPrivateKey, messages.noPrivateKey);
}

function safeCheckPrivateKey(cert: X509Certificate, key: KeyObject): boolean {
  try {
    return cert.checkPrivateKey(key);
  } catch {
    return false;
  }
}

function dnAttribute(dn: string, names: string[]): string | null {
  for (const line of dn.split('\n')) {
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const name = line.slice(0, eq).trim();
    if (names.some((n) => n.toLowerCase() === name.toLowerCase())) return line.slice(eq + 1).trim();
  }
  return null;
}

function emailOf(cert: X509Certificate): string | null {
  const fromSubject = dnAttribute(cert.subject, ['emailAddress', 'E', 'email']);
  if (fromSubject) return fromSubject.toLowerCase();
  // FAST falls back to the SAN rfc822Name when the subject has no e-mail.
  const san = cert.subjectAltName ?? '';
  const match = /(?:^|,\s*)email:([^,\s]+)/i.exec(san);
  return match?.[1] ? match[1].toLowerCase() : null;
}

function describe(cert: X509Certificate): CertificateDescription {
  return {
    subject: oneLineDn(cert.subject),
    commonName: dnAttribute(cert.subject, ['CN']),
    email: emailOf(cert),
    issuer: oneLineDn(cert.issuer),
    notBefore: new Date(cert.validFrom).toISOString(),
    notAfter: new Date(cert.validTo).toISOString(),
    fingerprint256: cert.fingerprint256,
    serialNumber: cert.serialNumber,
  };
}

/**
 * What the settings screen shows when a certificate is imported (and what lets the app warn
 * before it expires). Throws the same GuichetErrors as {@link createHttpsAgent}.
 */
export function describeCertificate(pfx: Buffer, passphrase: string): CertificateDescription {
  return describe(decodeWithForge(pfx, passphrase).leaf);
}

function assertValidity(cert: X509Certificate, now: Date): void {
  const notAfter = new Date(cert.validTo);
  const notBefore = new Date(cert.validFrom);
  if (notAfter.getTime() < now.getTime()) {
    throw new GuichetError(certificateErrorCodes.expired, {
      key: 'app:hostErrors.certificate.expired',
      params: { date: notAfter.toISOString() },
      details: { notAfter: notAfter.toISOString() },
    });
  }
  if (notBefore.getTime() > now.getTime()) {
    throw new GuichetError(certificateErrorCodes.notYetValid, {
      key: 'app:hostErrors.certificate.notYetValid',
      params: { date: notBefore.toISOString() },
      details: { notBefore: notBefore.toISOString() },
    });
  }
}

/** OpenSSL silently ignores a CA bundle it cannot read: check every block ourselves. */
function assertReadableCa(ca: string | Buffer): void {
  try {
    tls.createSecureContext({ ca: readCaBundle(ca).pem });
  } catch {
    throw new GuichetError(certificateErrorCodes.invalidCa, messages.invalidCa);
  }
}

function toPem(cert: X509Certificate): string {
  return cert.toString();
}

/**
 * An https.Agent presenting the clerk's client certificate (FAST authenticates by mutual TLS only).
 * The identity is checked now, not at the first request, so that a wrong password or an expired
 * certificate is reported when it is imported, in words the clerk understands.
 */
export function createHttpsAgent(options: ClientIdentityOptions): https.Agent {
  const { pfx, passphrase, ca } = options;
  const keepAlive = options.keepAlive ?? true;
  const now = options.now?.() ?? new Date();

  if (ca !== undefined) assertReadableCa(ca);

  let nodeReadsPfx = true;
  try {
    tls.createSecureContext({ pfx, passphrase });
  } catch (e) {
    const message = errorText(e);
    const code = (e as { code?: string }).code;
    if (isWrongPasswordMessage(message)) {
      throw new GuichetError(certificateErrorCodes.wrongPassword, messages.wrongPassword);
    }
    if (code === 'ERR_CRYPTO_UNSUPPORTED_OPERATION' || /unsupported/i.test(message)) {
      // Legacy PKCS#12 encryption (RC2/3DES): OpenSSL 3 needs its legacy provider, forge does not.
      nodeReadsPfx = false;
    } else if (/key values mismatch|unable to load private key/i.test(message)) {
      throw new GuichetError(certificateErrorCodes.noPrivateKey, messages.noPrivateKey);
    } else {
      throw new GuichetError(certificateErrorCodes.invalidFile, messages.invalidFile);
    }
  }

  const identity = decodeWithForge(pfx, passphrase);
  assertValidity(identity.leaf, now);

  const common: https.AgentOptions = {
    keepAlive,
    // Node's `ca` replaces the default roots: the extra authorities are added to them, so that a
    // bundle holding only an intermediate, or a server with a public certificate, still verifies.
    ...(ca !== undefined ? { ca: [...tls.rootCertificates, readCaBundle(ca).pem] } : {}),
    // The server certificate is always verified: some FAST clients disable it, we must not.
    rejectUnauthorized: true,
  };
  if (nodeReadsPfx) return new https.Agent({ ...common, pfx, passphrase });
  return new https.Agent({
    ...common,
    key: identity.privateKey.export({ format: 'pem', type: 'pkcs8' }),
    cert: [identity.leaf, ...identity.chain].map(toPem).join('\n'),
  });
}
