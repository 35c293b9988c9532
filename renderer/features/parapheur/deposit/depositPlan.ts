import type { DepositTarget, FileCheck, FileKind, OnDemandCircuit } from '../../../../shared/domain/parapheur.js';
import type { ParapheurKey, TranslateOptions } from '../i18n/index.js';
import { isValidEmail, isValidPhone } from '../../../../shared/domain/contact.js';

/** A problem to show the clerk, as a key of the namespace (translated where it is shown). */
export interface Problem {
  key: ParapheurKey;
  values?: TranslateOptions;
}

export type OnDemandType = OnDemandCircuit['type'];
export type OnDemandStepKind = OnDemandCircuit['steps'][number]['step'];

export const onDemandTypes: readonly OnDemandType[] = ['BUREAUTIQUE_PDF', 'BUREAUTIQUE_XML', 'HELIOS_AVEC_TELETRANSMISSION', 'HELIOS_SANS_TELETRANSMISSION'];
export const onDemandStepKinds: readonly OnDemandStepKind[] = ['visa', 'signature', 'OTPSignature'];

/** The builder card as typed: members are one text per step, split when the circuit is built. */
export interface OnDemandDraft {
  type: OnDemandType;
  steps: { key: number; step: OnDemandStepKind; members: string }[];
}

export const maxFilesPerDeposit = 1000;


/** Addresses typed with commas, semicolons, spaces or new lines; trimmed and lower-cased (docs/providers/fast-parapheur.md#upload-parts). */
export function splitEmails(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e !== '');
}

/** The on-demand circuit to send, or the first problem to fix in the builder. */
export function buildOnDemandCircuit(draft: OnDemandDraft): { ok: true; circuit: OnDemandCircuit } | { ok: false; problem: Problem } {
  if (draft.steps.length === 0) return { ok: false, problem: { key: 'onDemand.errors.noStep' } };
  const steps: OnDemandCircuit['steps'] = [];
  for (const [i, s] of draft.steps.entries()) {
    const n = i + 1;
    const members = splitEmails(s.members);
    // An OTP step's signer is an outsider known by phone; FAST accepts the step without a member.
    if (members.length === 0 && s.step !== 'OTPSignature') return { ok: false, problem: { key: 'onDemand.errors.members', values: { n } } };
    if (members.length > 20) return { ok: false, problem: { key: 'onDemand.errors.tooMany', values: { n } } };
    const wrong = members.find((m) => !isValidEmail(m));
    if (wrong) return { ok: false, problem: { key: 'onDemand.errors.email', values: { n, email: wrong } } };
    steps.push({ step: s.step, members });
  }
  return { ok: true, circuit: { type: draft.type, steps } };
}

/** Positions (1-based, in circuit order) of the OTP steps: one signer's details per OTP step (docs/providers/fast-parapheur.md#metadata-and-otp). */
export function otpStepNumbers(target: DepositTarget): number[] {
  if (target.kind !== 'ondemand') return [];
  return target.circuit.steps.flatMap((s, i) => (s.step === 'OTPSignature' ? [i + 1] : []));
}

/**
 * Whether the deposit dialog asks for signers by SMS code. An on-demand circuit says where its SMS
 * steps are. A predefined circuit's steps are not kept with it (Guichet stores its name, formats and
 * step count only), so its name or identifier saying OTP/SMS is the sign; for any other circuit the
 * dialog offers to add such a signer instead of asking.
 */
export function circuitAsksOtp(target: DepositTarget, targetName: string): boolean {
  if (target.kind === 'ondemand') return otpStepNumbers(target).length > 0;
  return /\b(otp|sms)\b/i.test(`${target.circuitId} ${targetName}`);
}

/** Why « Déposer » is disabled, as a catalogue key shown next to the button; null when it is not. */
export type DepositBlock = 'checking' | 'noFile' | 'otpMissing' | 'otpInvalid' | 'metadataInvalid' | 'annexes';

export function depositBlock(s: {
  checking: boolean;
  accepted: number;
  otpReady: boolean;
  otpValid: boolean;
  metadataReady: boolean;
  annexesStaging: boolean;
}): DepositBlock | null {
  if (s.checking) return 'checking';
  if (s.annexesStaging) return 'annexes';
  if (s.accepted === 0) return 'noFile';
  if (!s.otpReady) return 'otpMissing';
  if (!s.otpValid) return 'otpInvalid';
  if (!s.metadataReady) return 'metadataInvalid';
  return null;
}

export interface OtpSignerDraft {
  firstName: string;
  lastName: string;
  phone: string;
  email: string;
}

export function otpSignersComplete(signers: readonly OtpSignerDraft[]): boolean {
  return signers.every((s) => s.firstName.trim() !== '' && s.lastName.trim() !== '' && s.phone.trim() !== '' && s.email.trim() !== '');
}

/** The field of a signer FAST could not use (a number that cannot become E.164, an invalid address), if any. */
export function otpFieldProblem(signer: OtpSignerDraft, field: keyof OtpSignerDraft): Problem | null {
  const value = signer[field].trim();
  if (value === '') return null;
  if (field === 'phone' && !isValidPhone(value)) return { key: 'deposit.otpPhoneInvalid' };
  if (field === 'email' && !isValidEmail(value)) return { key: 'deposit.otpEmailInvalid' };
  return null;
}

