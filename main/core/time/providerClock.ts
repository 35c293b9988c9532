import type { Environment } from '../../../shared/domain/providers.js';

/**
 * The time a provider session lives in. Dates are always the wall clock (a provider's histories
 * carry true dates a clerk can read); only durations scale. A simulator may compress its delays
 * (a 20-minute circuit step, FAST's 30-minute polling rule) so that a demo ends in a minute: its
 * sessions then divide every provider duration by the same `timeScale`. Any other environment
 * runs at scale 1, so that production never inherits an acceleration meant for the sandbox.
 */
export interface ProviderClock {
  /** 1 for a real provider; how much faster a simulator's time runs otherwise. */
  readonly timeScale: number;
  now(): Date;
  /** How many real milliseconds a provider duration lasts (30 min → 30 s at scale 60). */
  realMs(providerMs: number): number;
  /** The provider duration a real one stands for (to tell the clerk « 30 min », not « 30 s »). */
  providerMs(realMs: number): number;
}

export function createProviderClock(opts: { timeScale: number; now?: () => Date }): ProviderClock {
  const timeScale = Number.isFinite(opts.timeScale) && opts.timeScale > 0 ? opts.timeScale : 1;
  const now = opts.now ?? (() => new Date());
  return {
    timeScale,
    now,
    realMs: (providerMs) => providerMs / timeScale,
    providerMs: (realMs) => realMs * timeScale,
  };
}

/** The clocks of one application: one wall clock, scaled only for the environment that is simulated. */
export interface ProviderClocks {
  /** The wall clock every timestamp is taken from. */
  now(): Date;
  /** The clock of a session against this environment (a stored row's environment may be any string). */
  of(environment: Environment | (string & {})): ProviderClock;
}

export function createProviderClocks(opts: { sandboxTimeScale: number; now?: () => Date }): ProviderClocks {
  const now = opts.now ?? (() => new Date());
  const real = createProviderClock({ timeScale: 1, now });
  const simulated = createProviderClock({ timeScale: opts.sandboxTimeScale, now });
  return { now, of: (environment) => (environment === 'sandbox' ? simulated : real) };
}
