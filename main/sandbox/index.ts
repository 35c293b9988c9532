import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FaultInjector } from './faults.js';
import { startHealthSimulator } from './health.js';
import { startParapheurSimulator, type ParapheurSimulator, type ParapheurSimulatorOptions } from './parapheur/index.js';

export { FaultInjector, defaultFaultSettings, seededRandom, type FaultSettings } from './faults.js';
export { startHealthSimulator, type HealthSimulator } from './health.js';
export { startParapheurSimulator, type ParapheurSimulator, type ParapheurSimulatorOptions } from './parapheur/index.js';

export interface SandboxOptions {
  dataDir: string;
  /** Simulated time runs this much faster than the wall clock (see core/time/providerClock.ts). */
  timeScale?: number;
  parapheur?: Partial<ParapheurSimulatorOptions>;
}

export interface RunningSandbox {
  health: { url: string; faults: FaultInjector; stop(): Promise<void> };
  parapheur: ParapheurSimulator;
  stop(): Promise<void>;
}

/**
 * Starts every simulator in-process on ephemeral ports of 127.0.0.1 (never 0.0.0.0). Each one
 * keeps its state under its own folder of dataDir. Later simulators (id360, dossierfacile) join
 * the same registry.
 */
export async function startSandbox(opts: SandboxOptions): Promise<RunningSandbox> {
  mkdirSync(opts.dataDir, { recursive: true });
  const started: { stop(): Promise<void> }[] = [];
  try {
    const health = await startHealthSimulator();
    started.push(health);
    const parapheurOpts: ParapheurSimulatorOptions = { dataDir: join(opts.dataDir, 'parapheur'), ...opts.parapheur };
    if (opts.timeScale !== undefined && parapheurOpts.timeScale === undefined) parapheurOpts.timeScale = opts.timeScale;
    const parapheur = await startParapheurSimulator(parapheurOpts);
    started.push(parapheur);
    return {
      health,
      parapheur,
      stop: async () => {
        await Promise.all(started.map((s) => s.stop()));
      },
    };
  } catch (e) {
    await Promise.all(started.map((s) => s.stop().catch(() => undefined)));
    throw e;
  }
}
