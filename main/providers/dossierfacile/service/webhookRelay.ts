import { z } from 'zod';
import type { ProviderDeps } from '../../../core/modules/providerModule.js';
import { isGuichetError } from '../../../../shared/ipc/errors.js';
import { acceptWebhook } from '../webhooks.js';

/**
 * DossierFacile's webhooks through the organisation's relay (docs/providers/dossierfacile.md#relay),
 * on the design of ID360's (docs/providers/id360.md#relay): a desktop cannot be called from the
 * internet, so DossierFacile posts to the relay, which keeps each webhook as it came (body and
 * `x-api-key`), and Guichet pulls them over an outbound call. Each one is checked here with the
 * module of webhooks.ts against the key kept in the vault, then taken as a hint: the tenant it names
 * is re-read from the partner API at once (the periodic sync stays the source of truth).
 */

/** Between two pulls (wall clock): a relayed webhook reaches the tenant list within this. */
export const relayPullEveryMs = 15_000;

/** What the relay answers to `GET dossierfacile/webhooks?after=<seq>`: what it kept, in arrival order. */
export const relayInboxSchema = z.looseObject({
  items: z.array(
    z.looseObject({
      seq: z.number().int().nonnegative(),
      /** The `x-api-key` header DossierFacile sent, as received (null: none). */
      apiKey: z.string().max(1000).nullish(),
      /** The webhook's body, as received (JSON text). */
      body: z.string().max(4 * 1024 * 1024),
    }),
  ),
});

export interface RelayPullResult {
  /** Webhooks read from the relay. */
  received: number;
  /** Tenants they named, each re-read (in order, once per pull). */
  tenants: number[];
  /** Webhooks refused: wrong or missing key, unreadable body. */
  refused: number;
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

export function createWebhookRelay(deps: ProviderDeps, opts: { resync(tenantId: number): Promise<void> }) {
  let after = 0;
  /** The relay `after` counts for: another relay numbers from the start. */
  let afterOf: string | null = null;
  let pulling: Promise<RelayPullResult> | null = null;

  const relayUrl = (): string | null => deps.settings.get().providers.dossierfacile.webhookRelayUrl ?? null;

  async function pullOnce(): Promise<RelayPullResult> {
    const relay = relayUrl();
    if (!relay) return { received: 0, tenants: [], refused: 0 };
    const key = (await deps.vault.get('dossierfacile.callbackApiKey')) ?? null;
    if (afterOf !== relay) {
      afterOf = relay;
      after = 0;
    }
    const { createHttpClient } = await import('../../../core/http/httpClient.js');
    const http = createHttpClient({ baseURL: withSlash(relay), serviceName: 'DossierFacile', transferTimeoutMs: 30_000, logger: deps.logger });
    const res = await http.get<unknown>('dossierfacile/webhooks', {
      params: { after },
      headers: { Accept: 'application/json', ...(key ? { 'x-api-key': key } : {}) },
      responseType: 'json',
      validateStatus: () => true,
    });
    if (res.status < 200 || res.status >= 300) {
      deps.logger.warn('dossierfacile relay refused the pull', { status: res.status });
      return { received: 0, tenants: [], refused: 0 };
    }
    const inbox = relayInboxSchema.safeParse(res.data);
    if (!inbox.success) {
      deps.logger.warn('dossierfacile relay answered an unexpected shape', { issues: inbox.error.issues.slice(0, 3).map((i) => i.path.join('.')) });
      return { received: 0, tenants: [], refused: 0 };
    }
    const tenants: number[] = [];
    let refused = 0;
    for (const item of inbox.data.items) {
      after = Math.max(after, item.seq);
      try {
        const payload = acceptWebhook({ headers: { 'x-api-key': item.apiKey ?? undefined }, body: item.body }, key);
        if (!tenants.includes(payload.onTenantId)) tenants.push(payload.onTenantId);
      } catch (e) {
        refused++;
        deps.logger.warn('dossierfacile relayed webhook refused', { code: isGuichetError(e) ? e.code : 'INTERNAL' });
      }
    }
    for (const tenantId of tenants) {
      // A re-read that fails is left to the next sync, which reads every tenant updated since its cursor.
      await opts.resync(tenantId).catch((e: unknown) => deps.logger.warn('dossierfacile tenant not re-read after a webhook', { code: isGuichetError(e) ? e.code : 'INTERNAL' }));
    }
    return { received: inbox.data.items.length, tenants, refused };
  }

  return {
    /** One pull now (tests, and the timer); concurrent asks share it. */
    pull(): Promise<RelayPullResult> {
      pulling ??= pullOnce().finally(() => {
        pulling = null;
      });
      return pulling;
    },
    configured: (): boolean => relayUrl() !== null,
  };
}
export type WebhookRelay = ReturnType<typeof createWebhookRelay>;
