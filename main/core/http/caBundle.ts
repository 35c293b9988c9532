import { X509Certificate } from 'node:crypto';
import { GuichetError } from '../../../shared/ipc/errors.js';

/** Code of the error raised for an unreadable certificate-authority file. */
export const invalidCaCode = 'CA_INVALID';

/** What the settings screen shows of one trusted authority. */
export interface AuthorityDescription {
  subject: string;
  /** ISO-8601. */
  notAfter: string;
}

const pemBlocks = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/** "CN=Alice, O=Mairie" from Node's one-attribute-per-line distinguished names. */
export function oneLineDn(dn: string): string {
  return dn
    .split('\n')
    .map((part) => part.trim())
    .filter(Boolean)
    .join(', ');
}

/**
 * Reads a certificate-authority file as administrators receive them: PEM with one or more
 * certificates (anything else in the file, a private key included, is left out), or a single DER
 * certificate (.cer/.crt from Windows). OpenSSL silently skips a block it cannot read, so every
 * block is parsed here and a bad one is refused with a clear message.
 */
export function readCaBundle(data: string | Buffer): { pem: string; authorities: AuthorityDescription[] } {
  const text = typeof data === 'string' ? data : data.toString('latin1');
  const blocks = text.match(pemBlocks) ?? [];
  try {
    const certificates =
      blocks.length > 0
        ? blocks.map((block) => new X509Certificate(block))
        : Buffer.isBuffer(data) && data.length > 0
          ? [new X509Certificate(data)]
          : [];
    if (certificates.length === 0) throw new Error('no certificate');
    return {
      pem: `${certificates.map((c) => c.toString().trim()).join('\n')}\n`,
      authorities: certificates.map((c) => ({ subject: oneLineDn(c.subject), notAfter: new Date(c.validTo).toISOString() })),
    };
  } catch {
    throw new GuichetError(invalidCaCode, { key: 'app:hostErrors.certificate.unreadableCa' });
  }
}
