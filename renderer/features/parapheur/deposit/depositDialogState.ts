import type { DepositTarget, FileCheck, FileKind } from '../../../../shared/domain/parapheur.js';
import type { FileRef } from '../../../../shared/ipc/contract.js';
import {
  acceptedFileIds,
  annexChecks,
  buildMetadata,
  circuitAsksOtp,
  depositBlock,
  mainChecks,
  maxFilesPerDeposit,
  offersAnnexes,
  otpFieldProblem,
  otpSignersComplete,
  otpSignersValid,
  otpStepNumbers,
  refusedChecks,
  suggestedMetadataRows,
  type DepositBlock,
  type MetadataDraft,
  type OtpSignerDraft,
  type Problem,
} from './depositPlan.js';
import type { AnnexStaging } from './AnnexesSection.js';

/** What the deposit tab hands the dialog when files are dropped on a circuit. */
export interface DepositDraft {
  target: DepositTarget;
  targetName: string;
  /**
   * The circuit's formats (none on demand): a circuit that accepts ZIP takes annexes with a single
   * PDF; an on-demand circuit takes them with any single main file.
   */
  accepts: readonly FileKind[];
  lastLabel: string;
  lastRecipients: string;
  /** Metadata names of the last deposit into this circuit (none on demand). */
  lastMetadataNames: readonly string[];
  files: File[];
}

export type DepositPhase =
  | { name: 'staging'; sent: number; total: number }
  | { name: 'checking' }
  | { name: 'ready' }
  | { name: 'submitting' }
  | { name: 'failed'; message: string };

export type OtpField = keyof OtpSignerDraft;

/** Everything the deposit dialog holds while it is open. */
export interface DepositState {
  phase: DepositPhase;
  /** The dropped files, once Guichet holds them. */
  staged: FileRef[];
  annexes: FileRef[];
  annexStaging: AnnexStaging | null;
  annexError: string | null;
  /** The latest check of the main files and annexes. */
  checks: FileCheck[];
  label: string;
  comment: string;
  recipients: string;
  otpSigners: OtpSignerDraft[];
  otpOffered: boolean;
  /** Signer fields the clerk has left, as `index:field`. */
  otpTouched: ReadonlySet<string>;
  metadataRows: MetadataDraft[];
  submitError: string | null;
}

export type DepositAction =
  | { type: 'stagingProgress'; sent: number; total: number }
  | { type: 'staged'; refs: FileRef[] }
  | { type: 'checkStarted' }
  | { type: 'checked'; checks: FileCheck[] }
  | { type: 'failed'; message: string }
  | { type: 'fieldChanged'; field: 'label' | 'comment' | 'recipients'; value: string }
  | { type: 'annexErrorShown'; message: string | null }
  | { type: 'annexStagingProgress'; sent: number; total: number }
  | { type: 'annexesStaged'; refs: FileRef[] }
  | { type: 'annexStagingFailed'; message: string }
  | { type: 'annexRemoved'; fileId: string }
  | { type: 'otpOffered' }
  | { type: 'otpSignerAdded' }
  | { type: 'otpSignerRemoved'; index: number }
  | { type: 'otpFieldChanged'; index: number; field: OtpField; value: string }
  | { type: 'otpFieldLeft'; index: number; field: OtpField }
  | { type: 'metadataChanged'; rows: MetadataDraft[] }
  | { type: 'submitStarted' }
  | { type: 'submitFailed'; message: string };

/** The add button stops at ten signers on a predefined circuit. */
export const maxOtpSigners = 10;

export const emptySigner = (email = ''): OtpSignerDraft => ({ firstName: '', lastName: '', phone: '', email });

/**
 * On-demand circuits say where their OTP steps are. A predefined circuit does not (FAST publishes
 * no circuit description): one signer is proposed when its name says OTP/SMS, and the clerk can
 * add or remove signers.
 */
function initialOtpSigners(draft: DepositDraft): OtpSignerDraft[] {
  if (draft.target.kind === 'ondemand') {
    const steps = draft.target.circuit.steps;
    return otpStepNumbers(draft.target).map((n) => emptySigner(steps[n - 1]?.members[0] ?? ''));
  }
  return circuitAsksOtp(draft.target, draft.targetName) ? [emptySigner()] : [];
}

/**
 * The dialog as it opens: the fields filled from the circuit's last deposit, or at once the
 * `tooMany` message when the drop is over the limit (nothing is then handed to Guichet).
 */
export function initialDepositState(draft: DepositDraft, tooMany: string): DepositState {
  return {
    phase: draft.files.length > maxFilesPerDeposit ? { name: 'failed', message: tooMany } : { name: 'staging', sent: 0, total: 1 },
    staged: [],
    annexes: [],
    annexStaging: null,
    annexError: null,
    checks: [],
    label: draft.lastLabel,
    comment: '',
    recipients: draft.lastRecipients,
    otpSigners: initialOtpSigners(draft),
    otpOffered: circuitAsksOtp(draft.target, draft.targetName),
    otpTouched: new Set(),
    metadataRows: draft.target.kind === 'circuit' ? suggestedMetadataRows(draft.lastMetadataNames) : [],
    submitError: null,
  };
}

