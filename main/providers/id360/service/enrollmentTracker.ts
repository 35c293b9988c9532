import type { Readable } from 'node:stream';
import type { ProviderDeps } from '../../../core/modules/providerModule.js';
import { hasCode, id360ErrorCodes } from '../errors.js';
import { meansUnreachable } from '../../../core/http/networkErrors.js';
import { cachedPublicKeys, createHashCheck, reportFiles, verifyReportSignature, type HashVerdict } from '../reportIntegrity.js';
import { reportSchema } from '../schemas.js';
import type { Id360ReportReply } from '../client.js';
import type { Id360Connection, Id360Connections } from './id360Connection.js';
import {
  DEADLINE_WARNING_MS,
  PAST_DEADLINE_TRIES_MS,
  PROVIDER_KEEPS_MS,
  applyStatus,
  atRiskEnrollments,
  dueForPolling,
  enrollmentByLocalId,
  filesToFetch,
  markProviderGone,
  planKeptFile,
  recordFetch,
  recordReportVerdict,
  recordSyncAttempt,
  schedulePoll,
  syncStatusOf,
  statusCodesOfReport,
  type KeptFile,
  type StatusChange,
} from './enrollmentStore.js';

const MINUTE = 60_000;
/** How often the schedule is looked at (real time); each enrollment keeps its own pace. */
const tickMs = 2000;
/** Errors stretch an enrollment's next read up to this (provider time). */
const maxBackoffMs = 30 * MINUTE;
/** Only OK, KO and FAILED journeys have a final report (docs/providers/id360.md#retention). */
const withFinalReport = new Set(['OK', 'KO', 'FAILED']);

function fileKey(f: Pick<KeptFile, 'localId' | 'kind' | 'documentType' | 'documentName' | 'page'>): string {
  return `${f.localId}/${f.kind}/${f.documentType}/${f.documentName}/${f.page}`;
}

/**
 * Follows open enrollments by polling (callbacks need a public relay, docs/providers/id360.md#callbacks)
 * at the configured pace, backing off on errors and pausing offline; on a terminal status keeps the
 * final report, its PDF, every document and the idClaim, each checked against the report
 * (docs/providers/id360.md#integrity), before ID360 forgets them.
 */
export interface TrackerHooks {
  /** Runs at the start of each pass while online (the relay's pull, relayCallbacks.ts). */
  beforePass?: () => Promise<unknown>;
}

