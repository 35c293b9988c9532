import { generateKeyPairSync } from 'node:crypto';
import { FaultInjector } from '../faults.js';
import { closeServer } from '../health.js';
import { SimClock, type SimulatorClock } from '../simClock.js';
import type { SimulatedEndpoint, SimulatorOptions } from '../../core/simulators/simulatedEndpoint.js';
import { createCallbackSender, type CallbackDelivery, type CallbackOptions } from './callbacks.js';
import { APPLICATION_ACCOUNT, USER_ACCOUNT, demoProcesses } from './demo.js';
import { API_PREFIX, archivePattern, finalReportOf, listenId360, type Id360Context, type RequestRecord } from './server.js';
import { Id360Store, defaultJourney, type JourneyTiming } from './store.js';
import type { JourneyOutcome, SimEnrollment, SimProcess } from './types.js';

export type { JourneyOutcome, EnrollmentStatus, SimEnrollment, SimProcess } from './types.js';
export type { JourneyTiming } from './store.js';
export type { RequestRecord } from './server.js';
export type { CallbackDelivery } from './callbacks.js';

export interface Id360SimulatorOptions {
  /** Simulated time; a test hands in a fake clock it moves together with the app's. Default: wall clock at `timeScale`. */
  clock?: SimulatorClock;
  /** How much faster simulated time runs when no clock is given (default 1). */
  timeScale?: number;
  /** How enrollments move by themselves; null: only the controls move them. Default: start after 1 min, OK after 5. */
  journey?: JourneyTiming | null;
  /** Final reports carry an Ed25519 signature (production `version: 1`). Default true. */
  signReports?: boolean;
  /** File URLs in reports use `/private/api/1.0.0/`. */
  privateUrls?: boolean;
  /** `hash_algorithm` of report files (default `MD5`, as in ID360's reports). */
  hashAlgorithm?: string;
  callbacks?: Partial<CallbackOptions>;
  /** Reading an enrollment answers without its `api_key` (also `POST /__sandbox/replies`). */
  omitApiKeyOnRead?: boolean;
  /** `report/archive` at another path (a template with `{id}`, as in Guichet's settings), answering JSON (default) or a PDF. */
  reportArchive?: { path?: string; reply?: 'json' | 'pdf' };
  faults?: FaultInjector;
  port?: number;
}

export interface Id360SimulatorControl {
  processes(): readonly SimProcess[];
  enrollment(id: number | string): SimEnrollment | undefined;
  /** Every enrollment ID360 holds, oldest first (what its console would list). */
  enrollments(): readonly SimEnrollment[];
  setJourney(journey: JourneyTiming | null): void;
  start(id: number | string): void;
  /** Ends the journey (the « terminer comme OK / KO » control); returns the browser redirect and its token. */
  finish(id: number | string, outcome: JourneyOutcome): { browserToken: string; redirect: string };
  /** Reading an enrollment answers without its `api_key` (true) or with it (false). */
  omitApiKeyOnRead(omit: boolean): void;
  /** What `report/archive` answers: the final report as JSON, or as a PDF. */
  archiveReply(reply: 'json' | 'pdf'): void;
  /** Every token dies server-side (a genuine expiry the app did not foresee). */
  revokeTokens(): void;
  /** The next n authenticated requests answer 401 whatever their token. */
  unauthorizedStorm(n: number): void;
  /** Serves altered bytes for one file while the report keeps the true hash. */
  corruptFile(enrollmentId: number | string, documentIndex?: number, page?: number): void;
  /** Changes the frozen final report after it was signed (its signature no longer matches). */
  tamperReport(enrollmentId: number | string, change: (report: Record<string, unknown>) => void): void;
  loginAttempts(): number;
  logins(): number;
  requests(): readonly RequestRecord[];
  callbackDeliveries(): readonly CallbackDelivery[];
  callbacksSettled(): Promise<void>;
}

export interface Id360Simulator {
  /**
   * What the ID360 module receives in Sandbox mode (core/simulators/simulatedEndpoint.ts): the API
   * root and the application account; `account.uiBaseUrl` is where the hosted journey lives.
   */
  endpoint: SimulatedEndpoint;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** API root, `…/api/1.0.0/`. */
  baseUrl: string;
  /** Where the hosted journey lives (the UI host). */
  uiBaseUrl: string;
  account: { username: string; password: string };
  userAccount: { username: string; password: string; twoFactorCode: string };
  /** Verifies the reports' signatures (also served at `keys/report_signature`). */
  publicKeyPem: string;
  faults: FaultInjector;
  control: Id360SimulatorControl;
  stop(): Promise<void>;
}

