import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FaultInjector } from './faults.js';
import { startHealthSimulator } from './health.js';
import type { RunningSimulator, SimulatedEndpoint, SimulatorOptions } from '../core/simulators/simulatedEndpoint.js';
import { startParapheurSimulator } from './parapheur/index.js';
import { startId360Sandbox } from './id360/index.js';
import type { DossierFacileSimulator } from './dossierfacile/index.js';

export { FaultInjector, defaultFaultSettings, seededRandom, type FaultSettings } from './faults.js';
export { startHealthSimulator, type HealthSimulator } from './health.js';
export { startParapheurSimulator, type ParapheurSimulator, type ParapheurSimulatorOptions } from './parapheur/index.js';

/**
 * The simulators, one line per simulated provider (keyed by provider id). A provider without a
 * line here has no Sandbox mode.
 */
const simulatorFactories = {
  parapheur: (o: SimulatorOptions) => startParapheurSimulator(o),
  id360: (o: SimulatorOptions) => startId360Sandbox(o),
} satisfies Record<string, (options: SimulatorOptions) => Promise<RunningSimulator>>;

/**
 * Simulators started only when their provider first asks (its module loads heavy parts, such as an
 * OpenID provider): the sandbox does not make the app start slower for a provider nobody uses yet.
 */
const lazySimulatorFactories = {
  dossierfacile: (o: SimulatorOptions): Promise<DossierFacileSimulator> => import('./dossierfacile/index.js').then((m) => m.startDossierFacileSandbox(o)),
} satisfies Record<string, (options: SimulatorOptions) => Promise<RunningSimulator>>;
type LazyFactories = typeof lazySimulatorFactories;
export type LazySimulatedProviderId = keyof LazyFactories;
type LazySimulators = { [K in LazySimulatedProviderId]: Awaited<ReturnType<LazyFactories[K]>> };

type SimulatorFactories = typeof simulatorFactories;
export type SimulatedProviderId = keyof SimulatorFactories;
type StartedSimulators = { [K in SimulatedProviderId]: Awaited<ReturnType<SimulatorFactories[K]>> };

export interface SandboxOptions {
  dataDir: string;
  /** Simulated time runs this much faster than the wall clock (see core/time/providerClock.ts). */
  timeScale?: number;
  autoAdvance?: boolean;
}

export type RunningSandbox = StartedSimulators & {
  health: { url: string; faults: FaultInjector; stop(): Promise<void> };
  /** What the simulator of this provider hands it; null for a provider without a simulator (or a lazy one not started yet). */
  endpointOf(provider: string): SimulatedEndpoint | null;
  /** Starts a lazy simulator on first ask (once), and gives it. */
  ensure<K extends LazySimulatedProviderId>(provider: K): Promise<LazySimulators[K]>;
  /** Whether the provider's simulator is started only on demand. */
  isLazy(provider: string): boolean;
  stop(): Promise<void>;
};

/**
 * Starts every simulator in-process on ephemeral ports of 127.0.0.1 (never 0.0.0.0). Each one
 * keeps its state under its own folder of dataDir.
 */
export async function startSandbox(opts: SandboxOptions): Promise<RunningSandbox> {
  mkdirSync(opts.dataDir, { recursive: true });
  const started: { stop(): Promise<void> }[] = [];
  try {
    const health = await startHealthSimulator();
    started.push(health);
    const simulators: Partial<Record<SimulatedProviderId, RunningSimulator>> = {};
    for (const [id, start] of Object.entries(simulatorFactories) as [SimulatedProviderId, SimulatorFactories[SimulatedProviderId]][]) {
      const simulator = await start({ dataDir: join(opts.dataDir, id), timeScale: opts.timeScale, autoAdvance: opts.autoAdvance });
      started.push(simulator);
      simulators[id] = simulator;
    }
    const lazy: Partial<{ [K in LazySimulatedProviderId]: Promise<LazySimulators[K]> }> = {};
    const lazyStarted: Partial<Record<LazySimulatedProviderId, RunningSimulator>> = {};
    let stopped = false;
    return {
      ...(simulators as StartedSimulators),
      health,
      endpointOf: (provider) =>
        Object.hasOwn(simulators, provider)
          ? simulators[provider as SimulatedProviderId]!.endpoint
          : (lazyStarted[provider as LazySimulatedProviderId]?.endpoint ?? null),
      isLazy: (provider) => Object.hasOwn(lazySimulatorFactories, provider),
      ensure<K extends LazySimulatedProviderId>(provider: K): Promise<LazySimulators[K]> {
        const running = (lazy[provider] ??= lazySimulatorFactories[provider]({
          dataDir: join(opts.dataDir, provider),
          timeScale: opts.timeScale,
          autoAdvance: opts.autoAdvance,
        }).then(async (sim) => {
          if (stopped) {
            await sim.stop();
            throw new Error('sandbox stopped');
          }
          started.push(sim);
          lazyStarted[provider] = sim;
          return sim;
        })) as Promise<LazySimulators[K]>;
        return running;
      },
      stop: async () => {
        stopped = true;
        await Promise.all(Object.values(lazy).map((p) => p.catch(() => undefined)));
        await Promise.all(started.map((s) => s.stop()));
      },
    };
  } catch (e) {
    await Promise.all(started.map((s) => s.stop().catch(() => undefined)));
    throw e;
  }
}
