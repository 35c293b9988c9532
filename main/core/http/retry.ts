import { GuichetError } from '../../../shared/ipc/errors.js';

export interface RetryOptions {
  /** Retries after the first attempt (0 = a single attempt). */
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Whether this failure is worth another attempt (transient network error, 503…). */
  isRetryable(error: unknown, attempt: number): boolean;
  signal?: AbortSignal;
  /** [0, 1) source for the jitter; injected by tests. */
  random?: () => number;
  /** Waits `ms` unless `signal` aborts first; injected by tests so that nothing really waits. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Told before each wait (for logs and "nouvel essai dans 8 s" in the UI). */
  onRetry?: (info: { error: unknown; attempt: number; delayMs: number }) => void;
}

function cancelled(): GuichetError {
  return new GuichetError('CANCELLED', 'Opération annulée.');
}

/** Waits `ms`, rejecting with CANCELLED as soon as the signal aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(cancelled());
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelled());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * "Full jitter" delay for a given retry (0-based): uniform in [0, min(max, base·2^retry)).
 * Spreading retries uniformly keeps many clerks' apps from hammering a provider in lockstep
 * when it comes back after an outage.
 */
export function backoffDelay(retry: number, baseDelayMs: number, maxDelayMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(retry, 52));
  return Math.floor(random() * ceiling);
}

/**
 * Runs `fn` until it succeeds, fails with a non-retryable error, or `retries` retries are spent
 * (the last error is then rethrown). Cancellation (the signal) stops both attempts and waits.
 */
export async function retryWithBackoff<T>(
  fn: (context: { attempt: number; signal?: AbortSignal }) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? abortableSleep;
  for (let attempt = 0; ; attempt++) {
    if (options.signal?.aborted) throw cancelled();
    try {
      return await fn({ attempt, signal: options.signal });
    } catch (error) {
      if (options.signal?.aborted) throw cancelled();
      if (attempt >= options.retries || !options.isRetryable(error, attempt)) throw error;
      const delayMs = backoffDelay(attempt, options.baseDelayMs, options.maxDelayMs, random);
      options.onRetry?.({ error, attempt, delayMs });
      await sleep(delayMs, options.signal);
      if (options.signal?.aborted) throw cancelled();
    }
  }
}
