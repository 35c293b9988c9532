import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useSettingsStore } from './store/settingsStore.js';
import { simulatedProviders } from './store/endpointsStore.js';
import { WarningIcon } from '../components/icons.js';

/**
 * Never let a clerk believe a simulated deposit was real: shown whenever any provider is simulated.
 * Read from the settings themselves, so it follows a switch the moment it is saved (or made in another
 * window), without waiting for the simulator to answer.
 */
export function SandboxBanner() {
  const { t } = useTranslation();
  const simulated = useSettingsStore(useShallow((s) => simulatedProviders(s.settings)));
  if (simulated.length === 0) return null;
  const list = simulated.map((p) => t(`providers.${p}`)).join(', ');
  return (
    <div role="status" className="sandbox-banner" data-testid="sandbox-banner">
      <WarningIcon />
      <p>
        <strong>{t('sandbox.banner')}</strong> <span className="sandbox-banner__providers">{t('sandbox.simulatedProviders', { list })}</span>
      </p>
    </div>
  );
}
