import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import type { DepositTarget, FileCheck, FileKind } from '../../../../shared/domain/parapheur.js';
import type { FileRef } from '../../../../shared/ipc/contract.js';
import { guichet } from '../../../bridge/index.js';
import { pushToast } from '../../../app/store/toastStore.js';
import { TechnicalDetails } from '../../../components/TechnicalDetails.js';
import { ModalDialog } from '../../../components/ModalDialog.js';
import { useParapheurText } from '../i18n/index.js';
import { formatSize } from '../../../components/format.js';
import { ProgressBar } from '../../../components/ProgressBar.js';
import { CheckIcon, CloseIcon } from '../../../components/icons.js';
import { failureText } from '../ui/feedback.js';
import {
  acceptedFileIds,
  annexChecks,
  buildMetadata,
  mainChecks,
  maxAnnexesPerDocument,
  maxFilesPerDeposit,
  offersAnnexes,
  circuitAsksOtp,
  depositBlock,
  otpFieldProblem,
  otpSignersComplete,
  otpSignersValid,
  otpStepNumbers,
  refusedChecks,
  suggestedMetadataRows,
  type MetadataDraft,
  type OtpSignerDraft,
} from './depositPlan.js';
import { AnnexesSection, type AnnexStaging } from './AnnexesSection.js';
import { MetadataSection } from './MetadataSection.js';
import { useUploadProgressStore } from './uploadProgressStore.js';
import { useCircuitsStore } from '../circuits/circuitsStore.js';

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

type Phase =
  | { name: 'staging'; sent: number; total: number }
  | { name: 'checking' }
  | { name: 'ready' }
  | { name: 'submitting' }
  | { name: 'failed'; message: string };

const recheckDelayMs = 400;

const emptySigner = (email = ''): OtpSignerDraft => ({ firstName: '', lastName: '', phone: '', email });

/**
 * On-demand circuits say where their OTP steps are. A predefined circuit does not (FAST publishes
 * no circuit description): one signer is proposed when its name says OTP/SMS, and the clerk can
 * add or remove signers.
 */
function initialOtpSigners(draft: DepositDraft, otpSteps: number[]): OtpSignerDraft[] {
  if (draft.target.kind === 'ondemand') {
    const steps = draft.target.circuit.steps;
    return otpSteps.map((n) => emptySigner(steps[n - 1]?.members[0] ?? ''));
  }
  return circuitAsksOtp(draft.target, draft.targetName) ? [emptySigner()] : [];
}

/**
 * After a drop: the files are handed to Guichet (a transfer bar in the browser), checked without
 * any network call (format, size, duplicates), and the clerk sees exactly what will leave, and
 * what will not and why, before confirming.
 */
