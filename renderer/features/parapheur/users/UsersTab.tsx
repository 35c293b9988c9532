import { useCallback, useEffect, useState } from 'react';
import type { FastUser } from '../../../../shared/domain/parapheur.js';
import { guichet } from '../../../bridge/index.js';
import { useParapheurText } from '../i18n/index.js';
import { failureText } from '../ui/feedback.js';
import { RefreshIcon } from '../../../components/icons.js';
import { TabList, panelId, tabId } from '../../../components/TabList.js';
import { UserSyncPanel } from './UserSyncPanel.js';
import { UserTable } from './UserTable.js';

type SubTab = 'list' | 'admin';
const subTabs: readonly SubTab[] = ['list', 'admin'];

/** FAST's users, as a list to search and as the guarded synchronisation. */
export function UsersTab() {
  const { tx } = useParapheurText();
  const [tab, setTab] = useState<SubTab>('list');
  const [users, setUsers] = useState<FastUser[] | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      setUsers(await guichet.invoke('parapheur.users.export', {}));
    } catch (e) {
      setError(failureText(e, tx));
    } finally {
      setLoading(false);
    }
  }, [tx]);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section className="users-tab" aria-labelledby="users-title" data-testid="users-tab">
      <div className="section-head">
        <div>
          <h2 id="users-title" className="section-head__title">
            {tx('users.title')}
          </h2>
          <p className="muted">{tx('users.intro')}</p>
        </div>
        <button type="button" className="button button--secondary" onClick={() => void load()} disabled={loading} aria-busy={loading} data-testid="users-refresh">
          <RefreshIcon />
          {tx('users.refresh')}
        </button>
      </div>
      <TabList<SubTab> ids={subTabs} active={tab} label={tx('users.subTabsLabel')} prefix="users" labelOf={(id) => tx(`users.subTabs.${id}`)} onSelect={setTab} variant="sub" />
      <div role="tabpanel" id={panelId('users', tab)} aria-labelledby={tabId('users', tab)} className="tabs__panel tabs__panel--sub">
        {error ? (
          <p className="notice notice--error" role="alert" data-testid="users-error">
            {error}
          </p>
        ) : null}
        {tab === 'list' ? <UserTable tx={tx} users={users} loading={loading} /> : <UserSyncPanel tx={tx} current={users} onApplied={() => void load()} />}
      </div>
    </section>
  );
}
