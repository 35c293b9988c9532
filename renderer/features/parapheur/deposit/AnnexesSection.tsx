import { useId, useRef } from 'react';
import type { FileCheck } from '../../../../shared/domain/parapheur.js';
import type { FileRef } from '../../../../shared/ipc/contract.js';
import { useParapheurText } from '../i18n/index.js';
import { translateHostText } from '../../../i18n/hostText.js';
import { formatSize } from '../../../components/format.js';
import { ProgressBar } from '../../../components/ProgressBar.js';
import { useFileDrop } from '../../../components/useFileDrop.js';
import { CheckIcon, CloseIcon, TrashIcon, UploadIcon } from '../../../components/icons.js';
import { FilePicker } from '../../../components/FilePicker.js';

export interface AnnexStaging {
  sent: number;
  total: number;
}

interface AnnexesSectionProps {
  /** Staged annexes, in the order they will be sent after the main file. */
  annexes: FileRef[];
  /** The latest check of those annexes (an annex not in it yet is being checked). */
  checks: FileCheck[];
  staging: AnnexStaging | null;
  /** On demand, the annexes are sent as files of their own next to the main file, not inside a ZIP. */
  onDemand: boolean;
  error: string | null;
  disabled: boolean;
  onAdd(files: File[]): void;
  onRemove(fileId: string): void;
}

/**
 * The annexes of the single main file being filed into a circuit that accepts ZIP (with a PDF) or
 * into an on-demand circuit: a drop area with a keyboard-reachable picker, and each annex with its
 * check (refusal reasons as for the main file).
 */
export function AnnexesSection({ annexes, checks, staging, onDemand, error, disabled, onAdd, onRemove }: AnnexesSectionProps) {
  const { tx, intlLocale } = useParapheurText();
  const id = useId();
  const addButton = useRef<HTMLButtonElement>(null);
  const locked = disabled || staging !== null;
  const { over, handlers } = useFileDrop(onAdd, !locked);
  const byId = new Map(checks.map((c) => [c.fileId, c]));
  const refusedCount = annexes.filter((a) => byId.get(a.id)?.accepted === false).length;

  return (
    <section aria-labelledby={`${id}-title`} aria-describedby={`${id}-hint`} className="deposit-annexes" data-testid="deposit-annexes">
      <h3 id={`${id}-title`} className="modal__subtitle">
        {tx('deposit.annexes')}
      </h3>
      <p id={`${id}-hint`} className="field__hint">
        {tx(onDemand ? 'deposit.annexesHintOnDemand' : 'deposit.annexesHint')}
      </p>
      <div className={over ? 'drop-area drop-area--compact drop-area--over' : 'drop-area drop-area--compact'} data-testid="deposit-annex-drop" {...handlers}>
        <UploadIcon />
        <span className="drop-area__text">{over ? tx('deposit.annexDropActive') : tx('deposit.annexDrop')}</span>
        <FilePicker
          buttonRef={addButton}
          label={tx('deposit.annexAdd')}
          multiple
          disabled={locked}
          aria-describedby={`${id}-hint`}
          testId="deposit-annex-add"
          inputTestId="deposit-annex-input"
          onFiles={onAdd}
        />
      </div>
      {staging ? (
        <div role="status" className="deposit-dialog__status" data-testid="deposit-annex-staging">
          <ProgressBar
            value={staging.sent}
            max={staging.total}
            label={tx('deposit.annexStaging')}
            text={tx('deposit.stagingProgress', { sent: formatSize(staging.sent, intlLocale), total: formatSize(staging.total, intlLocale) })}
          />
        </div>
      ) : null}
      {error ? (
        <p className="notice notice--error" role="alert" data-testid="deposit-annex-error">
          {error}
        </p>
      ) : null}
      {refusedCount > 0 ? (
        <p className="notice notice--error deposit-dialog__refused" role="alert" data-testid="deposit-annexes-refused">
          {tx('deposit.annexesRefused', { count: refusedCount })}
        </p>
      ) : null}
      {annexes.length === 0 ? (
        <p className="muted">{tx('deposit.annexNone')}</p>
      ) : (
        <ul className="file-checks" aria-label={tx('deposit.annexListLabel')}>
          {annexes.map((annex) => {
            const check = byId.get(annex.id);
            const state = check === undefined ? 'pending' : check.accepted ? 'ok' : 'refused';
            return (
              <li
                key={annex.id}
                className={`file-check file-check--annex file-check--${state}`}
                data-testid="deposit-annex"
                data-name={annex.name}
                data-accepted={check === undefined ? undefined : check.accepted ? 'true' : 'false'}
              >
                <span className="file-check__mark">
                  {state === 'ok' ? <CheckIcon /> : state === 'refused' ? <CloseIcon /> : null}
                  {state !== 'pending' ? <span className="visually-hidden">{state === 'ok' ? tx('deposit.acceptedMark') : tx('deposit.refusedMark')}</span> : null}
                </span>
                <span className="file-check__name">{annex.name}</span>
                <span className="file-check__size">{formatSize(annex.size, intlLocale)}</span>
                <button
                  type="button"
                  className="icon-button file-check__remove"
                  aria-label={tx('deposit.annexRemove', { name: annex.name })}
                  title={tx('deposit.annexRemove', { name: annex.name })}
                  disabled={disabled}
                  data-testid="deposit-annex-remove"
                  onClick={() => {
                    // The row goes away with its button: the focus stays in the section.
                    addButton.current?.focus();
                    onRemove(annex.id);
                  }}
                >
                  <TrashIcon />
                </button>
                <span className="file-check__detail" data-testid={state === 'refused' ? 'deposit-annex-reason' : undefined}>
                  {state === 'pending'
                    ? tx('deposit.annexChecking')
                    : state === 'ok'
                      ? tx(onDemand ? 'deposit.annexWillBeNamedOnDemand' : 'deposit.annexWillBeNamed', { name: check?.providerName ?? '' })
                      : check?.reason
                        ? translateHostText(check.reason)
                        : null}
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
