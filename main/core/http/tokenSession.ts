import { GuichetError } from '../../../shared/ipc/errors.js';
import { createProviderClock, type ProviderClock } from '../time/providerClock.js';

/**
 * One bearer token shared by the whole app, for a provider API that logs in with credentials and
 * hands out a token with a sliding lifetime. Providers of this kind read repeated logins as abnormal
 * behaviour (docs/providers/id360.md#session), so:
 * - every caller shares the token, and at most one login is in flight;
 * - each authenticated call slides the token's expiry; after `keepAliveAfterIdleMs` idle, a
 *   `keepAlive` call keeps it alive (also while nobody calls), and an idle token is never re-logged;
 * - on an "unauthorized" answer, the callers waiting at that moment share ONE re-login, then each
 *   replays once; a second refusal is an error, not a loop;
 * - a failed login (network, 5xx) defers the next one with a growing delay;
 * - a refused login (a coded credentials error) stops every call until `reset()` (credentials changed).
 * What counts as "unauthorized", "credentials refused" and "an answer" is the provider's to say.
 */

/** The session's timers: tests hand in fake ones driven by the same fake time as its clock. */
export interface SessionTimers {
  /** The callback's promise, when it returns one, is the work the timer started (a fake clock awaits it). */
  setTimeout(callback: () => unknown, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemTimers: SessionTimers = {
  setTimeout: (callback, ms) => {
    const timer = setTimeout(callback, ms);
    // The keep-alive never holds the process open by itself.
    timer.unref();
    return timer;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** The code of the error a caller gets while a failed login's backoff runs (params: `retryInMs`). */
export const loginDeferredCode = 'SESSION_LOGIN_DEFERRED';

const MINUTE = 60_000;

export interface TokenSessionOptions {
  /** Logs in and returns the new token (the provider client's login with the vault's credentials). */
  login(): Promise<string>;
  /** An authenticated call that only slides the token's expiry (e.g. a `whoami`). */
  keepAlive(token: string): Promise<unknown>;
  /** The token was refused on a call: re-login once and replay. */
  isUnauthorized(error: unknown): boolean;
  /** The login itself was refused: the credentials are wrong, trying again cannot help. */
  isCredentialsRefused(error: unknown): boolean;
  /**
   * The call reached the provider and it answered (an error status included), which slides the
   * token's expiry like a success; a transport failure does not. Default: nothing but success does.
   */
  isProviderAnswer?(error: unknown): boolean;
  /** The error a caller gets while the login backoff runs; default a `SESSION_LOGIN_DEFERRED` GuichetError. */
  loginDeferredError?(retryInMs: number): Error;
  /** The provider session's clock (core/time/providerClock.ts): its time scale divides every duration below. */
  clock?: ProviderClock;
  timers?: SessionTimers;
  /** Idle time after which the keep-alive runs (default 13 min). */
  keepAliveAfterIdleMs?: number;
  /** Sliding lifetime of a token (default 15 min): past it, the token is known dead without asking. */
  tokenLifetimeMs?: number;
  /** Delay before the next login after a failed one: doubles from `firstMs` up to `maxMs`. */
  loginBackoff?: { firstMs: number; maxMs: number };
  /** Delay before trying a failed keep-alive again (default 1 min). */
  keepAliveRetryMs?: number;
  logger?: { info(message: string, meta?: unknown): void; warn(message: string, meta?: unknown): void };
  /** Names the provider in log lines. */
  name?: string;
}

export type TokenSessionState = 'signed-out' | 'signed-in' | 'refused';

function defaultLoginDeferred(retryInMs: number): Error {
  return new GuichetError(loginDeferredCode, { key: 'app:hostErrors.session.loginDeferred', params: { retryInMs } });
}

export function createTokenSession(opts: TokenSessionOptions) {
  const clock = opts.clock ?? createProviderClock({ timeScale: 1 });
  const timers = opts.timers ?? systemTimers;
  const name = opts.name ?? 'token session';
  const isAnswer = opts.isProviderAnswer ?? (() => false);
  const loginDeferred = opts.loginDeferredError ?? defaultLoginDeferred;
  const now = (): number => clock.now().getTime();
  const keepAliveAfterIdle = clock.realMs(opts.keepAliveAfterIdleMs ?? 13 * MINUTE);
  const lifetime = clock.realMs(opts.tokenLifetimeMs ?? 15 * MINUTE);
  const backoffFirst = clock.realMs(opts.loginBackoff?.firstMs ?? 5_000);
  const backoffMax = clock.realMs(opts.loginBackoff?.maxMs ?? 5 * MINUTE);
  const keepAliveRetry = Math.min(clock.realMs(opts.keepAliveRetryMs ?? MINUTE), Math.max(1, (lifetime - keepAliveAfterIdle) / 2));

  let token: string | null = null;
  /** Bumped by each successful login: an unauthorized answer on an older generation needs no new login. */
  let generation = 0;
  let lastUsedAt = 0;
  let loginInFlight: Promise<string> | null = null;
  let refused: unknown = null;
  let failedLogins = 0;
  let nextLoginAt = 0;
  let started = false;
  let timer: unknown = null;
  let keepAliveInFlight: Promise<void> | null = null;

  function cancelTimer(): void {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
  }

  function schedule(delay: number): void {
    cancelTimer();
    if (!started || token === null || refused) return;
    timer = timers.setTimeout(() => keepAliveDue(), Math.max(0, delay));
  }

  function touch(): void {
    lastUsedAt = now();
    schedule(keepAliveAfterIdle);
  }

  function keepAliveDue(): Promise<void> | undefined {
    timer = null;
    if (token === null || refused) return undefined;
    const idle = now() - lastUsedAt;
    if (idle >= lifetime) {
      // Too late to save it: the next real call logs in.
      token = null;
      return undefined;
    }
    if (idle < keepAliveAfterIdle) {
      schedule(keepAliveAfterIdle - idle);
      return undefined;
    }
    const used = token;
    keepAliveInFlight = (async () => {
      try {
        await opts.keepAlive(used);
        if (token === used) touch();
      } catch (error) {
        if (opts.isUnauthorized(error)) {
          // Dead already: no login while idle, the next real call does it.
          if (token === used) token = null;
        } else {
          opts.logger?.warn(`${name} keep-alive failed`, { code: (error as { code?: unknown }).code });
          if (token === used) schedule(keepAliveRetry);
        }
      } finally {
        keepAliveInFlight = null;
      }
    })();
    return keepAliveInFlight;
  }

  function login(): Promise<string> {
    if (refused) return Promise.reject(refused);
    if (loginInFlight) return loginInFlight;
    const wait = nextLoginAt - now();
    if (failedLogins > 0 && wait > 0) return Promise.reject(loginDeferred(Math.ceil(wait)));
    loginInFlight = (async () => {
      try {
        const fresh = await opts.login();
        token = fresh;
        generation++;
        failedLogins = 0;
        nextLoginAt = 0;
        opts.logger?.info(`${name} login`, { generation });
        touch();
        return fresh;
      } catch (error) {
        token = null;
        if (opts.isCredentialsRefused(error)) {
          refused = error;
          cancelTimer();
        } else {
          failedLogins++;
          nextLoginAt = now() + Math.min(backoffMax, backoffFirst * 2 ** (failedLogins - 1));
        }
        throw error;
      } finally {
        loginInFlight = null;
      }
    })();
    return loginInFlight;
  }

  function liveToken(): Promise<string> {
    if (token !== null && now() - lastUsedAt < lifetime) return Promise.resolve(token);
    token = null;
    return login();
  }

  async function attempt<T>(call: (token: string) => Promise<T>, used: string): Promise<T> {
    try {
      const result = await call(used);
      if (token === used) touch();
      return result;
    } catch (error) {
      // Any answer of the provider other than "unauthorized" slid the token's expiry.
      if (token === used && isAnswer(error) && !opts.isUnauthorized(error)) touch();
      throw error;
    }
  }

  return {
    /** Runs one authenticated call with the shared token; after "unauthorized", one shared re-login and one replay. */
    async run<T>(call: (token: string) => Promise<T>): Promise<T> {
      if (refused) throw refused;
      const used = await liveToken();
      const usedGeneration = generation;
      try {
        return await attempt(call, used);
      } catch (error) {
        if (!opts.isUnauthorized(error)) throw error;
        if (generation === usedGeneration && token === used) token = null;
        // Another caller's re-login since ours failed serves us too; otherwise join (or start) the one in flight.
        const fresh = generation !== usedGeneration && token !== null ? token : await login();
        try {
          return await attempt(call, fresh);
        } catch (replayError) {
          if (opts.isUnauthorized(replayError) && token === fresh) token = null;
          throw replayError;
        }
      }
    },

    /** Starts the keep-alive (the token itself is fetched by the first call). */
    start(): void {
      started = true;
      if (token !== null) schedule(lastUsedAt + keepAliveAfterIdle - now());
    },

    stop(): void {
      started = false;
      cancelTimer();
    },

    /** The credentials changed: forget the token and any refusal. */
    reset(): void {
      cancelTimer();
      token = null;
      refused = null;
      failedLogins = 0;
      nextLoginAt = 0;
    },

    state(): TokenSessionState {
      return refused ? 'refused' : token !== null ? 'signed-in' : 'signed-out';
    },

    /** Resolves once no login or keep-alive is in flight. */
    async settled(): Promise<void> {
      await Promise.allSettled([loginInFlight, keepAliveInFlight]);
    },
  };
}

export type TokenSession = ReturnType<typeof createTokenSession>;