/** Every signer complete and usable: what the deposit button waits for. */
export function otpSignersValid(signers: readonly OtpSignerDraft[]): boolean {
  return otpSignersComplete(signers) && signers.every((s) => otpFieldProblem(s, 'phone') === null && otpFieldProblem(s, 'email') === null);
}

/** One metadata row as typed; `key` keeps React rows stable while rows are added and removed. */
export interface MetadataDraft {
  key: number;
  name: string;
  value: string;
  /** Offered from the last deposit into the circuit: left out while its value is empty. */
  suggested?: boolean;
}

/** The rows the dialog opens with: the names used last time on this circuit, values to fill in. */
export function suggestedMetadataRows(names: readonly string[]): MetadataDraft[] {
  return names.slice(0, maxMetadataEntries).map((name, i) => ({ key: i + 1, name, value: '', suggested: true }));
}

/** Same limits as the deposit contract (`metadata`) and FAST's 255-character text fields. */
export const maxMetadataEntries = 20;
export const maxMetadataValueLength = 255;
const metadataNamePattern = /^[A-Za-z0-9_]{1,64}$/;

/**
 * The metadata to send, or the first problem per row (by row key). Rows left entirely blank are
 * ignored; a name is needed as soon as a value is typed, and a name may appear once.
 */
export function buildMetadata(rows: readonly MetadataDraft[]): { entries: { name: string; value: string }[]; problems: Map<number, Problem> } {
  const entries: { name: string; value: string }[] = [];
  const problems = new Map<number, Problem>();
  const seen = new Set<string>();
  for (const row of rows) {
    const name = row.name.trim();
    const value = row.value.trim();
    if (name === '' && value === '') continue;
    if (row.suggested && value === '') continue;
    if (!metadataNamePattern.test(name)) problems.set(row.key, { key: name === '' ? 'deposit.metadataErrors.nameRequired' : 'deposit.metadataErrors.name' });
    else if (seen.has(name)) problems.set(row.key, { key: 'deposit.metadataErrors.duplicate', values: { name } });
    else if (value.length > maxMetadataValueLength) problems.set(row.key, { key: 'deposit.metadataErrors.value', values: { max: maxMetadataValueLength } });
    else entries.push({ name, value });
    seen.add(name);
  }
  return { entries, problems };
}

/** Main files that will leave (annexes travel with their main file, never on their own). */
export function acceptedFileIds(checks: readonly FileCheck[]): string[] {
  return checks.filter((c) => c.accepted && !c.annex).map((c) => c.fileId);
}

/** Main files that will not leave. */
export function refusedChecks(checks: readonly FileCheck[]): FileCheck[] {
  return checks.filter((c) => !c.accepted && !c.annex);
}

export function mainChecks(checks: readonly FileCheck[]): FileCheck[] {
  return checks.filter((c) => !c.annex);
}

export function annexChecks(checks: readonly FileCheck[]): FileCheck[] {
  return checks.filter((c) => c.annex);
}

/** Same limit as the deposit contract (`annexFileIds`). */
export const maxAnnexesPerDocument = 50;

/**
 * Annexes accompany one main file (docs/providers/fast-parapheur.md#annexes). On a predefined circuit they travel with one
 * PDF inside `<main>.pdf.zip`, which only a circuit accepting ZIP takes; an on-demand circuit takes
 * them as parts of their own next to its main file, whatever its format.
 */
export function offersAnnexes(target: DepositTarget, accepts: readonly FileKind[], mains: readonly { mediaType: string }[]): boolean {
  if (mains.length !== 1) return false;
  if (target.kind === 'ondemand') return true;
  return accepts.includes('zip') && mains[0]!.mediaType === 'application/pdf';
}

/** File kinds of the "Ajouter un circuit" form, in display order. */
export const fileKinds: readonly FileKind[] = ['pdf', 'xml', 'zip', 'any'];

export interface CircuitDraft {
  id: string;
  name: string;
  accepts: FileKind[];
  stepCount: string;
  pinned: boolean;
}

export const emptyCircuitDraft: CircuitDraft = { id: '', name: '', accepts: ['pdf'], stepCount: '', pinned: false };

export type CircuitDraftProblems = Partial<Record<'id' | 'accepts' | 'stepCount', Problem>>;

/** The circuits.save request, or the problems to show next to each field. */
export function buildCircuitSave(
  draft: CircuitDraft,
): { ok: true; circuit: { id: string; name: string; accepts: FileKind[]; stepCount: number | null; pinned: boolean } } | { ok: false; problems: CircuitDraftProblems } {
  const problems: CircuitDraftProblems = {};
  const id = draft.id.trim();
  if (id === '') problems.id = { key: 'circuitForm.errors.idRequired' };
  if (draft.accepts.length === 0) problems.accepts = { key: 'circuitForm.errors.acceptsRequired' };
  let stepCount: number | null = null;
  const steps = draft.stepCount.trim();
  if (steps !== '') {
    const n = Number(steps);
    if (!/^\d+$/.test(steps) || n < 1 || n > 50) problems.stepCount = { key: 'circuitForm.errors.stepCount' };
    else stepCount = n;
  }
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  return { ok: true, circuit: { id, name: draft.name.trim() || id, accepts: draft.accepts, stepCount, pinned: draft.pinned } };
}
