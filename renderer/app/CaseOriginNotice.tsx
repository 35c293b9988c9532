import { useTranslation } from 'react-i18next';
import type { ProviderId } from '../../shared/domain/providerIds.js';
import { useCaseOriginFor, useCaseOriginStore } from './store/caseOriginStore.js';

/**
 * Says, on a provider's page, that the clerk came from a case folder of the Archive and that what
 * they start here will be filed in it; the clerk can decline.
 */
export function CaseOriginNotice({ provider }: { provider: ProviderId }) {
  const { t } = useTranslation();
  const origin = useCaseOriginFor(provider);
  const clear = useCaseOriginStore((s) => s.clear);
  if (!origin) return null;
  return (
    <div className="notice notice--info case-origin" role="status" data-testid="case-origin">
      <p>{t('caseOrigin.notice', { title: origin.title })}</p>
      <button type="button" className="button button--text button--small" data-testid="case-origin-cancel" onClick={clear}>
        {t('caseOrigin.cancel')}
      </button>
    </div>
  );
}
