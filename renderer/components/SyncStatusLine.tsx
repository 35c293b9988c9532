import { useTranslation } from 'react-i18next';
import { intlLocaleOf } from '../i18n/index.js';
import { formatDateTime } from './format.js';

export interface SyncStatusLineProps {
  /** The provider as the clerk knows it (« FAST », « DossierFacile », « ID360 »). */
  provider: string;
  /** When the provider last answered a sync, from main (local data only). */
  lastSyncedAt: string | null;
  /** The last attempt could not reach the provider. */
  unreachable: boolean;
  /** The last attempt failed for another reason, in the feature's words (shown instead of « injoignable »). */
  problem?: string | null;
  /** What waits, in the feature's words (« 2 dépôts en attente d’envoi. »). */
  queued?: string | null;
  running?: boolean;
  testId: string;
  className?: string;
}

/**
 * When a provider was last synchronised, whether it can be reached now and what waits: the one line
 * every provider section shows, so that a clerk with the network cut reads the same thing everywhere
 * (issue 12, « Offline »). Inline text: it shares a line with a count where space is short.
 */
export function SyncStatusLine({ provider, lastSyncedAt, unreachable, problem, queued, running, testId, className }: SyncStatusLineProps) {
  const { t, i18n } = useTranslation();
  const locale = (i18n.resolvedLanguage ?? i18n.language) === 'en' ? 'en' : 'fr';
  const date = formatDateTime(lastSyncedAt, intlLocaleOf[locale]);
  const parts = [
    running ? t('syncStatus.running') : date ? t('syncStatus.last', { provider, date }) : t('syncStatus.never', { provider }),
    queued ?? null,
  ].filter((p): p is string => !!p);
  const trouble = running ? null : (problem ?? (unreachable ? t('syncStatus.unreachable', { provider }) : null));
  return (
    <p className={['sync-status-line', 'muted', className].filter(Boolean).join(' ')} data-testid={testId} data-unreachable={unreachable ? 'true' : undefined}>
      {parts[0]}
      {trouble ? (
        <>
          {' '}
          <strong className="sync-status-line__trouble" data-testid={`${testId}-trouble`}>
            {trouble}
          </strong>
        </>
      ) : null}
      {parts.slice(1).map((p) => (
        <span key={p}> {p}</span>
      ))}
    </p>
  );
}
