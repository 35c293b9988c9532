import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultInjector } from '../faults.js';
import type { Replier } from './reply.js';
import type { ParapheurStore } from './store.js';
import type { SimUser } from './types.js';

export type PollRule = 'off' | 'warn' | 'error';

/** Mutable settings and state shared by the request handlers of one simulator. */
export interface ParapheurContext {
  store: ParapheurStore;
  faults: FaultInjector;
  errorStatus: number;
  pollRule: PollRule;
  /** `https://127.0.0.1:<port>` once listening. */
  origin: string;
  /** Uploads to store and then answer by a socket reset (outcome-unknown case). */
  dropUploadResponses: number;
}

export interface RequestScope {
  ctx: ParapheurContext;
  req: IncomingMessage;
  res: ServerResponse;
  reply: Replier;
  user: SimUser;
  query: URLSearchParams;
  params: string[];
}
