import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ArchiveCase } from '../../../shared/ipc/archive.js';
import { guichet } from '../../bridge/index.js';
import { ModalDialog } from '../../components/ModalDialog.js';
import { TextField } from '../../components/Field.js';
import { readIpcFailure } from '../../app/ipcFailure.js';
import { useHostLinkStore } from '../../app/store/hostLinkStore.js';
import { pushToast } from '../../app/store/toastStore.js';
import { useCaseOriginStore } from '../../app/store/caseOriginStore.js';
import type { ProviderId } from '../../../shared/domain/providerIds.js';
import { useArchiveText } from './i18n/index.js';

export type CaseView = { caseId: number; mode: 'items' | 'suggestions' } | null;

/** What an Archive row carries when dragged: the ids of the items it moves (JSON). */
export const archiveItemsDragType = 'application/x-guichet-archive-items';

/** Providers whose action can be started from a case (each names it in the catalogue's `cases.start`). */
const startable: readonly ProviderId[] = ['parapheur', 'id360', 'dossierfacile'];

function draggedIds(data: DataTransfer): number[] {
  try {
    const parsed: unknown = JSON.parse(data.getData(archiveItemsDragType));
    return Array.isArray(parsed) ? parsed.filter((v): v is number => Number.isInteger(v) && v > 0) : [];
  } catch {
    return [];
  }
}

interface CaseBarProps {
  /** The words typed in the Archive's search: cases holding them are offered. */
  query: string;
  view: CaseView;
  onView(view: CaseView): void;
  selected: readonly number[];
  onAttached(): void;
  /** Bumped when the archive changed (items attached, purged): counts reload. */
  reload: number;
  /** The registry's providers that keep files: the actions a case can start. */
  providers: readonly string[];
}

/**
 * Case folders (« Dossiers »): choose one to see its items (one timeline, newest first) or the items
 * that share a person or a reference with it; create one; attach the selected items to it.
 */
