import crypto from 'node:crypto';
import { isGuichetError, type HostText, type MessageParams } from '../../../../shared/ipc/errors.js';
import type { DocumentRow, FileCheck } from '../../../../shared/domain/parapheur.js';
import { isTransientNetworkError } from '../../../core/http/networkErrors.js';
import { parapheurErrorCodes, isRetryableParapheurError } from '../errors.js';
import { checkComment, checkLabel, normalizeEmailList } from '../normalize.js';
import type { DocumentLedger, LedgerRow } from './documentLedger.js';
import type { ParapheurSessions } from './parapheurConnection.js';
import type { ParapheurServiceDeps } from './deps.js';
import type { CircuitBook } from './circuitBook.js';
import { checkMetadata, checkOtpSigners, createDepositValidator, type DepositRequest } from './depositValidation.js';
import { createDepositPacking } from './depositPacking.js';
import { createDepositFiling } from './depositFiling.js';
import { createDepositFollowups } from './depositFollowups.js';
import { createDepositReconciliation } from './depositReconciliation.js';
import { maxServerErrorAttempts, retryDelayMs, type InFlight, type OutboxContext } from './depositOutboxContext.js';
import { clerkTextOf, storedText, withCause } from './storedText.js';

export type { DepositRequest } from './depositValidation.js';

const activeStates = ['queued', 'uploading', 'unknown', 'waiting_network'] as const;
/** Keeps a row out of the pump's pick while a one-off check decides its fate. */
const neverDue = '9999-12-31T00:00:00.000Z';

/**
 * The deposit outbox. A file the clerk drops is checked, copied into the blob store and written as a
 * ledger row BEFORE anything is sent; a runner then streams rows to FAST with bounded concurrency.
 * Exactly once: an upload whose outcome is unknown (crash, reset, timeout after the body left) is
 * retried with the same (circuit, label, file name); FAST's duplicate rule turns a retry of an upload
 * that did land into a "duplicate" answer, and the existing document is then found and adopted.
 */
