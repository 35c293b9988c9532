import { useEffect, useRef, type ReactNode, type SyntheticEvent } from 'react';

interface ModalDialogProps {
  onClose(): void;
  /** id of the element that names the dialog (its title). */
  labelledBy?: string;
  /** Accessible name when the dialog has no visible title. */
  label?: string;
  describedBy?: string;
  className?: string;
  testId?: string;
  /** Set while an operation must finish first: Escape then does nothing. */
  busy?: boolean;
  children: ReactNode;
}

/**
 * A modal built on the native <dialog>: showModal() makes the rest of the page inert (the focus
 * cannot leave the dialog, screen readers do not read behind it) and Escape fires "cancel". Shared
 * by the Parapheur, Archive and viewer screens. Rendered only while open: mounting opens it.
 * Focus goes back to the element that opened it.
 */
export function ModalDialog({ onClose, labelledBy, label, describedBy, className, testId, busy = false, children }: ModalDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    // The first field or button with [data-autofocus], else the first focusable control.
    const first =
      dialog.querySelector<HTMLElement>('[data-autofocus]') ??
      dialog.querySelector<HTMLElement>('input:not([type=hidden]):not(:disabled), select, textarea, button:not(:disabled), [href], [tabindex="0"]');
    first?.focus();
    return () => {
      if (dialog.open) dialog.close();
      if (opener && opener.isConnected) opener.focus();
    };
  }, []);

  const onCancel = (event: SyntheticEvent<HTMLDialogElement>) => {
    event.preventDefault();
    // A dialog opened from another (an image over a report): Escape closes only the top one.
    event.stopPropagation();
    if (!busy) onCloseRef.current();
  };

  return (
    <dialog
      ref={ref}
      className={className ? `modal ${className}` : 'modal'}
      aria-labelledby={labelledBy}
      aria-label={label}
      aria-describedby={describedBy}
      data-testid={testId}
      onCancel={onCancel}
    >
      {children}
    </dialog>
  );
}
