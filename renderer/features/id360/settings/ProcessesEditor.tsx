import { useEffect, useId, useState, type FormEvent } from 'react';
import { guichet } from '../../../bridge/index.js';
import { saveSettings } from '../../../app/hostSession.js';
import { useSettingsStore } from '../../../app/store/settingsStore.js';
import { TextField } from '../../../components/Field.js';
import type { Id360Process } from '../../../../shared/domain/id360.js';
import { failureText, useId360Text } from '../i18n/index.js';
import { addProcess, type ProcessProblem } from './processList.js';

/**
 * Réglages › ID360: the process UUIDs the organisation uses, each with the name the clerks know it by.
 * Saved in the settings (providers.id360.processes); the new-check form offers them. In Sandbox the
 * simulator's processes are offered too, shown here read-only.
 */
export function Id360ProcessesEditor() {
  const text = useId360Text();
  const { tx } = text;
  const titleId = useId();
  const saved = useSettingsStore((s) => s.settings?.providers.id360.processes) ?? [];
  const environment = useSettingsStore((s) => s.settings?.providers.id360.environment);
  const [label, setLabel] = useState('');
  const [uuid, setUuid] = useState('');
  const [problems, setProblems] = useState<Partial<Record<'label' | 'uuid', ProcessProblem>>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [simulated, setSimulated] = useState<Id360Process[]>([]);

  useEffect(() => {
    if (environment !== 'sandbox') {
      setSimulated([]);
      return;
    }
    let live = true;
    guichet
      .invoke('id360.processes.list', {})
      .then((list) => live && setSimulated(list.filter((p) => p.source === 'sandbox')))
      .catch(() => live && setSimulated([]));
    return () => {
      live = false;
    };
  }, [environment]);

  async function save(next: Id360Process[]): Promise<boolean> {
    setBusy(true);
    setError(null);
    try {
      await saveSettings({ providers: { id360: { processes: next } } });
      return true;
    } catch (e) {
      setError(failureText(text, e));
      return false;
    } finally {
      setBusy(false);
    }
  }

  async function onAdd(event: FormEvent) {
    event.preventDefault();
    const result = addProcess(saved, { label, uuid });
    if (!result.ok) {
      setProblems(result.problems);
      document.getElementById(result.problems.label ? 'id360-process-label' : 'id360-process-uuid')?.focus();
      return;
    }
    setProblems({});
    if (await save(result.list)) {
      setLabel('');
      setUuid('');
      document.getElementById('id360-process-label')?.focus();
    }
  }

  return (
    <section className="settings-section id360-processes" aria-labelledby={titleId} data-testid="id360-processes">
      <h3 id={titleId} className="settings-section__title">
        {tx('processes.title')}
      </h3>
      <p className="muted">{tx('processes.intro')}</p>
      {saved.length === 0 ? (
        <p className="muted" data-testid="id360-processes-empty">
          {tx('processes.empty')}
        </p>
      ) : (
        <ul className="id360-processes__list" aria-label={tx('processes.listLabel')}>
          {saved.map((p) => (
            <li key={p.uuid} className="id360-processes__item" data-testid="id360-process-item">
              <span className="id360-processes__label">{p.label}</span>
              <code className="id360-processes__uuid">{p.uuid}</code>
              <button
                type="button"
                className="button button--secondary button--small"
                disabled={busy}
                onClick={() => void save(saved.filter((q) => q.uuid !== p.uuid))}
                aria-label={tx('processes.remove', { label: p.label })}
              >
                {tx('processes.removeShort')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="id360-processes__form" onSubmit={(e) => void onAdd(e)} noValidate>
        <TextField
          id="id360-process-label"
          testId="id360-process-label"
          label={tx('processes.label')}
          hint={tx('processes.labelHint')}
          value={label}
          onChange={(v) => {
            setLabel(v);
            setProblems((p) => ({ ...p, label: undefined }));
          }}
          error={problems.label ? tx(`processes.errors.${problems.label}`) : null}
        />
        <TextField
          id="id360-process-uuid"
          testId="id360-process-uuid"
          label={tx('processes.uuid')}
          hint={tx('processes.uuidHint')}
          value={uuid}
          onChange={(v) => {
            setUuid(v);
            setProblems((p) => ({ ...p, uuid: undefined }));
          }}
          error={problems.uuid ? tx(`processes.errors.${problems.uuid}`) : null}
        />
        {error ? (
          <p className="field-error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="button button--secondary" disabled={busy} data-testid="id360-process-add">
          {tx('processes.add')}
        </button>
      </form>
      {environment === 'sandbox' ? (
        <>
          <p className="notice notice--info" data-testid="id360-processes-sandbox">
            {tx('processes.sandboxNote')}
          </p>
          {simulated.length > 0 ? (
            <ul className="id360-processes__list" aria-label={tx('processes.sandboxListLabel')}>
              {simulated.map((p) => (
                <li key={p.uuid} className="id360-processes__item">
                  <span className="id360-processes__label">{p.label}</span>
                  <code className="id360-processes__uuid">{p.uuid}</code>
                </li>
              ))}
            </ul>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
