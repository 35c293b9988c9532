import { useTranslation } from 'react-i18next';
import { isOnline, useNetworkStore } from './store/networkStore.js';
import { useHostLinkStore } from './store/hostLinkStore.js';
import { OfflineIcon, OnlineIcon } from '../components/icons.js';

export function NetworkIndicator() {
  const { t } = useTranslation();
  const networkOnline = useNetworkStore(isOnline);
  // Without Guichet behind the page, nothing can reach the network for the clerk either.
  const online = useHostLinkStore((s) => s.link === 'linked') && networkOnline;
  return (
    <div
      role="status"
      className={online ? 'network-indicator network-indicator--online' : 'network-indicator network-indicator--offline'}
      data-testid="network-indicator"
      data-online={online ? 'true' : 'false'}
    >
      {online ? <OnlineIcon /> : <OfflineIcon />}
      <span>{online ? t('network.online') : t('network.offline')}</span>
      {online ? null : <span className="visually-hidden">{t('network.offlineHint')}</span>}
    </div>
  );
}