export function createEnrollmentTracker(deps: ProviderDeps, connections: Id360Connections, emitChanged: (localId: number) => void, hooks: TrackerHooks = {}) {
  const db = deps.db;
  const now = deps.clocks.now;
  let timer: NodeJS.Timeout | null = null;
  let stopped = true;
  let inFlight: Promise<void> | null = null;
  /** Files whose last fetch failed wait until then (on the wall clock the rows use), so a broken file is not hammered. */
  const retryAt = new Map<string, number>();
  const publicKeys = new Map<Id360Connection, (url: string) => Promise<string>>();
  /** Enrollments the clerk was already warned about in this run (one notification each). */
  const warned = new Set<number>();

  /**
   * A day before ID360 deletes what could not be kept yet, the clerk is told (a notification, once
   * per run) and the tracker row carries the marker (view().atRisk, re-sent here since only time moved).
   * Checked on every pass, online or not: a cut network is exactly when files stay missing.
   */
  function warnDeadlines(): void {
    for (const r of atRiskEnrollments(db, now(), deps.clocks.of(connections.environment()).realMs(DEADLINE_WARNING_MS), connections.retention())) {
      if (warned.has(r.localId)) continue;
      warned.add(r.localId);
      const row = enrollmentByLocalId(db, r.localId);
      deps.logger.warn('id360 files still missing before the provider deadline', { missing: r.missing });
      const params = { reference: row?.clientReference ?? r.enrollmentId, until: r.providerUntil, missing: r.missing };
      deps.bus.emit('notify', { level: 'warning', title: { key: 'id360:notify.deadlineTitle' }, body: { key: 'id360:notify.deadlineBody', params } });
      deps.journal.append({
        actor: 'système',
        action: 'id360.enrollment.atRisk',
        provider: 'id360',
        objectType: 'enrollment',
        objectId: r.enrollmentId,
        summary: { key: 'id360:journal.atRisk', params },
      });
      emitChanged(r.localId);
    }
  }

  /** The sync line's data (migration 017), for the tracker's environment. */
  function syncStatus() {
    const s = syncStatusOf(db, connections.environment(), now());
    return { lastSyncedAt: s.lastSyncedAt, unreachable: meansUnreachable(s.lastErrorCode), following: s.following, filesWaiting: s.filesWaiting };
  }

  /** Set when a call was recorded since the sync line was last told (told once per pass, not per call). */
  let syncLineStale = false;

  /** ID360 answered (or not): recorded for the sync line, told at the end of the pass (tellSyncLine). */
  function attempted(conn: Id360Connection, error: unknown): void {
    const code = error === null ? null : String((error as { code?: unknown }).code ?? 'INTERNAL');
    recordSyncAttempt(db, conn.environment, now(), code);
    syncLineStale = true;
  }

  /** The sync line's counts are read once for all the calls of a pass. */
  function tellSyncLine(): void {
    if (!syncLineStale) return;
    syncLineStale = false;
    deps.bus.emit('id360.sync.changed', syncStatus());
  }

  function pollIntervalMs(conn: Id360Connection): number {
    return conn.clock.realMs(deps.settings.get().providers.id360.pollIntervalMinutes * MINUTE);
  }

  function backoffMs(conn: Id360Connection, failures: number): number {
    return Math.min(conn.clock.realMs(maxBackoffMs), pollIntervalMs(conn) * 2 ** Math.min(failures, 10));
  }

  /** The first read of a new enrollment: one interval from now. */
  function firstPollAt(conn: Id360Connection): Date {
    return new Date(now().getTime() + pollIntervalMs(conn));
  }

  /** After a terminal status: what is to be kept (the rest is planned once the report names it). */
  function planCollection(localId: number, status: string): void {
    if (withFinalReport.has(status)) planKeptFile(db, { localId, kind: 'report_json' });
  }

  async function pollOne(conn: Id360Connection, due: { localId: number; enrollmentId: string; pollFailures: number }): Promise<void> {
    const row = enrollmentByLocalId(db, due.localId);
    if (!row) return;
    try {
      const e = row.enrollmentUrl ? await conn.api.getEnrollmentAt(row.enrollmentUrl) : await conn.api.getEnrollment(row.enrollmentId);
      const change: StatusChange = applyStatus(db, {
        environment: row.environment,
        enrollmentId: row.enrollmentId,
        providerStatus: e.status,
        reason: e.reason ?? null,
        startedAt: e.starting_time ?? null,
        finishedAt: e.finished_time ?? null,
        now: now(),
        keepsMs: conn.clock.realMs(PROVIDER_KEEPS_MS),
      });
      if (change.applied && change.becameTerminal) {
        planCollection(due.localId, change.to);
        deps.journal.append({
          actor: 'système',
          action: 'id360.enrollment.finished',
          provider: 'id360',
          objectType: 'enrollment',
          objectId: row.enrollmentId,
          summary: { key: 'id360:journal.finished', params: { reference: row.clientReference ?? row.enrollmentId, status: change.to } },
        });
      } else {
        schedulePoll(db, due.localId, new Date(now().getTime() + pollIntervalMs(conn)), 0);
      }
      if (change.applied) emitChanged(due.localId);
      attempted(conn, null);
    } catch (error) {
      if (hasCode(error, id360ErrorCodes.notFound) || hasCode(error, id360ErrorCodes.expired)) {
        // ID360 no longer knows it: nothing more will come (docs/providers/id360.md#retention).
        markProviderGone(db, due.localId, now());
        emitChanged(due.localId);
        attempted(conn, null);
        return;
      }
      attempted(conn, error);
      const failures = due.pollFailures + 1;
      deps.logger.warn('id360 poll failed', { code: (error as { code?: unknown }).code, failures });
      schedulePoll(db, due.localId, new Date(now().getTime() + backoffMs(conn, failures)), failures);
    }
  }

  async function storeChecked(download: { stream: Readable; contentType: string }, expected: { hash: string | null; hashAlgorithm: string | null }) {
    const check = createHashCheck({ hash: expected.hash, hash_algorithm: expected.hashAlgorithm });
    download.stream.pipe(check.stream);
    download.stream.on('error', (e) => check.stream.destroy(e));
    const blob = await deps.blobs.putStream(check.stream, { mediaType: download.contentType });
    return { blob, verdict: check.verdict() as HashVerdict };
  }

  /**
   * Keeps the final report; `archive` reads it from `report/archive` (past a user account's 2 months,
   * docs/providers/id360.md#archive), where ID360 keeps no PDF, documents or idClaim to plan.
   */
  /** The report JSON kept as received, its signature checked and its verdict recorded. */
  async function keepReport(conn: Id360Connection, f: Pick<KeptFile, 'localId' | 'kind' | 'documentType' | 'documentName' | 'page'>, reply: Id360ReportReply): Promise<void> {
    const blob = await deps.blobs.putBuffer(Buffer.from(reply.text, 'utf8'), { mediaType: 'application/json' });
    let keys = publicKeys.get(conn);
    if (!keys) {
      keys = cachedPublicKeys((url) => conn.api.fetchReportPublicKey(url));
      publicKeys.set(conn, keys);
    }
    const signature = await verifyReportSignature(reply.raw, keys);
    const integrity = signature.verdict === 'authentic' ? 'valid' : signature.verdict === 'invalid' ? 'altered' : 'unverifiable';
    recordFetch(db, f, { integrity, blobSha256: blob.sha256, size: blob.size, mediaType: 'application/json', now: now() });
    recordReportVerdict(db, f.localId, {
      identityStatus: reply.report.identity_status ?? null,
      signatureVerdict: signature.verdict,
      signatureReason: signature.reason,
      // Why a check failed, for the tracker list (issue 10: « KO (reason and failing status codes in plain French) »).
      statusCodes: statusCodesOfReport(reply.report),
      reason: reply.report.reason ?? null,
      now: now(),
    });
  }

  async function fetchReport(conn: Id360Connection, f: Pick<KeptFile, 'localId' | 'kind' | 'documentType' | 'documentName' | 'page'> & { enrollmentId: string }): Promise<void> {
    const reply = await conn.api.getReport(f.enrollmentId);
    await keepReport(conn, f, reply);
    planKeptFile(db, { localId: f.localId, kind: 'report_pdf' });
    for (const file of reportFiles(reply.report)) {
      planKeptFile(db, {
        localId: f.localId,
        kind: 'document',
        documentType: file.documentType,
        documentName: file.documentName ?? '',
        page: file.page,
        sourceUrl: file.url,
        expectedHash: file.hash,
        hashAlgorithm: file.hashAlgorithm,
      });
    }
    // Whether a process delivers an idClaim is not in the report: the report was just readable, so a
    // 404 here means « none », not « expired » (docs/providers/id360.md#endpoints, #11).
    try {
      const { blob: claim } = await storeChecked(await conn.api.downloadIdClaim(f.enrollmentId), { hash: null, hashAlgorithm: null });
      planKeptFile(db, { localId: f.localId, kind: 'idclaim' });
      recordFetch(db, { localId: f.localId, kind: 'idclaim' }, { integrity: 'unverifiable', blobSha256: claim.sha256, size: claim.size, mediaType: 'application/vnd.etsi.asic-e+zip', now: now() });
    } catch (error) {
      if (!hasCode(error, id360ErrorCodes.expired)) planKeptFile(db, { localId: f.localId, kind: 'idclaim' });
    }
  }

  async function fetchOne(conn: Id360Connection, f: KeptFile & { enrollmentId: string }): Promise<void> {
    const key = fileKey(f);
    try {
      if (f.kind === 'report_json') await fetchReport(conn, f);
      else {
        const download =
          f.kind === 'report_pdf'
            ? await conn.api.downloadReportPdf(f.enrollmentId)
            : f.kind === 'idclaim'
              ? await conn.api.downloadIdClaim(f.enrollmentId)
              : await conn.api.downloadReportFile(f.sourceUrl ?? '');
        const { blob, verdict } = await storeChecked(download, { hash: f.kind === 'document' ? f.expectedHash : null, hashAlgorithm: f.hashAlgorithm });
        const integrity = verdict.status === 'match' ? 'valid' : verdict.status === 'mismatch' ? 'altered' : 'unverifiable';
        recordFetch(db, f, { integrity, blobSha256: blob.sha256, size: blob.size, mediaType: download.contentType.split(';')[0]!.trim(), now: now() });
        if (integrity === 'altered') {
          deps.logger.warn('id360 file does not match its report hash', { kind: f.kind, documentType: f.documentType, page: f.page });
          retryAt.set(key, now().getTime() + backoffMs(conn, f.attempts + 1));
        } else retryAt.delete(key);
      }
      attempted(conn, null);
    } catch (error) {
      const code = String((error as { code?: unknown }).code ?? 'INTERNAL');
      attempted(conn, hasCode(error, id360ErrorCodes.expired) ? null : error);
      recordFetch(db, f, { error: code, now: now() });
      if (hasCode(error, id360ErrorCodes.expired)) markProviderGone(db, f.localId, now());
      else retryAt.set(key, now().getTime() + backoffMs(conn, f.attempts + 1));
    }
    emitChanged(f.localId);
  }

  async function tickOnce(): Promise<void> {
    if (stopped) return;
    warnDeadlines();
    if (!deps.network.isOnline()) return;
    let conn: Id360Connection;
    try {
      conn = await connections.connection();
    } catch {
      return; // Not configured: nothing to follow until the settings change.
    }
    await hooks.beforePass?.();
    if (conn.session.state() === 'refused') return;
    for (const due of dueForPolling(db, now(), 16)) {
      if (stopped || !deps.network.isOnline()) return;
      if (due.environment !== conn.environment) continue;
      await pollOne(conn, due);
    }
    const pastDeadlineMs = conn.clock.realMs(PAST_DEADLINE_TRIES_MS);
    const rule = connections.retention();
    for (const f of filesToFetch(db, now(), 32, pastDeadlineMs, rule)) {
      if (stopped || !deps.network.isOnline()) return;
      if (f.environment !== conn.environment) continue;
      if ((retryAt.get(fileKey(f)) ?? 0) > now().getTime()) continue;
      await fetchOne(conn, f);
      // A report just kept names more files: they are fetched on this same pass.
      if (f.kind === 'report_json') for (const more of filesToFetch(db, now(), 32, pastDeadlineMs, rule)) if (more.localId === f.localId && more.kind !== 'report_json' && more.attempts === 0) await fetchOne(conn, more);
    }
    warnDeadlines();
  }

  /** One pass; a pass asked while one runs waits for it, then runs (state may have moved). */
  function tick(): Promise<void> {
    const previous = inFlight ?? Promise.resolve();
    const run = previous
      .then(() => tickOnce())
      .catch((error: unknown) => deps.logger.error('id360 tracker pass failed', { error: String(error) }))
      .finally(tellSyncLine);
    inFlight = run.finally(() => {
      if (inFlight === run) inFlight = null;
    });
    return run;
  }

  let offNetwork: (() => unknown) | null = null;

  return {
    firstPollAt,
    planCollection,
    tick,
    syncStatus,
    /** Reads one enrollment now (the clerk opened it, or a sandbox journey just ended). */
    async pollNow(localId: number): Promise<void> {
      const row = enrollmentByLocalId(db, localId);
      if (!row) return;
      const conn = await connections.connection();
      await pollOne(conn, { localId, enrollmentId: row.enrollmentId, pollFailures: 0 });
      tellSyncLine();
    },
    start() {
      if (!stopped) return;
      stopped = false;
      timer = setInterval(() => void tick(), tickMs);
      timer.unref();
      offNetwork = deps.network.onChange((online) => {
        if (online) void tick();
      });
      void tick();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = null;
      offNetwork?.();
      offNetwork = null;
      await inFlight;
    },
    /** Fetches and keeps a check's archived report (the clerk asked); failures go to the caller. */
    /**
     * ID360's archive (docs/providers/id360.md#archive) answers the report as JSON (kept as the
     * report, signature checked) or as a PDF (kept as the report's PDF; nothing to verify it with).
     * No documents or idClaim come with it.
     */
    async fetchArchivedReport(conn: Id360Connection, localId: number, enrollmentId: string): Promise<'json' | 'pdf'> {
      const reply = await conn.api.getReportArchive(enrollmentId);
      if (reply.kind === 'pdf') {
        const blob = await deps.blobs.putBuffer(reply.bytes, { mediaType: 'application/pdf' });
        planKeptFile(db, { localId, kind: 'report_pdf' });
        recordFetch(db, { localId, kind: 'report_pdf' }, { integrity: 'unverifiable', blobSha256: blob.sha256, size: blob.size, mediaType: 'application/pdf', now: now() });
      } else {
        planKeptFile(db, { localId, kind: 'report_json' });
        await keepReport(conn, { localId, kind: 'report_json', documentType: '', documentName: '', page: 0 }, reply);
      }
      emitChanged(localId);
      return reply.kind;
    },
    /** The report as kept, parsed (for the report view, offline). */
    parseReport(text: string) {
      return reportSchema.safeParse(JSON.parse(text));
    },
  };
}
export type EnrollmentTracker = ReturnType<typeof createEnrollmentTracker>;