export function depositReducer(state: DepositState, action: DepositAction): DepositState {
  switch (action.type) {
    case 'stagingProgress':
      return { ...state, phase: { name: 'staging', sent: action.sent, total: action.total } };
    case 'staged':
      return { ...state, staged: action.refs };
    case 'checkStarted':
      return { ...state, phase: { name: 'checking' } };
    case 'checked':
      return { ...state, checks: action.checks, phase: { name: 'ready' } };
    case 'failed':
      return { ...state, phase: { name: 'failed', message: action.message } };
    case 'fieldChanged':
      return { ...state, [action.field]: action.value };
    case 'annexErrorShown':
      return { ...state, annexError: action.message };
    case 'annexStagingProgress':
      return { ...state, annexStaging: { sent: action.sent, total: action.total } };
    case 'annexesStaged':
      return { ...state, annexStaging: null, annexes: [...state.annexes, ...action.refs] };
    case 'annexStagingFailed':
      return { ...state, annexStaging: null, annexError: action.message };
    case 'annexRemoved':
      return { ...state, annexError: null, annexes: state.annexes.filter((a) => a.id !== action.fileId) };
    case 'otpOffered':
      return { ...state, otpOffered: true, otpSigners: state.otpSigners.length > 0 ? state.otpSigners : [emptySigner()] };
    case 'otpSignerAdded':
      return { ...state, otpSigners: [...state.otpSigners, emptySigner()] };
    case 'otpSignerRemoved':
      return { ...state, otpSigners: state.otpSigners.filter((_, j) => j !== action.index) };
    case 'otpFieldChanged':
      return { ...state, otpSigners: state.otpSigners.map((s, j) => (j === action.index ? { ...s, [action.field]: action.value } : s)) };
    case 'otpFieldLeft':
      return { ...state, otpTouched: new Set(state.otpTouched).add(`${action.index}:${action.field}`) };
    case 'metadataChanged':
      return { ...state, metadataRows: action.rows };
    case 'submitStarted':
      return { ...state, phase: { name: 'submitting' }, submitError: null };
    case 'submitFailed':
      return { ...state, phase: { name: 'ready' }, submitError: action.message };
  }
}

/** What the dialog shows and sends, read from its state. */
export interface DepositView {
  annexesOffered: boolean;
  /** Main files that will leave. */
  accepted: string[];
  refused: FileCheck[];
  mains: FileCheck[];
  annexResults: FileCheck[];
  /** Annexes sent with the main file (none when the drop no longer allows annexes). */
  annexIds: string[];
  otpReady: boolean;
  otpValid: boolean;
  /** Predefined circuits only: an on-demand circuit has no metadata step to receive them. */
  metadataOffered: boolean;
  metadata: ReturnType<typeof buildMetadata>;
  metadataReady: boolean;
  canSubmit: boolean;
  /** Why « Déposer » is disabled, shown next to it. */
  block: DepositBlock | null;
  busy: boolean;
}

export function depositView(state: DepositState, draft: DepositDraft): DepositView {
  const { phase, checks } = state;
  const annexesOffered = offersAnnexes(draft.target, draft.accepts, state.staged);
  const accepted = acceptedFileIds(checks);
  const otpReady = otpSignersComplete(state.otpSigners);
  const otpValid = otpSignersValid(state.otpSigners);
  const metadataOffered = draft.target.kind === 'circuit';
  const metadata = buildMetadata(metadataOffered ? state.metadataRows : []);
  const metadataReady = metadata.problems.size === 0;
  const annexesStaging = state.annexStaging !== null;
  return {
    annexesOffered,
    accepted,
    refused: refusedChecks(checks),
    mains: mainChecks(checks),
    annexResults: annexChecks(checks),
    annexIds: annexesOffered ? state.annexes.map((a) => a.id) : [],
    otpReady,
    otpValid,
    metadataOffered,
    metadata,
    metadataReady,
    canSubmit: phase.name === 'ready' && accepted.length > 0 && otpReady && otpValid && metadataReady && !annexesStaging,
    block:
      phase.name === 'ready' || phase.name === 'checking'
        ? depositBlock({ checking: phase.name === 'checking', accepted: accepted.length, otpReady, otpValid, metadataReady, annexesStaging })
        : null,
    busy: phase.name === 'submitting',
  };
}

/**
 * A signer field's problem shows once the clerk has left the field, or once the signer is complete
 * (not while the number is being typed).
 */
export function shownOtpProblem(state: DepositState, index: number, field: OtpField): Problem | null {
  const signer = state.otpSigners[index];
  if (!signer) return null;
  return state.otpTouched.has(`${index}:${field}`) || otpSignersComplete([signer]) ? otpFieldProblem(signer, field) : null;
}

/** The submit request's free fields, trimmed (the addresses lower-cased). */
export function submittedFields(state: DepositState) {
  return {
    label: state.label.trim(),
    comment: state.comment.trim(),
    recipients: state.recipients.trim(),
    otpSigners: state.otpSigners.map((s) => ({ firstName: s.firstName.trim(), lastName: s.lastName.trim(), phone: s.phone.trim(), email: s.email.trim().toLowerCase() })),
  };
}
