import type { ParapheurContext, PollRule } from './context.js';
import { readSmallBody } from './reply.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultSettings } from '../faults.js';
import type { RemainingKind, SimDocument } from './types.js';

/** In-process control of the simulator (tests, bench, demo), also served under /__sandbox/. */
export interface ParapheurControl {
  /** The pending step acts: visa → Visa approuvé / Visa désapprouvé; signature → Signé / Refusé; otp → OTP signé / Refusé. */
  act(docId: string, action: 'approve' | 'refuse', opts?: { comment?: string }): void;
  /** Every open document moves by one step. */
  advanceAll(): void;
  /** Every open document goes to the end of its circuit (OTP steps included). */
  completeAll(): void;
  documents(): SimDocument[];
  document(docId: string): SimDocument | undefined;
  uploadCount(): number;
  pollViolations(): { docId: string; at: string }[];
  setErrorStatus(status: number): void;
  setAutoAdvance(on: boolean): void;
  setTimeScale(n: number): void;
  setPollRule(rule: PollRule): void;
  setStepDelayMinutes(minutes: number): void;
  /** Jumps simulated time forward (the 30-minute rule, automatic progression). */
  advanceClock(minutes: number): void;
  /** Simulated now, ISO with the Paris offset. */
  now(): string;
  addRemaining(kind: RemainingKind, docId: string): void;
  /** The next N accepted uploads are stored, then answered by a connection reset (outcome unknown). */
  dropNextUploadResponse(count?: number): void;
  /** Off: `POST documents/search` answers 404, as on deployments where it is disabled. */
  setSearchEnabled(on: boolean): void;
  /** On: TLS session tickets wait for the connection's first reply (a reset before it looks like a refusal). */
  setSessionTicketsWithReply(on: boolean): void;
  /**
   * FAST restarted its numbering: the next documents get ids from `nextId` on, ids it may already have
   * handed out (to documents this simulator then forgets, as a server rebuilt from scratch would).
   */
  restartNumbering(nextId: string): void;
  /** API requests received so far (control requests excluded). */
  requestCount(): number;
  /** API requests received and still being handled: 0 once FAST is done with everything it was sent (an aborted upload included). */
  openRequestCount(): number;
}

export function createControl(ctx: ParapheurContext): ParapheurControl {
  const store = ctx.store;
  const inner: ParapheurControl = {
    act: (docId, action, opts) => {
      store.act(docId, action, opts?.comment);
    },
    advanceAll: () => {
      for (const d of store.openDocuments()) store.act(d.id, 'approve');
    },
    completeAll: () => {
      for (const d of store.openDocuments()) {
        let guard = 0;
        while (d.status === 'open' && guard++ < 100) store.act(d.id, 'approve');
      }
    },
    documents: () => [...store.docs.keys()].map((id) => store.snapshot(store.get(id)!)),
    document: (docId) => {
      const d = store.get(docId);
      return d ? store.snapshot(d) : undefined;
    },
    uploadCount: () => store.uploads,
    pollViolations: () => store.violations.map((v) => ({ ...v })),
    setErrorStatus: (status) => {
      if (!Number.isInteger(status) || status < 200 || status > 599) throw new Error('errorStatus must be an HTTP status');
      ctx.errorStatus = status;
    },
    setAutoAdvance: (on) => store.setAutoAdvance(on),
    setTimeScale: (n) => {
      // Play what is due at the old scale before changing the pace of time.
      for (const id of store.docs.keys()) store.get(id);
      store.clock.setTimeScale(n);
    },
    setPollRule: (rule) => {
      ctx.pollRule = rule;
    },
    setStepDelayMinutes: (minutes) => {
      if (!(minutes > 0)) throw new Error('stepDelayMinutes must be > 0');
      store.stepDelayMinutes = minutes;
    },
    advanceClock: (minutes) => store.clock.advance(minutes * 60_000),
    now: () => store.snapshotNow(),
    addRemaining: (kind, docId) => store.addRemaining(kind, docId),
    dropNextUploadResponse: (count = 1) => {
      ctx.dropUploadResponses += count;
    },
    setSearchEnabled: (on) => {
      ctx.searchEnabled = on;
    },
    setSessionTicketsWithReply: (on) => {
      ctx.sessionTicketsWithReply = on;
    },
    restartNumbering: (nextId) => store.restartNumbering(nextId),
    requestCount: () => ctx.apiRequests,
    openRequestCount: () => ctx.apiRequests - ctx.apiRequestsDone,
  };
  // Every control call may change the state: schedule a save of the persisted sandbox.
  const control = {} as Record<string, unknown>;
  for (const [name, fn] of Object.entries(inner) as [string, (...args: unknown[]) => unknown][]) {
    control[name] = (...args: unknown[]) => {
      try {
        return fn(...args);
      } finally {
        store.markDirty();
      }
    };
  }
  return control as unknown as ParapheurControl;
}

