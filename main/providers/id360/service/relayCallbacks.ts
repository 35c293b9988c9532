import { z } from 'zod';
import type { Environment } from '../../../../shared/domain/providers.js';
import type { ProviderDeps } from '../../../core/modules/providerModule.js';
import type { CallbackEndpointInput } from '../client.js';
import { PROVIDER_KEEPS_MS, applyStatus, openEnrollmentsByReference, schedulePoll } from './enrollmentStore.js';

/**
 * ID360's callbacks through the organisation's relay (docs/providers/id360.md#relay). A desktop
 * cannot be called from the internet, so Guichet never listens: ID360 posts each callback to the
 * relay, which keeps it; Guichet pulls what the relay kept, over an outbound HTTPS call like any
 * other. A callback is a hint: it says which enrollment moved, the status itself is read again from
 * ID360 (polling stays the source of truth and the safety net when the relay is down).
 */

/** Header ID360 echoes in every callback (our `callback_endpoints[].headers`) and Guichet sends when it pulls. */
export const relayKeyHeader = 'X-Relay-Key';
/** Callback letters asked of ID360: every step, the verdict and the closure (meaning inferred, docs/providers/id360.md#callbacks). */
export const relayCallbackLetters = ['E', 'F', 'C'] as const;
/** Between two pulls of the relay (wall clock): a callback reaches the tracker within this. */
export const relayPullEveryMs = 15_000;

/** What ID360 posts (inferred; the official example is an image): only these keys are read, the rest ignored. */
export const id360CallbackSchema = z.looseObject({
  id: z.union([z.number().int(), z.string()]).nullish(),
  status: z.string().min(1),
  client_reference: z.string().nullish(),
  steps_status: z.looseObject({ total: z.number().int().nonnegative(), done: z.number().int().nonnegative() }).nullish(),
});
export type Id360Callback = z.infer<typeof id360CallbackSchema>;

/** What the relay answers to `GET id360/callbacks?after=<seq>`: the callbacks it kept, in arrival order. */
export const relayInboxSchema = z.looseObject({
  items: z.array(z.looseObject({ seq: z.number().int().nonnegative(), correlation: z.string().max(200), body: z.unknown() })),
});

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

export interface RelayPullResult {
  /** Callbacks read from the relay. */
  received: number;
  /** Enrollments they concerned, each read again from ID360 soon. */
  hinted: number[];
  /** Callbacks set aside: unreadable body, unknown reference, or an id that is not the enrollment's. */
  ignored: number;
}

/**
 * The correlation is the check's client reference, in the callback URL path (never the body, which
 * anyone able to reach the relay could write). Two open checks may share a reference: both are read
 * again, which costs a status read and decides nothing wrongly.
 */
export function createRelayCallbacks(deps: ProviderDeps, environment: () => Environment) {
  let after = 0;
  /** The relay `after` counts for: another relay numbers its own callbacks from the start. */
  let afterOf: string | null = null;
  // On the app's wall clock (tests move a fake one): the first pull comes one period after start.
  let lastPullAt = deps.clocks.now().getTime();
  let pulling: Promise<RelayPullResult> | null = null;

  const relayUrl = (): string | null => deps.settings.get().providers.id360.callbackRelayUrl ?? null;
  const relayKey = async (): Promise<string | null> => (await deps.vault.get('id360.relayKey')) ?? null;

  /** The create request's `callback_endpoints`: the relay with our key, or none (the app then polls). */
  async function endpointsFor(reference: string): Promise<CallbackEndpointInput[]> {
    const relay = relayUrl();
    if (!relay) return [];
    const key = await relayKey();
    return [
      {
        url: `${withSlash(relay)}id360/callback/${encodeURIComponent(reference)}`,
        on: relayCallbackLetters,
        headers: key ? [{ name: relayKeyHeader, value: key }] : [],
      },
    ];
  }

  function apply(correlation: string, body: unknown, now: Date): { hinted: number[]; ignored: boolean } {
    const parsed = id360CallbackSchema.safeParse(body);
    if (!parsed.success) return { hinted: [], ignored: true };
    const callback = parsed.data;
    const rows = openEnrollmentsByReference(deps.db, environment(), correlation).filter((r) => callback.id == null || String(callback.id) === r.enrollmentId);
    if (rows.length === 0) return { hinted: [], ignored: true };
    for (const row of rows) {
      // Steps come only with callbacks; a late STARTED after the end is refused by applyStatus.
      if (callback.status.toUpperCase() === 'STARTED' && callback.steps_status) {
        applyStatus(deps.db, {
          environment: row.environment,
          enrollmentId: row.enrollmentId,
          providerStatus: 'STARTED',
          stepsDone: callback.steps_status.done,
          stepsTotal: callback.steps_status.total,
          now,
          keepsMs: deps.clocks.of(row.environment).realMs(PROVIDER_KEEPS_MS),
        });
      }
      schedulePoll(deps.db, row.localId, now, 0);
    }
    return { hinted: rows.map((r) => r.localId), ignored: false };
  }

  async function pullOnce(): Promise<RelayPullResult> {
    const relay = relayUrl();
    if (!relay) return { received: 0, hinted: [], ignored: 0 };
    const key = await relayKey();
    if (afterOf !== relay) {
      afterOf = relay;
      after = 0;
    }
    const { createHttpClient } = await import('../../../core/http/httpClient.js');
    const http = createHttpClient({ baseURL: withSlash(relay), serviceName: 'ID360', transferTimeoutMs: 30_000, logger: deps.logger });
    const res = await http.get<unknown>('id360/callbacks', {
      params: { after },
      headers: { Accept: 'application/json', ...(key ? { [relayKeyHeader]: key } : {}) },
      responseType: 'json',
      validateStatus: () => true,
    });
    if (res.status < 200 || res.status >= 300) {
      deps.logger.warn('id360 relay refused the pull', { status: res.status });
      return { received: 0, hinted: [], ignored: 0 };
    }
    const inbox = relayInboxSchema.safeParse(res.data);
    if (!inbox.success) {
      deps.logger.warn('id360 relay answered an unexpected shape', { issues: inbox.error.issues.slice(0, 3).map((i) => i.path.join('.')) });
      return { received: 0, hinted: [], ignored: 0 };
    }
    const hinted = new Set<number>();
    let ignored = 0;
    const now = deps.clocks.now();
    for (const item of inbox.data.items) {
      const out = apply(item.correlation, item.body, now);
      out.hinted.forEach((id) => hinted.add(id));
      if (out.ignored) ignored++;
      after = Math.max(after, item.seq);
    }
    return { received: inbox.data.items.length, hinted: [...hinted], ignored };
  }

  return {
    endpointsFor,
    /** One pull now (tests, and the tracker's pass when due); concurrent asks share it. */
    pull(): Promise<RelayPullResult> {
      pulling ??= pullOnce().finally(() => {
        pulling = null;
      });
      return pulling;
    },
    /** A pull if the relay is configured and the last one is old enough; never throws. */
    async pullIfDue(): Promise<RelayPullResult | null> {
      const at = deps.clocks.now().getTime();
      if (!relayUrl() || at - lastPullAt < relayPullEveryMs) return null;
      lastPullAt = at;
      try {
        return await this.pull();
      } catch (error) {
        deps.logger.warn('id360 relay pull failed', { code: (error as { code?: unknown }).code });
        return null;
      }
    },
  };
}
export type RelayCallbacks = ReturnType<typeof createRelayCallbacks>;
