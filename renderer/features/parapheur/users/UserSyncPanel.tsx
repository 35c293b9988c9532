import { useId, useState } from 'react';
import type { FastUser } from '../../../../shared/domain/parapheur.js';
import type { ResponseOf } from '../../../../shared/ipc/contract.js';
import { guichet } from '../../../bridge/index.js';
import { toastSuccess } from '../../../components/feedback.js';
import { FilePicker } from '../../../components/FilePicker.js';
import type { Tx } from '../i18n/index.js';
import { failureText } from '../ui/feedback.js';
import { parseSyncUsers, usersToSyncJson, type SyncUser } from './userSync.js';

type Preview = ResponseOf<'parapheur.users.syncPreview'>;

/**
 * The guarded synchronisation: FAST deletes every user absent from the list, so the clerk first
 * sees the dry run (deletions in red, counted), then confirms by typing the number of deletions.
 * main checks that number again against a fresh diff.
 */
export function UserSyncPanel({ tx, current, onApplied }: { tx: Tx; current: FastUser[] | null; onApplied(): void }) {
  const id = useId();
  const [text, setText] = useState('');
  const [parseError, setParseError] = useState<string | null>(null);
  const [preview, setPreview] = useState<{ users: SyncUser[]; diff: Preview } | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [confirm, setConfirm] = useState('');
  const [applying, setApplying] = useState(false);
  const [callError, setCallError] = useState<string | null>(null);
  const [failures, setFailures] = useState<string[] | null>(null);

  const edit = (next: string) => {
    setText(next);
    // The preview described the previous text: it must be run again.
    setPreview(null);
    setConfirm('');
    setFailures(null);
  };

  const loadFile = async (file: File) => {
    try {
      edit(await file.text());
      setParseError(null);
    } catch {
      setParseError(tx('users.sync.errors.file'));
    }
  };

  const runPreview = async () => {
    const parsed = parseSyncUsers(text);
    if (!parsed.ok) {
      setParseError(tx(parsed.problem.key, parsed.problem.values));
      return;
    }
    setParseError(null);
    setCallError(null);
    setPreviewing(true);
    try {
      const diff = await guichet.invoke('parapheur.users.syncPreview', { users: parsed.users });
      setPreview({ users: parsed.users, diff });
      setConfirm('');
    } catch (e) {
      setCallError(failureText(e, tx));
    } finally {
      setPreviewing(false);
    }
  };

  const deletions = preview?.diff.deleted.length ?? 0;
  const confirmed = preview !== null && confirm.trim() === String(deletions);
  const nothingToDo = preview !== null && preview.diff.created.length + preview.diff.updated.length + deletions === 0;

  const apply = async () => {
    if (!preview || !confirmed) return;
    setApplying(true);
    setCallError(null);
    try {
      const result = await guichet.invoke('parapheur.users.syncApply', { users: preview.users, confirmDeletions: deletions });
      setFailures(result.failures);
      if (result.applied) {
        toastSuccess(tx('users.sync.applied'));
        setPreview(null);
        setConfirm('');
        onApplied();
      } else {
        setCallError(tx('users.sync.notApplied'));
      }
    } catch (e) {
      setCallError(failureText(e, tx));
    } finally {
      setApplying(false);
    }
  };

  return (
    <div className="user-sync" data-testid="user-sync">
      <h3 className="panel__title">{tx('users.sync.title')}</h3>
      <div className="notice notice--error user-sync__warning" role="note">
        <p>{tx('users.sync.warning')}</p>
      </div>
      <div className={parseError ? 'field field--invalid' : 'field'}>
        <label className="field__label" htmlFor={`${id}-json`}>
          {tx('users.sync.json')}
        </label>
        <p className="field__hint" id={`${id}-json-hint`}>
          {tx('users.sync.jsonHint')}
        </p>
        <textarea
          id={`${id}-json`}
          className="input textarea textarea--code"
          rows={12}
          spellCheck={false}
          value={text}
          aria-invalid={parseError ? true : undefined}
          aria-describedby={parseError ? `${id}-json-hint ${id}-json-error` : `${id}-json-hint`}
          data-testid="user-sync-json"
          onChange={(e) => edit(e.target.value)}
        />
        {parseError ? (
          <p className="field-error" id={`${id}-json-error`} role="alert" data-testid="user-sync-parse-error">
            {parseError}
          </p>
        ) : null}
      </div>
      <div className="button-row">
        <button type="button" className="button button--secondary button--small" onClick={() => current && edit(usersToSyncJson(current))} disabled={!current} data-testid="user-sync-from-current">
          {tx('users.sync.fromCurrent')}
        </button>
        <FilePicker
          label={tx('users.sync.loadFile')}
          aria-label={tx('users.sync.loadFileLabel')}
          accept=".json,application/json"
          testId="user-sync-load"
          inputTestId="user-sync-file"
          onFiles={(files) => void loadFile(files[0]!)}
        />
        <button
          type="button"
          className="button button--primary button--small"
          onClick={() => void runPreview()}
          disabled={previewing || text.trim() === ''}
          aria-busy={previewing}
          data-testid="user-sync-preview"
        >
          {previewing ? tx('users.sync.previewing') : tx('users.sync.preview')}
        </button>
      </div>
      {callError ? (
        <p className="notice notice--error" role="alert" data-testid="user-sync-error">
          {callError}
        </p>
      ) : null}
      {preview ? (
        <section className="panel user-sync__preview" aria-labelledby={`${id}-preview`} data-testid="user-sync-result">
          <h4 id={`${id}-preview`} className="panel__title">
            {tx('users.sync.previewTitle')}
          </h4>
          {nothingToDo ? <p>{tx('users.sync.noChange')}</p> : null}
          <DiffList testId="user-sync-created" tone="success" title={tx('users.sync.created', { count: preview.diff.created.length })} emails={preview.diff.created} />
          <DiffList testId="user-sync-updated" tone="info" title={tx('users.sync.updated', { count: preview.diff.updated.length })} emails={preview.diff.updated} />
          <DiffList testId="user-sync-deleted" tone="error" title={tx('users.sync.deleted', { count: deletions })} emails={preview.diff.deleted} />
          {!nothingToDo ? (
            <form
              className="user-sync__confirm"
              onSubmit={(e) => {
                e.preventDefault();
                void apply();
              }}
            >
              <div className="field">
                <label className="field__label" htmlFor={`${id}-confirm`}>
                  {tx('users.sync.confirm', { count: deletions })}
                </label>
                <p className="field__hint" id={`${id}-confirm-hint`}>
                  {tx('users.sync.confirmHint')}
                </p>
                <input
                  id={`${id}-confirm`}
                  className="input input--short"
                  inputMode="numeric"
                  autoComplete="off"
                  value={confirm}
                  aria-describedby={`${id}-confirm-hint`}
                  data-testid="user-sync-confirm"
                  onChange={(e) => setConfirm(e.target.value)}
                />
              </div>
              <button type="submit" className="button button--danger" disabled={!confirmed || applying} aria-busy={applying} data-testid="user-sync-apply">
                {applying ? tx('users.sync.applying') : tx('users.sync.apply')}
              </button>
            </form>
          ) : null}
        </section>
      ) : null}
      {failures && failures.length > 0 ? (
        <div className="notice notice--warning" data-testid="user-sync-failures">
          <div>
            <p className="notice__title">{tx('users.sync.failures')}</p>
            <ul>
              {failures.map((f) => (
                <li key={f}>{f}</li>
              ))}
            </ul>
          </div>
        </div>
      ) : null}
    </div>
  );
}

function DiffList({ title, emails, tone, testId }: { title: string; emails: string[]; tone: 'success' | 'info' | 'error'; testId: string }) {
  return (
    <div className={`diff-list diff-list--${tone}`} data-testid={testId} data-count={emails.length}>
      <p className="diff-list__title">{title}</p>
      {emails.length > 0 ? (
        <ul className="diff-list__items">
          {emails.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
