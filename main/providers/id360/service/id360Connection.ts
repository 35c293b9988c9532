import crypto from 'node:crypto';
import { id360Error, id360ErrorCodes } from '../errors.js';
import { id360KnownUiBaseUrls, type Id360Process } from '../../../../shared/domain/id360.js';
import type { Environment } from '../../../../shared/domain/providers.js';
import type { ProviderDeps } from '../../../core/modules/providerModule.js';
import type { ProviderClock } from '../../../core/time/providerClock.js';
import { createId360Api, type Id360Api } from '../api.js';
import { createId360Session, type Id360Session } from '../session.js';
import { USER_REPORT_KEEPS_MS, type Retention } from './enrollmentStore.js';

export interface Id360Connection {
  api: Id360Api;
  session: Id360Session;
  environment: Environment;
  simulated: boolean;
  clock: ProviderClock;
  /** Sandbox only: the simulator's stand-in journey controls live at this origin. */
  sandboxOrigin: string | null;
  /** Sandbox only: the processes the simulator knows. */
  sandboxProcesses: readonly Id360Process[];
}

function sandboxProcessesOf(account: Readonly<Record<string, string>>): Id360Process[] {
  try {
    const parsed = JSON.parse(account['processes'] ?? '[]') as { uuid?: unknown; name?: unknown }[];
    return parsed.filter((p) => typeof p.uuid === 'string' && typeof p.name === 'string').map((p) => ({ uuid: p.uuid as string, label: p.name as string }));
  } catch {
    return [];
  }
}

/**
 * The one ID360 session of the app (docs/providers/id360.md#session), built from the settings and the
 * vault and rebuilt only when they change: a new session is a new login, and ID360 frowns on those.
 * In the sandbox the simulator's application account goes through the very same path.
 */