export async function startId360Simulator(opts: Id360SimulatorOptions = {}): Promise<Id360Simulator> {
  const clock = opts.clock ?? new SimClock(opts.timeScale ?? 1);
  const faults = opts.faults ?? new FaultInjector(undefined, { errorBody: () => '<h1>Server Error (500)</h1>' });
  const store = new Id360Store(clock, {
    accounts: [APPLICATION_ACCOUNT, USER_ACCOUNT],
    processes: [...demoProcesses],
    journey: opts.journey === undefined ? { ...defaultJourney } : opts.journey,
  });
  const keys = opts.signReports === false ? null : generateKeyPairSync('ed25519');
  const ctx: Id360Context = {
    store,
    faults,
    origin: '',
    privateUrls: opts.privateUrls ?? false,
    hashAlgorithm: opts.hashAlgorithm ?? 'MD5',
    signingKey: keys?.privateKey ?? null,
    publicKeyPem: keys ? keys.publicKey.export({ type: 'spki', format: 'pem' }).toString() : '',
    unauthorizedNext: 0,
    loginAttempts: 0,
    logins: 0,
    requests: [],
    omitApiKeyOnRead: opts.omitApiKeyOnRead ?? false,
    reportArchive: { path: opts.reportArchive?.path ? archivePattern(opts.reportArchive.path) : null, reply: opts.reportArchive?.reply ?? 'json' },
  };
  const deliveries: CallbackDelivery[] = [];
  const callbacks = createCallbackSender(
    { duplicate: opts.callbacks?.duplicate ?? false, lateIntermediate: opts.callbacks?.lateIntermediate ?? false, attempts: opts.callbacks?.attempts ?? 3 },
    deliveries,
  );
  store.listeners.push((t) => callbacks.onTransition(t));

  const redirectFor = (e: SimEnrollment, token: string): string => {
    const url = new URL(String(e.request['browser_callback_url']));
    url.searchParams.set('token', token);
    return url.href;
  };
  const need = (id: number | string): SimEnrollment => {
    const e = store.get(Number(id));
    if (!e) throw new Error(`no enrollment ${id}`);
    return e;
  };

  const { server, port } = await listenId360(
    ctx,
    {
      finishByApiKey(apiKey, outcome, daysAgo) {
        const e = store.byApiKey(apiKey);
        store.advanceAll();
        if (!e || e.status === 'OK' || e.status === 'KO' || e.status === 'FAILED' || e.status === 'CANCELED' || e.status === 'DISCONTINUED') return null;
        return { redirect: redirectFor(e, store.finish(e, outcome, daysAgo)) };
      },
      finishById(id, outcome, daysAgo) {
        const e = store.get(id);
        if (!e || e.status === 'OK' || e.status === 'KO' || e.status === 'FAILED' || e.status === 'CANCELED' || e.status === 'DISCONTINUED') return null;
        return { redirect: redirectFor(e, store.finish(e, outcome, daysAgo)) };
      },
    },
    opts.port ?? 0,
  );
  ctx.origin = `http://127.0.0.1:${port}`;
  // Journeys that run by themselves also move (and call back) while nobody asks.
  const ticker = setInterval(() => store.advanceAll(), 1000);
  ticker.unref();

  const control: Id360SimulatorControl = {
    processes: () => store.processes,
    enrollment: (id) => store.get(Number(id)),
    enrollments: () => [...store.enrollments.values()],
    setJourney: (journey) => {
      store.journey = journey;
    },
    start: (id) => store.start(need(id)),
    finish: (id, outcome) => {
      const e = need(id);
      const browserToken = store.finish(e, outcome);
      return { browserToken, redirect: redirectFor(e, browserToken) };
    },
    omitApiKeyOnRead: (omit) => {
      ctx.omitApiKeyOnRead = omit;
    },
    archiveReply: (reply) => {
      ctx.reportArchive.reply = reply;
    },
    revokeTokens: () => store.revokeTokens(),
    unauthorizedStorm: (n) => {
      ctx.unauthorizedNext = n;
    },
    corruptFile: (enrollmentId, documentIndex = 0, page = 0) => {
      const file = need(enrollmentId).documents[documentIndex]?.pages[page];
      if (!file) throw new Error('no such file');
      file.served = Buffer.concat([file.bytes.subarray(0, Math.max(1, file.bytes.length - 16)), Buffer.from('altered')]);
    },
    tamperReport: (enrollmentId, change) => change(finalReportOf(ctx, need(enrollmentId))),
    loginAttempts: () => ctx.loginAttempts,
    logins: () => ctx.logins,
    requests: () => ctx.requests,
    callbackDeliveries: () => deliveries,
    callbacksSettled: () => callbacks.settled(),
  };

  return {
    endpoint: {
      baseUrl: `${ctx.origin}${API_PREFIX}`,
      account: {
        username: APPLICATION_ACCOUNT.username,
        password: APPLICATION_ACCOUNT.password,
        uiBaseUrl: `${ctx.origin}/`,
        // The user account (2FA, 2-month reports) used when Réglages says « compte utilisateur »;
        // its one-time code is the simulator's fixed one, given by the sandbox itself.
        userUsername: USER_ACCOUNT.username,
        userPassword: USER_ACCOUNT.password,
        userTwoFactorCode: USER_ACCOUNT.twoFactorCode ?? '',
        // The sandbox organisation's processes, for the new-check form (account values are strings).
        processes: JSON.stringify(store.processes.map((p) => ({ uuid: p.uuid, name: p.name }))),
      },
    },
    origin: ctx.origin,
    baseUrl: `${ctx.origin}${API_PREFIX}`,
    uiBaseUrl: `${ctx.origin}/`,
    account: { username: APPLICATION_ACCOUNT.username, password: APPLICATION_ACCOUNT.password },
    userAccount: { username: USER_ACCOUNT.username, password: USER_ACCOUNT.password, twoFactorCode: USER_ACCOUNT.twoFactorCode ?? '' },
    publicKeyPem: ctx.publicKeyPem,
    faults,
    control,
    stop: async () => {
      clearInterval(ticker);
      await closeServer(server);
      await callbacks.settled();
    },
  };
}

/** The sandbox registry's factory (main/sandbox/index.ts): journeys run by themselves unless autoAdvance is off. */
export function startId360Sandbox(o: SimulatorOptions): Promise<Id360Simulator> {
  return startId360Simulator({ timeScale: o.timeScale ?? 1, ...(o.autoAdvance === false ? { journey: null } : {}) });
}
