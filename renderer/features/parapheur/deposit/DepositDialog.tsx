import { useEffect, useId, useMemo, useRef, type FormEvent } from 'react';
import { guichet } from '../../../bridge/index.js';
import { pushToast } from '../../../app/store/toastStore.js';
import { useCaseOriginStore } from '../../../app/store/caseOriginStore.js';
import { ModalDialog } from '../../../components/ModalDialog.js';
import { useParapheurText } from '../i18n/index.js';
import { translateHostText } from '../../../i18n/hostText.js';
import { formatSize } from '../../../components/format.js';
import { ProgressBar } from '../../../components/ProgressBar.js';
import { CloseIcon } from '../../../components/icons.js';
import { failureText } from '../ui/feedback.js';
import { otpStepNumbers } from './depositPlan.js';
import { depositView, submittedFields, type DepositDraft } from './depositDialogState.js';
import { useDepositStaging } from './useDepositStaging.js';
import { AnnexesSection } from './AnnexesSection.js';
import { DepositPreview } from './DepositPreview.js';
import { FileChecksSection } from './FileChecksSection.js';
import { MetadataSection } from './MetadataSection.js';
import { OtpSignersSection } from './OtpSignersSection.js';
import { useUploadProgressStore } from './uploadProgressStore.js';
import { useCircuitsStore } from '../circuits/circuitsStore.js';

/**
 * After a drop: the files are handed to Guichet (a transfer bar in the browser), checked without
 * any network call (format, size, duplicates), and the clerk sees exactly what will leave, and
 * what will not and why, before confirming.
 */
export function DepositDialog({ draft, onClose }: { draft: DepositDraft; onClose(): void }) {
  const { tx, intlLocale } = useParapheurText();
  const id = useId();
  const addBatch = useUploadProgressStore((s) => s.add);
  const { state, dispatch, check, addAnnexes, removeAnnex, handOver } = useDepositStaging(draft);
  const { phase, checks, submitError } = state;
  const view = useMemo(() => depositView(state, draft), [state, draft]);
  const { accepted, refused, annexIds, canSubmit, block, busy } = view;
  const origin = useCaseOriginStore((s) => (s.origin?.provider === 'parapheur' ? s.origin : null));
  const otpSteps = useMemo(() => otpStepNumbers(draft.target), [draft.target]);
  const onDemand = draft.target.kind === 'ondemand';

  const submitErrorRef = useRef<HTMLParagraphElement>(null);
  // The message is at the end of a long form: brought into view, or the clerk sees nothing happen.
  useEffect(() => {
    if (submitError) submitErrorRef.current?.scrollIntoView({ block: 'nearest' });
  }, [submitError]);

  // The label field appears once the files are checked: the focus goes there, not on the close button.
  const labelInput = useRef<HTMLInputElement>(null);
  const focusedOnce = useRef(false);
  useEffect(() => {
    if (phase.name !== 'ready' || focusedOnce.current) return;
    focusedOnce.current = true;
    labelInput.current?.focus();
  }, [phase.name]);

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
    dispatch({ type: 'submitStarted' });
    try {
      const result = await guichet.invoke('parapheur.deposit.submit', {
        target: draft.target,
        ...submittedFields(state),
        metadata: view.metadata.entries,
        fileIds: accepted,
        annexFileIds: annexIds,
        // Started from an Archive case: the documents' files will join it.
        archiveCaseId: origin?.caseId,
      });
      // Main has taken the accepted files into its outbox and forgotten their staging copies
      // (the annexes too, once stored with their document).
      handOver(
        [...accepted, ...(result.accepted.length > 0 ? annexIds : [])],
        [...refused, ...result.refused].map((r) => r.fileId),
      );
      if (result.accepted.length > 0) {
        addBatch(result.accepted);
        if (origin) useCaseOriginStore.getState().clear();
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
          body: result.refused
            .map((r) => translateHostText({ key: 'parapheur:notify.fileProblem', params: { name: r.name }, parts: { problem: r.reason ?? { key: 'app:hostErrors.unexpected' } } }))
            .join('\n'),
        });
      }
      onClose();
    } catch (error) {
      dispatch({ type: 'submitFailed', message: failureText(error, tx) });
    }
  };

  const titleId = `${id}-title`;
  const labelTooLong = state.label.length > 255;

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
              {state.staged.length > 0 ? (
                <button type="button" className="button button--secondary button--small" onClick={() => void check()}>
                  {tx('common.retry')}
                </button>
              ) : null}
            </div>
          ) : null}

          {checks.length > 0 ? (
            <FileChecksSection id={id} mains={view.mains} accepted={accepted.length} refused={refused.length} checking={phase.name === 'checking'} />
          ) : null}

          {view.annexesOffered && checks.length > 0 ? (
            <AnnexesSection
              annexes={state.annexes}
              checks={view.annexResults}
              staging={state.annexStaging}
              onDemand={onDemand}
              error={state.annexError}
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
                  value={state.label}
                  maxLength={255}
                  autoComplete="off"
                  aria-describedby={`${id}-label-hint`}
                  data-testid="deposit-label"
                  onChange={(e) => dispatch({ type: 'fieldChanged', field: 'label', value: e.target.value })}
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
                  value={state.comment}
                  maxLength={255}
                  rows={2}
                  aria-describedby={`${id}-comment-hint`}
                  data-testid="deposit-comment"
                  onChange={(e) => dispatch({ type: 'fieldChanged', field: 'comment', value: e.target.value })}
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
                  value={state.recipients}
                  maxLength={255}
                  inputMode="email"
                  autoComplete="off"
                  spellCheck={false}
                  aria-describedby={`${id}-recipients-hint`}
                  data-testid="deposit-recipients"
                  onChange={(e) => dispatch({ type: 'fieldChanged', field: 'recipients', value: e.target.value })}
                />
              </div>
              {view.metadataOffered ? (
                <MetadataSection
                  rows={state.metadataRows}
                  problems={view.metadata.problems}
                  filled={view.metadata.entries.length}
                  disabled={busy}
                  onChange={(rows) => dispatch({ type: 'metadataChanged', rows })}
                />
              ) : null}
              {!view.metadataReady ? (
                <p className="notice notice--error" role="alert" data-testid="deposit-metadata-invalid">
                  {tx('deposit.metadataInvalid')}
                </p>
              ) : null}
              <OtpSignersSection id={id} state={state} onDemand={onDemand} otpSteps={otpSteps} otpReady={view.otpReady} otpValid={view.otpValid} dispatch={dispatch} />

              <DepositPreview
                id={id}
                targetName={draft.targetName}
                state={state}
                accepted={accepted.length}
                metadataEntries={view.metadata.entries.length}
                annexes={annexIds.length}
                onDemand={onDemand}
              />
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
