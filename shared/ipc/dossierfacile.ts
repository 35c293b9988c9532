import { z } from 'zod';
import { channel, type ChannelSpec } from './define.js';
import { isAcceptedProviderUrl } from '../domain/providerUrl.js';
import { dfcAccessSchema, dfcConnectStepSchema, dfcTenantFileSchema, dfcTenantRowSchema } from '../domain/dossierfacile.js';

const localId = z.object({ localId: z.number().int().positive() });
const attemptId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);
const listCursor = z.object({ sortName: z.string(), localId: z.number().int() });
const hostText = z.object({ key: z.string(), params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional() });

export const dfcSyncStateSchema = z.object({
  running: z.boolean(),
  lastRunAt: z.string().nullable(),
  /** The last run's failure, as a catalogue entry (null when it went through). */
  lastError: hostText.extend({ code: z.string() }).nullable(),
  changed: z.number().int().nullable(),
  /** The last run that went through (lastRunAt is the last attempt's). */
  lastSuccessAt: z.string().nullable(),
  /** PDFs still to download (purged copies excepted). */
  waiting: z.number().int(),
  /** The last run could not reach DossierFacile (network): « DossierFacile injoignable pour le moment ». */
  unreachable: z.boolean(),
});

/**
 * The partner settings DossierFacile keeps (docs/providers/dossierfacile.md#partner-api), as the page
 * sees them: the callback API key is a secret, kept in the vault; the page only learns whether one is set.
 */
export const dfcPartnerSettingsViewSchema = z.object({
  /** The partner's name at DossierFacile: read-only (a PATCH ignores it). */
  name: z.string(),
  /** The technical contact e-mail. */
  email: z.string().nullable(),
  /** Where DossierFacile posts its webhooks; null: no webhook. */
  callbackUrl: z.string().nullable(),
  /** Whether DossierFacile sends an `x-api-key` with its webhooks (the key itself stays in main). */
  callbackApiKeySet: z.boolean(),
});
export type DfcPartnerSettingsView = z.infer<typeof dfcPartnerSettingsViewSchema>;

/** A callback address: https, or http towards this computer (the simulator and a local relay); empty turns webhooks off. */
const callbackUrl = z
  .string()
  .trim()
  .max(2000, { message: 'dossierfacile:partnerSettings.errors.urlTooLong' })
  .refine((v) => v === '' || isAcceptedProviderUrl(v), { message: 'dossierfacile:partnerSettings.errors.callbackUrl' });

export const dfcPartnerSettingsPatchSchema = z
  .object({
    email: z.string().trim().max(254, { message: 'dossierfacile:partnerSettings.errors.emailTooLong' }).email({ message: 'dossierfacile:partnerSettings.errors.email' }).optional(),
    callbackUrl: callbackUrl.optional(),
    /** `generate`: main draws a new key, sends it to DossierFacile and keeps it in the vault; `remove`: no key any more. */
    callbackApiKey: z.enum(['generate', 'remove']).optional(),
  })
  .strict();

export const dossierfacileChannels = {
  /**
   * « Connecter un locataire »: starts the sign-in at the counter and answers at once; where it
   * stands comes as `dossierfacile.connect.progress` events with the same attempt id.
   */
  'dossierfacile.connect.start': channel(
    z.object({
      loginHint: z.string().trim().email().max(254).optional(),
      /** Started from this case folder of the Archive: the tenant's files join it (docs/architecture.md#archive). */
      archiveCaseId: z.number().int().positive().optional(),
    }),
    z.object({ attemptId }),
  ),
  'dossierfacile.connect.cancel': channel(z.object({ attemptId }), z.object({ ok: z.literal(true) })),
  'dossierfacile.tenants.list': channel(
    z.object({
      search: z.string().max(100).optional(),
      statuses: z.array(z.string().min(1).max(40)).max(10).optional(),
      access: z.array(dfcAccessSchema).max(4).optional(),
      limit: z.number().int().min(1).max(1000).default(200),
      after: listCursor.optional(),
    }),
    z.object({ items: z.array(dfcTenantRowSchema), next: listCursor.nullable(), total: z.number().int() }),
  ),
  'dossierfacile.tenants.file': channel(localId, dfcTenantFileSchema),
  /** Downloads what is missing of the tenant's PDFs into the blob store. */
  'dossierfacile.tenants.fetchFiles': channel(localId, dfcTenantFileSchema),
  /**
   * « Télécharger à nouveau »: the copies purged from the Archive may be downloaded again; they are
   * downloaded at once (the next syncs would also bring them).
   */
  'dossierfacile.tenants.redownload': channel(localId, dfcTenantFileSchema),
  /** Really deletes the tenant's local copy and files; the journal keeps that a purge happened. */
  'dossierfacile.tenants.purge': channel(localId.extend({ confirm: z.literal(true) }), z.object({ filesDeleted: z.number().int() })),
  /** The partner settings at DossierFacile (service token); the callback API key never leaves main. */
  'dossierfacile.partnerSettings.get': channel(z.object({}).strict(), dfcPartnerSettingsViewSchema),
  'dossierfacile.partnerSettings.update': channel(dfcPartnerSettingsPatchSchema, dfcPartnerSettingsViewSchema),
  /**
   * « Actualiser »: the tenant's file read again with the tenant's own token (refreshed from the
   * vault). A dead refresh token turns the tenant to « reconnexion nécessaire ».
   */
  'dossierfacile.tenants.refresh': channel(localId, dfcTenantFileSchema),
  'dossierfacile.sync.run': channel(z.object({}).strict(), dfcSyncStateSchema),
  'dossierfacile.sync.state': channel(z.object({}).strict(), dfcSyncStateSchema),
} satisfies Record<string, ChannelSpec>;

export const dossierfacileEvents = {
  'dossierfacile.connect.progress': z.object({
    attemptId,
    step: dfcConnectStepSchema,
    /** The sign-in page: opened by the desktop app, or by the page itself under the web host. */
    authorizationUrl: z.string().url().optional(),
    /** Whether Guichet opened the system browser itself (desktop app). */
    opened: z.boolean().optional(),
    tenant: dfcTenantRowSchema.optional(),
    error: hostText.extend({ code: z.string() }).optional(),
  }),
  'dossierfacile.tenant.changed': dfcTenantRowSchema,
  'dossierfacile.tenant.purged': z.object({ localId: z.number().int() }),
  'dossierfacile.sync.changed': dfcSyncStateSchema,
} satisfies Record<string, z.ZodType>;
