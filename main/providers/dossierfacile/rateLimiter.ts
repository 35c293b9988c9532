import { setTimeout as delay } from 'node:timers/promises';
import type { ProviderClock } from '../../core/time/providerClock.js';
import { dfcError, dfcErrorCodes } from './errors.js';

/**
 * A client-side pace for a provider limit counted per IP over sliding windows (DossierFacile's
 * download limits, docs/providers/dossierfacile.md#downloads): a call waits for its turn instead of
 * earning a 429 that costs a full minute. Windows are provider durations, so a simulator running
 * faster than real time is paced on its own time line.
 */

export interface RateWindow {
  /** Provider milliseconds (60 000 for « per minute »). */
  windowMs: number;
  max: number;
}

export type Sleep = (realMs: number, signal?: AbortSignal) => Promise<void>;

/** Really waits; an aborted wait ends as « annulé ». */
export const realSleep: Sleep = async (realMs, signal) => {
  try {
    await delay(realMs, undefined, signal ? { signal } : undefined);
  } catch (e) {
    if (signal?.aborted) throw dfcError(dfcErrorCodes.cancelled, 'dossierfacile:errors.operationCancelled');
    throw e;
  }
};

export interface RateLimiter {
  /** Resolves when one more call fits every window, and counts it. */
  acquire(signal?: AbortSignal): Promise<void>;
}

export function createRateLimiter(windows: readonly RateWindow[], clock: ProviderClock, sleep: Sleep): RateLimiter {
  const longest = Math.max(...windows.map((w) => w.windowMs));
  // Start times of the calls still inside the longest window, oldest first (real ms).
  const starts: number[] = [];
  let turn: Promise<void> = Promise.resolve();

  function waitNeeded(now: number): number {
    while (starts.length > 0 && starts[0]! <= now - clock.realMs(longest)) starts.shift();
    let wait = 0;
    for (const w of windows) {
      const span = clock.realMs(w.windowMs);
      const inside = starts.filter((t) => t > now - span);
      if (inside.length >= w.max) wait = Math.max(wait, inside[inside.length - w.max]! + span - now);
    }
    return wait;
  }

  return {
    acquire(signal) {
      // One caller at a time decides, so concurrent downloads never both take the last slot.
      const mine = turn.then(async () => {
        for (;;) {
          const now = clock.now().getTime();
          const wait = waitNeeded(now);
          if (wait <= 0) {
            starts.push(now);
            return;
          }
          await sleep(Math.ceil(wait), signal);
        }
      });
      turn = mine.catch(() => undefined);
      return mine;
    },
  };
}