function faultsFromJson(body: Record<string, unknown>): Partial<FaultSettings> {
  const out: Partial<FaultSettings> = {};
  for (const key of ['latencyMs', 'errorRate', 'resetRate'] as const) if (typeof body[key] === 'number') out[key] = body[key];
  for (const key of ['forcedStatus', 'resetAfterRequestBytes', 'slowBodyBytesPerSecond', 'times'] as const) {
    if (typeof body[key] === 'number' || body[key] === null) out[key] = body[key];
  }
  if (typeof body['forcedBody'] === 'string') out.forcedBody = body['forcedBody'];
  if (typeof body['resetAfterResponse'] === 'boolean') out.resetAfterResponse = body['resetAfterResponse'];
  if (typeof body['onlyPaths'] === 'string') out.onlyPaths = new RegExp(body['onlyPaths']);
  if (body['onlyPaths'] === null) out.onlyPaths = null;
  return out;
}

/** HTTP face of the control, for the demo UI: /__sandbox/… (JSON in, JSON out, no faults). */
export async function handleControlRequest(
  ctx: ParapheurContext,
  control: ParapheurControl,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): Promise<void> {
  const send = (status: number, value: unknown): void => {
    const body = JSON.stringify(value);
    res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };
  let body: Record<string, unknown> = {};
  if (req.method === 'POST' || req.method === 'PUT') {
    const raw = await readSmallBody(req as AsyncIterable<Buffer>);
    try {
      body = raw.trim() === '' ? {} : (JSON.parse(raw) as Record<string, unknown>);
    } catch {
      send(400, { error: 'invalid JSON' });
      return;
    }
  }
  const rest = path.replace(/^\/__sandbox\/?/, '').replace(/\/$/, '');
  try {
    const act = /^documents\/(\d+)\/act$/.exec(rest);
    if (req.method === 'GET' && rest === 'state') {
      send(200, {
        uploadCount: control.uploadCount(),
        pollViolations: control.pollViolations(),
        simulatedNow: control.now(),
        settings: {
          errorStatus: ctx.errorStatus,
          autoAdvance: ctx.store.autoAdvance,
          timeScale: ctx.store.clock.getTimeScale(),
          pollRule: ctx.pollRule,
          stepDelayMinutes: ctx.store.stepDelayMinutes,
          searchEnabled: ctx.searchEnabled,
          sessionTicketsWithReply: ctx.sessionTicketsWithReply,
        },
        requestCount: control.requestCount(),
      });
    } else if (req.method === 'GET' && rest === 'documents') {
      send(200, control.documents());
    } else if (req.method === 'POST' && act) {
      const action = body['action'] === 'refuse' ? 'refuse' : 'approve';
      const comment = typeof body['comment'] === 'string' ? body['comment'] : undefined;
      control.act(act[1]!, action, comment === undefined ? undefined : { comment });
      send(200, control.document(act[1]!));
    } else if (req.method === 'POST' && rest === 'advance-all') {
      control.advanceAll();
      send(200, { ok: true });
    } else if (req.method === 'POST' && rest === 'complete-all') {
      control.completeAll();
      send(200, { ok: true });
    } else if (req.method === 'POST' && rest === 'settings') {
      if (typeof body['errorStatus'] === 'number') control.setErrorStatus(body['errorStatus']);
      if (typeof body['autoAdvance'] === 'boolean') control.setAutoAdvance(body['autoAdvance']);
      if (typeof body['timeScale'] === 'number') control.setTimeScale(body['timeScale']);
      if (body['pollRule'] === 'off' || body['pollRule'] === 'warn' || body['pollRule'] === 'error') control.setPollRule(body['pollRule']);
      if (typeof body['stepDelayMinutes'] === 'number') control.setStepDelayMinutes(body['stepDelayMinutes']);
      if (typeof body['advanceClockMinutes'] === 'number') control.advanceClock(body['advanceClockMinutes']);
      if (typeof body['searchEnabled'] === 'boolean') control.setSearchEnabled(body['searchEnabled']);
      if (typeof body['sessionTicketsWithReply'] === 'boolean') control.setSessionTicketsWithReply(body['sessionTicketsWithReply']);
      if (typeof body['restartNumberingAt'] === 'string') control.restartNumbering(body['restartNumberingAt']);
      send(200, { ok: true });
    } else if (req.method === 'POST' && rest === 'remaining') {
      const kind = body['kind'];
      if ((kind !== 'ack' && kind !== 'pes-retour' && kind !== 'chorus') || typeof body['docId'] !== 'string') {
        send(400, { error: 'kind (ack|pes-retour|chorus) and docId expected' });
        return;
      }
      control.addRemaining(kind, body['docId']);
      send(200, { ok: true });
    } else if (req.method === 'POST' && rest === 'faults') {
      ctx.faults.update(faultsFromJson(body));
      send(200, { ok: true });
    } else if (req.method === 'DELETE' && rest === 'faults') {
      ctx.faults.reset();
      send(200, { ok: true });
    } else if (req.method === 'POST' && rest === 'drop-next-upload-response') {
      control.dropNextUploadResponse(typeof body['count'] === 'number' ? body['count'] : 1);
      send(200, { ok: true });
    } else {
      send(404, { error: 'unknown control endpoint' });
    }
  } catch (e) {
    send(409, { error: e instanceof Error ? e.message : String(e) });
  }
}
