import fs from 'node:fs/promises';
import { genericErrorKey, isGuichetError } from '../../../../shared/ipc/errors.js';
import { id360Error } from '../errors.js';
import type { EnrollmentRow as EnrollmentView, KeptFileView, ReportView } from '../../../../shared/domain/id360.js';
import type { ResponseOf } from '../../../../shared/ipc/contract.js';
import type { IpcRouter } from '../../../core/ipc/router.js';
import type { ProviderDeps } from '../../../core/modules/providerModule.js';
import { createId360Connection, type Id360Connection } from './id360Connection.js';
import { createEnrollmentTracker } from './enrollmentTracker.js';
import { createRelayCallbacks } from './relayCallbacks.js';
import {
  DEADLINE_WARNING_MS,
  PROVIDER_KEEPS_MS,
  controlsOf,
  enrollmentByLocalId,
  isTerminal,
  keptFiles,
  keptSummary,
  listEnrollments,
  missingUntil,
  reportUntilOf,
  markControlSent,
  completeCreation,
  dropCreationIntent,
  isTracked,
  markCreation,
  pendingCreationLike,
  recordCreationIntent,
  sendingBecomesUncertain,
  schedulePoll,
  statusCodesOfReport,
  type DataControl,
  type EnrollmentRow,
  type KeptFile,
} from './enrollmentStore.js';

/** Created at ID360, data to compare not all sent: resumed on the same enrollment (details.localId). */
const id360ControlsPending = 'ID360_CONTROLS_PENDING';
/** The create call was sent and no readable answer came: the clerk settles it (details.localId). */
const id360CreationUncertain = 'ID360_CREATION_UNCERTAIN';
/** Attached from ID360's console, whose read gave no journey key: the link is in the console only. */
const id360JourneyLinkUnknown = 'ID360_JOURNEY_LINK_UNKNOWN';
/** CANCELED / FAILED checks are never in ID360's archive (docs/providers/id360.md#archive). */
const id360NeverArchived = 'ID360_NEVER_ARCHIVED';
/** ID360's archive answers user accounts only; the configured account is an application one. */
const id360ArchiveUserOnly = 'ID360_ARCHIVE_USER_ONLY';

/**
 * After the create call left: could ID360 have created the enrollment? Yes unless ID360 answered a
 * refusal (4xx; a 401 was replayed once and refused again) or the connection never opened. A 5xx,
 * an unreadable 2xx, a timeout or a drop once connected: unknown (docs/providers/id360.md#lost-create).
 */
function outcomeUnknown(error: unknown): boolean {
  if (!isGuichetError(error)) return true;
  const details = (error.details ?? {}) as { httpStatus?: unknown; phase?: unknown; timeout?: unknown };
  if (typeof details.httpStatus === 'number') return details.httpStatus >= 500 || (details.httpStatus >= 200 && details.httpStatus < 300);
  if (['OFFLINE', 'UNREACHABLE', 'CERT_REFUSED', 'SERVER_CERT_UNTRUSTED', 'INVALID_INPUT'].includes(error.code)) return false;
  if (error.code === 'TIMEOUT' && details.timeout === 'connect') return false;
  if (error.code === 'CONNECTION_DROPPED' && details.phase === 'connect') return false;
  return true;
}

/** ID360 data names of the comparison controls, from the form's person fields (docs/providers/id360.md#endpoints, #5). */
const controlNameOf = { name: 'last_name', first_name: 'first_name', birth_date: 'birth_date', email: 'email', phone_number: 'phone_number' } as const;

/** A local case number when the clerk gives none: the day and a short random part, readable over the phone. */
function localCaseNumber(now: Date): string {
  const day = now.toISOString().slice(0, 10).replace(/-/g, '');
  return `GUICHET-${day}-${Math.random().toString(36).slice(2, 7).toUpperCase()}`;
}

/**
 * Everything a clerk does with ID360, wired onto the IPC router: processes, new checks and their
 * journey link, the tracker, discontinuation, the report view, what is kept locally.
 */
