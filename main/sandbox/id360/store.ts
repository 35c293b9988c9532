import { randomBytes } from 'node:crypto';
import type { SimulatorClock } from '../simClock.js';
import { collectDocuments } from './reports.js';
import { terminalStatuses, type EnrollmentStatus, type JourneyOutcome, type SimAccount, type SimEnrollment, type SimProcess } from './types.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** Token lifetime, sliding (docs/providers/id360.md#session). */
export const TOKEN_LIFETIME_MS = 15 * MINUTE;
/** Documents for every account, reports for application accounts (docs/providers/id360.md#retention). */
export const SHORT_RETENTION_MS = 7 * DAY;
/** Finalised reports for user accounts, then only the archive. */
export const USER_REPORT_RETENTION_MS = 60 * DAY;

export interface JourneyTiming {
  /** Simulated minutes from creation until the person starts. */
  startAfterMinutes: number;
  /** Simulated minutes from creation until the journey ends with `outcome`. */
  finishAfterMinutes: number;
  outcome: JourneyOutcome;
}

/** How a new enrollment moves when nobody drives it (the sandbox's default). */
export const defaultJourney: Readonly<JourneyTiming> = Object.freeze({ startAfterMinutes: 1, finishAfterMinutes: 5, outcome: 'OK' });

export interface Transition {
  enrollment: SimEnrollment;
  from: EnrollmentStatus;
  to: EnrollmentStatus;
}

const TOKEN_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

function newToken(): string {
  const bytes = randomBytes(25);
  let out = '';
  for (const b of bytes) out += TOKEN_ALPHABET[b % TOKEN_ALPHABET.length];
  return out;
}

export class Id360Store {
  readonly accounts: SimAccount[];
  readonly processes: SimProcess[];
  readonly enrollments = new Map<number, SimEnrollment>();
  private readonly tokens = new Map<string, { account: SimAccount; lastUsedAt: number }>();
  private readonly browserTokens = new Map<string, number>();
  private nextEnrollmentId = 48200;
  /** The journey of new enrollments when they run by themselves; null: only the controls move them. */
  journey: JourneyTiming | null;
  readonly listeners: ((t: Transition) => void)[] = [];

  constructor(
    readonly clock: SimulatorClock,
    opts: { accounts: SimAccount[]; processes: SimProcess[]; journey: JourneyTiming | null },
  ) {
    this.accounts = opts.accounts;
    this.processes = opts.processes;
    this.journey = opts.journey;
  }

  // ── Tokens ──────────────────────────────────────────────────────────

  login(account: SimAccount): string {
    const token = newToken();
    this.tokens.set(token, { account, lastUsedAt: this.clock.now() });
    return token;
  }

  /** The account behind a live token, its sliding expiry reset; null once expired or unknown. */
  useToken(token: string): SimAccount | null {
    const entry = this.tokens.get(token);
    if (!entry) return null;
    const now = this.clock.now();
    if (now - entry.lastUsedAt >= this.clock.duration(TOKEN_LIFETIME_MS)) {
      this.tokens.delete(token);
      return null;
    }
    entry.lastUsedAt = now;
    return entry.account;
  }

  /** Server-side end of every session (a genuine expiry the client did not see coming). */
  revokeTokens(): void {
    this.tokens.clear();
  }

  // ── Enrollments ─────────────────────────────────────────────────────

  process(uuid: string): SimProcess | undefined {
    return this.processes.find((p) => p.uuid.toLowerCase() === uuid.toLowerCase());
  }

  create(process: SimProcess, creator: SimAccount, request: Record<string, unknown>, callbackEndpoints: SimEnrollment['callbackEndpoints']): SimEnrollment {
    const e: SimEnrollment = {
      id: this.nextEnrollmentId++,
      apiKey: randomBytes(16).toString('hex'),
      process,
      creator,
      createdAt: this.clock.now(),
      startedAt: null,
      finishedAt: null,
      status: 'NEW',
      reason: null,
      plannedOutcome: this.journey?.outcome ?? 'OK',
      request,
      callbackEndpoints,
      controls: {},
      browserToken: null,
      stepsDone: 0,
      documents: [],
      archiveReference: randomBytes(16).toString('hex'),
      finalReport: null,
      reportPdf: null,
    };
    this.enrollments.set(e.id, e);
    return e;
  }

