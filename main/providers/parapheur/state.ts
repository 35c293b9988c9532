import { createHash } from 'node:crypto';
import { isDocumentGoneAnswer } from './errors.js';
import { stripAccents } from './normalize.js';

/** One line of `GET documents/v2/<id>/history` (docs/providers/fast-parapheur.md#history-to-state). */
export interface ParapheurHistoryEntry {
  userFullname: string | null;
  /** ISO-8601 with offset (`…+01:00` or `…000Z`). */
  date: string;
  stateName: string | null;
}

export type DerivedStatus = 'DEPOSITED' | 'IN_PROGRESS' | 'COMPLETED' | 'REFUSED' | 'FAILED' | 'REPLACED' | 'UNKNOWN';
export type DerivedPhase =
  | 'depose'
  | 'en_cours'
  | 'signe'
  | 'refuse'
  | 'visa_desapprouve'
  | 'classe'
  | 'archive'
  | 'supprime'
  | 'erreur';

/** Which rule of docs/providers/fast-parapheur.md#history-to-state decided the status (kept for logs and support). */
export type DerivationRule = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10;

export interface DerivedState {
  status: DerivedStatus;
  phase: DerivedPhase;
  rule: DerivationRule;
  /** Visa + signature + OTP steps done (capped at stepCount when known). */
  stepsDone: number;
  stepCount?: number;
  /** The provider's label of the current wait, e.g. "Envoyé pour signature". */
  currentStepLabel?: string;
  /**
   * While a step is pending: who it waits for (its members, when the circuit's steps are known),
   * never the person who acted last, who has handed the document on. Once finished (or refused):
   * who acted last.
   */
  holder?: string;
  /** ISO date of the entry that started the current wait. */
  waitingSince?: string;
  /** ISO date of the last signature (Signé / OTP signé / OTP validé). */
  signedAt?: string;
  refusedBy?: string;
  /** ISO date of the entry that made the status terminal. */
  finishedAt?: string;
  /** Last non-null label, as FAST wrote it ('' when the history is empty). */
  lastLabel: string;
  /** FAST only deletes documents whose last state is Préparé, Refusé, Rejeté (Visa désapprouvé). */
  deletable: boolean;
  /** Labels no rule knows (rule 10), for the log. */
  unknownLabels: string[];
  /** Fingerprint of the history: rule 6 needs "unchanged since the previous poll". */
  historyFingerprint: string;
}

export interface StepDefinition {
  step: 'visa' | 'signature' | 'OTPSignature';
  members?: readonly string[];
}

export interface DeriveOptions {
  /** N of docs/providers/fast-parapheur.md#history-to-state: number of visa + signature + OTP steps, when known. */
  stepCount?: number;
  /** On-demand circuit steps, to name the pending holder (also gives N when stepCount is absent). */
  steps?: readonly StepDefinition[];
  /** The state derived at the previous poll (rules 6 and 10). */
  previous?: DerivedState;
}

/** A failed history call, given instead of the entries (rule 1). */
export interface HistoryFailure {
  error: unknown;
}

const SYSTEM_ACTORS = new Set(['', 'boucle sms', 'boucle-sms', 'parapheur parapheur']);

