import { join } from 'node:path';
import type { RunningSimulator } from '../../core/simulators/simulatedEndpoint.js';
import { FaultInjector } from '../faults.js';
import { closeServer } from '../health.js';
import { SimClock } from './clock.js';
import type { ParapheurContext, PollRule, ProfileLabels } from './context.js';
import { createControl, type ParapheurControl } from './control.js';
import { DEMO_SIREN, DEPOSIT_USER_EMAIL, OTHER_SIREN, UNKNOWN_SIREN } from './demo.js';
import { errorJson } from './reply.js';
import { issueClientP12, loadOrCreatePki, type IssueOptions } from './pki.js';
import { API_PREFIX } from './routes.js';
import { listenParapheur } from './server.js';
import { ParapheurStore } from './store.js';
import type { SimCircuit, SimUser } from './types.js';

export type { SimCircuit, SimDocument, SimHistoryEntry, SimStep, SimUser, RemainingKind, StepKind, FileKind, CircuitType } from './types.js';
export type { ParapheurControl } from './control.js';
export type { PollRule, ProfileLabels } from './context.js';
export { DEMO_SIREN, OTHER_SIREN, UNKNOWN_SIREN, DEPOSIT_USER_EMAIL, ON_DEMAND_CIRCUIT_ID } from './demo.js';
export { SANDBOX_P12_PASSWORD } from './pki.js';

export interface ParapheurSimulatorOptions {
  /** PKI persisted in <dataDir>/pki (test CA created on first run, reused afterwards); files under <dataDir>/files. */
  dataDir: string;
  faults?: FaultInjector;
  /** Time compression (default 1): every simulated delay (steps, the 30-minute rule) lasts delay / timeScale. */
  timeScale?: number;
  /** Default true: open documents progress by themselves through their circuit steps. */
  autoAdvance?: boolean;
  /** Simulated minutes between two automatic actions (default 20). */
  stepDelayMinutes?: number;
  /** HTTP status of error bodies (default 400; FAST sometimes answers errors with 200). */
  errorStatus?: number;
  /** 30-minute rule on `history` per document: 'warn' records a violation (default), 'error' also answers an error. */
  pollRule?: PollRule;
  port?: number;
  /** Profile labels of exportUsersData (default AGENT, SIGNATAIRE, VALIDEUR); another FAST version says DEPOSANT… */
  profileLabels?: Partial<ProfileLabels>;
  /** Default true: the simulator extension `GET circuits` answers; false answers 404, as a real FAST does. */
  circuitListing?: boolean;
  /** Default true: documents, users and remaining lists are saved in <dataDir>/state.json and reloaded. */
  persist?: boolean;
  /** Default true; false answers `POST documents/search` with 404 (disabled on some deployments). */
  searchEnabled?: boolean;
  /** Default false; true holds TLS session tickets until the connection's first reply (some production servers). */
  sessionTicketsWithReply?: boolean;
}

export interface ParapheurSimulator extends RunningSimulator {
  /** https://127.0.0.1:<port>/parapheur-ws/rest/v1/ */
  baseUrl: string;
  /** Trust anchor of the server certificate and issuer of the client certificates. */
  caCertPem: string;
  /** Demo subscriber of the sandbox user. */
  siren: string;
  /** A valid subscriber the sandbox user does not belong to (errorCode 100). */
  otherSiren: string;
  /** A well-formed SIREN no subscriber has (errorCode 111). */
  unknownSiren: string;
  /** The sandbox deposit user, persisted in <dataDir>/pki. */
  clientIdentity: { p12: Buffer; password: string; email: string };
  /** For tests: an unknown user (403), or a certificate from another CA (refused during the TLS handshake). */
  issueClientIdentity(email: string, opts?: { foreignCa?: boolean; emailIn?: IssueOptions['emailIn']; chain?: boolean }): { p12: Buffer; password: string };
  circuits: SimCircuit[];
  users: SimUser[];
  control: ParapheurControl;
  faults: FaultInjector;
  stop(): Promise<void>;
}

export async function startParapheurSimulator(opts: ParapheurSimulatorOptions): Promise<ParapheurSimulator> {
  const pki = loadOrCreatePki(join(opts.dataDir, 'pki'), DEPOSIT_USER_EMAIL);
  const faults =
    opts.faults ??
    new FaultInjector(undefined, {
      errorBody: (status) => errorJson({ developerMessage: `Internal error: simulated fault (HTTP ${status})`, userFriendlyMessage: 'Erreur technique simulée.' }),
    });
  const store = new ParapheurStore({
    dataDir: opts.dataDir,
    clock: new SimClock(opts.timeScale ?? 1),
    autoAdvance: opts.autoAdvance ?? true,
    stepDelayMinutes: opts.stepDelayMinutes ?? 20,
    persist: opts.persist ?? true,
  });
  const ctx: ParapheurContext = {
    store,
    faults,
    errorStatus: opts.errorStatus ?? 400,
    pollRule: opts.pollRule ?? 'warn',
    origin: '',
    profileLabels: { depositor: 'AGENT', signer: 'SIGNATAIRE', validator: 'VALIDEUR', ...opts.profileLabels },
    circuitListing: opts.circuitListing ?? true,
    dropUploadResponses: 0,
    searchEnabled: opts.searchEnabled ?? true,
    sessionTicketsWithReply: opts.sessionTicketsWithReply ?? false,
    apiRequests: 0,
    apiRequestsDone: 0,
  };
  const control = createControl(ctx);
  const { server, port } = await listenParapheur(ctx, control, { keyPem: pki.server.keyPem, certPem: pki.server.certPem, caCertPem: pki.ca.certPem }, opts.port ?? 0);
  ctx.origin = `https://127.0.0.1:${port}`;
  return {
    baseUrl: `${ctx.origin}${API_PREFIX}`,
    caCertPem: pki.ca.certPem,
    siren: DEMO_SIREN,
    otherSiren: OTHER_SIREN,
    unknownSiren: UNKNOWN_SIREN,
    clientIdentity: { ...pki.depositUser },
    endpoint: {
      baseUrl: `${ctx.origin}${API_PREFIX}`,
      caPem: pki.ca.certPem,
      clientCertificate: { pfx: pki.depositUser.p12, password: pki.depositUser.password, email: pki.depositUser.email },
      account: { siren: DEMO_SIREN },
    },
    issueClientIdentity: (email, o = {}) =>
      issueClientP12(o.foreignCa ? pki.foreignCa() : pki.ca, email, { ...(o.emailIn ? { emailIn: o.emailIn } : {}), ...(o.chain === false ? { chain: false } : {}) }),
    circuits: store.circuits,
    get users() {
      return [...store.users.values()];
    },
    control,
    faults,
    stop: async () => {
      await closeServer(server);
      store.flush();
    },
  };
}
