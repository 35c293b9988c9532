import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { dfcError, dfcErrorCodes } from './errors.js';
import { localDateTimeSchema, tenantSchema } from './schemas.js';

/**
 * DossierFacile's webhooks (docs/providers/dossierfacile.md#webhooks), for an organisation relay
 * that forwards them to Guichet: the `x-api-key` check and the payload shapes. A webhook is a hint
 * (no signature, no event id, one attempt): the receiver re-reads the tenant, the sync stays the
 * source of truth.
 */

const opt = <T extends z.ZodType>(schema: T) => schema.nullish();

// Webhook documents carry no token, analysis or denied reasons; tenants add `ownerType` and an unreliable `partnerLinked`.
const webhookTenantSchema = tenantSchema.extend({
  ownerType: opt(z.string()),
  partnerLinked: opt(z.boolean()),
});

/** Every event but ACCESS_REVOKED: the file as it stands (before deletion, for DELETED_ACCOUNT). */
export const applicationWebhookSchema = z.looseObject({
  id: z.number().int(),
  applicationType: opt(z.string()),
  /** Open: unknown event types are accepted (COMPLETED_ACCOUNT is announced). */
  partnerCallBackType: z.string().min(1),
  onTenantId: z.number().int(),
  dossierUrl: opt(z.string()),
  dossierPdfUrl: opt(z.string()),
  dossierPdfDocumentStatus: opt(z.string()),
  status: opt(z.string()),
  tenants: z.array(webhookTenantSchema).nullish().transform((t) => t ?? []),
  lastUpdateDate: opt(localDateTimeSchema),
});

/** ACCESS_REVOKED is only `{partnerCallBackType, onTenantId}`. */
export const accessRevokedWebhookSchema = z.looseObject({
  partnerCallBackType: z.literal('ACCESS_REVOKED'),
  onTenantId: z.number().int(),
});

export const webhookPayloadSchema = z.union([accessRevokedWebhookSchema, applicationWebhookSchema]);
export type DfcWebhookPayload = z.infer<typeof webhookPayloadSchema>;

/**
 * Whether the received `x-api-key` is the configured one, in constant time: both sides are hashed
 * first so that neither the content nor the length leaks through timing. No configured key refuses all.
 */
export function webhookKeyMatches(received: string | readonly string[] | undefined, expected: string | null | undefined): boolean {
  if (!expected || typeof received !== 'string' || received === '') return false;
  const a = createHash('sha256').update(received, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

export interface ReceivedWebhook {
  /** Header names in lower case, as node gives them. */
  headers: Record<string, string | readonly string[] | undefined>;
  /** The raw body (JSON text). */
  body: string | Buffer;
}

/** Checks the key, then the payload; refuses with a coded error (the relay answers 401 or 400). */
export function acceptWebhook(received: ReceivedWebhook, expectedApiKey: string | null | undefined): DfcWebhookPayload {
  if (!webhookKeyMatches(received.headers['x-api-key'], expectedApiKey)) {
    throw dfcError(dfcErrorCodes.webhookKeyRefused, 'dossierfacile:errors.webhookKeyRefused');
  }
  let json: unknown;
  try {
    json = JSON.parse(typeof received.body === 'string' ? received.body : received.body.toString('utf8'));
  } catch {
    throw dfcError(dfcErrorCodes.webhookMalformed, 'dossierfacile:errors.webhookMalformed', { reason: 'json' });
  }
  const parsed = webhookPayloadSchema.safeParse(json);
  if (!parsed.success) {
    throw dfcError(dfcErrorCodes.webhookMalformed, 'dossierfacile:errors.webhookMalformed', { reason: 'shape' }, { issues: parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`) });
  }
  return parsed.data;
}
