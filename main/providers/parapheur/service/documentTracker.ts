import { deriveDocumentState, type DerivedState, type ParapheurHistoryEntry } from '../state.js';
import { GuichetError } from '../../../../shared/ipc/errors.js';
import type { DocumentPhase } from '../../../../shared/domain/parapheur.js';
import type { DocumentLedger, LedgerRow } from './documentLedger.js';
import { terminalPhases } from './documentLedger.js';
import type { ParapheurSessions, ParapheurSession } from './parapheurConnection.js';
import type { ParapheurServiceDeps } from './deps.js';
import { createDocumentOutputs, storeDocumentDownload } from './documentDownload.js';

/** FAST: "Espacement minimum de 30 minutes pour le même document" (docs/providers/fast-parapheur.md#polling). */
export const providerPollRuleMs = 30 * 60_000;
/** The clerk's "actualiser" is immediate, but not twice within this gap. */
export const manualRefreshGapMs = 5 * 60_000;
const tickMs = 2000;

const phaseWords: Partial<Record<DocumentPhase, string>> = {
  signe: 'signé',
  classe: 'signé et classé',
  archive: 'archivé',
  refuse: 'refusé',
  visa_desapprouve: 'visa désapprouvé',
  supprime: 'supprimé côté FAST',
  erreur: 'en erreur',
};

/**
 * Follows filed documents until they end: polls each history no more often than FAST allows
 * (staggered, paused offline), derives the state with the rules of docs/providers/fast-parapheur.md#history-to-state, and when a
 * document is finished collects the signed file and the routing sheet into the blob store.
 */
