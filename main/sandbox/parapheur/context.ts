import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultInjector } from '../faults.js';
import type { Replier } from './reply.js';
import type { ParapheurStore } from './store.js';
import type { SimUser } from './types.js';

export type PollRule = 'off' | 'warn' | 'error';

export interface ProfileLabels {
  depositor: string;
  signer: string;
  validator: string;
}

/** Mutable settings and state shared by the request handlers of one simulator. */
export interface ParapheurContext {
  store: ParapheurStore;
  faults: FaultInjector;
  errorStatus: number;
  pollRule: PollRule;
  /** `https://127.0.0.1:<port>` once listening. */
  origin: string;
  /**
   * `habilitations[].profil` labels in exportUsersData: they vary between FAST versions (AGENT,
   * DEPOSANT, CERTIFICAT…), so a client must not depend on one wording.
   */
  profileLabels: ProfileLabels;
  /** The simulator extension `GET circuits` answers; off, it is a 404 as on a real FAST. */
  circuitListing: boolean;
  /** Uploads to store and then answer by a socket reset (outcome-unknown case). */
  dropUploadResponses: number;
  /**
   * `POST documents/search` is an extra endpoint some deployments disable (reference.md row 21): when
   * false it answers 404 like any unknown path, and clients must find their documents without it.
   */
  searchEnabled: boolean;
  /**
   * Like servers that send their TLS 1.3 session tickets only with their first reply: a connection cut
   * before any reply then shows the client no sign that its certificate was accepted. Such servers
   * keep no connection alive either: every request comes on a fresh TLS connection.
   */
  sessionTicketsWithReply: boolean;
  /** API requests received (control requests excluded): lets tests see that a client stopped calling. */
  apiRequests: number;
  /** API requests whose handling is over (answered, refused, or given up on a closed connection). */
  apiRequestsDone: number;
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