  byApiKey(apiKey: string): SimEnrollment | undefined {
    for (const e of this.enrollments.values()) if (e.apiKey === apiKey) return e;
    return undefined;
  }

  get(id: number): SimEnrollment | undefined {
    const e = this.enrollments.get(id);
    if (e) this.advance(e);
    return e;
  }

  /** Moves an enrollment along its journey as simulated time passes (lazy, so a fake clock needs no timers). */
  advance(e: SimEnrollment): void {
    const j = this.journey;
    if (!j || terminalStatuses.has(e.status)) return;
    const now = this.clock.now();
    if (e.status === 'NEW' && now - e.createdAt >= this.clock.duration(j.startAfterMinutes * MINUTE)) this.start(e);
    if (e.status === 'STARTED' && now - e.createdAt >= this.clock.duration(j.finishAfterMinutes * MINUTE)) this.finish(e, e.plannedOutcome);
  }

  advanceAll(): void {
    for (const e of this.enrollments.values()) this.advance(e);
  }

  start(e: SimEnrollment): void {
    if (e.status !== 'NEW') return;
    e.startedAt = this.clock.now();
    e.stepsDone = 1;
    this.transition(e, 'STARTED');
  }

  /**
   * Ends the journey as the person's side would; returns the single-use browser token. `daysAgo`
   * (simulated days) dates the end back, creation and start with it when later (sandbox controls).
   */
  finish(e: SimEnrollment, outcome: JourneyOutcome, daysAgo = 0): string {
    if (terminalStatuses.has(e.status)) throw new Error(`enrollment ${e.id} is already ${e.status}`);
    if (e.status === 'NEW') this.start(e);
    e.finishedAt = this.clock.now() - this.clock.duration(daysAgo * DAY);
    e.createdAt = Math.min(e.createdAt, e.finishedAt);
    if (e.startedAt !== null) e.startedAt = Math.min(e.startedAt, e.finishedAt);
    e.stepsDone = e.process.steps.length;
    if (outcome === 'OK' || outcome === 'KO') e.documents = collectDocuments(e, outcome === 'OK');
    e.reason = outcome === 'KO' ? '1 validations failed: Checks that the Id card has not expired (15 years for adult, 10 for child)' : null;
    const token = randomBytes(12).toString('hex');
    e.browserToken = token;
    this.browserTokens.set(token, e.id);
    this.transition(e, outcome);
    return token;
  }

  discontinue(e: SimEnrollment): void {
    e.finishedAt = this.clock.now();
    this.transition(e, 'DISCONTINUED');
  }

  /** The enrollment behind a browser token, which works once only. */
  takeBrowserToken(token: string): SimEnrollment | undefined {
    const id = this.browserTokens.get(token);
    if (id === undefined) return undefined;
    this.browserTokens.delete(token);
    const e = this.enrollments.get(id);
    if (e) e.browserToken = null;
    return e;
  }

  private transition(e: SimEnrollment, to: EnrollmentStatus): void {
    const from = e.status;
    e.status = to;
    for (const listener of this.listeners) listener({ enrollment: e, from, to });
  }

  // ── Retention (docs/providers/id360.md#retention) ────────────────────

  private age(e: SimEnrollment): number {
    return this.clock.now() - (e.finishedAt ?? e.createdAt);
  }

  reportReadable(e: SimEnrollment, account: SimAccount): boolean {
    const age = this.age(e);
    if (age < this.clock.duration(SHORT_RETENTION_MS)) return true;
    return account.kind === 'user' && (e.status === 'OK' || e.status === 'KO') && age < this.clock.duration(USER_REPORT_RETENTION_MS);
  }

  archived(e: SimEnrollment): boolean {
    return (e.status === 'OK' || e.status === 'KO') && this.age(e) >= this.clock.duration(USER_REPORT_RETENTION_MS);
  }

  documentsReadable(e: SimEnrollment): boolean {
    return this.age(e) < this.clock.duration(SHORT_RETENTION_MS);
  }

  findDocument(id: number): { enrollment: SimEnrollment; index: number } | undefined {
    for (const e of this.enrollments.values()) {
      const index = e.documents.findIndex((d) => d.id === id);
      if (index >= 0) return { enrollment: e, index };
    }
    return undefined;
  }
}
