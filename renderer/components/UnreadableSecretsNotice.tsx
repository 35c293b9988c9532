import { useTranslation } from 'react-i18next';
import type { ProviderId } from '../../shared/domain/providers.js';
import { useSettingsStore } from '../app/store/settingsStore.js';
import { WarningIcon } from './icons.js';

/**
 * Saved passwords or certificates that main could not read (the key protecting them was lost or
 * changed): they were set aside, and the clerk must enter them again. Shown in Réglages (all of them)
 * and on a provider's page (that provider's), until each is entered again or cleared.
 */
export function UnreadableSecretsNotice({ provider }: { provider?: ProviderId }) {
  const { t } = useTranslation();
  const keys = useSettingsStore((s) => s.unreadableSecrets).filter((key) => !provider || key.startsWith(`${provider}.`));
  if (keys.length === 0) return null;
  return (
    <div className="notice notice--error" role="alert" data-testid="unreadable-secrets-notice">
      <WarningIcon />
      <div>
        <p className="notice__title">{t('settings.secrets.unreadable.title')}</p>
        <p>{t('settings.secrets.unreadable.body')}</p>
        <ul>
          {keys.map((key) => (
            <li key={key}>{t(`settings.secrets.names.${key}`)}</li>
          ))}
        </ul>
        <p>{t('settings.secrets.unreadable.hint')}</p>
      </div>
    </div>
  );
}
