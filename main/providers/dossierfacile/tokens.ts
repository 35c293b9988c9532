import * as oidc from 'openid-client';
import { isGuichetError } from '../../../shared/ipc/errors.js';
import { createProviderClock, type ProviderClock } from '../../core/time/providerClock.js';
import { dfcError, dfcErrorCodes, hasDfcCode, httpStatusOf } from './errors.js';
import { tokenSetFrom, type TenantTokenSet } from './oauthLoopback.js';

/**
 * Each connected tenant's user token (docs/providers/dossierfacile.md#tokens): the access token in
 * memory only, the refresh token handed to the vault (the newest one each time, since rotation is not
 * published), a refresh shortly before expiry and on a 401, one refresh at a time per tenant. A dead
 * refresh token (revoked, idle 30 min, 10 h) means « reconnexion nécessaire »: it is forgotten and the
 * caller is told, the tenant's local file is not touched.
 */

/** Where refresh tokens rest: the app's vault, encrypted. */
export interface RefreshTokenVault {
  get(tenantKey: string): Promise<string | null>;
  set(tenantKey: string, refreshToken: string): Promise<void>;
  delete(tenantKey: string): Promise<void>;
}

export interface TenantTokensOptions {
  realm: oidc.Configuration;
  vault: RefreshTokenVault;
  clock?: ProviderClock;
  /** Provider time before expiry when a token is refreshed instead of used (default 30 s). */
  refreshMarginMs?: number;
  onReconnectRequired?(tenantKey: string): void;
}

interface Held {
  accessToken: string;
  /** Wall-clock ms. */
  expiresAt: number;
}

export function createTenantTokens(opts: TenantTokensOptions) {
  const clock = opts.clock ?? createProviderClock({ timeScale: 1 });
  const margin = clock.realMs(opts.refreshMarginMs ?? 30_000);
  const held = new Map<string, Held>();
  const refreshing = new Map<string, Promise<string>>();

  function keep(tenantKey: string, set: Pick<TenantTokenSet, 'accessToken' | 'expiresIn'>): void {
    // expires_in counts real seconds of the issuer's clock (the simulator already scales it).
    held.set(tenantKey, { accessToken: set.accessToken, expiresAt: clock.now().getTime() + set.expiresIn * 1000 });
  }

  async function reconnect(tenantKey: string): Promise<never> {
    held.delete(tenantKey);
    await opts.vault.delete(tenantKey);
    opts.onReconnectRequired?.(tenantKey);
    throw dfcError(dfcErrorCodes.reconnectRequired, 'dossierfacile:errors.reconnectRequired', { tenantKey });
  }

  function refresh(tenantKey: string): Promise<string> {
    const running = refreshing.get(tenantKey);
    if (running) return running;
    const job = (async () => {
      const refreshToken = await opts.vault.get(tenantKey);
      if (!refreshToken) return reconnect(tenantKey);
      let reply;
      try {
        reply = await oidc.refreshTokenGrant(opts.realm, refreshToken);
      } catch (e) {
        const error = (e as { error?: unknown }).error;
        if (error === 'invalid_grant') return reconnect(tenantKey);
        throw dfcError(dfcErrorCodes.ssoError, 'dossierfacile:errors.ssoUnexpected', { error: typeof error === 'string' ? error : 'unexpected' });
      }
      const set = tokenSetFrom(reply, { refreshToken });
      if (set.refreshToken && set.refreshToken !== refreshToken) await opts.vault.set(tenantKey, set.refreshToken);
      keep(tenantKey, set);
      return set.accessToken;
    })().finally(() => refreshing.delete(tenantKey));
    refreshing.set(tenantKey, job);
    return job;
  }

  async function accessToken(tenantKey: string): Promise<string> {
    const h = held.get(tenantKey);
    if (h && h.expiresAt - margin > clock.now().getTime()) return h.accessToken;
    return refresh(tenantKey);
  }

  return {
    /** Takes the tokens of a fresh connection. */
    async connected(tenantKey: string, set: TenantTokenSet): Promise<void> {
      keep(tenantKey, set);
      if (set.refreshToken) await opts.vault.set(tenantKey, set.refreshToken);
    },
    accessToken,
    /** Runs a call with the tenant's token; on a 401 refreshes once and replays once. */
    async withAccessToken<T>(tenantKey: string, call: (token: string) => Promise<T>): Promise<T> {
      const token = await accessToken(tenantKey);
      try {
        return await call(token);
      } catch (e) {
        if (!(isGuichetError(e) && (httpStatusOf(e) === 401 || hasDfcCode(e, dfcErrorCodes.unauthorized)))) throw e;
        if (held.get(tenantKey)?.accessToken === token) held.delete(tenantKey);
        return call(await refresh(tenantKey));
      }
    },
    /** Forgets the tenant's tokens (purge, revoked access). */
    async forget(tenantKey: string): Promise<void> {
      held.delete(tenantKey);
      await opts.vault.delete(tenantKey);
    },
  };
}

export type TenantTokens = ReturnType<typeof createTenantTokens>;
