import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Network and server faults a simulator can inject. Probabilistic knobs (errorRate, resetRate) use
 * the injector's seeded random source so a test can replay the same sequence; deterministic knobs
 * (forcedStatus, resetAfterRequestBytes, resetAfterResponse) apply to every matching request until
 * reset, or to the next `times` matching requests only.
 */
export interface FaultSettings {
  latencyMs: number;
  /** 0..1: probability of answering a 5xx error instead of the real reply. */
  errorRate: number;
  forcedStatus: number | null;
  forcedBody?: string;
  /** 0..1: probability of destroying the socket before answering. */
  resetRate: number;
  /** Destroy the connection once N request-body bytes have been received (a drop mid-upload). */
  resetAfterRequestBytes: number | null;
  /** Throttle response bodies to this many bytes per second. */
  slowBodyBytesPerSecond: number | null;
  /**
   * Process the request completely (e.g. store an upload) then destroy the socket instead of
   * answering: the "outcome unknown" case a client must reconcile.
   */
  resetAfterResponse?: boolean;
  /** Only requests whose URL matches are affected. */
  onlyPaths?: RegExp | null;
  /** Apply to the next N matching requests only, then reset to the defaults. */
  times?: number | null;
}

export const defaultFaultSettings: Readonly<FaultSettings> = Object.freeze({
  latencyMs: 0,
  errorRate: 0,
  forcedStatus: null,
  resetRate: 0,
  resetAfterRequestBytes: null,
  slowBodyBytesPerSecond: null,
  resetAfterResponse: false,
  onlyPaths: null,
  times: null,
});

/** What was decided for one request; kept so body readers and senders apply the same decision. */
interface RequestPlan {
  resetAfterRequestBytes: number | null;
  slowBodyBytesPerSecond: number | null;
  resetAfterResponse: boolean;
}

/** Small deterministic PRNG (mulberry32): reproducible fault sequences from a seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FaultInjectorOptions {
  seed?: number;
  random?: () => number;
  /** Body of the replies produced by errorRate (and forcedStatus without forcedBody). */
  errorBody?: (status: number) => string;
}

export class FaultInjector {
  settings: FaultSettings = { ...defaultFaultSettings };
  private random: () => number;
  private readonly errorBody: (status: number) => string;
  private readonly plans = new WeakMap<IncomingMessage, RequestPlan>();
  /** Number of requests a fault was applied to (handy for assertions). */
  injectedCount = 0;

  constructor(initial?: Partial<FaultSettings>, opts: FaultInjectorOptions = {}) {
    this.random = opts.random ?? (opts.seed !== undefined ? seededRandom(opts.seed) : Math.random);
    this.errorBody =
      opts.errorBody ??
      ((status) => JSON.stringify({ error: 'simulated fault', status, generation: Date.now() }));
    if (initial) this.update(initial);
  }

  update(partial: Partial<FaultSettings>): void {
    this.settings = { ...this.settings, ...partial };
  }

  reset(): void {
    this.settings = { ...defaultFaultSettings };
  }

  setSeed(seed: number): void {
    this.random = seededRandom(seed);
  }

  /** True when some knob is active (used to skip all work on the normal path). */
  get active(): boolean {
    const s = this.settings;
    return (
      s.latencyMs > 0 ||
      s.errorRate > 0 ||
      s.forcedStatus !== null ||
      s.resetRate > 0 ||
      s.resetAfterRequestBytes !== null ||
      s.slowBodyBytesPerSecond !== null ||
      s.resetAfterResponse === true
    );
  }

  /**
   * Called first by every request handler. Returns true when the fault layer already answered
   * (or destroyed) the request and the handler must do nothing more.
   */
  async intercept(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    if (!this.active) return false;
    const s = this.settings;
    if (s.onlyPaths && !s.onlyPaths.test(req.url ?? '')) return false;
    if (s.times !== null && s.times !== undefined) {
      if (s.times <= 0) {
        this.reset();
        return false;
      }
      const left = s.times - 1;
      // Snapshot the settings for this request, then consume one application.
      this.settings = left <= 0 ? { ...defaultFaultSettings } : { ...s, times: left };
    }
    this.injectedCount++;
    this.plans.set(req, {
      resetAfterRequestBytes: s.resetAfterRequestBytes,
      slowBodyBytesPerSecond: s.slowBodyBytesPerSecond,
      resetAfterResponse: s.resetAfterResponse === true,
    });
    if (s.latencyMs > 0) await sleep(s.latencyMs);
    if (s.resetRate > 0 && this.random() < s.resetRate) {
      req.socket.destroy();
      return true;
    }
    if (s.forcedStatus !== null) {
      await this.discardBody(req);
      await this.send(req, res, s.forcedStatus, { 'content-type': guessType(s.forcedBody) }, s.forcedBody ?? this.errorBody(s.forcedStatus));
      return true;
    }
    if (s.errorRate > 0 && this.random() < s.errorRate) {
      await this.discardBody(req);
      await this.send(req, res, 503, { 'content-type': 'application/json' }, s.forcedBody ?? this.errorBody(503));
      return true;
    }
    return false;
  }