export function createDepositOutbox(
  deps: ParapheurServiceDeps,
  ledger: DocumentLedger,
  connection: ParapheurSessions,
  circuits: Pick<CircuitBook, 'get' | 'remember' | 'refresh'>,
) {
  const now = deps.clocks.now;
  const db = deps.db;
  const inFlight = new Map<number, InFlight>();
  let running = false;
  let pumpTimer: NodeJS.Timeout | null = null;
  let pumping = false;
  const lastProgress = new Map<number, number>();
  const sends = new Set<Promise<void>>();

  const insertRow = db.prepare(`
    INSERT INTO parapheur_documents (batch_id, environment, siren, circuit_id, circuit_name, on_demand, label, comment, recipients, cc, agents,
      otp_signers, metadata_json, original_name, provider_name, media_type, blob_sha256, size, annexes, outbox_state, phase, step_count, created_at, updated_at)
    VALUES (@batch_id, @environment, @siren, @circuit_id, @circuit_name, @on_demand, @label, @comment, @recipients, @cc, @agents,
      @otp_signers, @metadata_json, @original_name, @provider_name, @media_type, @blob_sha256, @size, @annexes, 'queued', 'en_attente', @step_count, @now, @now)`);
  const dueRows = db.prepare<{ now: string; limit: number }, LedgerRow>(`
    SELECT * FROM parapheur_documents
    WHERE outbox_state IN ('queued', 'unknown', 'waiting_network') AND (next_attempt_at IS NULL OR next_attempt_at <= @now)
    ORDER BY local_id LIMIT @limit`);
  const dueFollowups = db.prepare<{ now: string; limit: number }, LedgerRow>(`
    SELECT * FROM parapheur_documents
    WHERE followups_pending = 1 AND (next_attempt_at IS NULL OR next_attempt_at <= @now)
    ORDER BY local_id LIMIT @limit`);
  const nextDue = db.prepare<[], { at: string | null }>(`
    SELECT min(at) AS at FROM (
      SELECT min(coalesce(next_attempt_at, '')) AS at FROM parapheur_documents WHERE outbox_state IN ('queued', 'unknown', 'waiting_network')
      UNION ALL
      SELECT min(coalesce(next_attempt_at, '')) AS at FROM parapheur_documents WHERE followups_pending = 1
    )`);

  function emit(row: LedgerRow) {
    deps.bus.emit('parapheur.document.changed', ledger.toDocumentRow(row));
  }
  const context: OutboxContext = { deps, ledger, connection, inFlight, emit, schedulePump };
  const { describeTarget, check } = createDepositValidator(deps, connection, circuits);
  const { packWithAnnexes, storeAnnexes, annexPartsOf } = createDepositPacking(deps);
  const { markFiled, markIdUnknown, confirmDocumentId } = createDepositFiling(context);
  const { runFollowups } = createDepositFollowups(context);
  const { reconcile, reconcileCancelled } = createDepositReconciliation(context, { markFiled, markIdUnknown }, { runFollowups });

  async function submit(request: DepositRequest): Promise<{ batchId: string; accepted: DocumentRow[]; refused: FileCheck[] }> {
    const session = await connection.session();
    const circuit = await describeTarget(session, request.target);
    const label = checkLabel(request.label ?? '');
    const comment = checkComment(request.comment ?? '');
    const recipients = request.recipients ? normalizeEmailList(request.recipients) : '';
    const cc = request.cc ? normalizeEmailList(request.cc) : '';
    const agents = request.agents ? normalizeEmailList(request.agents) : '';
    const metadata = checkMetadata(request.metadata ?? []);
    const otpSigners = checkOtpSigners(request.otpSigners);
    const checks = await check(request.target, label, request.fileIds, request.annexFileIds ?? []);
    const batchId = crypto.randomBytes(9).toString('base64url');
    const accepted: DocumentRow[] = [];
    const refused = checks.filter((c) => !c.accepted);
    const onDemandContext: MessageParams = circuit.onDemand ? { context: 'onDemand' } : {};
    const annexChecks = checks.filter((c) => c.annex && c.accepted);
    for (const c of checks.filter((x) => x.accepted && !x.annex)) {
      const file = deps.droppedFiles.get(c.fileId);
      // The outbox keeps its own copy: the clerk may move or delete the original right after the drop.
      // With annexes on a predefined circuit, that copy is the `<main>.pdf.zip` itself; on demand, the
      // main file and each annex are copied as they are. Either way everything is stored before the
      // row exists: every retry sends the very same bytes, and the hash of what FAST gives back on
      // download (the ZIP, or the on-demand main file) stays the reconciliation key.
      const withAnnexes = annexChecks.length > 0;
      const packed = withAnnexes && !circuit.onDemand ? await packWithAnnexes(file, c.providerName!, annexChecks) : null;
      const attached = withAnnexes && circuit.onDemand ? await storeAnnexes(annexChecks) : null;
      const annexes = packed?.annexes ?? attached;
      const blob = packed?.blob ?? (await deps.blobs.putFile(file.path, { mediaType: file.mediaType }));
      const info = insertRow.run({
        batch_id: batchId,
        environment: session.environment,
        siren: session.siren,
        circuit_id: circuit.id,
        circuit_name: circuit.name,
        on_demand: circuit.onDemand,
        label,
        comment,
        recipients,
        cc,
        agents,
        otp_signers: otpSigners.length ? JSON.stringify(otpSigners) : null,
        metadata_json: metadata.length ? JSON.stringify(metadata) : null,
        original_name: file.name,
        provider_name: c.providerName!,
        media_type: packed ? 'application/zip' : file.mediaType,
        blob_sha256: blob.sha256,
        size: blob.size,
        annexes: annexes ? JSON.stringify(annexes) : null,
        step_count: circuit.stepCount,
        now: now().toISOString(),
      });
      const row = ledger.get(Number(info.lastInsertRowid))!;
      accepted.push(ledger.toDocumentRow(row));
      await deps.droppedFiles.forget(c.fileId);
      for (const a of annexChecks) await deps.droppedFiles.forget(a.fileId);
      deps.journal.append({
        actor: 'agent',
        action: 'parapheur.deposit.queued',
        provider: 'parapheur',
        objectType: 'document',
        objectId: String(row.local_id),
        // An on-demand circuit has no name of its own: the catalogue names it (`…_onDemand`).
        summary: packed
          ? { key: 'parapheur:activity.summaries.queuedPacked', params: { name: file.name, count: packed.annexes.length, circuit: circuit.name, archive: c.providerName! } }
          : annexes
            ? { key: 'parapheur:activity.summaries.queuedWithAnnexes', params: { name: file.name, count: annexes.length, circuit: circuit.name, ...onDemandContext } }
            : { key: 'parapheur:activity.summaries.queued', params: { name: file.name, circuit: circuit.name, ...onDemandContext } },
      });
    }
    if (request.target.kind === 'circuit' && accepted.length > 0) circuits.remember(session, circuit.id, label, recipients, metadata.map((m) => m.name));
    kick();
    return { batchId, accepted, refused };
  }

  function cancel(selector: { localId: number } | { batchId: string }): number {
    const rows =
      'localId' in selector
        ? [ledger.get(selector.localId)].filter((r): r is LedgerRow => !!r)
        : (db.prepare('SELECT * FROM parapheur_documents WHERE batch_id = ?').all(selector.batchId) as LedgerRow[]);
    let cancelled = 0;
    for (const row of rows) {
      if (!(activeStates as readonly string[]).includes(row.outbox_state)) continue;
      // An upload in flight may already have landed: it is aborted, then reconciled, never forgotten.
      const flying = inFlight.get(row.local_id);
      // Once the whole body is sent, FAST may store it after our abort, behind our back: let it finish
      // and track the document rather than call it cancelled while it sits in the circuit.
      if (flying?.bodySent) continue;
      if (flying) flying.controller.abort();
      if (row.document_id_status === 'searching') {
        // FAST has it already: stop looking for its number at once, and leave the clerk the way to give it.
        markIdUnknown(ledger.get(row.local_id)!, { key: 'parapheur:notes.searchStopped' });
      } else if (row.outbox_state === 'uploading' || row.outbox_state === 'unknown') {
        emit(ledger.update(row.local_id, { outbox_state: 'unknown', last_error: storedText({ key: 'parapheur:notes.cancelling' }), next_attempt_at: neverDue }));
        void reconcileCancelled(row.local_id);
      } else {
        emit(ledger.update(row.local_id, { outbox_state: 'cancelled', phase: 'en_attente', last_error: storedText({ key: 'parapheur:notes.cancelled' }), next_attempt_at: null }));
      }
      cancelled++;
    }
    return cancelled;
  }

  /** A pump-started search for the number of a document FAST has. */
  async function sendReconcile(row: LedgerRow) {
    const controller = new AbortController();
    inFlight.set(row.local_id, { controller, batchId: row.batch_id, bodySent: false });
    try {
      await reconcile(row.local_id, controller.signal);
    } finally {
      inFlight.delete(row.local_id);
      schedulePump(0);
    }
  }

  function scheduleRetry(row: LedgerRow, state: 'unknown' | 'waiting_network', note: HostText) {
    const delay = retryDelayMs(row.attempts);
    emit(
      ledger.update(row.local_id, {
        outbox_state: state,
        last_error: storedText(note),
        next_attempt_at: new Date(now().getTime() + delay).toISOString(),
      }),
    );
    schedulePump(delay);
  }

  /** A pump-started round of follow-ups, counted in flight so that it is neither doubled nor cut by stop(). */
  async function sendFollowups(row: LedgerRow) {
    inFlight.set(row.local_id, { controller: new AbortController(), batchId: row.batch_id, bodySent: true });
    try {
      await runFollowups(row.local_id);
    } catch (error) {
      deps.logger.warn('post-upload calls failed unexpectedly', { localId: row.local_id, error: (error as Error).message });
    } finally {
      inFlight.delete(row.local_id);
      schedulePump(0);
    }
  }

  async function send(row: LedgerRow) {
    const controller = new AbortController();
    const flight: InFlight = { controller, batchId: row.batch_id, bodySent: false };
    inFlight.set(row.local_id, flight);
    const wasUnknown = row.outbox_state === 'unknown';
    let sentBytes = 0;
    try {
      const session = await connection.session();
      // Durable before the first byte: if the process dies from here on, the row says "uploading" and
      // the next start treats the outcome as unknown.
      row = ledger.update(row.local_id, { outbox_state: 'uploading', attempts: row.attempts + 1, last_error: null });
      emit(row);
      const file = { path: deps.blobs.pathOf(row.blob_sha256), name: row.provider_name, size: row.size };
      const onProgress = (sent: number, total: number) => {
        sentBytes = sent;
        if (sent >= total) flight.bodySent = true;
        const t = Date.now();
        if (sent < total && t - (lastProgress.get(row.local_id) ?? 0) < 100) return;
        lastProgress.set(row.local_id, t);
        deps.bus.emit('parapheur.upload.progress', { localId: row.local_id, batchId: row.batch_id, sent, total });
      };
      let documentId: string;
      try {
        if (row.on_demand) {
          const annexes = annexPartsOf(row);
          documentId = await session.client.uploadOnDemand({
            file,
            ...(annexes.length > 0 ? { annexes } : {}),
            circuit: JSON.parse(row.on_demand),
            comment: row.comment || undefined,
            recipients: row.recipients ? row.recipients.split(';') : undefined,
            cc: row.cc ? row.cc.split(';') : undefined,
            agents: row.agents ? row.agents.split(';') : undefined,
            signal: controller.signal,
            onProgress,
          });
        } else {
          documentId = await session.client.uploadToCircuit({
            circuitId: row.circuit_id,
            file,
            label: row.label || undefined,
            comment: row.comment || undefined,
            recipients: row.recipients ? row.recipients.split(';') : undefined,
            signal: controller.signal,
            onProgress,
          });
        }
      } catch (error) {
        if (isGuichetError(error) && error.code === parapheurErrorCodes.duplicate) {
          // Only a retry of ours can hit the duplicate rule (the file name is unique per deposit): an
          // earlier attempt landed. Written before anything else: from here on this row is never
          // uploaded again, whatever happens to the search for its number (crash and cancel included).
          flight.bodySent = false;
          emit(
            ledger.update(row.local_id, {
              outbox_state: 'unknown',
              document_id_status: 'searching',
              last_error: storedText({ key: 'parapheur:notes.searching' }),
              next_attempt_at: null,
            }),
          );
          await reconcile(row.local_id, controller.signal);
          return;
        }
        throw error;
      }
      // Filed first, then the metadata and OTP calls: a failure of those must never send the document
      // back to the upload path (it would come back as a duplicate and lose them).
      markFiled(ledger.get(row.local_id)!, documentId, null);
      await runFollowups(row.local_id);
    } catch (error) {
      if (controller.signal.aborted) {
        // cancel() already moved the row on; on stop() the row stays "uploading" and the next start
        // reconciles it like after a crash.
        return;
      }
      const current = ledger.get(row.local_id)!;
      if (!isGuichetError(error)) deps.logger.error('deposit failed unexpectedly', { localId: row.local_id, error: (error as Error)?.message });
      const problem = clerkTextOf(error);
      const httpStatus = isGuichetError(error) ? (error.details as { httpStatus?: number } | undefined)?.httpStatus : undefined;
      // A 5xx may come after the document was stored: treat it as an unknown outcome, retried (and
      // reconciled) a bounded number of times before giving up.
      const serverSide = typeof httpStatus === 'number' && httpStatus >= 500 && current.attempts < maxServerErrorAttempts;
      if (isRetryableParapheurError(error) || serverSide || (isGuichetError(error) && error.code === 'PROVIDER_MALFORMED' && sentBytes > 0)) {
        const offline = isGuichetError(error) && (error.code === 'OFFLINE' || error.code === 'UNREACHABLE');
        // Refused before any byte left: nothing can have been filed. Otherwise FAST may have it.
        const state = offline && sentBytes === 0 && !wasUnknown ? 'waiting_network' : 'unknown';
        scheduleRetry(current, state, state === 'waiting_network' ? { key: 'parapheur:notes.waitingNetwork' } : withCause({ key: 'parapheur:notes.sendInterrupted' }, error));
        if (isTransientNetworkError(error)) void deps.network.check();
        return;
      }
      emit(ledger.update(row.local_id, { outbox_state: 'failed', phase: 'erreur', last_error: storedText(problem), next_attempt_at: null }));
      deps.journal.append({
        actor: 'système',
        action: 'parapheur.deposit.failed',
        provider: 'parapheur',
        objectType: 'document',
        objectId: String(row.local_id),
        summary: { key: 'parapheur:activity.summaries.depositFailed', params: { name: row.original_name }, parts: { problem } },
      });
      deps.bus.emit('notify', {
        level: 'error',
        title: { key: 'parapheur:notify.depositRefusedTitle' },
        body: { key: 'parapheur:notify.fileProblem', params: { name: row.original_name }, parts: { problem } },
      });
    } finally {
      inFlight.delete(row.local_id);
      lastProgress.delete(row.local_id);
      schedulePump(0);
    }
  }

  async function pump() {
    if (!running || pumping) return;
    pumping = true;
    try {
      const concurrency = deps.settings.get().providers.parapheur.concurrency;
      const free = concurrency - inFlight.size;
      if (free <= 0) return;
      if (!deps.network.isOnline()) {
        for (const row of dueRows.all({ now: now().toISOString(), limit: 1000 })) {
          if (row.outbox_state === 'queued') {
            emit(ledger.update(row.local_id, { outbox_state: 'waiting_network', last_error: storedText({ key: 'parapheur:notes.waitingNetwork' }) }));
          }
        }
        return;
      }
      const at = now().toISOString();
      const rows = dueRows.all({ now: at, limit: free + inFlight.size }).filter((r) => !inFlight.has(r.local_id));
      // Follow-ups of filed documents first: they are short, and a signer may be waiting for the SMS.
      const followups = dueFollowups.all({ now: at, limit: free + inFlight.size }).filter((r) => !inFlight.has(r.local_id) && r.outbox_state === 'filed');
      // A row FAST already has (document_id_status 'searching') is only ever looked for, never sent.
      const work = [
        ...followups.map((r) => () => sendFollowups(r)),
        ...rows.map((r) => (r.document_id_status === 'searching' ? () => sendReconcile(r) : () => send(r))),
      ];
      for (const start of work.slice(0, free)) {
        const sending = start();
        sends.add(sending);
        void sending.finally(() => sends.delete(sending));
      }
    } finally {
      pumping = false;
      const next = nextDue.get()?.at;
      if (next) schedulePump(Math.max(0, Date.parse(next) - now().getTime()));
    }
  }

  function schedulePump(delayMs: number) {
    if (!running) return;
    if (pumpTimer) clearTimeout(pumpTimer);
    pumpTimer = setTimeout(() => {
      pumpTimer = null;
      void pump();
    }, Math.min(delayMs, 60_000));
    pumpTimer.unref?.();
  }

  function kick() {
    schedulePump(0);
  }

  return {
    check,
    submit,
    cancel,
    confirmDocumentId,
    kick,
    /** Resumes the outbox after a start: rows left "uploading" by a crash have an unknown outcome. */
    start() {
      const stale = db.prepare("SELECT * FROM parapheur_documents WHERE outbox_state = 'uploading'").all() as LedgerRow[];
      for (const row of stale) {
        ledger.update(row.local_id, { outbox_state: 'unknown', last_error: storedText({ key: 'parapheur:notes.stoppedWhileSending' }), next_attempt_at: null });
      }
      // Waiting rows, and the post-upload calls a previous run still owed, are due at once after a start.
      db.prepare("UPDATE parapheur_documents SET next_attempt_at = NULL WHERE outbox_state = 'waiting_network' OR followups_pending = 1").run();
      running = true;
      deps.network.onChange((online) => {
        if (online) {
          db.prepare("UPDATE parapheur_documents SET next_attempt_at = NULL WHERE outbox_state = 'waiting_network' OR followups_pending = 1").run();
          kick();
        }
      });
      kick();
    },
    async stop() {
      running = false;
      if (pumpTimer) clearTimeout(pumpTimer);
      for (const f of inFlight.values()) f.controller.abort();
      // The database closes after this: let every send finish its bookkeeping first.
      await Promise.allSettled([...sends]);
    },
  };
}
export type DepositOutbox = ReturnType<typeof createDepositOutbox>;
