import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';

/**
 * The enrollment tracker's rows and what is kept of each enrollment (migrations/enrollments.ts):
 * plain functions over the app's database, so the service, the poller and the benches share them.
 */

export const trackedStatuses = ['NEW', 'STARTED', 'OK', 'KO', 'FAILED', 'CANCELED', 'DISCONTINUED', 'UNKNOWN'] as const;
export type TrackedStatus = (typeof trackedStatuses)[number];

const terminal: ReadonlySet<TrackedStatus> = new Set(['OK', 'KO', 'FAILED', 'CANCELED', 'DISCONTINUED']);

export function isTerminal(status: TrackedStatus): boolean {
  return terminal.has(status);
}

/** ID360's status, compared case-insensitively (the wiki writes « Discontinued »); anything else is UNKNOWN, not terminal. */
export function trackedStatusOf(providerStatus: string): TrackedStatus {
  const upper = providerStatus.trim().toUpperCase();
  return (trackedStatuses as readonly string[]).includes(upper) ? (upper as TrackedStatus) : 'UNKNOWN';
}

/** ID360 writes naive timestamps with microseconds, server time read as UTC (docs/providers/id360.md#enrollment). */
export function instantOfProviderTime(value: string | null | undefined): string | null {
  if (!value) return null;
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/.exec(value.trim());
  if (!m) return null;
  const millis = (m[3] ?? '.000').slice(0, 4).padEnd(4, '0');
  const date = new Date(`${m[1]}T${m[2]}${millis}${m[4] ?? 'Z'}`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

const DAY_MS = 86_400_000;
/** Documents are readable 7 days, and so are reports for application accounts (docs/providers/id360.md#retention). */
export const PROVIDER_KEEPS_MS = 7 * DAY_MS;
/** « Warn a day before the 7-day deadline when something could not be fetched » (issue 10). */
export const DEADLINE_WARNING_MS = DAY_MS;
/** A user account (e-mail + 2FA) reads finished OK / KO reports for 2 months (docs/providers/id360.md#retention). */
export const USER_REPORT_KEEPS_MS = 60 * DAY_MS;

/**
 * What the configured account may read, and until when (docs/providers/id360.md#retention): document
 * files for 7 days whatever the account (`provider_until`); the report, its PDF and the idClaim for 7
 * days too with an application account, for 2 months after the end of an OK or KO journey with a user
 * account. `userReportKeepsMs` is those 2 months as the session's clock counts them (scaled in Sandbox).
 * The rule depends on who reads, not on who created: it is applied when asked, never stored.
 */
export interface Retention {
  userAccount: boolean;
  userReportKeepsMs: number;
}

/** An application account's rule: everything goes with `provider_until`. */
export const applicationRetention: Retention = { userAccount: false, userReportKeepsMs: USER_REPORT_KEEPS_MS };

/** Until when ID360 still gives this enrollment's report (and its PDF, its idClaim). */
export function reportUntilOf(row: { status: string; createdAt: string; finishedAt: string | null; providerUntil: string }, rule: Retention): string {
  if (!rule.userAccount || (row.status !== 'OK' && row.status !== 'KO')) return row.providerUntil;
  return new Date(new Date(row.finishedAt ?? row.createdAt).getTime() + rule.userReportKeepsMs).toISOString();
}

/** The same, in SQL over `id360_enrollments e`, with `@user_account` and `@user_report_sec` bound (retentionParams). */
const reportUntilSql = `(CASE WHEN @user_account = 1 AND e.status IN ('OK','KO')
  THEN strftime('%Y-%m-%dT%H:%M:%fZ', COALESCE(e.finished_at, e.created_at), '+' || @user_report_sec || ' seconds')
  ELSE e.provider_until END)`;
/** Until when ID360 gives one kept file `f`: a document goes with `provider_until`, the rest with the report. */
const fileUntilSql = `(CASE WHEN f.kind = 'document' THEN e.provider_until ELSE ${reportUntilSql} END)`;

function retentionParams(rule: Retention) {
  return { user_account: rule.userAccount ? 1 : 0, user_report_sec: (rule.userReportKeepsMs / 1000).toFixed(3) };
}

/**
 * `keepsMs` is the 7 days as the session's clock counts them: a Sandbox simulator shortens its windows by
 * its time scale (docs/architecture.md#sandbox-mode), so the app's dates follow the same line.
 */
function providerUntil(createdAt: string, finishedAt: string | null, keepsMs = PROVIDER_KEEPS_MS): string {
  return new Date(new Date(finishedAt ?? createdAt).getTime() + keepsMs).toISOString();
}

function searchTextOf(parts: readonly (string | null | undefined)[]): string {
  return parts
    .filter((p): p is string => !!p)
    .join(' ')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase();
}

/**
 * A data comparison control (docs/providers/id360.md#endpoints, #5). `sent: false` until ID360 took
 * it: the enrollment is recorded before its controls are sent, so a failed control is resumed on the
 * same enrollment rather than by creating a second one. Rows written before this flag existed had
 * every control sent before they were recorded: no flag reads as sent.
 */
export interface DataControl {
  value: string;
  locked: boolean;
  auto: boolean;
  sent?: boolean;
}

export interface NewEnrollment {
  environment: string;
  enrollmentId: string;
  apiKey: string;
  enrollmentUrl?: string | null;
  processUuid: string;
  processName?: string | null;
  clientReference?: string | null;
  person?: Readonly<Record<string, string>>;
  controls?: Readonly<Record<string, DataControl>>;
  providerStatus: string;
  /** The create reply's `creation_time`, else now. */
  createdAt: string;
  nextPollAt?: string | null;
  now: Date;
  /** ID360's 7 days in real ms (scaled in Sandbox); default 7 days. */
  keepsMs?: number;
}

/** Records a created enrollment (once: the same id in the same environment is the same enrollment). */
export function recordEnrollment(db: Database.Database, e: NewEnrollment): number {
  const createdAt = instantOfProviderTime(e.createdAt) ?? e.now.toISOString();
  const person = e.person ?? {};
  const row = {
    environment: e.environment,
    enrollment_id: e.enrollmentId,
    api_key: e.apiKey,
    enrollment_url: e.enrollmentUrl ?? null,
    process_uuid: e.processUuid,
    process_name: e.processName ?? null,
    client_reference: e.clientReference ?? null,
    person_json: JSON.stringify(person),
    controls_json: JSON.stringify(e.controls ?? {}),
    search_text: searchTextOf([person['last_name'], person['first_name'], e.clientReference]),
    status: trackedStatusOf(e.providerStatus),
    provider_status: e.providerStatus,
    created_at: createdAt,
    provider_until: providerUntil(createdAt, null, e.keepsMs),
    next_poll_at: e.nextPollAt ?? null,
    updated_at: e.now.toISOString(),
  };
  const result = db
    .prepare(
      `INSERT INTO id360_enrollments (environment, enrollment_id, api_key, enrollment_url, process_uuid, process_name, client_reference,
         person_json, controls_json, search_text, status, provider_status, created_at, provider_until, next_poll_at, updated_at)
       VALUES (@environment, @enrollment_id, @api_key, @enrollment_url, @process_uuid, @process_name, @client_reference,
         @person_json, @controls_json, @search_text, @status, @provider_status, @created_at, @provider_until, @next_poll_at, @updated_at)
       ON CONFLICT (environment, enrollment_id) DO NOTHING`,
    )
    .run(row);
  if (result.changes > 0) return Number(result.lastInsertRowid);
  return (db.prepare('SELECT local_id FROM id360_enrollments WHERE environment = ? AND enrollment_id = ?').get(e.environment, e.enrollmentId) as { local_id: number }).local_id;
}

// ── Checks recorded before their creation at ID360 (docs/providers/id360.md#lost-create) ──

export interface CreationIntent {
  environment: string;
  processUuid: string;
  processName?: string | null;
  clientReference: string;
  person?: Readonly<Record<string, string>>;
  controls?: Readonly<Record<string, DataControl>>;
  now: Date;
  keepsMs?: number;
}

/**
 * Records a check before its create call leaves (`creation = 'sending'`): ID360 publishes no
 * idempotency key and no lookup by client reference, so if the reply is lost, this row is what says
 * an enrollment may exist. It has no ID360 id yet (a placeholder) and is never polled.
 */
export function recordCreationIntent(db: Database.Database, i: CreationIntent): number {
  const person = i.person ?? {};
  const now = i.now.toISOString();
  const result = db
    .prepare(
      `INSERT INTO id360_enrollments (environment, enrollment_id, api_key, process_uuid, process_name, client_reference, person_json, controls_json,
         search_text, status, provider_status, created_at, provider_until, updated_at, creation)
       VALUES (@environment, @enrollment_id, '', @process_uuid, @process_name, @client_reference, @person_json, @controls_json,
         @search_text, 'UNKNOWN', '', @created_at, @provider_until, @updated_at, 'sending')`,
    )
    .run({
      environment: i.environment,
      enrollment_id: `guichet-creation-${randomUUID()}`,
      process_uuid: i.processUuid,
      process_name: i.processName ?? null,
      client_reference: i.clientReference,
      person_json: JSON.stringify(person),
      controls_json: JSON.stringify(i.controls ?? {}),
      search_text: searchTextOf([person['last_name'], person['first_name'], i.clientReference]),
      created_at: now,
      provider_until: providerUntil(now, null, i.keepsMs),
      updated_at: now,
    });
  return Number(result.lastInsertRowid);
}

/**
 * A check of this environment not known to be created (sending or uncertain) that a new creation
 * would duplicate: same client reference, or — when the clerk gave none and Guichet numbers it —
 * same process and same person.
 */
export function pendingCreationLike(
  db: Database.Database,
  q: { environment: string; clientReference?: string | null; processUuid: string; person: Readonly<Record<string, string>> },
): { localId: number; clientReference: string | null } | null {
  const r = (
    q.clientReference
      ? db.prepare('SELECT local_id, client_reference FROM id360_enrollments WHERE environment = ? AND creation IS NOT NULL AND client_reference = ? LIMIT 1').get(q.environment, q.clientReference)
      : db
          .prepare('SELECT local_id, client_reference FROM id360_enrollments WHERE environment = ? AND creation IS NOT NULL AND process_uuid = ? AND person_json = ? LIMIT 1')
          .get(q.environment, q.processUuid, JSON.stringify(q.person))
  ) as { local_id: number; client_reference: string | null } | undefined;
  return r ? { localId: r.local_id, clientReference: r.client_reference } : null;
}

export function markCreation(db: Database.Database, localId: number, state: CreationState, now: Date): void {
  db.prepare('UPDATE id360_enrollments SET creation = ?, updated_at = ? WHERE local_id = ? AND creation IS NOT NULL').run(state, now.toISOString(), localId);
}

/** The create call surely made nothing at ID360 (refused, or never sent): the intent goes. */
export function dropCreationIntent(db: Database.Database, localId: number): void {
  db.prepare('DELETE FROM id360_enrollments WHERE local_id = ? AND creation IS NOT NULL').run(localId);
}

/** A crash while a create call was on its way: nobody knows whether ID360 created it. */
export function sendingBecomesUncertain(db: Database.Database, now: Date): number {
  return db.prepare("UPDATE id360_enrollments SET creation = 'uncertain', updated_at = ? WHERE creation = 'sending'").run(now.toISOString()).changes;
}

/** The environment already tracks this ID360 enrollment (attaching it to an uncertain check would make two rows). */
export function isTracked(db: Database.Database, environment: string, enrollmentId: string): boolean {
  return db.prepare('SELECT 1 FROM id360_enrollments WHERE environment = ? AND enrollment_id = ?').get(environment, enrollmentId) !== undefined;
}

/** The enrollment ID360 created (its create reply, or found by the clerk in ID360's console) completes the intent. */
export function completeCreation(
  db: Database.Database,
  localId: number,
  c: { enrollmentId: string; apiKey: string; enrollmentUrl?: string | null; providerStatus: string; createdAt?: string | null; nextPollAt: string | null; now: Date; keepsMs?: number },
): void {
  const row = db.prepare('SELECT created_at FROM id360_enrollments WHERE local_id = ? AND creation IS NOT NULL').get(localId) as { created_at: string } | undefined;
  if (!row) return;
  const createdAt = instantOfProviderTime(c.createdAt) ?? row.created_at;
  db.prepare(
    `UPDATE id360_enrollments SET enrollment_id = @enrollment_id, api_key = @api_key, enrollment_url = @enrollment_url, status = @status,
       provider_status = @provider_status, created_at = @created_at, provider_until = @provider_until, next_poll_at = @next_poll_at,
       creation = NULL, updated_at = @updated_at WHERE local_id = @local_id`,
  ).run({
    enrollment_id: c.enrollmentId,
    api_key: c.apiKey,
    enrollment_url: c.enrollmentUrl ?? null,
    status: trackedStatusOf(c.providerStatus),
    provider_status: c.providerStatus,
    created_at: createdAt,
    provider_until: providerUntil(createdAt, null, c.keepsMs),
    next_poll_at: c.nextPollAt,
    updated_at: c.now.toISOString(),
    local_id: localId,
  });
}

export interface StatusUpdate {
  environment: string;
  enrollmentId: string;
  providerStatus: string;
  reason?: string | null;
  startedAt?: string | null;
  finishedAt?: string | null;
  stepsDone?: number | null;
  stepsTotal?: number | null;
  now: Date;
  /** ID360's 7 days in real ms (scaled in Sandbox); default 7 days. */
  keepsMs?: number;
}

export type StatusChange = { applied: false; why: 'unknown-enrollment' | 'after-terminal' | 'unchanged' } | { applied: true; from: TrackedStatus; to: TrackedStatus; becameTerminal: boolean };

/**
 * Applies a status read by polling or carried by a callback. Callbacks may arrive out of order: a
 * terminal status is never replaced (a late STARTED is ignored, docs/providers/id360.md#callbacks).
 */
export function applyStatus(db: Database.Database, u: StatusUpdate): StatusChange {
  return db.transaction((): StatusChange => {
    const row = db
      .prepare('SELECT local_id, status, created_at, steps_done, steps_total, reason FROM id360_enrollments WHERE environment = ? AND enrollment_id = ?')
      .get(u.environment, u.enrollmentId) as { local_id: number; status: TrackedStatus; created_at: string; steps_done: number | null; steps_total: number | null; reason: string | null } | undefined;
    if (!row) return { applied: false, why: 'unknown-enrollment' };
    const to = trackedStatusOf(u.providerStatus);
    if (isTerminal(row.status)) return { applied: false, why: 'after-terminal' };
    const stepsDone = u.stepsDone ?? row.steps_done;
    const stepsTotal = u.stepsTotal ?? row.steps_total;
    if (to === row.status && stepsDone === row.steps_done && stepsTotal === row.steps_total && (u.reason ?? row.reason) === row.reason) {
      return { applied: false, why: 'unchanged' };
    }
    const finishedAt = instantOfProviderTime(u.finishedAt) ?? (isTerminal(to) ? u.now.toISOString() : null);
    db.prepare(
      `UPDATE id360_enrollments SET status = @status, provider_status = @provider_status, reason = COALESCE(@reason, reason),
         started_at = COALESCE(@started_at, started_at), finished_at = COALESCE(@finished_at, finished_at),
         steps_done = @steps_done, steps_total = @steps_total, provider_until = @provider_until,
         next_poll_at = CASE WHEN @terminal THEN NULL ELSE next_poll_at END, updated_at = @updated_at
       WHERE local_id = @local_id`,
    ).run({
      local_id: row.local_id,
      status: to,
      provider_status: u.providerStatus,
      reason: u.reason ?? null,
      started_at: instantOfProviderTime(u.startedAt),
      finished_at: finishedAt,
      steps_done: stepsDone,
      steps_total: stepsTotal,
      provider_until: providerUntil(row.created_at, finishedAt, u.keepsMs),
      terminal: isTerminal(to) ? 1 : 0,
      updated_at: u.now.toISOString(),
    });
    return { applied: true, from: row.status, to, becameTerminal: isTerminal(to) };
  })();
}

/** A tracker row as the renderer may see it: no api_key. */
export interface EnrollmentRow {
  localId: number;
  environment: string;
  enrollmentId: string;
  processUuid: string;
  processName: string | null;
  clientReference: string | null;
  person: Record<string, string>;
  status: TrackedStatus;
  providerStatus: string;
  identityStatus: string | null;
  reason: string | null;
  stepsDone: number | null;
  stepsTotal: number | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  providerUntil: string;
  signatureVerdict: string | null;
  signatureReason: string | null;
  /** Data comparison controls not yet taken by ID360 (see DataControl). */
  controlsPending: boolean;
  /** The final report's status codes (docs/providers/id360.md#statuses), empty until it is kept. */
  statusCodes: StatusCode[];
  /** Not created at ID360 yet: being sent, or sent with no readable answer (see recordCreationIntent). */
  creation: CreationState | null;
  /** Its journey key is known (a check attached from ID360's console may have none: no link then). */
  journeyLinkKnown: boolean;
}

export type CreationState = 'sending' | 'uncertain';

/** One of ID360's status codes as its report gives it; the renderer's catalogue words the code. */
export interface StatusCode {
  code: string;
  message: string | null;
}

const rowColumns = `local_id, environment, enrollment_id, process_uuid, process_name, client_reference, person_json, status, provider_status,
  identity_status, reason, steps_done, steps_total, created_at, started_at, finished_at, provider_until, signature_verdict, signature_reason, controls_json, status_codes, creation, api_key <> '' AS journey_key_known`;

function parseStatusCodes(json: string | null): StatusCode[] {
  try {
    const value = JSON.parse(json ?? '[]') as unknown;
    return Array.isArray(value)
      ? value.flatMap((c: unknown) => {
          const o = (c ?? {}) as { code?: unknown; message?: unknown };
          return typeof o.code === 'string' ? [{ code: o.code, message: typeof o.message === 'string' ? o.message : null }] : [];
        })
      : [];
  } catch {
    return [];
  }
}

function parseControls(json: string | null): Record<string, DataControl> {
  try {
    const value = JSON.parse(json ?? '{}') as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, DataControl>) : {};
  } catch {
    return {};
  }
}

function toRow(r: Record<string, unknown>): EnrollmentRow {
  return {
    localId: r['local_id'] as number,
    environment: r['environment'] as string,
    enrollmentId: r['enrollment_id'] as string,
    processUuid: r['process_uuid'] as string,
    processName: (r['process_name'] as string | null) ?? null,
    clientReference: (r['client_reference'] as string | null) ?? null,
    person: JSON.parse((r['person_json'] as string | null) ?? '{}') as Record<string, string>,
    status: r['status'] as TrackedStatus,
    providerStatus: r['provider_status'] as string,
    identityStatus: (r['identity_status'] as string | null) ?? null,
    reason: (r['reason'] as string | null) ?? null,
    stepsDone: (r['steps_done'] as number | null) ?? null,
    stepsTotal: (r['steps_total'] as number | null) ?? null,
    createdAt: r['created_at'] as string,
    startedAt: (r['started_at'] as string | null) ?? null,
    finishedAt: (r['finished_at'] as string | null) ?? null,
    providerUntil: r['provider_until'] as string,
    signatureVerdict: (r['signature_verdict'] as string | null) ?? null,
    signatureReason: (r['signature_reason'] as string | null) ?? null,
    controlsPending: Object.values(parseControls((r['controls_json'] as string | null) ?? null)).some((c) => c.sent === false),
    statusCodes: parseStatusCodes((r['status_codes'] as string | null) ?? null),
    creation: (r['creation'] as CreationState | null) ?? null,
    journeyLinkKnown: r['journey_key_known'] === 1,
  };
}

/** The enrollment's data comparison controls, in the order they were asked. */
export function controlsOf(db: Database.Database, localId: number): Record<string, DataControl> {
  const r = db.prepare('SELECT controls_json FROM id360_enrollments WHERE local_id = ?').get(localId) as { controls_json: string | null } | undefined;
  return parseControls(r?.controls_json ?? null);
}

/** ID360 took this control (a 2xx): it is not sent again. */
export function markControlSent(db: Database.Database, localId: number, name: string, now: Date): void {
  db.transaction(() => {
    const controls = controlsOf(db, localId);
    const control = controls[name];
    if (!control) return;
    controls[name] = { ...control, sent: true };
    db.prepare('UPDATE id360_enrollments SET controls_json = ?, updated_at = ? WHERE local_id = ?').run(JSON.stringify(controls), now.toISOString(), localId);
  })();
}

export interface TrackerQuery {
  environment: string;
  statuses?: readonly TrackedStatus[];
  processUuid?: string;
  /** ISO instants, inclusive. */
  createdFrom?: string;
  createdTo?: string;
  /** Matches names and the client reference, case and accents ignored. */
  search?: string;
  limit: number;
  /** Keyset paging: the last row of the previous page. */
  after?: { createdAt: string; localId: number };
}

/** One page of the tracker, newest first. */
export function listEnrollments(db: Database.Database, q: TrackerQuery): EnrollmentRow[] {
  const where = ['environment = @environment'];
  const params: Record<string, unknown> = { environment: q.environment, limit: Math.max(1, Math.min(q.limit, 1000)) };
  if (q.statuses && q.statuses.length > 0) {
    where.push(`status IN (${q.statuses.map((_, i) => `@status${i}`).join(',')})`);
    q.statuses.forEach((s, i) => (params[`status${i}`] = s));
  }
  if (q.processUuid) {
    where.push('process_uuid = @process_uuid');
    params['process_uuid'] = q.processUuid;
  }
  if (q.createdFrom) {
    where.push('created_at >= @created_from');
    params['created_from'] = q.createdFrom;
  }
  if (q.createdTo) {
    where.push('created_at <= @created_to');
    params['created_to'] = q.createdTo;
  }
  const search = q.search ? searchTextOf([q.search]).trim() : '';
  if (search) {
    where.push("search_text LIKE @search ESCAPE '\\'");
    params['search'] = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  }
  if (q.after) {
    where.push('(created_at < @after_created OR (created_at = @after_created AND local_id < @after_id))');
    params['after_created'] = q.after.createdAt;
    params['after_id'] = q.after.localId;
  }
  const rows = db
    .prepare(`SELECT ${rowColumns} FROM id360_enrollments WHERE ${where.join(' AND ')} ORDER BY created_at DESC, local_id DESC LIMIT @limit`)
    .all(params) as Record<string, unknown>[];
  return rows.map(toRow);
}

/** One enrollment with its journey key (main only: the key never crosses to the renderer). */
export function enrollmentForMain(db: Database.Database, environment: string, enrollmentId: string): (EnrollmentRow & { apiKey: string; enrollmentUrl: string | null }) | null {
  const r = db.prepare(`SELECT ${rowColumns}, api_key, enrollment_url FROM id360_enrollments WHERE environment = ? AND enrollment_id = ?`).get(environment, enrollmentId) as
    | Record<string, unknown>
    | undefined;
  return r ? { ...toRow(r), apiKey: r['api_key'] as string, enrollmentUrl: (r['enrollment_url'] as string | null) ?? null } : null;
}

/** Open enrollments of one environment carrying this client reference (a relayed callback's correlation). */
export function openEnrollmentsByReference(db: Database.Database, environment: string, reference: string): { localId: number; environment: string; enrollmentId: string }[] {
  return (
    db
      .prepare(`SELECT local_id, environment, enrollment_id FROM id360_enrollments WHERE environment = ? AND client_reference = ? AND status IN ('NEW','STARTED','UNKNOWN') AND creation IS NULL`)
      .all(environment, reference) as { local_id: number; environment: string; enrollment_id: string }[]
  ).map((r) => ({ localId: r.local_id, environment: r.environment, enrollmentId: r.enrollment_id }));
}

/** Open enrollments whose next poll is due, the most overdue first. */
export function dueForPolling(db: Database.Database, now: Date, limit: number): { localId: number; environment: string; enrollmentId: string; pollFailures: number }[] {
  return (
    db
      .prepare(
        `SELECT local_id, environment, enrollment_id, poll_failures FROM id360_enrollments
         WHERE next_poll_at IS NOT NULL AND next_poll_at <= ? ORDER BY next_poll_at LIMIT ?`,
      )
      .all(now.toISOString(), limit) as { local_id: number; environment: string; enrollment_id: string; poll_failures: number }[]
  ).map((r) => ({ localId: r.local_id, environment: r.environment, enrollmentId: r.enrollment_id, pollFailures: r.poll_failures }));
}

export function schedulePoll(db: Database.Database, localId: number, nextPollAt: Date | null, pollFailures: number): void {
  db.prepare('UPDATE id360_enrollments SET next_poll_at = ?, poll_failures = ? WHERE local_id = ?').run(nextPollAt?.toISOString() ?? null, pollFailures, localId);
}

/**
 * What the kept final report says, for the tracker row: the verdict, the signature's, and why a check
 * failed (its status codes, and ID360's reason when the status reply gave none).
 */
export function recordReportVerdict(
  db: Database.Database,
  localId: number,
  v: {
    identityStatus: string | null;
    signatureVerdict: 'authentic' | 'invalid' | 'unverifiable';
    signatureReason: string;
    statusCodes?: readonly StatusCode[];
    reason?: string | null;
    now: Date;
  },
): void {
  db.prepare(
    `UPDATE id360_enrollments SET identity_status = @identity_status, signature_verdict = @signature_verdict, signature_reason = @signature_reason,
       status_codes = @status_codes, reason = COALESCE(reason, @reason), updated_at = @updated_at WHERE local_id = @local_id`,
  ).run({
    identity_status: v.identityStatus,
    signature_verdict: v.signatureVerdict,
    signature_reason: v.signatureReason,
    status_codes: JSON.stringify((v.statusCodes ?? []).slice(0, 20).map((c) => ({ code: c.code, message: c.message }))),
    reason: v.reason ?? null,
    updated_at: v.now.toISOString(),
    local_id: localId,
  });
}

/** A report's status codes, as the report view and the tracker row read them (docs/providers/id360.md#statuses). */
export function statusCodesOfReport(r: {
  all_status_codes?: readonly { status_code?: { code: string; message?: string | null | undefined } | null | undefined; where?: string | null | undefined }[] | null | undefined;
  status_codes?: readonly { code: string; message?: string | null | undefined }[] | null | undefined;
}): (StatusCode & { where: string | null })[] {
  const all = (r.all_status_codes ?? []).flatMap((c) => (c.status_code ? [{ code: c.status_code.code, message: c.status_code.message ?? null, where: c.where ?? null }] : []));
  return all.length > 0 ? all : (r.status_codes ?? []).map((c) => ({ code: c.code, message: c.message ?? null, where: null }));
}

// ── Kept files ───────────────────────────────────────────────────────────

export type KeptFileKind = 'report_json' | 'report_pdf' | 'document' | 'idclaim';
export type KeptIntegrity = 'pending' | 'valid' | 'altered' | 'unverifiable';

export interface KeptFileKey {
  localId: number;
  kind: KeptFileKind;
  documentType?: string;
  documentName?: string;
  page?: number;
}

export interface KeptFile extends Required<KeptFileKey> {
  sourceUrl: string | null;
  expectedHash: string | null;
  hashAlgorithm: string | null;
  integrity: KeptIntegrity;
  blobSha256: string | null;
  size: number | null;
  mediaType: string | null;
  attempts: number;
  lastError: string | null;
  fetchedAt: string | null;
}

function keyParams(k: KeptFileKey) {
  return { local_id: k.localId, kind: k.kind, document_type: k.documentType ?? '', document_name: k.documentName ?? '', page: k.page ?? 0 };
}

const keyWhere = 'local_id = @local_id AND kind = @kind AND document_type = @document_type AND document_name = @document_name AND page = @page';

/** Declares a file to keep (from the report's list), once; a file already kept is left as it is. */
export function planKeptFile(db: Database.Database, k: KeptFileKey & { sourceUrl?: string | null; expectedHash?: string | null; hashAlgorithm?: string | null }): void {
  db.prepare(
    `INSERT INTO id360_kept_files (local_id, kind, document_type, document_name, page, source_url, expected_hash, hash_algorithm, integrity)
     VALUES (@local_id, @kind, @document_type, @document_name, @page, @source_url, @expected_hash, @hash_algorithm, 'pending')
     ON CONFLICT DO NOTHING`,
  ).run({ ...keyParams(k), source_url: k.sourceUrl ?? null, expected_hash: k.expectedHash ?? null, hash_algorithm: k.hashAlgorithm ?? null });
}

/**
 * Records one fetch. A file whose bytes did not match stays `altered` with its attempt counted (kept
 * apart, retried, never shown as valid); a later good fetch makes it `valid`.
 */
export function recordFetch(
  db: Database.Database,
  k: KeptFileKey,
  r: { integrity: Exclude<KeptIntegrity, 'pending'>; blobSha256: string; size: number; mediaType: string; now: Date } | { error: string; now: Date },
): void {
  if ('error' in r) {
    db.prepare(`UPDATE id360_kept_files SET attempts = attempts + 1, last_error = @error WHERE ${keyWhere}`).run({ ...keyParams(k), error: r.error });
    return;
  }
  db.prepare(
    `UPDATE id360_kept_files SET integrity = @integrity, blob_sha256 = @blob_sha256, size = @size, media_type = @media_type,
       attempts = attempts + 1, last_error = NULL, fetched_at = @fetched_at WHERE ${keyWhere}`,
  ).run({ ...keyParams(k), integrity: r.integrity, blob_sha256: r.blobSha256, size: r.size, media_type: r.mediaType, fetched_at: r.now.toISOString() });
}

function toKept(r: Record<string, unknown>): KeptFile {
  return {
    localId: r['local_id'] as number,
    kind: r['kind'] as KeptFileKind,
    documentType: r['document_type'] as string,
    documentName: r['document_name'] as string,
    page: r['page'] as number,
    sourceUrl: (r['source_url'] as string | null) ?? null,
    expectedHash: (r['expected_hash'] as string | null) ?? null,
    hashAlgorithm: (r['hash_algorithm'] as string | null) ?? null,
    integrity: r['integrity'] as KeptIntegrity,
    blobSha256: (r['blob_sha256'] as string | null) ?? null,
    size: (r['size'] as number | null) ?? null,
    mediaType: (r['media_type'] as string | null) ?? null,
    attempts: r['attempts'] as number,
    lastError: (r['last_error'] as string | null) ?? null,
    fetchedAt: (r['fetched_at'] as string | null) ?? null,
  };
}

export function keptFiles(db: Database.Database, localId: number): KeptFile[] {
  return (db.prepare('SELECT * FROM id360_kept_files WHERE local_id = ? ORDER BY kind, document_type, document_name, page').all(localId) as Record<string, unknown>[]).map(toKept);
}

/**
 * How long past the computed deadline a missing file is still asked for. The deadline is Guichet's
 * estimate (naive provider timestamps, an inferred rule: docs/providers/id360.md#retention): only
 * ID360's own 404 says a file is gone, and then it is no longer asked for.
 */
export const PAST_DEADLINE_TRIES_MS = PROVIDER_KEEPS_MS;

/**
 * Files still to fetch (pending or altered) while ID360 may still have them: each until its own
 * deadline (`rule`), then `pastDeadlineMs` more, and never again once ID360 answered 404 for it.
 */
export function filesToFetch(
  db: Database.Database,
  now: Date,
  limit: number,
  pastDeadlineMs = PAST_DEADLINE_TRIES_MS,
  rule: Retention = applicationRetention,
): (KeptFile & { environment: string; enrollmentId: string; until: string })[] {
  return (
    db
      .prepare(
        `SELECT * FROM (SELECT f.*, e.environment, e.enrollment_id, ${fileUntilSql} AS until FROM id360_kept_files f JOIN id360_enrollments e USING (local_id)
           WHERE f.integrity IN ('pending','altered'))
         WHERE until > @oldest AND COALESCE(last_error, '') <> 'ID360_EXPIRED_OR_PURGED'
         ORDER BY until, local_id LIMIT @limit`,
      )
      .all({ oldest: new Date(now.getTime() - pastDeadlineMs).toISOString(), limit, ...retentionParams(rule) }) as Record<string, unknown>[]
  ).map((r) => ({ ...toKept(r), environment: r['environment'] as string, enrollmentId: r['enrollment_id'] as string, until: r['until'] as string }));
}

/** The files not kept yet that ID360 still has, each with its own deadline (a document's, or the report's). */
function missingFilesSql(extraWhere = ''): string {
  return `SELECT f.local_id, e.enrollment_id, ${fileUntilSql} AS until FROM id360_kept_files f JOIN id360_enrollments e USING (local_id)
    WHERE f.integrity IN ('pending','altered') AND COALESCE(f.last_error, '') <> 'ID360_EXPIRED_OR_PURGED' ${extraWhere}`;
}

/**
 * Enrollments with something not kept yet whose own deadline falls within `within` ms: warn the clerk.
 * `providerUntil` is the earliest such deadline (a document's 7 days, or a user account's report's 2 months).
 */
export function atRiskEnrollments(
  db: Database.Database,
  now: Date,
  withinMs: number,
  rule: Retention = applicationRetention,
): { localId: number; enrollmentId: string; providerUntil: string; missing: number }[] {
  return (
    db
      .prepare(
        `SELECT local_id, enrollment_id, MIN(until) AS until, COUNT(*) AS missing FROM (${missingFilesSql()})
         WHERE until > @now AND until <= @limit GROUP BY local_id ORDER BY until`,
      )
      .all({ now: now.toISOString(), limit: new Date(now.getTime() + withinMs).toISOString(), ...retentionParams(rule) }) as {
      local_id: number;
      enrollment_id: string;
      until: string;
      missing: number;
    }[]
  ).map((r) => ({ localId: r.local_id, enrollmentId: r.enrollment_id, providerUntil: r.until, missing: r.missing }));
}

/** Per enrollment: the earliest deadline among what is not kept yet and ID360 still has (none: nothing at risk). */
export function missingUntil(db: Database.Database, localIds: readonly number[], now: Date, rule: Retention): Map<number, string> {
  const out = new Map<number, string>();
  if (localIds.length === 0) return out;
  const rows = db
    .prepare(`SELECT local_id, MIN(until) AS until FROM (${missingFilesSql('AND f.local_id IN (SELECT value FROM json_each(@ids))')}) WHERE until > @now GROUP BY local_id`)
    .all({ ids: JSON.stringify(localIds), now: now.toISOString(), ...retentionParams(rule) }) as { local_id: number; until: string }[];
  for (const r of rows) out.set(r.local_id, r.until);
  return out;
}

/** One row by its local id, with its journey key (main only). */
export function enrollmentByLocalId(db: Database.Database, localId: number): (EnrollmentRow & { apiKey: string; enrollmentUrl: string | null }) | null {
  const r = db.prepare(`SELECT ${rowColumns}, api_key, enrollment_url FROM id360_enrollments WHERE local_id = ?`).get(localId) as Record<string, unknown> | undefined;
  return r ? { ...toRow(r), apiKey: r['api_key'] as string, enrollmentUrl: (r['enrollment_url'] as string | null) ?? null } : null;
}

/** Per enrollment: files kept valid (or kept though not checkable), still missing, and altered. */
export function keptSummary(db: Database.Database, localIds: readonly number[]): Map<number, { valid: number; missing: number; altered: number }> {
  const out = new Map<number, { valid: number; missing: number; altered: number }>();
  if (localIds.length === 0) return out;
  const rows = db
    .prepare(
      `SELECT local_id, SUM(integrity IN ('valid','unverifiable')) AS valid, SUM(integrity = 'pending') AS missing, SUM(integrity = 'altered') AS altered
       FROM id360_kept_files WHERE local_id IN (SELECT value FROM json_each(?)) GROUP BY local_id`,
    )
    .all(JSON.stringify(localIds)) as { local_id: number; valid: number; missing: number; altered: number }[];
  for (const r of rows) out.set(r.local_id, { valid: r.valid, missing: r.missing, altered: r.altered });
  return out;
}

/**
 * ID360 answered « expired or purged » (docs/providers/id360.md#retention): its deadline is now, whatever
 * was computed. `provider_until` is the documents' (and an application account's report's) deadline; a
 * user account's report keeps its own, and a 404 on it is recorded on its kept file (filesToFetch).
 */
export function markProviderGone(db: Database.Database, localId: number, now: Date): void {
  db.prepare('UPDATE id360_enrollments SET provider_until = MIN(provider_until, ?), next_poll_at = NULL, updated_at = ? WHERE local_id = ?').run(
    now.toISOString(),
    now.toISOString(),
    localId,
  );
}

/** The tracker reached ID360 (`errorCode` null) or failed to (migration 017). */
export function recordSyncAttempt(db: Database.Database, environment: string, at: Date, errorCode: string | null): void {
  db.prepare(
    `INSERT INTO id360_sync_state (environment, last_success_at, last_attempt_at, last_error_code) VALUES (@environment, @success, @at, @code)
     ON CONFLICT (environment) DO UPDATE SET last_success_at = COALESCE(excluded.last_success_at, last_success_at),
       last_attempt_at = excluded.last_attempt_at, last_error_code = excluded.last_error_code`,
  ).run({ environment, success: errorCode === null ? at.toISOString() : null, at: at.toISOString(), code: errorCode });
}

/** The tracker's sync line: when ID360 last answered, the last attempt's failure, what is followed and what waits. */
export function syncStatusOf(db: Database.Database, environment: string, now: Date): { lastSyncedAt: string | null; lastErrorCode: string | null; following: number; filesWaiting: number } {
  const state = db.prepare<[string], { last_success_at: string | null; last_error_code: string | null }>('SELECT last_success_at, last_error_code FROM id360_sync_state WHERE environment = ?').get(environment);
  const following = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM id360_enrollments WHERE environment = ? AND next_poll_at IS NOT NULL').get(environment)!.n;
  const filesWaiting = db
    .prepare<[string, string], { n: number }>(
      `SELECT count(*) AS n FROM id360_kept_files f JOIN id360_enrollments e ON e.local_id = f.local_id
        WHERE e.environment = ? AND f.integrity = 'pending' AND e.provider_until > ?`,
    )
    .get(environment, now.toISOString())!.n;
  return { lastSyncedAt: state?.last_success_at ?? null, lastErrorCode: state?.last_error_code ?? null, following, filesWaiting };
}
