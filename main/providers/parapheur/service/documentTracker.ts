import { deriveDocumentState, type DerivedState, type ParapheurHistoryEntry } from '../state.js';
import { isDocumentGoneAnswer, isUnknownDocumentError, parapheurErrorCodes } from '../errors.js';
import { GuichetError } from '../../../../shared/ipc/errors.js';
import type { DocumentPhase, TrackingIssue } from '../../../../shared/domain/parapheur.js';
import type { ProviderClock } from '../../../core/time/providerClock.js';
import type { DocumentLedger, LedgerRow } from './documentLedger.js';
import { terminalPhases } from './documentLedger.js';
import type { ParapheurSessions, ParapheurSession } from './parapheurConnection.js';
import type { ParapheurServiceDeps } from './deps.js';
import { createDocumentOutputs, storeDocumentDownload } from './documentDownload.js';
import { circuitNameText, storedText, withCause } from './storedText.js';

/** FAST: "Espacement minimum de 30 minutes pour le même document" (docs/providers/fast-parapheur.md#polling). */
export const providerPollRuleMs = 30 * 60_000;
/** The clerk's "actualiser" is immediate, but not twice within this gap. */
export const manualRefreshGapMs = 5 * 60_000;
/** At most this share of the interval is added to each scheduled poll (never taken off). */
const maxJitter = 0.1;
const tickMs = 2000;

/**
 * The delay before a document's next scheduled poll: the interval plus up to 10 %, so that documents
 * filed together are not polled together forever. Jitter only ever adds time: FAST's rule is « no
 * more than once every 30 minutes », so 30 min is a floor, not an average.
 */
export function scheduledPollDelayMs(intervalMs: number, random: () => number = Math.random): number {
  return intervalMs * (1 + Math.min(Math.max(random(), 0), 1) * maxJitter);
}

/** The journal's sentence for a phase a document reaches (others say FAST's step label). */
const phaseSummaryKeys: Partial<Record<DocumentPhase, string>> = {
  signe: 'parapheur:activity.summaries.phase.signe',
  classe: 'parapheur:activity.summaries.phase.classe',
  archive: 'parapheur:activity.summaries.phase.archive',
  refuse: 'parapheur:activity.summaries.phase.refuse',
  visa_desapprouve: 'parapheur:activity.summaries.phase.visa_desapprouve',
  supprime: 'parapheur:activity.summaries.phase.supprime',
  erreur: 'parapheur:activity.summaries.phase.erreur',
};

/**
 * Follows filed documents until they end: polls each history no more often than FAST allows
 * (staggered, paused offline), derives the state with the rules of docs/providers/fast-parapheur.md#history-to-state, and when a
 * document is finished collects the signed file and the routing sheet into the blob store.
 */
