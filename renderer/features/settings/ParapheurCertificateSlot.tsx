/**
 * SLOT — PKCS#12 client-certificate import for FAST Parapheur (secret `parapheur.certificate`).
 * Reserved for the Parapheur feature: it will pick the .p12/.pfx file, send it to main through the
 * vault and show whether a certificate is configured. Renders nothing until then.
 */
export function ParapheurCertificateSlot(): null {
  return null;
}