export function createId360Feature(deps: ProviderDeps, router: IpcRouter) {
  const now = deps.clocks.now;
  const connections = createId360Connection(deps);

  function view(
    row: EnrollmentRow,
    kept = keptSummary(deps.db, [row.localId]).get(row.localId),
    missingAt = missingUntil(deps.db, [row.localId], now(), connections.retention()).get(row.localId),
  ): EnrollmentView {
    const k = kept ?? { valid: 0, missing: 0, altered: 0 };
    // Documents go with provider_until; a user account reads a finished OK / KO report longer
    // (docs/providers/id360.md#retention): the enrollment is gone from ID360 once both are.
    const reportsUntil = reportUntilOf(row, connections.retention());
    const gone = Math.max(new Date(row.providerUntil).getTime(), new Date(reportsUntil).getTime()) <= now().getTime();
    const missingLeft = missingAt ? new Date(missingAt).getTime() - now().getTime() : null;
    return {
      localId: row.localId,
      enrollmentId: row.enrollmentId,
      processUuid: row.processUuid,
      processName: row.processName,
      clientReference: row.clientReference,
      person: row.person,
      status: row.status,
      // Expired: an open journey ID360 forgot, or something not kept that ID360 no longer has (a user
      // account's missing document past its 7 days, while the report is still there, counts).
      expired: (gone && !isTerminal(row.status)) || (k.missing + k.altered > 0 && missingAt === undefined),
      identityStatus: row.identityStatus,
      reason: row.reason,
      stepsDone: row.stepsDone,
      stepsTotal: row.stepsTotal,
      createdAt: row.createdAt,
      finishedAt: row.finishedAt,
      providerUntil: row.providerUntil,
      reportsUntil,
      missingUntil: missingAt ?? null,
      signatureVerdict: (row.signatureVerdict as EnrollmentView['signatureVerdict']) ?? null,
      signatureReason: row.signatureReason,
      keptValid: k.valid,
      keptMissing: k.missing,
      keptAltered: k.altered,
      controlsPending: row.controlsPending,
      statusCodes: row.statusCodes,
      creation: row.creation,
      journeyLinkKnown: row.creation === null && row.journeyLinkKnown,
      atRisk: missingLeft !== null && missingLeft > 0 && missingLeft <= deps.clocks.of(row.environment).realMs(DEADLINE_WARNING_MS),
    };
  }

  function need(localId: number) {
    const row = enrollmentByLocalId(deps.db, localId);
    if (!row) throw id360Error('NOT_FOUND', 'id360:errors.checkNotFound', { localId });
    return row;
  }

  /** A check ID360 has created: the calls on an enrollment need its id and key. */
  function needCreated(localId: number) {
    const row = need(localId);
    if (row.creation !== null) throw id360Error(id360CreationUncertain, 'id360:errors.ID360_CREATION_UNCERTAIN', { reference: row.clientReference ?? '', cause: 'pending' }, { localId });
    return row;
  }

  const emitChanged = (localId: number) => {
    const row = enrollmentByLocalId(deps.db, localId);
    if (row) deps.bus.emit('id360.enrollment.changed', view(row));
  };
  const relayCallbacks = createRelayCallbacks(deps, connections.environment);
  const tracker = createEnrollmentTracker(deps, connections, emitChanged, { beforePass: () => relayCallbacks.pullIfDue() });

  function keptView(f: KeptFile): KeptFileView {
    return {
      kind: f.kind,
      documentType: f.documentType,
      documentName: f.documentName,
      page: f.page,
      integrity: f.integrity,
      // An altered file is kept apart: its bytes never reach the page as if they were the document.
      sha256: f.integrity === 'valid' || f.integrity === 'unverifiable' ? f.blobSha256 : null,
      mediaType: f.mediaType,
      size: f.size,
      attempts: f.attempts,
      fetchedAt: f.fetchedAt,
      lastError: f.lastError,
    };
  }

  async function processes(): Promise<ResponseOf<'id360.processes.list'>> {
    const named = deps.settings.get().providers.id360.processes.map((p) => ({ ...p, source: 'settings' as const }));
    if (connections.environment() !== 'sandbox') return named;
    const conn = await connections.connection();
    const known = new Set(named.map((p) => p.uuid.toLowerCase()));
    return [...named, ...conn.sandboxProcesses.filter((p) => !known.has(p.uuid.toLowerCase())).map((p) => ({ ...p, source: 'sandbox' as const }))];
  }

  router.register('id360.processes.list', processes);

  /**
   * Sends the enrollment's comparison controls ID360 has not taken yet, one by one, each marked sent
   * as soon as ID360 answers. Sending a control again is harmless (it sets the same value), so a
   * reply lost on the way is simply resent. A failure leaves the rest pending on this same
   * enrollment: « reprendre » comes back here, never to a second creation.
   */
  async function sendPendingControls(conn: Id360Connection, localId: number): Promise<void> {
    const row = need(localId);
    for (const [name, control] of Object.entries(controlsOf(deps.db, localId))) {
      if (control.sent !== false) continue;
      try {
        await conn.api.setDataControl(row.enrollmentId, name, control.value, { locked: control.locked, auto: control.auto });
      } catch (error) {
        emitChanged(localId);
        deps.logger.warn('id360 data control not sent', { code: (error as { code?: unknown }).code, control: name });
        throw id360Error(
          id360ControlsPending,
          'id360:errors.ID360_CONTROLS_PENDING',
          { localId, reference: row.clientReference ?? row.enrollmentId, cause: isGuichetError(error) ? error.code : 'INTERNAL' },
          { localId },
        );
      }
      markControlSent(deps.db, localId, name, now());
    }
    emitChanged(localId);
  }

  /** The browser's return address: it proves nothing (docs/providers/id360.md#enrollment). */
  function browserCallbackUrl(reference: string): string {
    const relay = deps.settings.get().providers.id360.callbackRelayUrl;
    return `${relay ?? 'https://guichet.invalid/'}${relay?.endsWith('/') ? '' : relay ? '/' : ''}id360/return/${encodeURIComponent(reference)}`;
  }

  /**
   * Sends the create call of a check recorded beforehand (recordCreationIntent). Its outcome is one
   * of three: created (the row gets ID360's id and key, then its comparison data); surely not
   * created (nothing was sent, or ID360 answered a refusal: the row goes, the error is the clerk's);
   * unknown (sent, and no readable answer: a timeout, a dropped connection, a 5xx, an unreadable
   * 200). ID360 offers no lookup by client reference, so an unknown outcome is never retried by
   * itself: the row stays « création incertaine » until the clerk has looked in ID360's console
   * (docs/providers/id360.md#lost-create).
   */
  async function createAtId360(conn: Id360Connection, localId: number, archiveCaseId?: number): Promise<{ row: EnrollmentView; journeyUrl: string }> {
    const row = need(localId);
    const reference = row.clientReference ?? row.enrollmentId;
    markCreation(deps.db, localId, 'sending', now());
    let sent = false;
    let created: Awaited<ReturnType<Id360Connection['api']['createEnrollment']>>;
    try {
      created = await conn.api.createEnrollment(
        row.processUuid,
        { browserCallbackUrl: browserCallbackUrl(reference), callbackEndpoints: await relayCallbacks.endpointsFor(reference), clientReference: reference, person: row.person },
        () => {
          sent = true;
        },
      );
    } catch (error) {
      if (!sent || !outcomeUnknown(error)) {
        dropCreationIntent(deps.db, localId);
        throw error;
      }
      markCreation(deps.db, localId, 'uncertain', now());
      deps.logger.warn('id360 create call sent without a readable answer', { code: (error as { code?: unknown }).code });
      deps.journal.append({
        actor: 'système',
        action: 'id360.enrollment.createUncertain',
        provider: 'id360',
        objectType: 'enrollment',
        objectId: String(localId),
        summary: { key: 'id360:journal.createUncertain', params: { reference } },
      });
      emitChanged(localId);
      throw id360Error(id360CreationUncertain, 'id360:errors.ID360_CREATION_UNCERTAIN', { reference, cause: isGuichetError(error) ? error.code : 'INTERNAL' }, { localId });
    }
    completeCreation(deps.db, localId, {
      enrollmentId: created.id,
      apiKey: created.api_key,
      enrollmentUrl: created.url ?? null,
      providerStatus: created.status,
      createdAt: created.creation_time ?? null,
      nextPollAt: tracker.firstPollAt(conn).toISOString(),
      now: now(),
      keepsMs: conn.clock.realMs(PROVIDER_KEEPS_MS),
    });
    deps.journal.append({
      actor: 'agent',
      action: 'id360.enrollment.create',
      provider: 'id360',
      objectType: 'enrollment',
      objectId: created.id,
      summary: { key: 'id360:journal.requested', params: { process: row.processName ?? row.processUuid, reference } },
    });
    // The report and the document photos kept later join the case they were started from.
    if (archiveCaseId !== undefined) deps.archive.fileIntoCase(archiveCaseId, [{ objectType: 'enrollment', objectId: created.id }]);
    await sendPendingControls(conn, localId);
    return { row: view(need(localId)), journeyUrl: conn.api.journeyUrl(created.api_key, 'fr') };
  }

  router.register('id360.enrollments.create', async ({ processUuid, clientReference, person, lock, archiveCaseId }) => {
    // Started from a case folder of the Archive: the case is checked before ID360 is asked anything.
    if (archiveCaseId !== undefined) deps.archive.requireCase(archiveCaseId);
    const conn = await connections.connection();
    const process = (await processes()).find((p) => p.uuid.toLowerCase() === processUuid.toLowerCase());
    const cleanPerson = Object.fromEntries(Object.entries(person).filter(([, v]) => typeof v === 'string' && v.trim() !== '')) as Record<string, string>;
    const controls: Record<string, DataControl> = {};
    for (const name of lock) {
      const value = cleanPerson[controlNameOf[name]];
      if (!value) throw id360Error('INVALID_INPUT', 'id360:errors.compareEmpty', { field: controlNameOf[name] });
      controls[name] = { value, locked: true, auto: false, sent: false };
    }
    // A check whose creation is uncertain may already exist at ID360: creating it again could make a
    // second enrollment, so the clerk settles that one first (docs/providers/id360.md#lost-create).
    const pending = pendingCreationLike(deps.db, { environment: conn.environment, clientReference: clientReference ?? null, processUuid, person: cleanPerson });
    if (pending) {
      throw id360Error(id360CreationUncertain, 'id360:errors.ID360_CREATION_UNCERTAIN', { reference: pending.clientReference ?? '', cause: 'pending' }, { localId: pending.localId });
    }
    // Recorded before anything is asked of ID360: whatever fails next, this check exists once, here,
    // and is resumed or settled rather than created again (docs/providers/id360.md#module).
    const localId = recordCreationIntent(deps.db, {
      environment: conn.environment,
      processUuid,
      processName: process?.label ?? null,
      clientReference: clientReference ?? localCaseNumber(now()),
      person: cleanPerson,
      controls,
      now: now(),
      keepsMs: conn.clock.realMs(PROVIDER_KEEPS_MS),
    });
    return createAtId360(conn, localId, archiveCaseId);
  });

  router.register('id360.enrollments.resolveCreation', async ({ localId, enrollmentId }) => {
    const row = need(localId);
    if (row.creation !== 'uncertain') throw id360Error('INVALID_INPUT', 'id360:errors.creationNotUncertain', { reference: row.clientReference ?? '' });
    const conn = await connections.connection();
    if (enrollmentId === null) {
      // The clerk found nothing in ID360's console: created now, once.
      const done = await createAtId360(conn, localId);
      return done;
    }
    if (isTracked(deps.db, conn.environment, enrollmentId)) {
      throw id360Error('ID360_ALREADY_TRACKED', 'id360:errors.ID360_ALREADY_TRACKED', { enrollmentId });
    }
    const found = await conn.api.getEnrollment(enrollmentId);
    // The console's number must be this check's: same client reference (ours), else nothing is attached.
    if ((found.client_reference ?? null) !== row.clientReference) {
      throw id360Error('ID360_CREATION_MISMATCH', 'id360:errors.ID360_CREATION_MISMATCH', { enrollmentId, found: found.client_reference ?? '', reference: row.clientReference ?? '' });
    }
    // Whether reading an enrollment gives its journey key back is not published
    // (docs/providers/id360.md#lost-create): without it the check is attached all the same — followed,
    // kept, discontinued by its id — and only its journey link is unknown (the console shows it).
    const apiKey = found.api_key && /^[0-9a-fA-F]{16,64}$/.test(found.api_key) ? found.api_key : '';
    completeCreation(deps.db, localId, {
      enrollmentId: found.id,
      apiKey,
      enrollmentUrl: found.url ?? null,
      providerStatus: found.status,
      createdAt: found.creation_time ?? null,
      nextPollAt: now().toISOString(),
      now: now(),
      keepsMs: conn.clock.realMs(PROVIDER_KEEPS_MS),
    });
    deps.journal.append({
      actor: 'agent',
      action: 'id360.enrollment.attached',
      provider: 'id360',
      objectType: 'enrollment',
      objectId: found.id,
      summary: { key: 'id360:journal.attached', params: { reference: row.clientReference ?? found.id, enrollmentId: found.id } },
    });
    const attached = need(localId);
    if (attached.status === 'NEW') await sendPendingControls(conn, localId);
    else emitChanged(localId);
    const open = attached.status === 'NEW' || attached.status === 'STARTED';
    return { row: view(need(localId)), journeyUrl: open && apiKey && !need(localId).controlsPending ? conn.api.journeyUrl(apiKey, 'fr') : null };
  });

  router.register('id360.enrollments.resumeControls', async ({ localId }) => {
    const row = needCreated(localId);
    if (isTerminal(row.status)) throw id360Error('ID360_JOURNEY_CLOSED', 'id360:errors.ID360_JOURNEY_CLOSED', { status: row.status });
    // ID360 takes comparison data only before the person starts (docs/providers/id360.md#endpoints, #5).
    if (row.controlsPending && row.status !== 'NEW') {
      throw id360Error('ID360_CONTROLS_TOO_LATE', 'id360:errors.ID360_CONTROLS_TOO_LATE', { reference: row.clientReference ?? row.enrollmentId });
    }
    const conn = await connections.connection();
    await sendPendingControls(conn, localId);
    return { row: view(need(localId)), journeyUrl: row.apiKey ? conn.api.journeyUrl(row.apiKey, 'fr') : null };
  });

  router.register('id360.enrollments.list', ({ statuses, expiredOnly, processUuid, createdFrom, createdTo, search, limit, after }) => {
    const rows = listEnrollments(deps.db, {
      environment: connections.environment(),
      ...(statuses ? { statuses } : {}),
      ...(processUuid ? { processUuid } : {}),
      ...(createdFrom ? { createdFrom } : {}),
      ...(createdTo ? { createdTo } : {}),
      ...(search ? { search } : {}),
      ...(after ? { after } : {}),
      limit,
    });
    const kept = keptSummary(
      deps.db,
      rows.map((r) => r.localId),
    );
    const missing = missingUntil(
      deps.db,
      rows.map((r) => r.localId),
      now(),
      connections.retention(),
    );
    let items = rows.map((r) => view(r, kept.get(r.localId), missing.get(r.localId)));
    if (expiredOnly) items = items.filter((r) => r.expired);
    const last = rows.at(-1);
    return { items, next: rows.length === limit && last ? { createdAt: last.createdAt, localId: last.localId } : null };
  });

  router.register('id360.enrollments.get', ({ localId }) => view(need(localId)));

  router.register('id360.enrollments.journeyLink', async ({ localId }) => {
    const row = needCreated(localId);
    if (isTerminal(row.status)) throw id360Error('ID360_JOURNEY_CLOSED', 'id360:errors.ID360_JOURNEY_CLOSED', { status: row.status });
    // Without its locked data the person's journey would compare nothing: no link until they are sent.
    if (row.controlsPending) {
      throw id360Error(id360ControlsPending, 'id360:errors.ID360_CONTROLS_PENDING', { localId, reference: row.clientReference ?? row.enrollmentId, cause: 'pending' }, { localId });
    }
    // Attached from ID360's console without its key: no link to build, never a broken one.
    if (!row.apiKey) throw id360Error(id360JourneyLinkUnknown, 'id360:errors.ID360_JOURNEY_LINK_UNKNOWN', { enrollmentId: row.enrollmentId });
    const conn = await connections.connection();
    return { url: conn.api.journeyUrl(row.apiKey, 'fr') };
  });

  router.register('id360.enrollments.discontinue', async ({ localId }) => {
    const row = needCreated(localId);
    if (isTerminal(row.status)) {
      throw id360Error('ID360_ALREADY_FINISHED', 'id360:errors.cannotDiscontinue', { status: row.status });
    }
    const conn = await connections.connection();
    await conn.api.discontinue(row.enrollmentId);
    deps.journal.append({
      actor: 'agent',
      action: 'id360.enrollment.discontinue',
      provider: 'id360',
      objectType: 'enrollment',
      objectId: row.enrollmentId,
      summary: { key: 'id360:journal.discontinued', params: { reference: row.clientReference ?? row.enrollmentId } },
    });
    await tracker.pollNow(localId);
    return view(need(localId));
  });

  router.register('id360.sandbox.finish', async ({ localId, outcome }) => {
    const row = needCreated(localId);
    const conn = await connections.connection();
    if (!conn.simulated || !conn.sandboxOrigin) throw id360Error('INVALID_INPUT', 'id360:errors.sandboxOnly');
    const res = await fetch(
      row.apiKey
        ? `${conn.sandboxOrigin}/__sandbox/journey/${row.apiKey}/finish?outcome=${outcome}`
        : `${conn.sandboxOrigin}/__sandbox/enrollment/${encodeURIComponent(row.enrollmentId)}/finish?outcome=${outcome}`,
      { method: 'POST' },
    );
    if (!res.ok) throw id360Error('ID360_ALREADY_FINISHED', 'id360:errors.ID360_ALREADY_FINISHED', { status: row.status });
    await tracker.pollNow(localId);
    void tracker.tick();
    return view(need(localId));
  });

  /**
   * A finished check whose report is not kept here and past the window the account reads it in
   * (docs/providers/id360.md#archive): only a user account reads ID360's archive, and only for OK / KO.
   * An application account's 7 days over, an OK / KO report is not archived yet for 2 months: a user
   * account still reads it directly until then (`userAccountDirect`, with that date).
   */
  function archiveState(row: EnrollmentRow, reportKept: boolean): Pick<ReportView, 'archive' | 'archiveFrom'> {
    const none = { archive: null, archiveFrom: null };
    if (reportKept || row.creation !== null || !isTerminal(row.status)) return none;
    const rule = connections.retention();
    if (new Date(reportUntilOf(row, rule)).getTime() > now().getTime()) return none;
    if (row.status !== 'OK' && row.status !== 'KO') return { archive: 'neverArchived', archiveFrom: null };
    if (rule.userAccount) return { archive: 'available', archiveFrom: null };
    const userUntil = reportUntilOf(row, { ...rule, userAccount: true });
    return new Date(userUntil).getTime() > now().getTime() ? { archive: 'userAccountDirect', archiveFrom: userUntil } : { archive: 'userAccountOnly', archiveFrom: null };
  }

  /** The report is kept here as JSON, or as the PDF alone when ID360's archive answered a PDF. */
  const reportKept = (files: ReturnType<typeof keptFiles>) => files.some((f) => (f.kind === 'report_json' || f.kind === 'report_pdf') && f.blobSha256);

  async function reportView(localId: number): Promise<ReportView> {
    const row = need(localId);
    const files = keptFiles(deps.db, localId);
    const reportFile = files.find((f) => f.kind === 'report_json' && f.blobSha256);
    const expected: Record<string, string> = { ...row.person };
    const base = { row: view(row), expected, files: files.map(keptView), ...archiveState(row, reportKept(files)) };
    if (!reportFile?.blobSha256) {
      return { ...base, hasReport: false, status: null, identityStatus: null, reason: row.reason, identity: {}, steps: [], statusCodes: [], failedValidations: [] };
    }
    const parsed = tracker.parseReport(await fs.readFile(deps.blobs.pathOf(reportFile.blobSha256), 'utf8'));
    if (!parsed.success) {
      return { ...base, hasReport: false, status: null, identityStatus: null, reason: row.reason, identity: {}, steps: [], statusCodes: [], failedValidations: [] };
    }
    const r = parsed.data;
    const identity = Object.fromEntries(Object.entries(r.identity ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string'));
    const statusCodes = statusCodesOfReport(r);
    return {
      ...base,
      hasReport: true,
      status: r.status,
      identityStatus: r.identity_status ?? null,
      reason: r.reason ?? null,
      identity,
      steps: Object.entries(r.steps ?? {}).map(([name, s]) => ({ name, status: s?.status ?? null })),
      statusCodes,
      failedValidations: (r.finalizer_reports?.validator_report?.validations ?? [])
        .filter((v) => v.is_valid === false)
        .map((v) => ({ id: String(v.id ?? ''), description: v.description ?? null, message: v.message ?? null })),
    };
  }

  router.register('id360.report.view', ({ localId }) => reportView(localId));
  router.register('id360.sync.status', () => tracker.syncStatus());
  router.register('id360.report.fetchArchive', async ({ localId }) => {
    const row = needCreated(localId);
    const { archive: state, archiveFrom } = archiveState(row, reportKept(keptFiles(deps.db, localId)));
    if (state === 'neverArchived') throw id360Error(id360NeverArchived, 'id360:errors.ID360_NEVER_ARCHIVED', { status: row.status });
    if (state === 'userAccountOnly') throw id360Error(id360ArchiveUserOnly, 'id360:errors.ID360_ARCHIVE_USER_ONLY');
    if (state === 'userAccountDirect') throw id360Error(id360ArchiveUserOnly, 'id360:errors.reportUserAccountDirect', { date: archiveFrom! });
    if (state !== 'available') throw id360Error('INVALID_INPUT', 'id360:errors.archiveNotDue');
    const conn = await connections.connection();
    const reply = await tracker.fetchArchivedReport(conn, localId, row.enrollmentId);
    deps.logger.info('id360 archived report kept', { reply });
    deps.journal.append({
      actor: 'agent',
      action: 'id360.report.archiveFetched',
      provider: 'id360',
      objectType: 'enrollment',
      objectId: row.enrollmentId,
      summary: { key: 'id360:journal.archiveFetched', params: { reference: row.clientReference ?? row.enrollmentId } },
    });
    return reportView(localId);
  });
  router.register('id360.session.state', async () => ({ twoFactorNeeded: await connections.twoFactorNeeded() }));
  router.register('id360.session.twoFactor', async ({ code }) => {
    await connections.giveTwoFactorCode(code);
    void tracker.tick();
    return { ok: true as const };
  });
  router.register('id360.files.kept', ({ localId }) => {
    need(localId);
    return keptFiles(deps.db, localId).map(keptView);
  });

  async function testConnection(): Promise<ResponseOf<'providers.testConnection'>> {
    try {
      const conn = await connections.connection();
      await conn.api.whoami();
      return { ok: true, key: conn.simulated ? 'id360:connectionTest.okSimulated' : 'id360:connectionTest.ok' };
    } catch (error) {
      return isGuichetError(error) ? { ok: false, code: error.code, ...error.text } : { ok: false, code: 'INTERNAL', key: genericErrorKey };
    }
  }

  return {
    connections,
    tracker,
    relayCallbacks,
    testConnection,
    /** Reschedules an enrollment's next read at once (tests, « actualiser »). */
    pollSoon(localId: number) {
      schedulePoll(deps.db, localId, now(), 0);
    },
    start() {
      // A create call cut by a crash or a quit: nobody knows whether ID360 created it.
      sendingBecomesUncertain(deps.db, now());
      connections.start();
      tracker.start();
    },
    async stop() {
      await tracker.stop();
      connections.stop();
    },
  };
}
export type Id360Feature = ReturnType<typeof createId360Feature>;