export function createId360Connection(deps: ProviderDeps) {
  let current: { key: string; connection: Id360Connection } | null = null;
  /** The clerk's one-time 2FA code for a user account: in memory only, taken by the next login. */
  let twoFactorCode: string | null = null;
  let building: { key: string; pending: Promise<Id360Connection> } | null = null;
  let started = false;

  async function describe() {
    const settings = deps.settings.get().providers.id360;
    const endpoint = await deps.endpointOf('id360');
    if (!endpoint.baseUrl) throw id360Error('NOT_CONFIGURED', 'id360:errors.noAddress', { provider: 'id360' });
    if (endpoint.simulated) {
      const sim = await deps.simulator();
      // The account kind chosen in Réglages picks the simulator's matching identity, so a
      // demonstration shows that kind's windows (docs/providers/id360.md#retention).
      const user = settings.accountKind === 'user' && !!sim.account['userUsername'];
      return {
        environment: endpoint.environment,
        simulated: true,
        apiBaseUrl: sim.baseUrl,
        uiBaseUrl: sim.account['uiBaseUrl'] ?? new URL(sim.baseUrl).origin,
        username: (user ? sim.account['userUsername'] : sim.account['username']) ?? '',
        password: (user ? sim.account['userPassword'] : sim.account['password']) ?? '',
        sandboxOrigin: new URL(sim.account['uiBaseUrl'] ?? sim.baseUrl).origin,
        sandboxProcesses: sandboxProcessesOf(sim.account),
        accountKind: user ? ('user' as const) : ('application' as const),
        sandboxTwoFactorCode: user ? (sim.account['userTwoFactorCode'] ?? null) : null,
        paths: {},
      };
    }
    const uiBaseUrl =
      endpoint.environment === 'custom' ? (settings.customUiBaseUrl ?? new URL(endpoint.baseUrl).origin) : (settings.customUiBaseUrl ?? id360KnownUiBaseUrls[endpoint.environment as 'preprod' | 'production']);
    if (!settings.username) throw id360Error('NOT_CONFIGURED', 'id360:errors.noUsername', { provider: 'id360', field: 'username' });
    const password = await deps.vault.get('id360.password');
    if (!password) throw id360Error('NOT_CONFIGURED', 'id360:errors.noPassword', { provider: 'id360', field: 'password' });
    return {
      environment: endpoint.environment,
      simulated: false,
      apiBaseUrl: endpoint.baseUrl,
      uiBaseUrl,
      username: settings.username,
      password,
      sandboxOrigin: null,
      sandboxProcesses: [],
      accountKind: settings.accountKind,
      sandboxTwoFactorCode: null,
      // The simulator serves the defaults; a real ID360 may need a corrected inferred path.
      paths: settings.inferredPaths ?? {},
    };
  }

  async function connection(): Promise<Id360Connection> {
    const d = await describe();
    const key = crypto
      .createHash('sha256')
      .update([d.environment, d.apiBaseUrl, d.uiBaseUrl, d.username, d.password, d.accountKind, JSON.stringify(d.paths)].join('\n'))
      .digest('hex');
    if (current?.key === key) return current.connection;
    if (building?.key === key) return building.pending;
    const pending = (async () => {
      const clock = deps.clocks.of(d.environment);
      // The HTTP client (axios) loads with the first connection, not with the application.
      const { createId360Client } = await import('../client.js');
      const client = createId360Client({ apiBaseUrl: d.apiBaseUrl, uiBaseUrl: d.uiBaseUrl, paths: d.paths }, { logger: deps.logger });
      const session = createId360Session({
        login: async () => {
          if (d.accountKind !== 'user') return client.login({ username: d.username, password: d.password });
          // A user account's login takes a one-time 2FA code (docs/providers/id360.md#session): the
          // clerk's, used once; without one no request is sent and the clerk is asked.
          // In Sandbox the simulator's own code stands in for the clerk's.
          const code = twoFactorCode ?? d.sandboxTwoFactorCode;
          twoFactorCode = null;
          if (!code) throw id360Error(id360ErrorCodes.twoFactorRequired, 'id360:errors.ID360_TWO_FACTOR_REQUIRED');
          return client.login({ username: d.username, password: d.password, twoFactorCode: code });
        },
        keepAlive: (token) => client.whoami(token),
        clock,
        logger: deps.logger,
      });
      if (started) session.start();
      return {
        api: createId360Api(client, session),
        session,
        environment: d.environment,
        simulated: d.simulated,
        clock,
        sandboxOrigin: d.sandboxOrigin,
        sandboxProcesses: d.sandboxProcesses,
      };
    })();
    building = { key, pending };
    try {
      const built = await pending;
      current?.connection.session.stop();
      current = { key, connection: built };
      return built;
    } finally {
      if (building?.pending === pending) building = null;
    }
  }

  return {
    connection,
    /**
     * The clerk typed the 2FA code: kept for the next login only, and the session's stop after a
     * missing or refused code is lifted so that login happens now.
     */
    async giveTwoFactorCode(code: string): Promise<void> {
      const conn = await connection();
      twoFactorCode = code;
      conn.session.reset();
      try {
        await conn.api.whoami();
      } finally {
        twoFactorCode = null;
      }
    },
    /** A user account with no live token: the clerk will be asked for a code (not in Sandbox, which gives its own). */
    async twoFactorNeeded(): Promise<boolean> {
      if (deps.settings.get().providers.id360.accountKind !== 'user') return false;
      try {
        const conn = await connection();
        return !conn.simulated && conn.session.state() !== 'signed-in';
      } catch {
        return false;
      }
    },
    /**
     * What the configured account may read, and until when (docs/providers/id360.md#retention), on
     * the clock of the environment rows are filed under (settings only, no session).
     */
    retention(): Retention {
      const settings = deps.settings.get().providers.id360;
      return { userAccount: settings.accountKind === 'user', userReportKeepsMs: deps.clocks.of(settings.environment).realMs(USER_REPORT_KEEPS_MS) };
    },
    /** The environment rows are filed under, without building a session (settings only). */
    environment: (): Environment => deps.settings.get().providers.id360.environment,
    start() {
      started = true;
      current?.connection.session.start();
    },
    stop() {
      started = false;
      current?.connection.session.stop();
    },
  };
}
export type Id360Connections = ReturnType<typeof createId360Connection>;
