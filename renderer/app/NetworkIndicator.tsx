import { useTranslation } from 'react-i18next';
import { isOnline, useNetworkStore } from './store/networkStore.js';
import { OfflineIcon, OnlineIcon } from '../components/icons.js';

export function NetworkIndicator() {
  const { t } = useTranslation();
  const online = useNetworkStore(isOnline);
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
