/**
 * A simulator's clock. It reads the wall clock (plus any jump a test asked for), and `timeScale`
 * compresses every simulated duration instead: at scale 60 a 20-minute circuit step takes 20
 * real seconds and FAST's 30-minute polling rule 30 real seconds. Dates in histories therefore
 * stay true dates a clerk can read, and Guichet, which divides the provider's delays by the same
 * factor, sees one consistent time line (waiting times, « en retard »).
 */
export class SimClock {
  private offset = 0;

  constructor(private timeScale = 1) {
    if (!(timeScale > 0)) this.timeScale = 1;
  }

  now(): number {
    return Date.now() + this.offset;
  }

  getTimeScale(): number {
    return this.timeScale;
  }

  setTimeScale(timeScale: number): void {
    if (!(timeScale > 0)) throw new Error('timeScale must be > 0');
    this.timeScale = timeScale;
  }

  /** How long a simulated duration lasts on this clock. */
  duration(simulatedMs: number): number {
    return simulatedMs / this.timeScale;
  }

  /** Never lets time go back (a persisted sandbox state written after a jump forward). */
  ensureAtLeast(ms: number): void {
    const now = this.now();
    if (ms > now) this.offset += ms - now;
  }

  /** Jumps forward by a simulated duration (tests, the demo control). */
  advance(simulatedMs: number): void {
    this.offset += this.duration(simulatedMs);
  }
}

/** What a simulator needs from its clock: tests hand it a fake one whose time they move with the app's. */
export interface SimulatorClock {
  now(): number;
  /** Real milliseconds a simulated duration lasts (the time scale). */
  duration(simulatedMs: number): number;
}
