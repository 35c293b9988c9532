/**
 * "Full jitter" delay for a given retry (0-based): uniform in [0, min(max, base·2^retry)).
 * Spreading retries uniformly keeps many clerks' apps from hammering a provider in lockstep
 * when it comes back after an outage.
 */
export function backoffDelay(retry: number, baseDelayMs: number, maxDelayMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(retry, 52));
  return Math.floor(random() * ceiling);
}
