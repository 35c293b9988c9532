import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ResponseOf } from '../../../shared/ipc/contract.js';
import { guichet } from '../../bridge/index.js';
import { readIpcFailure } from '../../app/ipcFailure.js';
import { useHostLinkStore } from '../../app/store/hostLinkStore.js';
import { pushToast } from '../../app/store/toastStore.js';
import { useArchiveText } from './i18n/index.js';

/** The choices offered, in days: a month, a quarter, one, five and ten years. */
const choices = [30, 90, 365, 1825, 3650] as const;

/** Per provider: how long the copies kept on this computer stay before Guichet deletes them. */
export function RetentionSettings({ providerName }: { providerName(p: string): string }) {
  const { tx } = useArchiveText();
  const { t } = useTranslation();
  const id = useId();
  const [rows, setRows] = useState<ResponseOf<'archive.retention.get'> | null>(null);
  const relinks = useHostLinkStore((s) => s.relinks);

  useEffect(() => {
    guichet.invoke('archive.retention.get', {}).then(setRows, () => setRows(null));
  }, [relinks]);

  if (!rows || rows.length === 0) return null;
  return (
    <details className="archive-retention" data-testid="archive-retention">
      <summary>{tx('retention.title')}</summary>
      <p className="muted">{tx('retention.intro')}</p>
      <div className="archive-retention__fields">
        {rows.map((row) => (
          <div className="field field--compact" key={row.provider}>
            <label className="field__label" htmlFor={`${id}-${row.provider}`}>
              {tx('retention.label', { provider: providerName(row.provider) })}
            </label>
            <select
              id={`${id}-${row.provider}`}
              className="select"
              value={row.keepDays === null ? '' : String(row.keepDays)}
              data-testid={`archive-retention-${row.provider}`}
              onChange={(e) => {
                const keepDays = e.target.value === '' ? null : Number(e.target.value);
                guichet.invoke('archive.retention.set', { provider: row.provider, keepDays }).then(
                  () => {
                    setRows((current) => (current ?? []).map((r) => (r.provider === row.provider ? { ...r, keepDays } : r)));
                    pushToast({ level: 'success', title: tx('retention.saved') });
                  },
                  (error: unknown) => pushToast({ level: 'error', title: readIpcFailure(error).message ?? t('errors.unexpected') }),
                );
              }}
            >
              <option value="">{tx('retention.forever')}</option>
              {[...new Set([...choices, ...(row.keepDays !== null ? [row.keepDays] : [])])]
                .sort((a, b) => a - b)
                .map((days) => (
                  <option key={days} value={String(days)}>
                    {tx('retention.days', { count: days })}
                  </option>
                ))}
            </select>
          </div>
        ))}
      </div>
    </details>
  );
}