export function CaseBar({ query, view, onView, selected, onAttached, reload, providers }: CaseBarProps) {
  const { tx } = useArchiveText();
  const { t } = useTranslation();
  const id = useId();
  const [cases, setCases] = useState<ArchiveCase[]>([]);
  const [found, setFound] = useState<ArchiveCase[]>([]);
  const [creating, setCreating] = useState(false);
  const [target, setTarget] = useState('');
  const relinks = useHostLinkStore((s) => s.relinks);
  const failure = (e: unknown) => readIpcFailure(e).message ?? t('errors.unexpected');

  useEffect(() => {
    guichet.invoke('archive.cases.list', { query: '' }).then(setCases, () => setCases([]));
  }, [reload, relinks]);
  useEffect(() => {
    if (!query.trim()) {
      setFound([]);
      return;
    }
    let cancelled = false;
    guichet.invoke('archive.cases.list', { query }).then(
      (list) => !cancelled && setFound(list),
      () => !cancelled && setFound([]),
    );
    return () => {
      cancelled = true;
    };
  }, [query, reload, relinks]);

  const current = view ? cases.find((c) => c.id === view.caseId) ?? null : null;
  const [dropTarget, setDropTarget] = useState<number | null>(null);
  const startFrom = useCaseOriginStore((s) => s.startFrom);
  const attach = (caseId: number | null, ids: readonly number[] = selected) =>
    guichet.invoke('archive.cases.attach', { caseId, ids: [...ids] }).then(
      (r) => {
        pushToast({ level: 'success', title: caseId === null ? tx('cases.detached', { count: r.changed }) : tx('cases.attached', { count: r.changed }) });
        onAttached();
      },
      (e: unknown) => pushToast({ level: 'error', title: failure(e) }),
    );

  return (
    <section className="archive-cases" aria-label={tx('cases.label')} data-testid="archive-cases">
      <div className="field field--compact">
        <label className="field__label" htmlFor={`${id}-case`}>
          {tx('cases.choose')}
        </label>
        <select
          id={`${id}-case`}
          className="select"
          value={view ? String(view.caseId) : ''}
          data-testid="archive-case-select"
          onChange={(e) => onView(e.target.value ? { caseId: Number(e.target.value), mode: 'items' } : null)}
        >
          <option value="">{tx('cases.none')}</option>
          {cases.map((c) => (
            <option key={c.id} value={String(c.id)}>
              {c.reference ? `${c.title} (${c.reference})` : c.title}
            </option>
          ))}
        </select>
      </div>
      {current ? (
        <div className="archive-cases__mode" role="group" aria-label={tx('cases.modeLabel')}>
          <button
            type="button"
            className={view?.mode === 'items' ? 'button button--primary button--small' : 'button button--secondary button--small'}
            aria-pressed={view?.mode === 'items'}
            data-testid="archive-case-items"
            onClick={() => onView({ caseId: current.id, mode: 'items' })}
          >
            {tx('cases.items', { count: current.items })}
          </button>
          <button
            type="button"
            className={view?.mode === 'suggestions' ? 'button button--primary button--small' : 'button button--secondary button--small'}
            aria-pressed={view?.mode === 'suggestions'}
            data-testid="archive-case-suggestions"
            onClick={() => onView({ caseId: current.id, mode: 'suggestions' })}
          >
            {tx('cases.suggestions')}
          </button>
        </div>
      ) : null}
      {current && view?.mode === 'items' ? (
        <div className="archive-cases__start" role="group" aria-label={tx('cases.startLabel', { title: current.title })}>
          {startable
            .filter((p) => providers.includes(p))
            .map((p) => (
              <button
                key={p}
                type="button"
                className="button button--secondary button--small"
                data-testid={`archive-case-start-${p}`}
                onClick={() => startFrom({ caseId: current.id, title: current.title, provider: p })}
              >
                {tx(`cases.start.${p}`)}
              </button>
            ))}
        </div>
      ) : null}
      {!view && cases.length > 0 ? (
        <div className="archive-cases__drop" data-testid="archive-case-drops">
          <span className="muted">{tx('cases.dropHint')}</span>
          {cases.slice(0, 6).map((c) => (
            <button
              key={c.id}
              type="button"
              className={dropTarget === c.id ? 'button button--primary button--small' : 'button button--text button--small'}
              data-testid="archive-case-drop"
              data-case-id={c.id}
              onClick={() => onView({ caseId: c.id, mode: 'items' })}
              onDragOver={(event) => {
                if (!event.dataTransfer.types.includes(archiveItemsDragType)) return;
                event.preventDefault();
                event.dataTransfer.dropEffect = 'move';
                setDropTarget(c.id);
              }}
              onDragLeave={() => setDropTarget((t) => (t === c.id ? null : t))}
              onDrop={(event) => {
                event.preventDefault();
                setDropTarget(null);
                const ids = draggedIds(event.dataTransfer);
                if (ids.length > 0) void attach(c.id, ids);
              }}
            >
              {tx('cases.foundCase', { title: c.title, count: c.items })}
            </button>
          ))}
        </div>
      ) : null}
      <div className="archive-cases__actions">
        <button type="button" className="button button--secondary button--small" data-testid="archive-case-new" onClick={() => setCreating(true)}>
          {tx('cases.create')}
        </button>
        {current && view?.mode === 'suggestions' ? (
          <button type="button" className="button button--secondary button--small" disabled={selected.length === 0} data-testid="archive-case-attach" onClick={() => void attach(current.id)}>
            {tx('cases.attach', { title: current.title })}
          </button>
        ) : null}
        {!current && cases.length > 0 ? (
          <div className="archive-cases__target">
            <label className="visually-hidden" htmlFor={`${id}-target`}>
              {tx('cases.target')}
            </label>
            <select id={`${id}-target`} className="select" value={target} data-testid="archive-case-target" onChange={(e) => setTarget(e.target.value)}>
              <option value="">{tx('cases.target')}</option>
              {cases.map((c) => (
                <option key={c.id} value={String(c.id)}>
                  {c.title}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="button button--secondary button--small"
              disabled={selected.length === 0 || !target}
              data-testid="archive-case-attach"
              onClick={() => void attach(Number(target))}
            >
              {tx('cases.attachSelection')}
            </button>
          </div>
        ) : null}
        {current && view?.mode === 'items' ? (
          <button type="button" className="button button--secondary button--small" disabled={selected.length === 0} data-testid="archive-case-detach" onClick={() => void attach(null)}>
            {tx('cases.detach')}
          </button>
        ) : null}
      </div>
      {found.length > 0 && !view ? (
        <div className="archive-cases__found" data-testid="archive-cases-found">
          <span>{tx('cases.found')}</span>
          {found.map((c) => (
            <button key={c.id} type="button" className="button button--text button--small" data-testid="archive-case-found" onClick={() => onView({ caseId: c.id, mode: 'items' })}>
              {tx('cases.foundCase', { title: c.title, count: c.items })}
            </button>
          ))}
        </div>
      ) : null}
      {creating ? (
        <CreateCaseDialog
          onClose={() => setCreating(false)}
          onCreated={(c) => {
            setCreating(false);
            setCases((list) => [c, ...list]);
            onView({ caseId: c.id, mode: 'items' });
          }}
        />
      ) : null}
    </section>
  );
}

function CreateCaseDialog({ onClose, onCreated }: { onClose(): void; onCreated(c: ArchiveCase): void }) {
  const { tx } = useArchiveText();
  const { t } = useTranslation();
  const id = useId();
  const [title, setTitle] = useState('');
  const [reference, setReference] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim()) {
      setError(tx('cases.titleMissing'));
      return;
    }
    setBusy(true);
    guichet
      .invoke('archive.cases.create', { title: title.trim(), reference: reference.trim() })
      .then(onCreated, (e: unknown) => setError(readIpcFailure(e).message ?? t('errors.unexpected')))
      .finally(() => setBusy(false));
  };

  return (
    <ModalDialog onClose={onClose} labelledBy={`${id}-title`} className="modal--small" testId="archive-case-dialog" busy={busy}>
      <form onSubmit={submit} noValidate>
        <div className="modal__body">
          <h2 id={`${id}-title`} className="modal__title">
            {tx('cases.createTitle')}
          </h2>
          <TextField id={`${id}-name`} label={tx('cases.titleLabel')} hint={tx('cases.titleHint')} value={title} onChange={setTitle} error={error} required testId="archive-case-title" />
          <TextField id={`${id}-reference`} label={tx('cases.referenceLabel')} value={reference} onChange={setReference} testId="archive-case-reference" />
        </div>
        <div className="modal__actions">
          <button type="button" className="button button--secondary" onClick={onClose} disabled={busy}>
            {tx('actions.cancel')}
          </button>
          <button type="submit" className="button button--primary" disabled={busy} data-testid="archive-case-create">
            {tx('cases.createConfirm')}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
