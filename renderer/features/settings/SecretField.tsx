import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SecretKey } from '../../../shared/domain/providers.js';
import { useSettingsStore } from '../../app/store/settingsStore.js';
import { clearSecret, saveSecret } from '../../app/hostSession.js';
import { readIpcFailure } from '../../app/ipcFailure.js';
import { secretTestId } from './secretTestId.js';

/**
 * A write-only credential: the input is never pre-filled (main never sends a secret back), it is
 * emptied as soon as main has stored the value, and all the clerk sees afterwards is "configuré".
 */
export function SecretField({ secretKey }: { secretKey: SecretKey }) {
  const { t } = useTranslation();
  const status = useSettingsStore((s) => s.secretsStatus?.[secretKey]);
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState<'save' | 'clear' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const hook = secretTestId(secretKey);
  const id = `secret-${hook}`;
  const name = t(`settings.secrets.names.${secretKey}`);
  const statusText =
    status === undefined ? t('settings.secrets.unknown') : status ? t('settings.secrets.configured') : t('settings.secrets.notConfigured');

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (value === '' || busy) return;
    setBusy('save');
    setError(null);
    try {
      await saveSecret(secretKey, value);
      setValue('');
    } catch (e) {
      setError(readIpcFailure(e).message ?? t('errors.unexpected'));
    } finally {
      setBusy(null);
    }
  };

  const onClear = async () => {
    if (busy) return;
    setBusy('clear');
    setError(null);
    try {
      await clearSecret(secretKey);
    } catch (e) {
      setError(readIpcFailure(e).message ?? t('errors.unexpected'));
    } finally {
      setBusy(null);
    }
  };

  return (
    <form className="secret-field" onSubmit={(e) => void onSubmit(e)} noValidate>
      <div className={error ? 'field field--invalid' : 'field'}>
        <div className="secret-field__head">
          <label className="field__label" htmlFor={id}>
            {name}
          </label>
          <span id={`${id}-status`} className={status ? 'badge badge--success' : 'badge badge--neutral'}>
            <span className="visually-hidden">{t('settings.secrets.statusPrefix')} </span>
            <span data-testid={`secret-status-${hook}`} data-configured={status === undefined ? 'unknown' : String(status)}>
              {statusText}
            </span>
          </span>
        </div>
        <div className="secret-field__row">
          <input
            id={id}
            className="input"
            type="password"
            // new-password keeps browsers and password managers from filling in a stored value.
            autoComplete="new-password"
            spellCheck={false}
            value={value}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-status ${id}-error` : `${id}-status`}
            data-testid={`secret-input-${hook}`}
            onChange={(e) => setValue(e.target.value)}
          />
          <button
            type="submit"
            className="button button--primary"
            disabled={value === '' || busy !== null}
            aria-label={t('settings.secrets.saveLabel', { name })}
            data-testid={`secret-save-${hook}`}
          >
            {busy === 'save' ? t('settings.secrets.saving') : t('settings.secrets.save')}
          </button>
          <button
            type="button"
            className="button button--secondary"
            disabled={status !== true || busy !== null}
            aria-label={t('settings.secrets.clearLabel', { name })}
            data-testid={`secret-clear-${hook}`}
            onClick={() => void onClear()}
          >
            {busy === 'clear' ? t('settings.secrets.clearing') : t('settings.secrets.clear')}
          </button>
        </div>
        {error ? (
          <p className="field-error" id={`${id}-error`} role="alert" data-testid={`secret-error-${hook}`}>
            {error}
          </p>
        ) : null}
      </div>
    </form>
  );
}