export function DepositDialog({ draft, onClose }: { draft: DepositDraft; onClose(): void }) {
  const { tx, intlLocale } = useParapheurText();
  const id = useId();
  const addBatch = useUploadProgressStore((s) => s.add);
  const [phase, setPhase] = useState<Phase>(() =>
    draft.files.length > maxFilesPerDeposit ? { name: 'failed', message: tx('deposit.tooMany') } : { name: 'staging', sent: 0, total: 1 },
  );
  const [staged, setStaged] = useState<FileRef[]>([]);
  const [annexes, setAnnexes] = useState<FileRef[]>([]);
  // The annexes as of the latest change, for checks started from effects and timers.
  const annexesNow = useRef<FileRef[]>([]);
  const [annexStaging, setAnnexStaging] = useState<AnnexStaging | null>(null);
  const [annexError, setAnnexError] = useState<string | null>(null);
  const [checks, setChecks] = useState<FileCheck[]>([]);
  const [label, setLabel] = useState(draft.lastLabel);
  const [comment, setComment] = useState('');
  const [recipients, setRecipients] = useState(draft.lastRecipients);
  const otpSteps = useMemo(() => otpStepNumbers(draft.target), [draft.target]);
  const [otpSigners, setOtpSigners] = useState<OtpSignerDraft[]>(() => initialOtpSigners(draft, otpSteps));
  const [otpOffered, setOtpOffered] = useState(() => circuitAsksOtp(draft.target, draft.targetName));
  const [otpTouched, setOtpTouched] = useState<ReadonlySet<string>>(() => new Set());
  const [metadataRows, setMetadataRows] = useState<MetadataDraft[]>(() => (draft.target.kind === 'circuit' ? suggestedMetadataRows(draft.lastMetadataNames) : []));
  const [submitError, setSubmitError] = useState<string | null>(null);
  const submitErrorRef = useRef<HTMLParagraphElement>(null);
  // The message is at the end of a long form: brought into view, or the clerk sees nothing happen.
  useEffect(() => {
    if (submitError) submitErrorRef.current?.scrollIntoView({ block: 'nearest' });
  }, [submitError]);
  // Staged files the host still holds for this dialog: forgotten if the clerk does not deposit them.
  const heldIds = useRef<Set<string>>(new Set());
  const closed = useRef(false);
  const checkRun = useRef(0);

  const forgetHeld = () => {
    for (const fileId of heldIds.current) void guichet.invoke('files.forget', { id: fileId }).catch(() => undefined);
    heldIds.current.clear();
  };

  const runCheck = async (refs: FileRef[], forLabel: string, annexRefs: FileRef[] = annexesNow.current) => {
    const run = ++checkRun.current;
    setPhase({ name: 'checking' });
    try {
      const result = await guichet.invoke('parapheur.deposit.check', {
        target: draft.target,
        label: forLabel,
        fileIds: refs.map((r) => r.id),
        annexFileIds: annexRefs.map((r) => r.id),
      });
      if (run !== checkRun.current || closed.current) return;
      setChecks(result);
      setPhase({ name: 'ready' });
    } catch (error) {
      if (run === checkRun.current && !closed.current) setPhase({ name: 'failed', message: failureText(error, tx) });
    }
  };

  useEffect(() => {
    if (draft.files.length > maxFilesPerDeposit) return;
    let cancelled = false;
    closed.current = false;
    (async () => {
      const refs = await guichet.stageFiles(draft.files, (sent, total) => {
        if (!cancelled) setPhase({ name: 'staging', sent, total });
      });
      if (cancelled) {
        for (const ref of refs) void guichet.invoke('files.forget', { id: ref.id }).catch(() => undefined);
        return;
      }
      for (const ref of refs) heldIds.current.add(ref.id);
      setStaged(refs);
      await runCheck(refs, label);
    })().catch((error: unknown) => {
      if (!cancelled) setPhase({ name: 'failed', message: failureText(error, tx) });
    });
    return () => {
      cancelled = true;
      closed.current = true;
      forgetHeld();
    };
    // Runs once per dialog: the dropped files do not change while it is open.
  }, []);

  // The duplicate rule depends on the label: check again once the clerk stops typing.
  const firstLabel = useRef(label);
  useEffect(() => {
    if (staged.length === 0 || label === firstLabel.current) return;
    firstLabel.current = label;
    const timer = setTimeout(() => void runCheck(staged, label), recheckDelayMs);
    return () => clearTimeout(timer);
  }, [label, staged]);

  const annexesOffered = offersAnnexes(draft.target, draft.accepts, staged);

  // Annexes are added after an await: the check then uses the label as typed by then.
  const labelNow = useRef(label);
  useEffect(() => {
    labelNow.current = label;
  }, [label]);

  const changeAnnexes = (next: FileRef[]) => {
    annexesNow.current = next;
    setAnnexes(next);
    void runCheck(staged, labelNow.current, next);
  };

  const addAnnexes = async (files: File[]) => {
    if (annexStaging || files.length === 0) return;
    setAnnexError(null);
    if (annexesNow.current.length + files.length > maxAnnexesPerDocument) {
      setAnnexError(tx('deposit.annexTooMany', { max: maxAnnexesPerDocument }));
      return;
    }
    setAnnexStaging({ sent: 0, total: 1 });
    try {
      const refs = await guichet.stageFiles(files, (sent, total) => {
        if (!closed.current) setAnnexStaging({ sent, total });
      });
      if (closed.current) {
        for (const ref of refs) void guichet.invoke('files.forget', { id: ref.id }).catch(() => undefined);
        return;
      }
      for (const ref of refs) heldIds.current.add(ref.id);
      setAnnexStaging(null);
      changeAnnexes([...annexesNow.current, ...refs]);
    } catch (error) {
      if (closed.current) return;
      setAnnexStaging(null);
      setAnnexError(failureText(error, tx));
    }
  };

  const removeAnnex = (fileId: string) => {
    setAnnexError(null);
    heldIds.current.delete(fileId);
    void guichet.invoke('files.forget', { id: fileId }).catch(() => undefined);
    changeAnnexes(annexesNow.current.filter((a) => a.id !== fileId));
  };

  // The label field appears once the files are checked: the focus goes there, not on the close button.
  const labelInput = useRef<HTMLInputElement>(null);
  const focusedOnce = useRef(false);
  useEffect(() => {
    if (phase.name !== 'ready' || focusedOnce.current) return;
    focusedOnce.current = true;
    labelInput.current?.focus();
  }, [phase.name]);

  const accepted = acceptedFileIds(checks);
  const refused = refusedChecks(checks);
  const mains = mainChecks(checks);
  const annexResults = annexChecks(checks);
  const annexIds = annexesOffered ? annexes.map((a) => a.id) : [];
  const otpReady = otpSignersComplete(otpSigners);
  const otpValid = otpSignersValid(otpSigners);
  // A field's problem shows once the clerk has left it, or once the signer is complete (not while
  // the number is being typed).
  const shownProblem = (i: number, field: keyof OtpSignerDraft) =>
    otpTouched.has(`${i}:${field}`) || otpSignersComplete([otpSigners[i]!]) ? otpFieldProblem(otpSigners[i]!, field) : null;
  // Predefined circuits only: an on-demand circuit has no metadata step to receive them.
  const metadataOffered = draft.target.kind === 'circuit';
  const metadata = useMemo(() => buildMetadata(metadataOffered ? metadataRows : []), [metadataOffered, metadataRows]);
  const metadataReady = metadata.problems.size === 0;
  const canSubmit = phase.name === 'ready' && accepted.length > 0 && otpReady && otpValid && metadataReady && annexStaging === null;
  const block =
    phase.name === 'ready' || phase.name === 'checking'
      ? depositBlock({ checking: phase.name === 'checking', accepted: accepted.length, otpReady, otpValid, metadataReady, annexesStaging: annexStaging !== null })
      : null;
  const busy = phase.name === 'submitting';

  // A click on « Déposer » while the label's re-check is running is kept, not lost: the deposit
  // goes once the check is back (and only if it still allows it).
  const submitWanted = useRef(false);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (phase.name === 'checking') {
      submitWanted.current = true;
      return;
    }
    void submitNow();
  };
  useEffect(() => {
    if (phase.name === 'checking' || !submitWanted.current) return;
    submitWanted.current = false;
    void submitNow();
    // submitNow reads the state of this render: run it once the check has settled.
  }, [phase.name]);

  const submitNow = async () => {
    if (!canSubmit) return;
    setPhase({ name: 'submitting' });
    setSubmitError(null);
    try {
      const result = await guichet.invoke('parapheur.deposit.submit', {
        target: draft.target,
        label: label.trim(),
        comment: comment.trim(),
        recipients: recipients.trim(),
        otpSigners: otpSigners.map((s) => ({ firstName: s.firstName.trim(), lastName: s.lastName.trim(), phone: s.phone.trim(), email: s.email.trim().toLowerCase() })),
        metadata: metadata.entries,
        fileIds: accepted,
        annexFileIds: annexIds,
      });
      // Main has taken the accepted files into its outbox and forgotten their staging copies
      // (the annexes too, once stored with their document).
      for (const fileId of accepted) heldIds.current.delete(fileId);
      if (result.accepted.length > 0) for (const fileId of annexIds) heldIds.current.delete(fileId);
      for (const r of [...refused, ...result.refused]) heldIds.current.add(r.fileId);
      if (result.accepted.length > 0) {
        addBatch(result.accepted);
        // Main remembered this deposit's label, recipients and metadata names on the circuit: the next
        // dialog for it opens with them.
        if (draft.target.kind === 'circuit') void useCircuitsStore.getState().load();
        pushToast({
          level: 'success',
          title: tx('deposit.queued', { count: result.accepted.length, circuit: draft.targetName }),
          body: tx('deposit.queuedBody'),
        });
      }
      if (result.refused.length > 0) {
        pushToast({
          level: 'warning',
          title: tx('deposit.refusedAfter', { count: result.refused.length }),
          body: result.refused.map((r) => `« ${r.name} » : ${r.reason ?? ''}`).join('\n'),
        });
      }
      onClose();
    } catch (error) {
      setSubmitError(failureText(error, tx));
      setPhase({ name: 'ready' });
    }
  };

  const titleId = `${id}-title`;
  const labelTooLong = label.length > 255;

  return (
    <ModalDialog onClose={onClose} labelledBy={titleId} className="modal--wide deposit-dialog" testId="deposit-dialog" busy={busy}>
      <form className="modal__form" onSubmit={(e) => void onSubmit(e)} noValidate>
        <div className="modal__header">
          <h2 id={titleId} className="modal__title">
            {tx('deposit.title', { name: draft.targetName })}
          </h2>
          <button type="button" className="icon-button" onClick={onClose} disabled={busy} aria-label={tx('common.close')} title={tx('common.close')}>
            <CloseIcon />
          </button>
        </div>
        <div className="modal__body deposit-dialog__body">
          {phase.name === 'staging' ? (
            <div role="status" className="deposit-dialog__status" data-testid="deposit-staging">
              <p>{tx('deposit.staging')}</p>
              <ProgressBar
                value={phase.sent}
                max={phase.total}
                label={tx('deposit.staging')}
                text={tx('deposit.stagingProgress', { sent: formatSize(phase.sent, intlLocale), total: formatSize(phase.total, intlLocale) })}
              />
            </div>
          ) : null}
          {phase.name === 'checking' && checks.length === 0 ? (
            <p role="status" className="deposit-dialog__status">
              {tx('deposit.checking')}
            </p>
          ) : null}
          {phase.name === 'failed' ? (
            <div className="notice notice--error" role="alert" data-testid="deposit-error">
              <p>{phase.message}</p>
              {staged.length > 0 ? (
                <button type="button" className="button button--secondary button--small" onClick={() => void runCheck(staged, label)}>
                  {tx('common.retry')}
                </button>
              ) : null}
            </div>
          ) : null}

          {checks.length > 0 ? (
            <section aria-labelledby={`${id}-files`} className="deposit-dialog__files">
              <h3 id={`${id}-files`} className="modal__subtitle">
                {tx('deposit.files')}
                {phase.name === 'checking' ? <span className="muted"> · {tx('deposit.checking')}</span> : null}
              </h3>
              {accepted.length > 0 ? (
                <p className="deposit-dialog__summary">
                  <span className="status-badge status-badge--success" data-testid="deposit-accepted-summary">
                    {tx('deposit.accepted', { count: accepted.length })}
                  </span>
                </p>
              ) : null}
              {refused.length > 0 ? (
                <p className="notice notice--error deposit-dialog__refused" role="alert" data-testid="deposit-refused-summary">
                  {tx('deposit.refused', { count: refused.length })}
                </p>
              ) : null}
              <ul className="file-checks" data-testid="file-checks">
                {mains.map((c) => (
                  <li
                    key={c.fileId}
                    className={c.accepted ? 'file-check file-check--ok' : 'file-check file-check--refused'}
                    data-testid="file-check"
                    data-accepted={c.accepted ? 'true' : 'false'}
                    data-name={c.name}
                  >
                    <span className="file-check__mark">
                      {c.accepted ? <CheckIcon /> : <CloseIcon />}
                      <span className="visually-hidden">{c.accepted ? tx('deposit.acceptedMark') : tx('deposit.refusedMark')}</span>
                    </span>
                    <span className="file-check__name">{c.name}</span>
                    <span className="file-check__size">{formatSize(c.size, intlLocale)}</span>
                    {c.accepted ? null : (
                      <span className="file-check__detail" data-testid="file-check-reason">
                        {c.reason}
                      </span>
                    )}
                  </li>
                ))}
              </ul>
              {mains.some((c) => c.accepted && c.providerName) ? (
                <TechnicalDetails summary={tx('common.technicalDetails')} testId="deposit-technical">
                  <ul>
                    {mains
                      .filter((c) => c.accepted && c.providerName)
                      .map((c) => (
                        <li key={c.fileId} data-testid="file-check-provider-name">
                          {c.name} : {tx('deposit.willBeNamed', { name: c.providerName ?? '' })}
                        </li>
                      ))}
                  </ul>
                </TechnicalDetails>
              ) : null}
            </section>
          ) : null}

          {annexesOffered && checks.length > 0 ? (
            <AnnexesSection
              annexes={annexes}
              checks={annexResults}
              staging={annexStaging}
              onDemand={draft.target.kind === 'ondemand'}
              error={annexError}
              disabled={busy}
              onAdd={(files) => void addAnnexes(files)}
              onRemove={removeAnnex}
            />
          ) : null}

          {phase.name !== 'staging' && !(phase.name === 'failed' && checks.length === 0) ? (
            <div className="deposit-dialog__fields">
              <div className={labelTooLong ? 'field field--invalid' : 'field'}>
                <label className="field__label" htmlFor={`${id}-label`}>
                  {tx('deposit.label')}
                </label>
                <p className="field__hint" id={`${id}-label-hint`}>
                  {tx('deposit.labelHint')}
                </p>
                <input
                  ref={labelInput}
                  id={`${id}-label`}
                  className="input"
                  value={label}
                  maxLength={255}
                  autoComplete="off"
                  aria-describedby={`${id}-label-hint`}
                  data-testid="deposit-label"
                  onChange={(e) => setLabel(e.target.value)}
                />
              </div>
              <div className="field">
                <label className="field__label" htmlFor={`${id}-comment`}>
                  {tx('deposit.comment')}
                </label>
                <p className="field__hint" id={`${id}-comment-hint`}>
                  {tx('deposit.commentHint')}
                </p>
                <textarea
                  id={`${id}-comment`}
                  className="input textarea"
                  value={comment}
                  maxLength={255}
                  rows={2}
                  aria-describedby={`${id}-comment-hint`}
                  data-testid="deposit-comment"
                  onChange={(e) => setComment(e.target.value)}
                />
              </div>
              <div className="field">
                <label className="field__label" htmlFor={`${id}-recipients`}>
                  {tx('deposit.recipients')}
                </label>
                <p className="field__hint" id={`${id}-recipients-hint`}>
                  {tx('deposit.recipientsHint')}
                </p>
                <input
                  id={`${id}-recipients`}
                  className="input"
                  value={recipients}
                  maxLength={255}
                  inputMode="email"
                  autoComplete="off"
                  spellCheck={false}
                  aria-describedby={`${id}-recipients-hint`}
                  data-testid="deposit-recipients"
                  onChange={(e) => setRecipients(e.target.value)}
                />
              </div>
              {metadataOffered ? (
                <MetadataSection rows={metadataRows} problems={metadata.problems} filled={metadata.entries.length} disabled={busy} onChange={setMetadataRows} />
              ) : null}
              {!metadataReady ? (
                <p className="notice notice--error" role="alert" data-testid="deposit-metadata-invalid">
                  {tx('deposit.metadataInvalid')}
                </p>
              ) : null}
              {otpOffered && draft.target.kind === 'circuit' ? <p className="muted" data-testid="deposit-otp-intro">{tx('deposit.otpIntro')}</p> : null}
              {!otpOffered ? (
                <button
                  type="button"
                  className="link-button"
                  data-testid="deposit-otp-offer"
                  onClick={() => {
                    setOtpOffered(true);
                    setOtpSigners((list) => (list.length > 0 ? list : [emptySigner()]));
                  }}
                >
                  {tx('deposit.otpOffer')}
                </button>
              ) : null}
              {otpSigners.map((signer, i) => (
                <fieldset key={i} className="fieldset otp-signer" data-testid="deposit-otp-signer">
                  <legend className="field__label">
                    {draft.target.kind === 'ondemand' ? tx('deposit.otpTitle', { n: otpSteps[i] ?? i + 1 }) : tx('deposit.otpTitleIndex', { n: i + 1 })}
                  </legend>
                  <div className="form-grid">
                    {(['firstName', 'lastName', 'phone', 'email'] as const).map((field) => {
                      const problem = shownProblem(i, field);
                      const errorId = `${id}-otp-${i}-${field}-error`;
                      return (
                        <div className="field field--compact" key={field}>
                          <label className="field__label" htmlFor={`${id}-otp-${i}-${field}`}>
                            {tx(field === 'firstName' ? 'deposit.otpFirstName' : field === 'lastName' ? 'deposit.otpLastName' : field === 'phone' ? 'deposit.otpPhone' : 'deposit.otpEmail')}
                          </label>
                          {field === 'phone' ? (
                            <p className="field__hint" id={`${id}-otp-${i}-phone-hint`}>
                              {tx('deposit.otpPhoneHint')}
                            </p>
                          ) : null}
                          <input
                            id={`${id}-otp-${i}-${field}`}
                            className="input"
                            value={signer[field]}
                            type={field === 'phone' ? 'tel' : field === 'email' ? 'email' : 'text'}
                            autoComplete="off"
                            aria-invalid={problem ? true : undefined}
                            aria-describedby={[field === 'phone' ? `${id}-otp-${i}-phone-hint` : '', problem ? errorId : ''].filter(Boolean).join(' ') || undefined}
                            data-testid={`deposit-otp-${field}`}
                            onBlur={() => setOtpTouched((t) => new Set(t).add(`${i}:${field}`))}
                            onChange={(e) => setOtpSigners((list) => list.map((s, j) => (j === i ? { ...s, [field]: e.target.value } : s)))}
                          />
                          {problem ? (
                            <p className="field-error" id={errorId} data-testid={`deposit-otp-${field}-error`}>
                              {tx(problem.key)}
                            </p>
                          ) : null}
                        </div>
                      );
                    })}
                  </div>
                  {draft.target.kind === 'circuit' ? (
                    <button type="button" className="link-button" onClick={() => setOtpSigners((list) => list.filter((_, j) => j !== i))}>
                      {tx('deposit.otpRemove', { n: i + 1 })}
                    </button>
                  ) : null}
                </fieldset>
              ))}
              {otpOffered && draft.target.kind === 'circuit' && otpSigners.length < 10 ? (
                <button
                  type="button"
                  className="button button--secondary button--small otp-add"
                  onClick={() => setOtpSigners((list) => [...list, emptySigner()])}
                  data-testid="deposit-otp-add"
                >
                  {tx('deposit.otpAdd')}
                </button>
              ) : null}
              {!otpReady && otpOffered ? <p className="muted">{tx('deposit.otpMissing')}</p> : null}
              {otpReady && !otpValid ? (
                <p className="notice notice--error" role="alert" data-testid="deposit-otp-invalid">
                  {tx('deposit.otpInvalid')}
                </p>
              ) : null}

              <section className="deposit-preview" aria-labelledby={`${id}-preview`} data-testid="deposit-preview">
                <h3 id={`${id}-preview`} className="modal__subtitle">
                  {tx('deposit.preview')}
                </h3>
                <dl className="definition-grid">
                  <dt>{tx('deposit.previewCircuit')}</dt>
                  <dd>{draft.targetName}</dd>
                  <dt>{tx('deposit.previewLabel')}</dt>
                  <dd>{label.trim() || tx('deposit.previewNone')}</dd>
                  <dt>{tx('deposit.previewComment')}</dt>
                  <dd>{comment.trim() || tx('deposit.previewNone')}</dd>
                  <dt>{tx('deposit.previewRecipients')}</dt>
                  <dd>{recipients.trim() || tx('deposit.previewNone')}</dd>
                  <dt>{tx('deposit.previewDocuments')}</dt>
                  <dd>{tx('deposit.previewDocumentsCount', { count: accepted.length })}</dd>
                  {metadata.entries.length > 0 ? (
                    <>
                      <dt>{tx('deposit.previewMetadata')}</dt>
                      <dd data-testid="deposit-preview-metadata">{tx('deposit.previewMetadataCount', { count: metadata.entries.length })}</dd>
                    </>
                  ) : null}
                  {annexIds.length > 0 ? (
                    <>
                      <dt>{tx('deposit.previewAnnexes')}</dt>
                      <dd data-testid="deposit-preview-annexes">
                        {tx(draft.target.kind === 'ondemand' ? 'deposit.previewAnnexesCountOnDemand' : 'deposit.previewAnnexesCount', { count: annexIds.length })}
                      </dd>
                    </>
                  ) : null}
                </dl>
              </section>
            </div>
          ) : null}
          {phase.name === 'ready' && checks.length > 0 && accepted.length === 0 ? <p className="notice notice--warning">{tx('deposit.nothing')}</p> : null}
          {submitError ? (
            <p className="notice notice--error" role="alert" data-testid="deposit-submit-error" ref={submitErrorRef}>
              {submitError}
            </p>
          ) : null}
        </div>
        <div className="modal__actions">
          {block ? (
            <p className="modal__actions-reason" id={`${id}-blocked`} data-testid="deposit-blocked-reason">
              {tx(`deposit.blocked.${block}`)}
            </p>
          ) : null}
          <button type="button" className="button button--secondary" onClick={onClose} disabled={busy}>
            {tx('common.cancel')}
          </button>
          <button
            type="submit"
            className="button button--primary"
            disabled={!canSubmit || busy}
            aria-busy={busy}
            aria-describedby={block ? `${id}-blocked` : undefined}
            data-testid="deposit-submit"
          >
            {busy ? tx('deposit.submitting') : tx('deposit.submit', { count: accepted.length })}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
