import { describe, expect, it } from 'vitest';
import { GuichetError } from '../../../shared/ipc/errors.js';
import { abortableSleep, backoffDelay, retryWithBackoff } from '../../../main/core/http/retry.js';

function fakeSleep() {
  const waits: number[] = [];
  return {
    waits,
    sleep: async (ms: number, signal?: AbortSignal) => {
      waits.push(ms);
      if (signal?.aborted) throw new GuichetError('CANCELLED', 'Opération annulée.');
    },
  };
}

class Transient extends Error {}

describe('backoffDelay', () => {
  it('is full jitter under an exponential ceiling capped at maxDelayMs', () => {
    expect(backoffDelay(0, 100, 10_000, () => 0.5)).toBe(50);
    expect(backoffDelay(3, 100, 10_000, () => 0.5)).toBe(400);
    expect(backoffDelay(10, 100, 10_000, () => 0.5)).toBe(5000);
    expect(backoffDelay(10, 100, 10_000, () => 0)).toBe(0);
    expect(backoffDelay(10, 100, 10_000, () => 0.999999)).toBe(9999);
    expect(backoffDelay(2000, 100, 10_000, () => 0.5)).toBe(5000);
  });
});

describe('retryWithBackoff', () => {
  it('retries retryable failures with jittered exponential delays, then succeeds', async () => {
    const { waits, sleep } = fakeSleep();
    const attempts: number[] = [];
    const retried: number[] = [];
    const result = await retryWithBackoff(
      async ({ attempt }) => {
        attempts.push(attempt);
        if (attempt < 3) throw new Transient('boom');
        return 'ok';
      },
      {
        retries: 5,
        baseDelayMs: 1000,
        maxDelayMs: 5000,
        isRetryable: (e) => e instanceof Transient,
        random: () => 0.5,
        sleep,
        onRetry: ({ attempt }) => retried.push(attempt),
      },
    );
    expect(result).toBe('ok');
    expect(attempts).toEqual([0, 1, 2, 3]);
    expect(waits).toEqual([500, 1000, 2000]);
    expect(retried).toEqual([0, 1, 2]);
  });

  it('stops at the first non-retryable error', async () => {
    const { waits, sleep } = fakeSleep();
    let calls = 0;
    await expect(
      retryWithBackoff(
        async () => {
          calls++;
          throw new Error('fatal');
        },
        { retries: 5, baseDelayMs: 10, maxDelayMs: 100, isRetryable: () => false, sleep },
      ),
    ).rejects.toThrow('fatal');
    expect(calls).toBe(1);
    expect(waits).toEqual([]);
  });

  it('rethrows the last error once retries are spent', async () => {
    const { waits, sleep } = fakeSleep();
    let calls = 0;
    await expect(
      retryWithBackoff(
        async () => {
          calls++;
          throw new Transient(`attempt ${calls}`);
        },
        { retries: 2, baseDelayMs: 10, maxDelayMs: 100, isRetryable: () => true, random: () => 0, sleep },
      ),
    ).rejects.toThrow('attempt 3');
    expect(calls).toBe(3);
    expect(waits).toEqual([0, 0]);
  });

  it('is cancellable before an attempt and during a wait', async () => {
    const controller = new AbortController();
    controller.abort();
    let calls = 0;
    await expect(
      retryWithBackoff(async () => ++calls, { retries: 1, baseDelayMs: 1, maxDelayMs: 1, isRetryable: () => true, signal: controller.signal }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(calls).toBe(0);

    const during = new AbortController();
    let attempts = 0;
    const promise = retryWithBackoff(
      async () => {
        attempts++;
        throw new Transient('x');
      },
      {
        retries: 10,
        baseDelayMs: 60_000,
        maxDelayMs: 60_000,
        isRetryable: () => true,
        random: () => 0.99,
        signal: during.signal,
        sleep: (ms, signal) => {
          const p = abortableSleep(ms, signal);
          during.abort();
          return p;
        },
      },
    );
    await expect(promise).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(attempts).toBe(1);
  });

  it('passes the signal to the attempt and does not retry after it aborted', async () => {
    const controller = new AbortController();
    const { waits, sleep } = fakeSleep();
    await expect(
      retryWithBackoff(
        async ({ signal }) => {
          expect(signal).toBe(controller.signal);
          controller.abort();
          throw new Transient('aborted in flight');
        },
        { retries: 3, baseDelayMs: 1, maxDelayMs: 1, isRetryable: () => true, signal: controller.signal, sleep },
      ),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(waits).toEqual([]);
  });
});
