import { useTranslation } from 'react-i18next';
import { NetworkIndicator } from './NetworkIndicator.js';

export function TopBar() {
  const { t } = useTranslation();
  return (
    <header className="top-bar">
      <div className="top-bar__brand">
        <span className="top-bar__mark" aria-hidden="true" />
        <span className="top-bar__name">{t('app.name')}</span>
      </div>
      <NetworkIndicator />
    </header>
  );
}
