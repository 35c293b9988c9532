import { useTranslation } from 'react-i18next';
import { useHostLinkStore } from './store/hostLinkStore.js';
import { WarningIcon } from '../components/icons.js';

/**
 * Says at once that Guichet itself stopped answering (its window was closed, the computer restarted it)
 * while the screen keeps what it last showed; goes away by itself when Guichet is back.
 */
export function HostLinkBanner() {
  const { t } = useTranslation();
  const link = useHostLinkStore((s) => s.link);
  if (link === 'linked') return null;
  return (
    <div role="alert" className="host-link-banner" data-testid="host-link-banner" data-link={link}>
      <WarningIcon />
      <p>
        <strong>{t(`hostLink.${link}.title`)}</strong> {t(`hostLink.${link}.body`)}
      </p>
    </div>
  );
}
