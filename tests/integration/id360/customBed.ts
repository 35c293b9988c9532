import fs from 'node:fs';
import path from 'node:path';
import { call, startTestGuichet, tempDir } from '../parapheur/guichetHarness.js';
import { startId360Simulator, type Id360Simulator, type Id360SimulatorOptions } from '../../../main/sandbox/id360/index.js';
import type { Guichet } from '../../../main/composition.js';
import { OPENING_PROCESS } from './id360Harness.js';

/**
 * Guichet pointed at the ID360 simulator as at a real ID360 (environment `custom`, time scale 1, the
 * account in settings and vault), one hand-moved clock shared by both: what a clerk's install does
 * against préproduction, with a day passing in a line of test.
 */
export interface CustomBed {
  guichet: Guichet;
  sim: Id360Simulator;
  dir: string;
  /** Moves both clocks. */
  advance(ms: number): void;
  now(): Date;
  /** One tracker pass over everything due (twice: a report kept names more files). */
  pass(localId?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startCustomBed(opts: { sim?: Omit<Id360SimulatorOptions, 'clock'>; settings?: Record<string, unknown> } = {}): Promise<CustomBed> {
  const dir = tempDir('guichet-id360-custom-');
  let now = Date.now();
  const sim = await startId360Simulator({ journey: null, ...opts.sim, clock: { now: () => now, duration: (ms) => ms } });
  const guichet = await startTestGuichet(path.join(dir, 'app'), { now: () => new Date(now) });
  await call(guichet, 'settings.update', {
    providers: {
      id360: {
        environment: 'custom',
        customBaseUrl: sim.baseUrl,
        customUiBaseUrl: sim.uiBaseUrl,
        username: sim.account.username,
        processes: [{ uuid: OPENING_PROCESS, label: 'Ouverture de compte' }],
        ...opts.settings,
      },
    },
  });
  await call(guichet, 'secrets.set', { key: 'id360.password', value: sim.account.password });
  return {
    guichet,
    sim,
    dir,
    advance: (ms) => {
      now += ms;
    },
    now: () => new Date(now),
    pass: async (localId) => {
      if (localId !== undefined) guichet.id360.pollSoon(localId);
      await guichet.id360.tracker.tick();
      await guichet.id360.tracker.tick();
    },
    stop: async () => {
      await guichet.stop();
      await sim.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The same bed with ID360's user account (e-mail, password, the code of the day) set in Réglages and signed in. */
export async function startUserBed(opts: Parameters<typeof startCustomBed>[0] = {}): Promise<CustomBed> {
  const b = await startCustomBed({ ...opts, settings: { accountKind: 'user', ...opts?.settings } });
  await call(b.guichet, 'settings.update', { providers: { id360: { username: b.sim.userAccount.username } } });
  await call(b.guichet, 'secrets.set', { key: 'id360.password', value: b.sim.userAccount.password });
  await signInUser(b);
  return b;
}

/** The clerk types the code of the day (a user account's token dies after 15 idle minutes, and with a changed setting). */
export async function signInUser(b: CustomBed): Promise<void> {
  await call(b.guichet, 'id360.session.twoFactor', { code: b.sim.userAccount.twoFactorCode });
}
