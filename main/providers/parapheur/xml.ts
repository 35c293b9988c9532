import { GuichetError } from '../../../shared/ipc/errors.js';
import { normalizeEmail, toE164 } from './normalize.js';

export interface MetadataEntry {
  name: string;
  value: string;
}

export interface OtpSigner {
  firstName: string;
  lastName: string;
  phone: string;
  email: string;
}

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';

/** Characters XML 1.0 cannot carry at all, even escaped (control characters, lone surrogates, U+FFFE/F). */
// eslint-disable-next-line no-control-regex -- the characters XML 1.0 forbids are control characters
const ILLEGAL_XML_CHAR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * `what` names the value for the clerk: a metadata (`{ metadata: 'TEXT_001' }`) or an OTP signer's
 * first or last name; the catalogue words it (`parapheur:hostErrors.input.xmlControl_…`).
 */
function assertXmlText(value: string, what: { context: 'metadata'; name: string } | { context: 'firstName' | 'lastName' }): void {
  if (ILLEGAL_XML_CHAR.test(value)) {
    throw new GuichetError('INVALID_INPUT', { key: 'parapheur:hostErrors.input.xmlControl', params: { ...what } });
  }
}

/**
 * Escapes an attribute value. Tabs and line breaks are written as character references because
 * XML attribute-value normalisation would otherwise turn them into spaces.
 */
export function escapeXmlAttribute(value: string): string {
  return value.replace(/[&<>"'\t\n\r]/g, (c) => {
    switch (c) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      case "'":
        return '&apos;';
      case '\t':
        return '&#9;';
      case '\n':
        return '&#10;';
      default:
        return '&#13;';
    }
  });
}

const METADATA_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,127}$/;

/** The `<meta-data-list>` document of uploadMeta and of the OTP information (docs/providers/fast-parapheur.md#metadata-and-otp). */
export function buildMetadataXml(entries: readonly MetadataEntry[]): string {
  const lines = [XML_DECLARATION, '<meta-data-list>'];
  for (const entry of entries) {
    const name = String(entry.name ?? '');
    const value = String(entry.value ?? '');
    if (!METADATA_NAME.test(name)) {
      throw new GuichetError('INVALID_INPUT', { key: 'parapheur:hostErrors.input.metadataName', params: { name: name.slice(0, 60) } });
    }
    assertXmlText(value, { context: 'metadata', name });
    lines.push(`  <meta-data name="${escapeXmlAttribute(name)}" value="${escapeXmlAttribute(value)}"/>`);
  }
  lines.push('</meta-data-list>');
  return `${lines.join('\n')}\n`;
}

function requiredName(value: string, what: 'firstName' | 'lastName'): string {
  const trimmed = String(value ?? '').trim();
  if (trimmed === '') throw new GuichetError('INVALID_INPUT', { key: 'parapheur:hostErrors.input.otpNameMissing', params: { context: what } });
  assertXmlText(trimmed, { context: what });
  return trimmed;
}

/**
 * The OTP information document: one group of four entries per OTP step, suffixed with the 0-based
 * position of that step among the OTP steps. Phones go out in E.164 (SMS delivery fails with the
 * national format), e-mails trimmed and lower-cased.
 */
export function buildOtpInformationXml(signers: readonly OtpSigner[], defaultCountry = 'FR'): string {
  if (signers.length === 0) {
    throw new GuichetError('INVALID_INPUT', { key: 'parapheur:hostErrors.input.otpNoSigner' });
  }
  const entries: MetadataEntry[] = [];
  signers.forEach((signer, i) => {
    entries.push(
      { name: `OTP_firstname_${i}`, value: requiredName(signer.firstName, 'firstName') },
      { name: `OTP_lastname_${i}`, value: requiredName(signer.lastName, 'lastName') },
      { name: `OTP_phonenumber_${i}`, value: toE164(signer.phone, defaultCountry) },
      { name: `OTP_email_${i}`, value: normalizeEmail(signer.email) },
    );
  });
  return buildMetadataXml(entries);
}
