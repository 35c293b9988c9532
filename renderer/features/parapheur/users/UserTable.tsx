import { useMemo, useState } from 'react';
import type { FastUser } from '../../../../shared/domain/parapheur.js';
import { EmptyState } from '../../../components/EmptyState.js';
import { containsAllTerms, searchTerms } from '../../../components/filterText.js';
import { SearchField } from '../../../components/SearchField.js';
import type { Tx } from '../i18n/index.js';

/** FAST's users with their groups and circuits, filtered by any word typed. */
export function UserTable({ tx, users, loading }: { tx: Tx; users: FastUser[] | null; loading: boolean }) {
  const [filter, setFilter] = useState('');
  const shown = useMemo(() => {
    const terms = searchTerms(filter);
    if (!users) return [];
    return users.filter((u) => containsAllTerms([u.firstName, u.lastName, u.email, ...u.groups, ...u.circuits].join(' '), terms));
  }, [users, filter]);

  if (!users) return loading ? <p className="muted" role="status">{tx('users.loading')}</p> : null;
  if (users.length === 0) return <EmptyState>{tx('users.empty')}</EmptyState>;
  return (
    <div className="user-table">
      <div className="user-table__tools">
        <SearchField label={tx('users.filter')} value={filter} testId="users-filter" onChange={setFilter} />
        <p className="muted" role="status">
          {tx('users.count', { count: shown.length })}
        </p>
      </div>
      <div className="table-scroll" tabIndex={0} role="region" aria-label={tx('users.title')}>
        <table className="data-table" data-testid="users-table">
          <thead>
            <tr>
              <th scope="col">{tx('users.columns.name')}</th>
              <th scope="col">{tx('users.columns.email')}</th>
              <th scope="col">{tx('users.columns.authenticationType')}</th>
              <th scope="col">{tx('users.columns.groups')}</th>
              <th scope="col">{tx('users.columns.circuits')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((u) => (
              <tr key={u.email} data-testid="user-row" data-email={u.email}>
                <th scope="row">{`${u.lastName.toUpperCase()} ${u.firstName}`}</th>
                <td>{u.email}</td>
                <td>{u.authenticationType === 'CERTIFICAT' || u.authenticationType === 'BASIC' ? tx(`users.authTypes.${u.authenticationType}`) : u.authenticationType}</td>
                <td>{u.groups.join(', ') || tx('common.none')}</td>
                <td>{u.circuits.join(', ') || tx('common.none')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