/** Trim, lower-case, strip accents, unify apostrophes and spaces: how the derivation rules compare labels. */
export function normalizeStateLabel(label: string): string {
  return stripAccents(label)
    .toLowerCase()
    .replace(/[\u2019\u02bc`]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

export function isSystemActor(name: string | null | undefined): boolean {
  return SYSTEM_ACTORS.has(normalizeStateLabel(name ?? ''));
}

const IN_PROGRESS_LABELS = new Set([
  'envoye pour visa',
  'envoye pour signature',
  'visa approuve',
  'valide',
  'signe',
  'informations otp definies',
  'otp valide',
  'otp signe',
]);
const DEPOSITED_LABELS = new Set(['prepare', 'metadonnees definies']);
const REFUSAL_EXACT = new Set(['visa desapprouve', 'rejete', 'signature rejetee']);
const VISA_REFUSALS = new Set(['visa desapprouve', 'rejete']);
const DELETABLE_LAST = new Set(['prepare', 'refuse', 'rejete', 'visa desapprouve']);
const SIGNATURE_LABELS = new Set(['signe', 'otp signe', 'otp valide']);

interface Entry {
  label: string;
  key: string;
  actor: string;
  date: string;
}

function toIso(date: string): string {
  const t = Date.parse(date);
  return Number.isNaN(t) ? date : new Date(t).toISOString();
}

/**
 * Chronological order, robust to a server that lists entries out of order: a stable sort by date,
 * so that entries written in the same second keep the order FAST gave them. If any date cannot be
 * read, the array order is trusted as is.
 */
function chronological(history: readonly ParapheurHistoryEntry[]): ParapheurHistoryEntry[] {
  const times = history.map((e) => Date.parse(String(e.date ?? '')));
  if (times.some((t) => Number.isNaN(t))) return [...history];
  return history
    .map((entry, index) => ({ entry, index, time: times[index] as number }))
    .sort((a, b) => a.time - b.time || a.index - b.index)
    .map((x) => x.entry);
}

/** Identifies a history's content: equal fingerprints mean nothing happened between two polls. */
export function historyFingerprint(history: readonly ParapheurHistoryEntry[]): string {
  const canonical = JSON.stringify(history.map((e) => [e.date ?? null, e.userFullname ?? null, e.stateName ?? null]));
  return `${history.length}:${createHash('sha256').update(canonical).digest('hex').slice(0, 32)}`;
}

function unknownState(previous: DerivedState | undefined, opts: DeriveOptions): DerivedState {
  return {
    status: 'UNKNOWN',
    phase: 'supprime',
    rule: 1,
    stepsDone: previous?.stepsDone ?? 0,
    ...(stepCountOf(opts) !== undefined ? { stepCount: stepCountOf(opts) } : {}),
    lastLabel: previous?.lastLabel ?? '',
    deletable: false,
    unknownLabels: [],
    historyFingerprint: previous?.historyFingerprint ?? '',
  };
}

function stepCountOf(opts: DeriveOptions): number | undefined {
  if (opts.stepCount !== undefined && Number.isFinite(opts.stepCount) && opts.stepCount > 0) return Math.floor(opts.stepCount);
  if (opts.steps && opts.steps.length > 0) return opts.steps.length;
  return undefined;
}

function lastIndexWhere(entries: readonly Entry[], predicate: (e: Entry) => boolean): number {
  for (let i = entries.length - 1; i >= 0; i--) if (predicate(entries[i] as Entry)) return i;
  return -1;
}

/**
 * Derives a document's status from its history, following docs/providers/fast-parapheur.md#history-to-state rule by rule (first
 * match wins). FAST has no status endpoint; this is the only source of truth, and the subtle part
 * is completion: `Signé` is written once per signature step, `Classé` only if the circuit files.
 *
 * Pass `{ error }` when the history call failed: rule 1 turns FAST's own answer for a deleted
 * document into UNKNOWN; any other failure (a 404 from a wrong address included) is rethrown, and
 * the caller keeps the previous state.
 */
export function deriveDocumentState(
  input: readonly ParapheurHistoryEntry[] | HistoryFailure,
  opts: DeriveOptions = {},
): DerivedState {
  const previous = opts.previous;
  if (!Array.isArray(input)) {
    const failure = (input as HistoryFailure).error;
    if (isDocumentGoneAnswer(failure)) return unknownState(previous, opts);
    throw failure;
  }
  const history = input as readonly ParapheurHistoryEntry[];
  const fingerprint = historyFingerprint(history);
  const n = stepCountOf(opts);

  const entries: Entry[] = chronological(history)
    .filter((e) => typeof e.stateName === 'string' && e.stateName.trim() !== '')
    .map((e) => ({
      label: (e.stateName as string).trim(),
      key: normalizeStateLabel(e.stateName as string),
      actor: (e.userFullname ?? '').trim(),
      date: toIso(String(e.date ?? '')),
    }));
  const last = entries[entries.length - 1];
  const lastKey = last?.key ?? '';
  const count = (...keys: string[]) => entries.filter((e) => keys.includes(e.key)).length;

  const signatures = count('signe');
  const visas = count('visa approuve', 'valide');
  const otp = Math.max(count('otp signe'), count('otp valide'));
  const rawDone = signatures + visas + otp;
  const stepsDone = n !== undefined ? Math.min(rawDone, n) : rawDone;

  const lastSignatureIndex = lastIndexWhere(entries, (e) => SIGNATURE_LABELS.has(e.key));
  const signedAt = lastSignatureIndex >= 0 ? entries[lastSignatureIndex]?.date : undefined;
  const lastHumanIndex = lastIndexWhere(entries, (e) => !isSystemActor(e.actor));
  const lastHuman = lastHumanIndex >= 0 ? entries[lastHumanIndex]?.actor : undefined;
  const unknownLabels = [
    ...new Set(
      entries
        .filter(
          (e) =>
            !IN_PROGRESS_LABELS.has(e.key) &&
            !DEPOSITED_LABELS.has(e.key) &&
            !REFUSAL_EXACT.has(e.key) &&
            !e.key.startsWith('refus') &&
            !e.key.startsWith('echec') &&
            !['classe', 'archive', 'document remplace'].includes(e.key),
        )
        .map((e) => e.label),
    ),
  ];

  const base = {
    stepsDone,
    ...(n !== undefined ? { stepCount: n } : {}),
    ...(signedAt ? { signedAt } : {}),
    lastLabel: last?.label ?? '',
    deletable: DELETABLE_LAST.has(lastKey),
    unknownLabels,
    historyFingerprint: fingerprint,
  };
  const holderFallback = lastHuman ? { holder: lastHuman } : {};
  // FAST writes « Envoyé pour … » without a name: the history says who acted, not who is next.
  // Only the circuit's steps name the next actor; without them the holder of a pending step is unknown.
  const pendingMembers = opts.steps?.[stepsDone]?.members?.filter((m) => m.trim() !== '') ?? [];
  const pendingHolder = pendingMembers.length > 0 ? { holder: pendingMembers.join(', ') } : {};
  const terminal = (
    status: DerivedStatus,
    phase: DerivedPhase,
    rule: DerivationRule,
    at: Entry | undefined,
    extra: Partial<DerivedState> = {},
  ): DerivedState => ({ status, phase, rule, ...base, ...holderFallback, ...(at ? { finishedAt: at.date } : {}), ...extra });

  // Rule 2: a refusal anywhere is final, even if the document was filed afterwards.
  const refusalIndex = lastIndexWhere(entries, (e) => e.key.startsWith('refus') || REFUSAL_EXACT.has(e.key));
  if (refusalIndex >= 0) {
    const refusal = entries[refusalIndex] as Entry;
    return terminal('REFUSED', VISA_REFUSALS.has(refusal.key) ? 'visa_desapprouve' : 'refuse', 2, refusal, {
      ...(refusal.actor && !isSystemActor(refusal.actor) ? { refusedBy: refusal.actor, holder: refusal.actor } : {}),
    });
  }
  // Rule 3: PES transmission failures.
  if (last && lastKey.startsWith('echec')) return terminal('FAILED', 'erreur', 3, last);
  // Rule 4: filed or archived.
  if (last && (lastKey === 'classe' || lastKey === 'archive')) {
    return terminal('COMPLETED', lastKey === 'classe' ? 'classe' : 'archive', 4, last);
  }
  // Rule 5: every step of a circuit whose size is known is done.
  if (n !== undefined && rawDone >= n) {
    const lastStepIndex = lastIndexWhere(entries, (e) => SIGNATURE_LABELS.has(e.key) || e.key === 'visa approuve' || e.key === 'valide');
    return terminal('COMPLETED', 'signe', 5, entries[lastStepIndex]);
  }
  // Rule 6: size unknown, the history ends on a signature and has not moved for a whole poll
  // interval (FAST writes the next "Envoyé pour …" in the same second as the signature, so a
  // history that stays on "Signé" between two polls has no further step).
  if (n === undefined && last && (lastKey === 'signe' || lastKey === 'otp signe') && previous?.historyFingerprint === fingerprint) {
    return terminal('COMPLETED', 'signe', 6, last);
  }
  // Rule 7.
  if (last && lastKey === 'document remplace') return terminal('REPLACED', 'classe', 7, last);
  // Rule 8: some step activity.
  if (entries.some((e) => IN_PROGRESS_LABELS.has(e.key))) {
    const waitIndex = lastIndexWhere(entries, (e) => e.key.startsWith('envoye pour') || e.key === 'informations otp definies');
    const lastStepDoneIndex = lastIndexWhere(entries, (e) => SIGNATURE_LABELS.has(e.key) || e.key === 'visa approuve' || e.key === 'valide');
    const waiting = waitIndex > lastStepDoneIndex ? entries[waitIndex] : undefined;
    return {
      status: 'IN_PROGRESS',
      phase: 'en_cours',
      rule: 8,
      ...base,
      ...pendingHolder,
      ...(waiting ? { currentStepLabel: waiting.label } : {}),
      ...(last ? { waitingSince: last.date } : {}),
    };
  }
  // Rule 9: only deposit entries (an empty history is not evidence of anything: rule 10).
  if (entries.length > 0 && entries.every((e) => DEPOSITED_LABELS.has(e.key))) {
    return {
      status: 'DEPOSITED',
      phase: 'depose',
      rule: 9,
      ...base,
      ...pendingHolder,
      ...(last ? { waitingSince: last.date } : {}),
    };
  }
  // Rule 10: labels we do not know: keep what we knew.
  return {
    status: previous?.status ?? 'DEPOSITED',
    phase: previous?.phase ?? 'depose',
    rule: 10,
    ...base,
    // Nothing known happened: whoever the document waited for, it still does.
    ...(previous?.holder ? { holder: previous.holder } : {}),
    ...(previous?.currentStepLabel ? { currentStepLabel: previous.currentStepLabel } : {}),
    ...(last ? { waitingSince: last.date } : {}),
  };
}
