import crypto from 'node:crypto';
import type * as oidc from 'openid-client';
import { GuichetError } from '../../../../shared/ipc/errors.js';
import { dossierfacileKnownSsoBaseUrls } from '../../../../shared/domain/dossierfacile.js';
import type { Environment } from '../../../../shared/domain/providers.js';
import type { ProviderDeps } from '../../../core/modules/providerModule.js';
import type { ProviderClock } from '../../../core/time/providerClock.js';
import type { DfcClient } from '../client.js';
import type { RefreshTokenVault, TenantTokens } from '../tokens.js';

export interface DfcConnection {
  environment: Environment;
  simulated: boolean;
  ssoBaseUrl: string;
  callbackPath: string;
  realm: oidc.Configuration;
  client: DfcClient;
  tokens: TenantTokens;
  clock: ProviderClock;
}

const notConfigured = (field: string) => new GuichetError('NOT_CONFIGURED', { key: 'dossierfacile:errors.notConfigured', params: { field } });

/**
 * Each tenant's refresh token, encrypted in the vault under one key (a map by tenant): the vault's
 * keys are a fixed list (shared/domain/providers.ts). Writes go one at a time so two tenants
 * connected together never lose each other's token.
 */
export function createRefreshTokenVault(deps: Pick<ProviderDeps, 'vault'>): RefreshTokenVault & { forgetAll(prefix: string): Promise<void> } {
  let chain: Promise<unknown> = Promise.resolve();
  const read = async (): Promise<Record<string, string>> => {
    const raw = await deps.vault.get('dossierfacile.refreshTokens');
    if (!raw) return {};
    try {
      return JSON.parse(raw) as Record<string, string>;
    } catch {
      return {};
    }
  };
  const change = (edit: (map: Record<string, string>) => void): Promise<void> => {
    const next = chain.then(async () => {
      const map = await read();
      edit(map);
      if (Object.keys(map).length === 0) await deps.vault.delete('dossierfacile.refreshTokens');
      else await deps.vault.set('dossierfacile.refreshTokens', JSON.stringify(map));
    });
    chain = next.catch(() => undefined);
    return next;
  };
  return {
    get: async (key) => {
      await chain;
      return (await read())[key] ?? null;
    },
    set: (key, token) => change((m) => void (m[key] = token)),
    delete: (key) => change((m) => void delete m[key]),
    forgetAll: (prefix) => change((m) => Object.keys(m).filter((k) => k.startsWith(prefix)).forEach((k) => delete m[k])),
  };
}

/**
 * The DossierFacile connection of the app (docs/providers/dossierfacile.md#environments, #oauth):
 * the discovered realm, the API client with its limits and service token, and the tenants' tokens,
 * built from the settings and the vault and rebuilt only when they change. In the sandbox the
 * simulator's partner client goes through the very same path.
 */
export function createDfcConnection(deps: ProviderDeps, onReconnectRequired: (tenantKey: string) => void) {
  let current: { key: string; connection: DfcConnection } | null = null;
  let building: { key: string; pending: Promise<DfcConnection> } | null = null;
  const refreshVault = createRefreshTokenVault(deps);

  async function describe() {
    const settings = deps.settings.get().providers.dossierfacile;
    const endpoint = await deps.endpointOf('dossierfacile');
    if (endpoint.simulated) {
      const sim = await deps.simulator();
      return {
        environment: endpoint.environment,
        simulated: true,
        apiBaseUrl: sim.baseUrl,
        ssoBaseUrl: sim.account['ssoBaseUrl'] ?? `${sim.baseUrl}/auth`,
        clientId: sim.account['clientId'] ?? '',
        clientSecret: sim.account['clientSecret'],
        callbackPath: settings.callbackPath,
      };
    }
    if (!endpoint.baseUrl) throw notConfigured('customBaseUrl');
    const ssoBaseUrl = endpoint.environment === 'custom' ? settings.customSsoBaseUrl : dossierfacileKnownSsoBaseUrls[endpoint.environment as 'preprod' | 'production'];
    if (!ssoBaseUrl) throw notConfigured('customSsoBaseUrl');
    if (!settings.clientId) throw notConfigured('clientId');
    const clientSecret = (await deps.vault.get('dossierfacile.clientSecret')) ?? undefined;
    return { environment: endpoint.environment, simulated: false, apiBaseUrl: endpoint.baseUrl, ssoBaseUrl, clientId: settings.clientId, clientSecret, callbackPath: settings.callbackPath };
  }

  async function connection(): Promise<DfcConnection> {
    const d = await describe();
    const key = crypto.createHash('sha256').update([d.environment, d.apiBaseUrl, d.ssoBaseUrl, d.clientId, d.clientSecret ?? '', d.callbackPath].join('\n')).digest('hex');
    if (current?.key === key) return current.connection;
    if (building?.key === key) return building.pending;
    const pending = (async (): Promise<DfcConnection> => {
      const clock = deps.clocks.of(d.environment);
      // openid-client (discovery, tokens) loads with the first connection, not with the application.
      const [{ discoverRealm }, { createTenantTokens }] = await Promise.all([import('../oauthLoopback.js'), import('../tokens.js')]);
      const realm = await discoverRealm({ ssoBaseUrl: d.ssoBaseUrl, clientId: d.clientId, clientSecret: d.clientSecret });
      // The HTTP client (axios) loads with the first connection, not with the application.
      const { createDfcClient } = await import('../client.js');
      const client = createDfcClient({ apiBaseUrl: d.apiBaseUrl, realm, clock, logger: deps.logger });
      const tokens = createTenantTokens({ realm, vault: refreshVault, clock, onReconnectRequired });
      return { environment: d.environment, simulated: d.simulated, ssoBaseUrl: d.ssoBaseUrl, callbackPath: d.callbackPath, realm, client, tokens, clock };
    })();
    building = { key, pending };
    try {
      const built = await pending;
      current = { key, connection: built };
      return built;
    } finally {
      if (building?.pending === pending) building = null;
    }
  }

  return {
    connection,
    refreshVault,
    /** The environment rows are filed under, without building a connection (settings only). */
    environment: (): Environment => deps.settings.get().providers.dossierfacile.environment,
  };
}
export type DfcConnections = ReturnType<typeof createDfcConnection>;
