import { useId, type ReactNode } from 'react';
import { ModalDialog } from './ModalDialog.js';

interface ConfirmDialogProps {
  title: string;
  body: ReactNode;
  confirmLabel: string;
  cancelLabel: string;
  busy?: boolean;
  danger?: boolean;
  error?: string | null;
  testId?: string;
  onConfirm(): void;
  onCancel(): void;
}

/** A yes/no question; the safe answer (cancel) has the focus first. */
export function ConfirmDialog({ title, body, confirmLabel, cancelLabel, busy = false, danger = false, error, testId, onConfirm, onCancel }: ConfirmDialogProps) {
  const id = useId();
  return (
    <ModalDialog onClose={onCancel} labelledBy={`${id}-title`} describedBy={`${id}-body`} className="modal--small" testId={testId} busy={busy}>
      <div className="modal__body">
        <h2 id={`${id}-title`} className="modal__title">
          {title}
        </h2>
        <div id={`${id}-body`} className="modal__text">
          {body}
        </div>
        {error ? (
          <p className="field-error" role="alert">
            {error}
          </p>
        ) : null}
      </div>
      <div className="modal__actions">
        <button type="button" className="button button--secondary" onClick={onCancel} disabled={busy} data-autofocus>
          {cancelLabel}
        </button>
        <button
          type="button"
          className={danger ? 'button button--danger' : 'button button--primary'}
          onClick={onConfirm}
          disabled={busy}
          aria-busy={busy}
          data-testid={testId ? `${testId}-confirm` : undefined}
        >
          {confirmLabel}
        </button>
      </div>
    </ModalDialog>
  );
}
