import { formatParisIso } from './clock.js';
import type { CircuitType, SimHistoryEntry, SimOtpSigner, SimStep, SimUser } from './types.js';

/**
 * How a document moves through its circuit and what FAST writes in its history
 * (docs/providers/fast-parapheur.md#history-to-state): `Préparé` (system) → per step `Envoyé pour visa|signature` in the same second as the
 * previous action → the actor's action under a "NOM Prénom" name → optionally `Classé`.
 */

export interface HistoryItem {
  userFullname: string;
  at: number;
  stateName: string | null;
}

export interface CirculatingDocument {
  id: string;
  circuitType: CircuitType;
  steps: SimStep[];
  currentStep: number;
  /** The `Envoyé pour …` entry of the current step is written. */
  sent: boolean;
  status: 'open' | 'refused' | 'completed';
  refusalComment: string | null;
  classify: boolean;
  entries: HistoryItem[];
  otpInformation: SimOtpSigner[] | null;
  /** Simulated time of the next automatic action, null when nothing is scheduled. */
  nextActionAt: number | null;
  /** Demo rule: a document whose label or file name contains "refus" is refused by its first actor. */
  autoRefuse: boolean;
}

export interface EngineContext {
  user(email: string): SimUser | undefined;
  stepDelayMs(): number;
  /** Called once when a document leaves the circuit successfully (e.g. to publish an Hélios ack). */
  onCompleted(doc: CirculatingDocument, at: number): void;
}

export const SYSTEM_ACTOR = '';
export const CLASSIFIER_ACTOR = 'parapheur parapheur';
export const OTP_ACTOR = 'boucle sms';

export function pushEntry(doc: CirculatingDocument, stateName: string | null, userFullname: string, at: number): number {
  const last = doc.entries[doc.entries.length - 1];
  const when = last && last.at > at ? last.at : at;
  doc.entries.push({ userFullname, at: when, stateName });
  return when;
}

export function formatHistory(entries: HistoryItem[]): SimHistoryEntry[] {
  return entries.map((e) => ({ userFullname: e.userFullname, date: formatParisIso(e.at), stateName: e.stateName }));
}

export function actorName(ctx: EngineContext, step: SimStep | undefined): string {
  if (!step) return SYSTEM_ACTOR;
  if (step.kind === 'otp') return OTP_ACTOR;
  const email = step.members[0];
  const user = email ? ctx.user(email) : undefined;
  if (!user) return email ?? SYSTEM_ACTOR;
  return `${user.lastName.toUpperCase()} ${user.firstName}`;
}

/** Writes `Envoyé pour …` for the current step if not done yet. */
export function sendCurrentStep(doc: CirculatingDocument, at: number): void {
  if (doc.sent || doc.status !== 'open') return;
  const step = doc.steps[doc.currentStep];
  doc.sent = true;
  if (!step) return;
  // OTP steps have no "Envoyé pour" entry in FAST histories: the SMS loop starts with the OTP information.
  if (step.kind === 'visa') pushEntry(doc, 'Envoyé pour visa', SYSTEM_ACTOR, at);
  else if (step.kind === 'signature') pushEntry(doc, 'Envoyé pour signature', SYSTEM_ACTOR, at);
}

export function isWaitingForOtp(doc: CirculatingDocument): boolean {
  return doc.status === 'open' && doc.steps[doc.currentStep]?.kind === 'otp' && doc.otpInformation === null;
}

/** The pending step acts. Throws when the document is not open. */
export function actOnDocument(
  ctx: EngineContext,
  doc: CirculatingDocument,
  action: 'approve' | 'refuse',
  at: number,
  comment?: string,
): void {
  if (doc.status !== 'open') throw new Error(`document ${doc.id} is not in a circuit any more (${doc.status})`);
  sendCurrentStep(doc, at);
  const step = doc.steps[doc.currentStep];
  if (!step) {
    finish(ctx, doc, at);
    return;
  }
  const actor = actorName(ctx, step);
  if (action === 'refuse') {
    pushEntry(doc, step.kind === 'visa' ? 'Visa désapprouvé' : 'Refusé', actor, at);
    doc.status = 'refused';
    doc.refusalComment = comment && comment.trim() !== '' ? comment : null;
    doc.nextActionAt = null;
    return;
  }
  const when = pushEntry(doc, step.kind === 'visa' ? 'Visa approuvé' : step.kind === 'otp' ? 'OTP signé' : 'Signé', actor, at);
  doc.currentStep++;
  doc.sent = false;
  if (doc.currentStep < doc.steps.length) sendCurrentStep(doc, when);
  else finish(ctx, doc, when);
}

function finish(ctx: EngineContext, doc: CirculatingDocument, at: number): void {
  let t = at;
  if (doc.circuitType === 'HELIOS_AVEC_TELETRANSMISSION') {
    for (const state of ['En cours d\'envoi', 'Envoyé à FAST', 'Transmis à Hélios', 'Acquittement Hélios']) {
      t += 1000;
      pushEntry(doc, state, SYSTEM_ACTOR, t);
    }
  }
  if (doc.classify) pushEntry(doc, 'Classé', CLASSIFIER_ACTOR, t + 1000);
  doc.status = 'completed';
  doc.nextActionAt = null;
  ctx.onCompleted(doc, t);
}

/** Plays the automatic actions due up to `now` (lazy: nothing runs between requests). */
export function catchUp(ctx: EngineContext, doc: CirculatingDocument, now: number): void {
  let guard = 0;
  while (doc.status === 'open' && doc.nextActionAt !== null && doc.nextActionAt <= now && guard++ < 1000) {
    if (isWaitingForOtp(doc)) {
      // Nobody can sign by SMS before the OTP information is defined.
      doc.nextActionAt = null;
      return;
    }
    const at = doc.nextActionAt;
    if (doc.autoRefuse) {
      actOnDocument(ctx, doc, 'refuse', at, 'Document refusé automatiquement par le simulateur (libellé ou nom contenant « refus »).');
    } else {
      actOnDocument(ctx, doc, 'approve', at);
    }
    if (doc.status === 'open') doc.nextActionAt = isWaitingForOtp(doc) ? null : at + ctx.stepDelayMs();
  }
}
