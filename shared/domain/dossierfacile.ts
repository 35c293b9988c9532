import { z } from 'zod';
import { describeProvider, httpsUrl, providerConnectionFields } from './providerSettings.js';
import { DFC_DEFAULT_CALLBACK_PATH, dfcAccessStates, dfcConnectSteps } from './dossierfacileVocabulary.js';

export * from './dossierfacileVocabulary.js';

/**
 * DossierFacile Connect (rental files): what every runtime knows of it. Facts in
 * docs/providers/dossierfacile.md. Its API and its sign-in service (SSO) live on different hosts:
 * `customBaseUrl` is the API, `customSsoBaseUrl` the sign-in service (#environments).
 */

export const dossierfacileSettingsSchema = z.object({
  ...providerConnectionFields,
  /** The sign-in service for the custom environment (`https://…/auth`). */
  customSsoBaseUrl: httpsUrl.optional(),
  /** The partner client issued by DossierFacile; its secret (if confidential) is in the vault. */
  clientId: z.string().trim().min(1).max(200).optional(),
  /** Path of the loopback redirect URI registered with DossierFacile (#oauth). */
  callbackPath: z
    .string()
    .trim()
    .regex(/^\/[A-Za-z0-9._~/-]{0,199}$/, { message: 'doit commencer par / (lettres, chiffres, - _ . ~ /)' })
    .default(DFC_DEFAULT_CALLBACK_PATH),
  /**
   * The organisation's relay that receives DossierFacile's webhooks for Guichet, which pulls them
   * (docs/providers/dossierfacile.md#relay); without one, only the periodic sync follows changes.
   */
  webhookRelayUrl: httpsUrl.optional(),
  /** Minutes between two automatic « Synchroniser » (a desktop receives no webhook, #webhooks). */
  syncPeriodMinutes: z.number().int().min(5).max(1440).default(30),
});
export type DossierfacileSettings = z.infer<typeof dossierfacileSettingsSchema>;

export const dossierfacileProvider = describeProvider({
  id: 'dossierfacile',
  settings: dossierfacileSettingsSchema,
  knownBaseUrls: {
    preprod: 'https://api-preprod.dossierfacile.fr/',
    production: 'https://api.dossierfacile.logement.gouv.fr/',
  },
  secretKeys: ['dossierfacile.clientSecret', 'dossierfacile.callbackApiKey', 'dossierfacile.refreshTokens'],
  // The tenants' refresh tokens are written by the connection, never typed: lost, the tenant reconnects.
  automaticSecretKeys: ['dossierfacile.refreshTokens'],
});

/** The sign-in service per environment (docs/providers/dossierfacile.md#environments). */
export const dossierfacileKnownSsoBaseUrls = {
  preprod: 'https://sso-preprod.dossierfacile.fr/auth',
  production: 'https://sso.dossierfacile.logement.gouv.fr',
} as const;

// ── Tenants as the page shows them ───────────────────────────────────────

export const dfcAccessSchema = z.enum(dfcAccessStates);
export type DfcAccess = z.infer<typeof dfcAccessSchema>;
export const dfcConnectStepSchema = z.enum(dfcConnectSteps);

export const dfcTenantRowSchema = z.object({
  localId: z.number().int(),
  tenantId: z.number().int(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  email: z.string().nullable(),
  /** As DossierFacile gives it (open: an unknown value is shown as is). */
  status: z.string(),
  applicationType: z.string().nullable(),
  access: dfcAccessSchema,
  accessChangedAt: z.string().nullable(),
  lastSyncedAt: z.string().nullable(),
  /** DossierFacile's own date of the file's last change (Paris local time). */
  lastUpdateDate: z.string().nullable(),
  filesKept: z.number().int(),
  filesMissing: z.number().int(),
  /** When the local copies of the file as it is now were purged from the Archive (the latest), or null. */
  purgedAt: z.string().nullable(),
});
export type DfcTenantRow = z.infer<typeof dfcTenantRowSchema>;

const sha = z.string().regex(/^[0-9a-f]{64}$/);

export const dfcDocumentViewSchema = z.object({
  documentId: z.number().int(),
  category: z.string(),
  subCategory: z.string().nullable(),
  status: z.string(),
  /** The automatic analysis: informative only, never blocking (#profile). */
  analysis: z.string().nullable(),
  analysisMessages: z.array(z.string()),
  deniedReasons: z.array(z.string()),
  /** The kept PDF, when Guichet has it and may still show it. */
  sha256: sha.nullable(),
  /** Its local copy was purged from the Archive: not downloaded again until the clerk asks. */
  purged: z.boolean(),
});
export type DfcDocumentView = z.infer<typeof dfcDocumentViewSchema>;

export const dfcGuarantorViewSchema = z.object({
  id: z.number().int(),
  /** NATURAL_PERSON, LEGAL_PERSON, ORGANISM (open). */
  type: z.string(),
  name: z.string(),
  documents: z.array(dfcDocumentViewSchema),
});

export const dfcPersonViewSchema = z.object({
  id: z.number().int(),
  /** CREATE (main tenant) or JOIN (invited), open. */
  type: z.string().nullable(),
  name: z.string(),
  email: z.string().nullable(),
  status: z.string(),
  /** The tenant this row is about (a couple's file shows both). */
  self: z.boolean(),
  documents: z.array(dfcDocumentViewSchema),
  guarantors: z.array(dfcGuarantorViewSchema),
});
export type DfcPersonView = z.infer<typeof dfcPersonViewSchema>;

export const dfcTenantFileSchema = z.object({
  row: dfcTenantRowSchema,
  applicationType: z.string().nullable(),
  fileStatus: z.string().nullable(),
  tenants: z.array(dfcPersonViewSchema),
  /** The whole file's PDF, kept. */
  dossierPdfSha256: sha.nullable(),
  /** When local copies of this file were last purged from the Archive (« Copies locales supprimées le … »), or null. */
  purgedAt: z.string().nullable(),
});
export type DfcTenantFile = z.infer<typeof dfcTenantFileSchema>;
