import { startId360Simulator, type Id360Simulator, type Id360SimulatorOptions } from '../../../main/sandbox/id360/index.js';
import { createId360Api, type Id360Api } from '../../../main/providers/id360/api.js';
import { createId360Client, type Id360Client, type Id360Connection, type Id360Credentials } from '../../../main/providers/id360/client.js';
import { createId360Session, type Id360Session } from '../../../main/providers/id360/session.js';
import { FakeClock, MINUTE } from '../core/fakeClock.js';

export { FakeClock, MINUTE } from '../core/fakeClock.js';
export const DAY = 24 * 60 * MINUTE;

export interface Id360Harness {
  sim: Id360Simulator;
  clock: FakeClock;
  client: Id360Client;
  session: Id360Session;
  api: Id360Api;
  /** A second session on the same simulator (e.g. a user account). */
  connect(credentials: Id360Credentials, conn?: Partial<Id360Connection>): { client: Id360Client; session: Id360Session; api: Id360Api };
  stop(): Promise<void>;
}

export async function startId360Harness(
  opts: { sim?: Id360SimulatorOptions; credentials?: Partial<Id360Credentials>; conn?: Partial<Id360Connection> } = {},
): Promise<Id360Harness> {
  const clock = new FakeClock();
  const sim = await startId360Simulator({ journey: null, ...opts.sim, clock });
  const sessions: Id360Session[] = [];
  const connect = (credentials: Id360Credentials, conn: Partial<Id360Connection> = {}) => {
    const client = createId360Client({ apiBaseUrl: sim.baseUrl, uiBaseUrl: sim.uiBaseUrl, ...conn });
    const session = createId360Session({ login: () => client.login(credentials), keepAlive: (token) => client.whoami(token), clock: clock.providerClock, timers: clock });
    sessions.push(session);
    return { client, session, api: createId360Api(client, session) };
  };
  const main = connect({ ...sim.account, ...opts.credentials }, opts.conn);
  return {
    sim,
    clock,
    ...main,
    connect,
    stop: async () => {
      for (const s of sessions) s.stop();
      await sim.stop();
    },
  };
}

export const OPENING_PROCESS = '6f8a1c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b';
export const SIGNATURE_PROCESS = '1d2c3b4a-5e6f-4a7b-8c9d-0e1f2a3b4c5d';

export function enrollmentInput(reference = 'DOSSIER-2026-0042') {
  return {
    browserCallbackUrl: 'https://guichet.example.org/id360/return/7c1e0f',
    callbackEndpoints: [],
    clientReference: reference,
    person: { last_name: 'Exemple', first_name: 'Camille', email: 'camille@example.org', phone_number: '+33600000000' },
  };
}

/** Errors as the caller gets them: the code and its params. */
export async function failure(promise: Promise<unknown>): Promise<{ code: string; params: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { code?: string; details?: { params?: Record<string, unknown> } };
    return { code: e.code ?? 'NO_CODE', params: e.details?.params ?? {} };
  }
  throw new Error('expected a failure');
}

export async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
