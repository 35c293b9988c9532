import { createServer, type IncomingMessage } from 'node:http';
import { FaultInjector } from '../faults.js';
import { DFC_SANDBOX_CLIENT_ID } from '../../../shared/domain/dossierfacileVocabulary.js';
import { closeServer, listenOnLoopback } from '../health.js';
import { SimClock, type SimulatorClock } from '../simClock.js';
import type { SimulatedEndpoint, SimulatorOptions } from '../../core/simulators/simulatedEndpoint.js';
import { handleApi, type ApiContext, type ApiRequestRecord, type PartnerSettings } from './api.js';
import { createIdp, devRealmLifetimes, REALM_PATH, type RealmLifetimes } from './idp.js';
import { webhookPayload } from './model.js';
import { DossierFacileStore, SANDBOX_PASSWORD, seedSandboxTenants, type SimTenant } from './store.js';

export type { ApiRequestRecord, PartnerSettings } from './api.js';
export type { SimTenant } from './store.js';

/**
 * The DossierFacile Connect simulator (docs/providers/dossierfacile.md#simulator): the Keycloak-like
 * realm under `/auth`, the DFC API and public download links, and webhooks to the configured URL,
 * on one loopback port. Fault knobs apply to the API only (the identity provider stays honest).
 */

// The value Réglages shows read-only in Sandbox (shared/domain/dossierfacileVocabulary.ts).
export const SANDBOX_CLIENT_ID = DFC_SANDBOX_CLIENT_ID;

export interface DossierFacileSimulatorOptions {
  clock?: SimulatorClock;
  timeScale?: number;
  lifetimes?: Partial<RealmLifetimes>;
  rotateRefreshTokens?: boolean;
  /** Simulated time before Samir Benali's file is validated (default 10 min). */
  checkDurationMs?: number;
  /** Simulated time the full PDF takes to generate (default 30 s). */
  pdfGenerationMs?: number;
  rateLimits?: Partial<ApiContext['rateLimits']>;
  redirectUris?: string[];
  faults?: FaultInjector;
}

export interface WebhookDelivery {
  url: string;
  apiKey: string | null;
  payload: Record<string, unknown>;
  /** HTTP status, or 0 when the call failed. */
  status: number;
}

export interface DossierFacileSimulator {
  endpoint: SimulatedEndpoint;
  origin: string;
  ssoBaseUrl: string;
  faults: FaultInjector;
  clock: SimulatorClock;
  control: {
    tenant(id: number): SimTenant | undefined;
    validate(id: number): void;
    decline(id: number): void;
    /**
     * The tenant is logged out of every SSO session (the tenant app's « déconnexion partout », or
     * `/dfc/tenant/logout`): their refresh tokens die, the link to the partner stays.
     */
    endSessions(id: number): Promise<void>;
    /** The tenant removes the partner's access: consents destroyed, links deleted, ACCESS_REVOKED sent. */
    revoke(id: number): Promise<void>;
    remove(id: number): Promise<void>;
    /** Several tenants updated at one instant (the cursor's same-second edge). */
    touch(ids: number[], at: number): void;
    /** Adds linked tenants (benchmarks, paging tests); returns their ids. */
    seedLinkedTenants(count: number, at: (index: number) => number): number[];
    settings(): PartnerSettings;
    /** The download limits it enforces, calls per simulated minute (benchmarks compute their floor from them). */
    rateLimits(): { documents: number; publicLinks: number };
    requests(): readonly ApiRequestRecord[];
    webhooks(): readonly WebhookDelivery[];
    webhooksSettled(): Promise<void>;
  };
  stop(): Promise<void>;
}

