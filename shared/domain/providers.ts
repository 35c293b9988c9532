import { z } from 'zod';

export const providerIds = ['parapheur', 'id360', 'dossierfacile'] as const;
export const providerIdSchema = z.enum(providerIds);
export type ProviderId = z.infer<typeof providerIdSchema>;

export const environmentSchema = z.enum(['sandbox', 'preprod', 'production', 'custom']);
export type Environment = z.infer<typeof environmentSchema>;

/**
 * Known base URLs per provider and environment. `sandbox` is resolved at run time to the
 * in-process simulator's ephemeral port; `custom` comes from the settings.
 */
export const knownBaseUrls: Record<ProviderId, { preprod: string; production: string }> = {
  parapheur: {
    preprod: 'https://demo-parapheur.dfast.fr/parapheur-ws/rest/v1/',
    production: 'https://parapheur.dfast.fr/parapheur-ws/rest/v1/',
  },
  id360: {
    preprod: 'https://preprod.id360docaposte.com/api/1.0.0/',
    production: 'https://id360docaposte.com/api/1.0.0/',
  },
  dossierfacile: {
    preprod: 'https://api-preprod.dossierfacile.fr/',
    production: 'https://api.dossierfacile.fr/',
  },
};

/** Secrets the vault may hold. The renderer only ever learns whether each one is configured. */
export const secretKeys = [
  'parapheur.certificate',
  'parapheur.certificatePassword',
  // Sandbox mode: the simulator's test identity, imported automatically so that the sandbox path is
  // the production path (vault → https.Agent) and not a shortcut.
  'parapheur.sandboxCertificate',
  'parapheur.sandboxCertificatePassword',
  /** Optional CA bundle (PEM) for a FAST host whose chain the OS does not trust. */
  'parapheur.caBundle',
  'id360.password',
  'dossierfacile.clientSecret',
] as const;
export const secretKeySchema = z.enum(secretKeys);
export type SecretKey = z.infer<typeof secretKeySchema>;