  /**
   * The request body as seen through the faults: handlers must read bodies through this so a
   * `resetAfterRequestBytes` drop happens mid-upload.
   */
  requestBody(req: IncomingMessage): AsyncIterable<Buffer> {
    const limit = this.plans.get(req)?.resetAfterRequestBytes ?? null;
    // destroyOnReturn: false, so a handler that stops reading early (a rejected upload) can still
    // drain the rest and answer, instead of killing the connection.
    const source = (): AsyncIterable<Buffer> => ({ [Symbol.asyncIterator]: () => req.iterator({ destroyOnReturn: false }) });
    if (limit === null) return source();
    return (async function* () {
      let seen = 0;
      for await (const chunk of source()) {
        seen += chunk.length;
        if (seen >= limit) {
          req.socket.destroy();
          throw new Error('simulated connection reset during request body');
        }
        yield chunk;
      }
    })();
  }

  /** Reads and drops the request body (so an early reply does not break the client's upload). */
  async discardBody(req: IncomingMessage): Promise<void> {
    try {
      for await (const _chunk of this.requestBody(req)) {
        // discard
      }
    } catch {
      // the connection is gone; the caller's reply will simply not arrive
    }
  }

  /** True when this request's reply must be replaced by a socket reset. */
  shouldDropResponse(req: IncomingMessage): boolean {
    return this.plans.get(req)?.resetAfterResponse === true;
  }

  /** Sends a complete reply, applying resetAfterResponse and slow bodies. */
  async send(
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    headers: Record<string, string | number>,
    body: string | Buffer,
  ): Promise<void> {
    const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    await this.sendStream(req, res, status, { ...headers, 'content-length': buf.length }, Readable.from([buf]));
  }

  /** Streams a reply body, applying resetAfterResponse and slow bodies. */
  async sendStream(
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    headers: Record<string, string | number>,
    body: AsyncIterable<Buffer | Uint8Array | string>,
  ): Promise<void> {
    const plan = this.plans.get(req);
    if (plan?.resetAfterResponse) {
      req.socket.destroy();
      destroyIfStream(body);
      return;
    }
    res.writeHead(status, headers);
    const bps = plan?.slowBodyBytesPerSecond ?? null;
    try {
      for await (const piece of body) {
        const chunk = typeof piece === 'string' ? Buffer.from(piece) : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
        if (bps === null || bps <= 0) {
          if (!res.write(chunk)) await waitDrain(res);
        } else {
          await this.throttledWrite(res, chunk, bps);
        }
        if (res.destroyed) break;
      }
    } catch (e) {
      destroyIfStream(body);
      res.destroy(e instanceof Error ? e : undefined);
      return;
    }
    if (res.destroyed) {
      destroyIfStream(body);
      return;
    }
    // 'finish' never comes once the client has gone (its socket closed while the answer was written):
    // 'close' ends the request too, or the simulator would count it open forever.
    await new Promise<void>((resolve) => {
      res.once('close', resolve);
      res.end(resolve);
    });
  }

  private async throttledWrite(res: ServerResponse, chunk: Buffer, bps: number): Promise<void> {
    // Slices of ~1/10 s keep the throttle smooth without a timer per byte.
    const slice = Math.max(1, Math.floor(bps / 10));
    for (let off = 0; off < chunk.length && !res.destroyed; off += slice) {
      const part = chunk.subarray(off, off + slice);
      if (!res.write(part)) await waitDrain(res);
      await sleep(Math.ceil((part.length / bps) * 1000));
    }
  }
}

function waitDrain(res: ServerResponse): Promise<void> {
  // A client that left before this write (a cancelled download) closed the socket already: 'close' has been
  // emitted and will not come again, so waiting for it would keep the request open in the simulator forever.
  if (res.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

function destroyIfStream(body: unknown): void {
  if (body && typeof (body as { destroy?: unknown }).destroy === 'function') {
    (body as { destroy: () => void }).destroy();
  }
}

function guessType(body: string | undefined): string {
  if (body === undefined) return 'application/json';
  const t = body.trimStart();
  return t.startsWith('{') || t.startsWith('[') ? 'application/json' : 'text/plain;charset=UTF-8';
}