export async function startDossierFacileSimulator(opts: DossierFacileSimulatorOptions = {}): Promise<DossierFacileSimulator> {
  const clock = opts.clock ?? new SimClock(opts.timeScale ?? 1);
  const faults = opts.faults ?? new FaultInjector(undefined, { errorBody: () => 'Internal Server Error' });
  const store = new DossierFacileStore(clock);
  seedSandboxTenants(store, clock.now(), opts.checkDurationMs ?? 10 * 60_000);
  const clientSecret = 'sandbox-secret-dfc';
  const settings: PartnerSettings = { name: SANDBOX_CLIENT_ID, email: 'technique@guichet.example', callbackUrl: null, callbackApiKey: null };
  const deliveries: WebhookDelivery[] = [];
  const pending = new Set<Promise<void>>();
  let handler: (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void = () => undefined;
  // API calls between arrival and the end of their answer, latency faults included (the realm's are not counted).
  const inFlightAtArrival = new WeakMap<IncomingMessage, number>();
  let apiInFlight = 0;
  const server = createServer((req, res) => {
    if (!(req.url ?? '').startsWith(REALM_PATH)) {
      inFlightAtArrival.set(req, ++apiInFlight);
      // Done once the answer is handed to the socket (`finish`), or the socket is gone (`close`).
      let done = false;
      const leave = () => {
        if (!done) apiInFlight--;
        done = true;
      };
      res.once('finish', leave);
      res.once('close', leave);
    }
    handler(req, res);
  });
  const port = await listenOnLoopback(server, 0);
  const origin = `http://127.0.0.1:${port}`;
  const apiResource = `${origin}/dfc`;
  const idp = createIdp({
    origin,
    apiResource,
    store,
    clock,
    lifetimes: { ...devRealmLifetimes, ...opts.lifetimes },
    rotateRefreshTokens: opts.rotateRefreshTokens ?? true,
    client: { clientId: SANDBOX_CLIENT_ID, clientSecret, name: 'Guichet (bac à sable)', redirectUris: opts.redirectUris ?? ['http://127.0.0.1/dossierfacile/callback'] },
  });
  const urls = { api: origin, tenantApp: `${origin}/locataire` };
  const ctx: ApiContext = {
    store,
    clock,
    faults,
    publicKey: idp.publicKey,
    apiResource,
    urls,
    settings,
    rateLimits: { documents: 200, publicLinks: 50, ...opts.rateLimits },
    pdfGenerationMs: opts.pdfGenerationMs ?? 30_000,
    requests: [],
    inFlightAtArrival,
    endSessions: (id) => idp.revokeGrants(id),
  };

  // One attempt, x-api-key only when configured, answers only recorded (docs/providers/dossierfacile.md#webhooks).
  store.onEvent((e) => {
    const t = store.tenants.get(e.tenantId);
    if (!settings.callbackUrl || !t) return;
    const delivery: WebhookDelivery = { url: settings.callbackUrl, apiKey: settings.callbackApiKey, payload: webhookPayload(store, e.type, t, urls, clock.now()), status: 0 };
    deliveries.push(delivery);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (settings.callbackApiKey) headers['x-api-key'] = settings.callbackApiKey;
    const sent = fetch(delivery.url, { method: 'POST', headers, body: JSON.stringify(delivery.payload) })
      .then((r) => {
        delivery.status = r.status;
        return r.body?.cancel();
      })
      .catch(() => undefined)
      .finally(() => pending.delete(sent));
    pending.add(sent);
  });

  handler = (req, res) => {
    void (async () => {
      if ((req.url ?? '').startsWith(`${REALM_PATH}`)) {
        await idp.handle(req, res);
        return;
      }
      // The fault knobs, as the other simulators offer them (a demo or an e2e test cuts DossierFacile off).
      if ((req.url ?? '').split('?')[0] === '/__sandbox/faults') {
        await sandboxFaultsControl(faults, req, res);
        return;
      }
      // The tenant logs out of DossierFacile everywhere (an e2e test ends Marie's sessions from outside).
      const logout = /^\/__sandbox\/tenants\/(\d+)\/logout$/.exec((req.url ?? '').split('?')[0]!);
      if (logout && req.method === 'POST') {
        const id = Number(logout[1]);
        if (!store.tenants.has(id)) {
          res.writeHead(404, { 'content-type': 'text/plain' }).end('unknown tenant');
          return;
        }
        await idp.revokeGrants(id);
        res.writeHead(204).end();
        return;
      }
      if (await faults.intercept(req, res)) return;
      await handleApi(ctx, req, res);
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('Internal Server Error');
    });
  };

  const need = (id: number): SimTenant => {
    const t = store.tenants.get(id);
    if (!t) throw new Error(`unknown sandbox tenant ${id}`);
    return t;
  };

  return {
    origin,
    ssoBaseUrl: `${origin}/auth`,
    faults,
    clock,
    endpoint: {
      baseUrl: origin,
      account: {
        ssoBaseUrl: `${origin}/auth`,
        clientId: SANDBOX_CLIENT_ID,
        clientSecret,
        tenantEmail: 'marie.dupont@example.org',
        tenantPassword: SANDBOX_PASSWORD,
      },
    },
    control: {
      tenant: (id) => store.tenants.get(id),
      validate: (id) => store.setDocuments(need(id), 'VALIDATED'),
      decline: (id) => store.setDocuments(need(id), 'DECLINED'),
      endSessions: (id) => idp.revokeGrants(need(id).id),
      async revoke(id) {
        store.revoke(need(id));
        await idp.revokeGrants(id);
      },
      async remove(id) {
        store.remove(need(id));
        await idp.revokeGrants(id);
      },
      touch(ids, at) {
        for (const id of ids) need(id).lastUpdateAt = at;
      },
      seedLinkedTenants(count, at) {
        const ids: number[] = [];
        for (let i = 0; i < count; i++) {
          const id = store.id();
          const t: SimTenant = {
            id,
            apartmentSharingId: id,
            email: `locataire.${id}@example.org`,
            firstName: 'Locataire',
            lastName: String(id),
            tenantType: 'CREATE',
            honorDeclaration: true,
            archived: false,
            documents: [],
            guarantors: [],
            createdAt: at(i),
            lastUpdateAt: at(i),
            linkedAt: at(i),
            grantIds: [],
          };
          store.add({ id, applicationType: 'ALONE', fullToken: `full-${id}` }, [t]);
          ids.push(id);
        }
        return ids;
      },
      settings: () => ({ ...settings }),
      rateLimits: () => ({ ...ctx.rateLimits }),
      requests: () => ctx.requests,
      webhooks: () => deliveries,
      async webhooksSettled() {
        while (pending.size > 0) await Promise.all([...pending]);
      },
    },
    stop: () => closeServer(server),
  };
}

/**
 * The simulator as the sandbox registry starts it, on first ask. Its realm keeps the reference
 * lifetimes on the sandbox time scale (an access token of 300 s lasts 5 real seconds at scale 60),
 * except the authorization code: it is exchanged by the machine at once, but a busy computer must not
 * lose a tenant's consent to a code that lived one real second, so it lasts at least 30 real seconds.
 */
export function startDossierFacileSandbox(o: SimulatorOptions): Promise<DossierFacileSimulator> {
  const timeScale = o.timeScale ?? 1;
  return startDossierFacileSimulator({ timeScale, lifetimes: { authorizationCode: Math.max(devRealmLifetimes.authorizationCode, 30 * timeScale) } });
}

/** `POST /__sandbox/faults` with fault settings as JSON (`{}` resets), `GET` reads them. */
async function sandboxFaultsControl(faults: FaultInjector, req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse): Promise<void> {
  if (req.method === 'POST') {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('bad json');
      return;
    }
    if (Object.keys(body).length === 0) faults.reset();
    else {
      const known = ['latencyMs', 'errorRate', 'forcedStatus', 'resetRate', 'times'] as const;
      // `onlyPaths`: a regular expression's source, for a fault on one endpoint only (the profile's 401, say).
      let onlyPaths: RegExp | null = null;
      try {
        onlyPaths = typeof body['onlyPaths'] === 'string' ? new RegExp(body['onlyPaths']) : null;
      } catch {
        res.writeHead(400, { 'content-type': 'text/plain' }).end('bad onlyPaths');
        return;
      }
      faults.update({ ...Object.fromEntries(known.filter((k) => k in body).map((k) => [k, body[k]])), ...(onlyPaths ? { onlyPaths } : {}) });
    }
  }
  const { onlyPaths: _onlyPaths, ...shown } = faults.settings;
  void _onlyPaths;
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(shown));
}
