import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../../main/core/http/retry.js';

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
