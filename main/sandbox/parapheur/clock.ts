/**
 * The simulator's clock. It reads the wall clock (plus any jump a test asked for), and `timeScale`
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

let parisFormat: Intl.DateTimeFormat | null = null;

/** ISO-8601 with the Europe/Paris offset, as FAST writes history dates (`2024-03-04T09:12:01+01:00`). */
export function formatParisIso(ms: number): string {
  try {
    parisFormat ??= new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Paris',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'longOffset',
    });
    const parts: Record<string, string> = {};
    for (const p of parisFormat.formatToParts(new Date(ms))) parts[p.type] = p.value;
    const off = (parts['timeZoneName'] ?? 'GMT').replace('GMT', '') || '+00:00';
    return `${parts['year']}-${parts['month']}-${parts['day']}T${parts['hour']}:${parts['minute']}:${parts['second']}${off}`;
  } catch {
    return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
}

/** `04/03/2024 à 09:12` for generated PDFs. */
export function formatParisHuman(ms: number): string {
  const iso = formatParisIso(ms);
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]} à ${m[4]}:${m[5]}` : iso;
}