export function createDocumentTracker(deps: ParapheurServiceDeps, ledger: DocumentLedger, connection: ParapheurSessions) {
  const now = deps.now ?? (() => new Date());
  const db = deps.db;
  let timer: NodeJS.Timeout | null = null;
  let ticking = false;
  let stopped = false;
  let inFlight: Promise<void> | null = null;
  const polling = new Set<number>();
  const outputs = createDocumentOutputs(db, now);

  // next_poll_at is set only on filed documents: the due index alone answers this.
  const due = db.prepare<{ now: string }, LedgerRow>(`
    SELECT * FROM parapheur_documents WHERE next_poll_at IS NOT NULL AND next_poll_at <= @now
    ORDER BY next_poll_at LIMIT 8`);
  const lateCandidates = db.prepare<{ before: string }, LedgerRow>(`
    SELECT * FROM parapheur_documents
    WHERE waiting_since IS NOT NULL AND waiting_since < @before AND outbox_state = 'filed' AND next_poll_at IS NOT NULL
      AND phase NOT IN ('signe','refuse','visa_desapprouve','classe','archive','supprime')`);
  const lateNotified = new Set<number>();

  function scale(session: { timeScale: number } | null): number {
    return session?.timeScale && session.timeScale > 0 ? session.timeScale : deps.sandboxSpeed || 1;
  }

  function pollIntervalMs(timeScale: number): number {
    const minutes = Math.max(30, deps.settings.get().providers.parapheur.pollIntervalMinutes);
    return Math.max(minutes * 60_000, providerPollRuleMs) / timeScale;
  }

  /** ±10 % so that documents filed together are not polled together forever. */
  function staggered(ms: number): number {
    return ms * (1 + (Math.random() * 0.2 - 0.1));
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
      try {
        const f = await session.client.getFdc(id);
        const blob = await deps.blobs.putStream(f.stream, { mediaType: 'application/pdf' });
        out.fdc_blob = blob.sha256;
      } catch (error) {
        deps.logger.warn('routing sheet not collected', { documentId: id, error: (error as Error).message });
      }
    }
    return out;
  }

  async function poll(row: LedgerRow, reason: 'schedule' | 'manual'): Promise<LedgerRow> {
    if (polling.has(row.local_id)) return row;
    polling.add(row.local_id);
    try {
      const session = await connection.session();
      const at = now();
      const interval = pollIntervalMs(scale(session));
      const giveUpMs = (deps.settings.get().providers.parapheur.giveUpAfterDays * 86_400_000) / scale(session);
      // Recorded before the call, even if it fails: the 30-minute rule counts attempts, not answers.
      row = ledger.update(row.local_id, {
        last_polled_at: at.toISOString(),
        next_poll_at: new Date(at.getTime() + staggered(interval)).toISOString(),
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
          row = ledger.update(row.local_id, { last_error: `Suivi momentanément impossible : ${(error as Error).message}` });
          deps.bus.emit('parapheur.document.changed', ledger.toDocumentRow(row));
          if (reason === 'manual') throw error;
          return row;
        }
      }
      const phase: DocumentPhase = derived.status === 'UNKNOWN' ? 'supprime' : derived.phase;
      const finished = terminalPhases.has(phase) || derived.status === 'FAILED' || derived.status === 'REPLACED';
      const changedPhase = phase !== row.phase;
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
      } else if (row.filed_at && at.getTime() - Date.parse(row.filed_at) > giveUpMs) {
        update.next_poll_at = null;
        update.last_error = `Suivi arrêté après ${deps.settings.get().providers.parapheur.giveUpAfterDays} jours sans fin de circuit ; utilisez « Actualiser » pour le relancer.`;
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
            next_poll_at: new Date(at.getTime() + staggered(interval)).toISOString(),
            last_error: `Document terminé, mais le fichier signé n’a pas encore pu être téléchargé : ${(error as Error).message}`,
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
          summary: `« ${row.original_name} » : ${phaseWords[phase] ?? derived.lastLabel}`,
        });
        if (phase === 'signe' || phase === 'classe' || phase === 'archive') {
          deps.bus.emit('notify', { level: 'success', title: 'Document signé', body: `« ${row.original_name} » est signé (${row.circuit_name}).` });
        } else if (phase === 'refuse' || phase === 'visa_desapprouve') {
          const why = row.refusal_comment ? ` Motif : ${row.refusal_comment}` : '';
          deps.bus.emit('notify', { level: 'warning', title: phase === 'refuse' ? 'Document refusé' : 'Visa désapprouvé', body: `« ${row.original_name} ».${why}` });
        }
      }
      return row;
    } finally {
      polling.delete(row.local_id);
    }
  }

  async function tick() {
    if (stopped || ticking || !deps.network.isOnline()) return;
    ticking = true;
    const run = tickOnce();
    inFlight = run;
    try {
      await run;
    } finally {
      ticking = false;
      inFlight = null;
    }
  }

  async function tickOnce() {
    const rows = due.all({ now: now().toISOString() });
    await Promise.all(rows.map((r) => poll(r, 'schedule').catch((e: unknown) => deps.logger.warn('poll failed', { localId: r.local_id, error: (e as Error).message }))));
    const lateMs = (deps.settings.get().providers.parapheur.lateAfterDays * 86_400_000) / (deps.sandboxSpeed || 1);
    if (stopped) return;
    for (const row of lateCandidates.all({ before: new Date(now().getTime() - lateMs).toISOString() })) {
      if (lateNotified.has(row.local_id)) continue;
      lateNotified.add(row.local_id);
      deps.bus.emit('notify', {
        level: 'warning',
        title: 'Document en retard',
        body: `« ${row.original_name} » attend depuis plus de ${deps.settings.get().providers.parapheur.lateAfterDays} jours${row.holder ? ` chez ${row.holder}` : ''}.`,
      });
    }
  }

  return {
    poll,
    /** The clerk's "actualiser": immediate unless the document was looked at moments ago. */
    async refreshNow(localId: number): Promise<LedgerRow> {
      const row = ledger.get(localId);
      if (!row) throw new GuichetError('NOT_FOUND', 'Document introuvable.');
      if (row.outbox_state !== 'filed' || !row.document_id) {
        throw new GuichetError('INVALID_INPUT', 'Ce document n’est pas encore arrivé chez FAST : il sera suivi dès son dépôt.');
      }
      const session = await connection.session();
      const gap = manualRefreshGapMs / scale(session);
      if (row.last_polled_at) {
        const wait = Date.parse(row.last_polled_at) + gap - now().getTime();
        if (wait > 0) {
          const minutes = Math.ceil((wait * scale(session)) / 60_000);
          throw new GuichetError(
            'TOO_SOON',
            `Ce document vient d’être actualisé ; FAST demande d’espacer les consultations. Nouvel essai possible dans ${minutes} min.`,
            { retryAfterMs: wait },
          );
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
      await inFlight?.catch(() => undefined);
    },
    tick,
  };
}
export type DocumentTracker = ReturnType<typeof createDocumentTracker>;
