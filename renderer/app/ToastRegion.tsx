import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { useToastStore, type ToastLevel } from './store/toastStore.js';
import { CloseIcon, ErrorIcon, InfoIcon, SuccessIcon, WarningIcon } from '../components/icons.js';

const levelIcons: Record<ToastLevel, () => ReactElement> = {
  info: InfoIcon,
  success: SuccessIcon,
  warning: WarningIcon,
  error: ErrorIcon,
};

/** One polite live region, always in the DOM so that screen readers announce what is added to it. */
export function ToastRegion() {
  const { t } = useTranslation();
  const toasts = useToastStore((s) => s.toasts);
  const dismiss = useToastStore((s) => s.dismiss);
  return (
    <section className="toast-region" aria-label={t('toast.regionLabel')}>
      <div role="status" aria-live="polite" className="toast-region__list" data-testid="toast-region">
        {toasts.map((toast) => {
          const Icon = levelIcons[toast.level];
          return (
            <div key={toast.id} className={`toast toast--${toast.level}`} data-testid="toast" data-level={toast.level}>
              <Icon />
              <div className="toast__text">
                <p className="toast__title">{toast.title}</p>
                {toast.body ? <p className="toast__body">{toast.body}</p> : null}
              </div>
              <button type="button" className="icon-button" aria-label={t('toast.close')} onClick={() => dismiss(toast.id)}>
                <CloseIcon />
              </button>
            </div>
          );
        })}
      </div>
    </section>
  );
}