export function createDocumentTracker(deps: ParapheurServiceDeps, ledger: DocumentLedger, connection: ParapheurSessions) {
  const now = deps.clocks.now;
  const db = deps.db;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let inFlight: Promise<void> | null = null;
  let queued: Promise<void> | null = null;
  const polling = new Set<number>();
  /**
   * The session whose address answers 404 to calls that must exist (a wrong base URL): its polls
   * wait, nothing is concluded about the documents, and tracking resumes with the next session
   * (the settings or the certificate changed) or when the address answers again.
   */
  let addressProblem: { session: ParapheurSession; host: string; checkedAt: number } | null = null;
  const outputs = createDocumentOutputs(db, now);

  // next_poll_at is set only on filed documents: the due index alone answers this. Only the
  // documents filed where the session goes: another environment's ids mean nothing there.
  const due = db.prepare<{ now: string; environment: string; siren: string }, LedgerRow>(`
    SELECT * FROM parapheur_documents WHERE next_poll_at IS NOT NULL AND next_poll_at <= @now
      AND environment = @environment AND siren = @siren
    ORDER BY next_poll_at LIMIT 8`);
  const tracked = db.prepare<{ environment: string; siren: string }, LedgerRow>(`
    SELECT * FROM parapheur_documents WHERE next_poll_at IS NOT NULL AND environment = @environment AND siren = @siren`);
  const lateCandidates = db.prepare<{ before: string; environment: string }, LedgerRow>(`
    SELECT * FROM parapheur_documents
    WHERE waiting_since IS NOT NULL AND waiting_since < @before AND outbox_state = 'filed' AND next_poll_at IS NOT NULL
      AND environment = @environment
      AND phase NOT IN ('signe','refuse','visa_desapprouve','classe','archive','supprime')`);
  const lateNotified = new Set<number>();

  /** Real milliseconds between two scheduled polls of a document, in the session's time. */
  function pollIntervalMs(clock: ProviderClock): number {
    const minutes = Math.max(30, deps.settings.get().providers.parapheur.pollIntervalMinutes);
    return clock.realMs(Math.max(minutes * 60_000, providerPollRuleMs));
  }

  function hostOf(baseUrl: string): string {
    try {
      return new URL(baseUrl).host;
    } catch {
      return baseUrl;
    }
  }

  function addressNotFoundError(session: ParapheurSession): GuichetError {
    const host = hostOf(session.baseUrl);
    return new GuichetError(parapheurErrorCodes.addressNotFound, { key: 'parapheur:hostErrors.addressNotFound', params: { host }, details: { host } });
  }

  /**
   * A document call answered « unknown » without FAST's own words for it: is it the document, or the
   * address? A list every subscriber has (`ack/remaining`) must exist; if it answers 404 too, the
   * address is not FAST's API.
   */
  async function addressAnswersLikeFast(session: ParapheurSession): Promise<boolean> {
    try {
      await session.client.remaining('ack');
      return true;
    } catch (error) {
      return !isUnknownDocumentError(error);
    }
  }

  /** The documents whose tracking waits for the address to be corrected show it (and stop showing it). */
  function emitTracked(session: ParapheurSession) {
    for (const row of tracked.all({ environment: session.environment, siren: session.siren })) {
      deps.bus.emit('parapheur.document.changed', ledger.toDocumentRow(row));
    }
  }

  function setAddressProblem(next: { session: ParapheurSession; host: string; checkedAt: number } | null) {
    const previous = addressProblem;
    addressProblem = next;
    if (previous && previous.session !== next?.session) emitTracked(previous.session);
    if (next && previous?.session !== next.session) {
      deps.logger.warn('parapheur address answers 404 to every call: tracking paused', { host: next.host });
      emitTracked(next.session);
    }
  }

  function previousOf(row: LedgerRow): DerivedState | undefined {
    if (!row.status || !row.history_fingerprint) return undefined;
    return {
      status: row.status as DerivedState['status'],
      phase: row.phase === 'en_attente' ? 'depose' : (row.phase as DerivedState['phase']),
      rule: 10,
      stepsDone: row.step_done ?? 0,
      lastLabel: row.current_step_label ?? '',
      deletable: row.deletable === 1,
      unknownLabels: [],
      historyFingerprint: row.history_fingerprint,
      ...(row.holder ? { holder: row.holder } : {}),
    };
  }

  async function collectOutputs(session: ParapheurSession, row: LedgerRow): Promise<Partial<LedgerRow>> {
    const out: Partial<LedgerRow> = {};
    const id = row.document_id!;
    if (!row.signed_blob && (row.phase === 'signe' || row.phase === 'classe' || row.phase === 'archive')) {
      // The signed PDF is kept exactly as FAST returns it: merging anything into it would break the signature.
      // No flag is asked (docs/providers/fast-parapheur.md#downloads), but a ZIP answer is recognised by its bytes and unpacked safely.
      const d = await session.client.download(id, {});
      const stored = await storeDocumentDownload(deps.blobs, d, { depositedName: row.provider_name });
      if (stored.outputs) {
        outputs.record(row.local_id, stored.outputs);
        deps.logger.info('download answered with a ZIP: unpacked', { documentId: id, files: stored.outputs.map((o) => `${o.name} (${o.role})`) });
      }
      out.signed_blob = stored.signed;
      if (stored.fdc && !row.fdc_blob) out.fdc_blob = stored.fdc;
    }
    if (!row.fdc_blob && !out.fdc_blob) {
      const fdc = await fetchRoutingSheet(session, id);
      if (fdc) out.fdc_blob = fdc;
    }
    return out;
  }

  /** The routing sheet into the blob store; null (logged) when FAST cannot give it now. */
  async function fetchRoutingSheet(session: ParapheurSession, documentId: string): Promise<string | null> {
    try {
      const f = await session.client.getFdc(documentId);
      return (await deps.blobs.putStream(f.stream, { mediaType: 'application/pdf' })).sha256;
    } catch (error) {
      deps.logger.warn('routing sheet not collected', { documentId, error: (error as Error).message });
      return null;
    }
  }

  async function poll(row: LedgerRow, reason: 'schedule' | 'manual'): Promise<LedgerRow> {
    if (polling.has(row.local_id)) return row;
    polling.add(row.local_id);
    try {
      const session = await connection.session();
      const at = session.clock.now();
      const interval = pollIntervalMs(session.clock);
      const giveUpMs = session.clock.realMs(deps.settings.get().providers.parapheur.giveUpAfterDays * 86_400_000);
      const beforeAttempt = { last_polled_at: row.last_polled_at, next_poll_at: row.next_poll_at };
      // Recorded before the call, even if it fails: the 30-minute rule counts attempts, not answers.
      row = ledger.update(row.local_id, {
        last_polled_at: at.toISOString(),
        next_poll_at: new Date(at.getTime() + scheduledPollDelayMs(interval)).toISOString(),
      });
      let history: ParapheurHistoryEntry[] | null = null;
      let derived: DerivedState;
      try {
        history = await session.client.history(row.document_id!);
        derived = deriveDocumentState(history, {
          stepCount: row.step_count ?? undefined,
          steps: row.on_demand ? (JSON.parse(row.on_demand) as { steps: [] }).steps : undefined,
          previous: previousOf(row),
        });
      } catch (error) {
        try {
          derived = deriveDocumentState({ error }, { previous: previousOf(row) });
        } catch {
          if (!isDocumentGoneAnswer(error) && isUnknownDocumentError(error) && !(await addressAnswersLikeFast(session))) {
            // The call never reached FAST's history of this document: it does not count against
            // the 30-minute rule, and the document is polled as soon as the address is corrected.
            row = ledger.update(row.local_id, beforeAttempt);
            setAddressProblem({ session, host: hostOf(session.baseUrl), checkedAt: at.getTime() });
            deps.bus.emit('parapheur.document.changed', ledger.toDocumentRow(row));
            if (reason === 'manual') throw addressNotFoundError(session);
            return row;
          }
          row = ledger.update(row.local_id, { last_error: storedText(withCause({ key: 'parapheur:notes.trackingImpossible' }, error)) });
          deps.bus.emit('parapheur.document.changed', ledger.toDocumentRow(row));
          if (reason === 'manual') throw error;
          return row;
        }
      }
      if (addressProblem?.session === session) setAddressProblem(null);
      const phase: DocumentPhase = derived.status === 'UNKNOWN' ? 'supprime' : derived.phase;
      const finished = terminalPhases.has(phase) || derived.status === 'FAILED' || derived.status === 'REPLACED';
      const changedPhase = phase !== row.phase;
      // A document once marked deleted that FAST still knows (« Vérifier à nouveau »).
      const foundAgain = row.phase === 'supprime' && phase !== 'supprime';
      const update: Partial<LedgerRow> = {
        status: derived.status,
        phase,
        step_done: derived.stepsDone,
        step_count: derived.stepCount ?? row.step_count,
        current_step_label: derived.currentStepLabel ?? (derived.lastLabel || null),
        holder: derived.holder ?? null,
        waiting_since: finished ? null : (derived.waitingSince ?? row.waiting_since),
        history_fingerprint: derived.historyFingerprint,
        deletable: derived.deletable ? 1 : 0,
        last_error: null,
      };
      if (history) update.history_json = JSON.stringify(history);
      if (finished) {
        update.finished_at = derived.finishedAt ?? at.toISOString();
        update.next_poll_at = null;
      } else {
        if (foundAgain) update.finished_at = null;
        if (row.filed_at && at.getTime() - Date.parse(row.filed_at) > giveUpMs) {
          update.next_poll_at = null;
          update.last_error = storedText({ key: 'parapheur:notes.trackingStopped', params: { count: deps.settings.get().providers.parapheur.giveUpAfterDays } });
        }
      }
      if (derived.status === 'REFUSED' && row.refusal_comment === null) {
        update.refusal_comment = await session.client.refusalComment(row.document_id!).catch(() => '');
      }
      row = ledger.update(row.local_id, update);
      if (finished && phase !== 'supprime' && derived.status !== 'FAILED') {
        try {
          const outputs = await collectOutputs(session, row);
          if (Object.keys(outputs).length > 0) row = ledger.update(row.local_id, outputs);
        } catch (error) {
          // Keep polling lightly until the outputs are in: a finished document without its signed file is not done.
          row = ledger.update(row.local_id, {
            next_poll_at: new Date(at.getTime() + scheduledPollDelayMs(interval)).toISOString(),
            last_error: storedText(withCause({ key: 'parapheur:notes.signedNotDownloaded' }, error)),
          });
        }
      }
      deps.bus.emit('parapheur.document.changed', ledger.toDocumentRow(row));
      if (changedPhase) {
        deps.journal.append({
          actor: 'système',
          action: `parapheur.document.${phase}`,
          provider: 'parapheur',
          objectType: 'document',
          objectId: row.document_id ?? String(row.local_id),
          summary: foundAgain
            ? { key: 'parapheur:activity.summaries.foundAgain', params: { name: row.original_name } }
            : { key: phaseSummaryKeys[phase] ?? 'parapheur:activity.summaries.step', params: { name: row.original_name, label: derived.lastLabel ?? '' } },
        });
        if (phase === 'signe' || phase === 'classe' || phase === 'archive') {
          deps.bus.emit('notify', {
            level: 'success',
            title: { key: 'parapheur:notify.signedTitle' },
            body: { key: 'parapheur:notify.signedBody', params: { name: row.original_name }, parts: { circuit: circuitNameText(row) } },
          });
        } else if (phase === 'refuse' || phase === 'visa_desapprouve') {
          const name = row.original_name;
          deps.bus.emit('notify', {
            level: 'warning',
            title: { key: phase === 'refuse' ? 'parapheur:notify.refusedTitle' : 'parapheur:notify.visaRefusedTitle' },
            body: row.refusal_comment
              ? { key: 'parapheur:notify.refusedBodyWithReason', params: { name, reason: row.refusal_comment } }
              : { key: 'parapheur:notify.refusedBody', params: { name } },
          });
        }
      }
      return row;
    } finally {
      polling.delete(row.local_id);
    }
  }

  /**
   * One pass over the due documents. Passes never overlap: a caller during a pass gets the next one,
   * which starts after it (so whoever moved the clock sees a pass that began afterwards).
   */
  function tick(): Promise<void> {
    if (queued) return queued;
    if (inFlight) {
      queued = inFlight.then(() => {
        queued = null;
        return tick();
      });
      return queued;
    }
    if (stopped || !deps.network.isOnline()) return Promise.resolve();
    const run = tickOnce()
      .catch((error: unknown) => deps.logger.warn('tracking pass failed', { error: (error as Error).message }))
      .finally(() => {
        inFlight = null;
      });
    inFlight = run;
    return run;
  }

  async function tickOnce() {
    // Not configured yet (no address, no certificate): nothing can be polled, and nothing is wrong with the documents.
    const session = await connection.session().catch(() => null);
    if (!session || stopped) return;
    if (addressProblem && addressProblem.session !== session) setAddressProblem(null);
    if (addressProblem) {
      // Once per poll interval, see whether the address answers again (a server put right, not the settings).
      if (now().getTime() - addressProblem.checkedAt < pollIntervalMs(session.clock)) return;
      if (!(await addressAnswersLikeFast(session))) {
        addressProblem = { ...addressProblem, checkedAt: now().getTime() };
        return;
      }
      setAddressProblem(null);
    }
    const rows = due.all({ now: now().toISOString(), environment: session.environment, siren: session.siren });
    await Promise.all(rows.map((r) => poll(r, 'schedule').catch((e: unknown) => deps.logger.warn('poll failed', { localId: r.local_id, error: (e as Error).message }))));
    if (stopped) return;
    const lateMs = session.clock.realMs(deps.settings.get().providers.parapheur.lateAfterDays * 86_400_000);
    for (const row of lateCandidates.all({ before: new Date(now().getTime() - lateMs).toISOString(), environment: session.environment })) {
      if (lateNotified.has(row.local_id)) continue;
      lateNotified.add(row.local_id);
      const days = deps.settings.get().providers.parapheur.lateAfterDays;
      deps.bus.emit('notify', {
        level: 'warning',
        title: { key: 'parapheur:notify.lateTitle' },
        body: row.holder
          ? { key: 'parapheur:notify.lateBodyWithHolder', params: { name: row.original_name, count: days, holder: row.holder } }
          : { key: 'parapheur:notify.lateBody', params: { name: row.original_name, count: days } },
      });
    }
  }

  return {
    poll,
    /**
     * Before a refused document is deleted from FAST: its routing sheet (who refused, when, why) is the
     * only trace the Archive keeps of it, and FAST cannot give it once the document is gone.
     */
    async keepRoutingSheet(session: ParapheurSession, row: LedgerRow): Promise<LedgerRow> {
      if (row.fdc_blob || !row.document_id) return row;
      const fdc = await fetchRoutingSheet(session, row.document_id);
      return fdc ? ledger.update(row.local_id, { fdc_blob: fdc }) : row;
    },
    /** The clerk's "actualiser": immediate unless the document was looked at moments ago. */
    async refreshNow(localId: number): Promise<LedgerRow> {
      const row = ledger.get(localId);
      if (!row) throw new GuichetError('NOT_FOUND', { key: 'parapheur:hostErrors.documentNotFound' });
      if (row.outbox_state !== 'filed' || !row.document_id) {
        throw new GuichetError('INVALID_INPUT', { key: 'parapheur:hostErrors.refreshNotFiled' });
      }
      const session = await connection.session();
      if (row.environment !== session.environment || row.siren !== session.siren) {
        throw new GuichetError('INVALID_INPUT', { key: 'parapheur:hostErrors.otherSettings' });
      }
      const gap = session.clock.realMs(manualRefreshGapMs);
      if (row.last_polled_at) {
        const wait = Date.parse(row.last_polled_at) + gap - now().getTime();
        if (wait > 0) {
          const minutes = Math.ceil(session.clock.providerMs(wait) / 60_000);
          throw new GuichetError('TOO_SOON', { key: 'parapheur:hostErrors.tooSoon', params: { minutes }, details: { retryAfterMs: wait } });
        }
      }
      return poll(row, 'manual');
    },
    start() {
      stopped = false;
      timer = setInterval(() => void tick(), tickMs);
      timer.unref?.();
      void tick();
    },
    /** Stops the schedule and waits for a tick in flight, so the database can close under it safely. */
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await (queued ?? inFlight)?.catch(() => undefined);
    },
    tick,
    /** What keeps this document from being tracked now, if anything (shown to the clerk with the row). */
    trackingIssueOf(row: LedgerRow): TrackingIssue | null {
      const problem = addressProblem;
      if (!problem || row.next_poll_at === null || row.environment !== problem.session.environment || row.siren !== problem.session.siren) return null;
      return { code: 'addressNotFound', host: problem.host };
    },
  };
}
export type DocumentTracker = ReturnType<typeof createDocumentTracker>;
