import type { DocumentPhase, DocumentRow, OutboxState } from '../../../shared/domain/parapheur.js';
import { onDemandCircuitId } from '../../../shared/domain/parapheurVocabulary.js';
import type { Tx } from './i18n/index.js';
import { formatDateTime, waitingParts } from '../../components/format.js';

export type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'error';

/** Phases after which FAST will not change the document any more (mirrors main's ledger). */
export const terminalPhases: readonly DocumentPhase[] = ['signe', 'refuse', 'visa_desapprouve', 'classe', 'archive', 'supprime'];

/**
 * Phases whose downloads (signed PDF, routing sheet) belong in the archive. A refused document the
 * clerk then deleted from FAST keeps its routing sheet here: it is the record of who refused and why.
 */
export const archivedPhases: readonly DocumentPhase[] = ['signe', 'classe', 'archive', 'refuse', 'visa_desapprouve', 'supprime'];

export const activeOutboxStates: readonly OutboxState[] = ['queued', 'uploading', 'unknown', 'waiting_network'];

export function isActiveOutbox(state: OutboxState): boolean {
  return activeOutboxStates.includes(state);
}

export function isTerminal(phase: DocumentPhase): boolean {
  return terminalPhases.includes(phase);
}

export function phaseTone(phase: DocumentPhase): Tone {
  switch (phase) {
    case 'signe':
    case 'classe':
    case 'archive':
      return 'success';
    case 'refuse':
    case 'visa_desapprouve':
    case 'erreur':
      return 'error';
    case 'depose':
    case 'en_cours':
      return 'info';
    default:
      return 'neutral';
  }
}

export function outboxTone(state: OutboxState): Tone {
  switch (state) {
    case 'filed':
      return 'success';
    case 'failed':
      return 'error';
    case 'waiting_network':
    case 'unknown':
      return 'warning';
    case 'uploading':
      return 'info';
    default:
      return 'neutral';
  }
}

/**
 * Main classifies or archives a document only after its last step is done and nothing was refused
 * (main/providers/parapheur/state.ts, rules 2 and 4): for the clerk such a document is signed, and
 * the filing is a detail of it.
 */
export const signedPhases: readonly DocumentPhase[] = ['signe', 'classe', 'archive'];

export function isSigned(phase: DocumentPhase): boolean {
  return signedPhases.includes(phase);
}

/**
 * The states the clerk can filter on, each with the phases it reads as: « signé » covers the
 * classified and archived documents too, since the list shows them as « signé · classé ».
 */
export const phaseFilterGroups: readonly { key: DocumentPhase; phases: readonly DocumentPhase[] }[] = [
  { key: 'en_attente', phases: ['en_attente'] },
  { key: 'depose', phases: ['depose'] },
  { key: 'en_cours', phases: ['en_cours'] },
  { key: 'signe', phases: signedPhases },
  { key: 'refuse', phases: ['refuse'] },
  { key: 'visa_desapprouve', phases: ['visa_desapprouve'] },
  { key: 'supprime', phases: ['supprime'] },
  { key: 'erreur', phases: ['erreur'] },
];

/**
 * « en cours · étape 1/3 » when the step position is known, « signé · classé » for a signed
 * document FAST has filed, the bare phase otherwise.
 */
export function phaseText(row: Pick<DocumentRow, 'phase' | 'stepDone' | 'stepCount'>, tx: Tx): string {
  const phase = tx(`phases.${row.phase}`);
  if (row.phase === 'classe' || row.phase === 'archive') return `${tx('phases.signe')} · ${phase}`;
  if (row.phase === 'en_cours' && row.stepDone !== null && row.stepCount !== null && row.stepCount > 0) {
    // stepDone counts finished steps: the step being worked on is the next one.
    const current = Math.min(row.stepDone + 1, row.stepCount);
    return `${phase} · ${tx('phaseStep', { done: current, count: row.stepCount })}`;
  }
  return phase;
}

export function formatElapsed(elapsedMs: number, tx: Tx): string {
  const parts = waitingParts(elapsedMs);
  switch (parts.unit) {
    case 'lessThanMinute':
      return tx('waiting.lessThanMinute');
    case 'minutes':
      return tx('waiting.minutes', { m: parts.m });
    case 'hours':
      return tx('waiting.hours', { h: parts.h, m: String(parts.m).padStart(2, '0') });
    case 'days':
      return tx('waiting.days', { d: parts.d, h: parts.h });
  }
}

/** Waiting time of a document still in a circuit, or null when it is not waiting for anyone. */
export function waitingText(row: Pick<DocumentRow, 'phase' | 'waitingSince'>, nowMs: number, tx: Tx): string | null {
  if (!row.waitingSince || isTerminal(row.phase)) return null;
  const since = Date.parse(row.waitingSince);
  if (Number.isNaN(since)) return null;
  return formatElapsed(nowMs - since, tx);
}

/**
 * The list's end date. A document the clerk deleted on FAST keeps its deletion time there, said as
 * such: « terminé le » stays the end of a circuit, never a deletion.
 */
export function finishedText(row: Pick<DocumentRow, 'phase' | 'finishedAt'>, intlLocale: string, tx: Tx): string | null {
  const date = formatDateTime(row.finishedAt, intlLocale);
  if (!date) return null;
  return tx(row.phase === 'supprime' ? 'documents.deletedOn' : 'documents.finishedOn', { date });
}

/** FAST writes automatic actions with an empty name or one of these technical names (docs/providers/fast-parapheur.md#history-to-state). */
const systemActors = new Set(['', 'boucle sms', 'boucle-sms', 'parapheur parapheur', 'e-signature']);

export function isSystemActor(userFullname: string): boolean {
  return systemActors.has(userFullname.trim().toLowerCase());
}

/** A document's circuit as the clerk calls it: an on-demand circuit has no name of its own on FAST. */
export function circuitNameOf(row: { circuitId: string; circuitName: string }, tx: Tx): string {
  return row.circuitId === onDemandCircuitId ? tx('onDemand.name') : row.circuitName;
}

/** The file name without its extension, for « nom (signé).pdf ». */
export function baseName(name: string): string {
  const cut = name.replace(/\.[^./\\]{1,8}$/, '');
  return cut === '' ? name : cut;
}

export function signedFileName(originalName: string, tx: Tx): string {
  return tx('detail.signedName', { base: baseName(originalName) });
}

export function fdcFileName(originalName: string, tx: Tx): string {
  return tx('detail.fdcName', { base: baseName(originalName) });
}
