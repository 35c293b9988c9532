import { createProviderClock } from '../../../main/core/time/providerClock.js';
import type { SessionTimers } from '../../../main/core/http/tokenSession.js';

/**
 * Simulated time for a session and the server it talks to at once: timers fire only when a test
 * moves the clock, and each timer's work (a keep-alive over real HTTP) is awaited before time moves on.
 */
export class FakeClock implements SessionTimers {
  private current: number;
  private sequence = 0;
  private readonly timers = new Map<number, { at: number; order: number; callback: () => unknown }>();

  constructor(start = Date.UTC(2026, 2, 2, 8, 0, 0)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  /** The same time as a provider session's clock (scale 1: a real provider reached at its address). */
  readonly providerClock = createProviderClock({ timeScale: 1, now: () => new Date(this.current) });

  /** Simulated durations are real ones here (scale 1), for a simulator sharing this clock. */
  duration(simulatedMs: number): number {
    return simulatedMs;
  }

  setTimeout(callback: () => unknown, ms: number): unknown {
    const id = ++this.sequence;
    this.timers.set(id, { at: this.current + Math.max(0, ms), order: id, callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      let next: [number, { at: number; order: number; callback: () => unknown }] | undefined;
      for (const entry of this.timers) {
        if (entry[1].at > target) continue;
        if (!next || entry[1].at < next[1].at || (entry[1].at === next[1].at && entry[1].order < next[1].order)) next = entry;
      }
      if (!next) break;
      this.timers.delete(next[0]);
      this.current = next[1].at;
      await next[1].callback();
    }
    this.current = target;
  }
}

export const MINUTE = 60_000;
