import { useId, useState, type FormEvent } from 'react';
import type { FileKind } from '../../../../shared/domain/parapheur.js';
import { TextField } from '../../../components/Field.js';
import type { Tx } from '../i18n/index.js';
import { buildCircuitSave, emptyCircuitDraft, fileKinds, type CircuitDraft, type CircuitDraftProblems } from '../deposit/depositPlan.js';
import { useCircuitsStore } from './circuitsStore.js';
import { failureText } from '../ui/feedback.js';
import { toastSuccess } from '../../../components/feedback.js';

export function AddCircuitForm({ tx, onDone }: { tx: Tx; onDone(): void }) {
  const id = useId();
  const save = useCircuitsStore((s) => s.save);
  const [draft, setDraft] = useState<CircuitDraft>(emptyCircuitDraft);
  const [problems, setProblems] = useState<CircuitDraftProblems>({});
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const problem = (field: keyof CircuitDraftProblems) => {
    const p = problems[field];
    return p ? tx(p.key, p.values) : null;
  };

  const toggleKind = (kind: FileKind, on: boolean) =>
    setDraft((d) => ({ ...d, accepts: on ? [...d.accepts.filter((k) => k !== kind), kind] : d.accepts.filter((k) => k !== kind) }));

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const built = buildCircuitSave(draft);
    if (!built.ok) {
      setProblems(built.problems);
      const first = (['id', 'accepts', 'stepCount'] as const).find((f) => built.problems[f]);
      if (first) document.getElementById(`${id}-${first}`)?.focus();
      return;
    }
    setProblems({});
    setError(null);
    setSaving(true);
    try {
      const saved = await save(built.circuit);
      toastSuccess(tx('circuits.saved'), saved.name);
      setDraft(emptyCircuitDraft);
      onDone();
    } catch (e) {
      setError(failureText(e, tx));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="panel circuit-form" onSubmit={(e) => void onSubmit(e)} noValidate aria-labelledby={`${id}-title`} data-testid="circuit-form">
      <h3 id={`${id}-title`} className="panel__title">
        {tx('circuitForm.title')}
      </h3>
      <p className="muted">{tx('circuitForm.intro')}</p>
      <div className="form-grid">
        <TextField
          id={`${id}-id`}
          testId="circuit-form-id"
          label={tx('circuitForm.id')}
          hint={tx('circuitForm.idHint')}
          value={draft.id}
          required
          error={problem('id')}
          onChange={(v) => setDraft((d) => ({ ...d, id: v }))}
        />
        <TextField
          id={`${id}-name`}
          testId="circuit-form-name"
          label={tx('circuitForm.name')}
          hint={tx('circuitForm.nameHint')}
          value={draft.name}
          onChange={(v) => setDraft((d) => ({ ...d, name: v }))}
        />
      </div>
      <fieldset className={problems.accepts ? 'fieldset field--invalid' : 'fieldset'} aria-describedby={problems.accepts ? `${id}-accepts-error` : undefined}>
        <legend className="field__label">{tx('circuitForm.accepts')}</legend>
        <div className="checkbox-row" id={`${id}-accepts`} tabIndex={-1}>
          {fileKinds.map((kind) => (
            <label key={kind} className="checkbox">
              <input
                type="checkbox"
                checked={draft.accepts.includes(kind)}
                onChange={(e) => toggleKind(kind, e.target.checked)}
                data-testid={`circuit-form-accepts-${kind}`}
              />
              <span>{tx(`kinds.${kind}`)}</span>
            </label>
          ))}
        </div>
        {problems.accepts ? (
          <p className="field-error" id={`${id}-accepts-error`}>
            {problem('accepts')}
          </p>
        ) : null}
      </fieldset>
      <TextField
        id={`${id}-stepCount`}
        testId="circuit-form-steps"
        label={tx('circuitForm.stepCount')}
        hint={tx('circuitForm.stepCountHint')}
        value={draft.stepCount}
        inputMode="numeric"
        className="input--short"
        error={problem('stepCount')}
        onChange={(v) => setDraft((d) => ({ ...d, stepCount: v }))}
      />
      <label className="checkbox">
        <input type="checkbox" checked={draft.pinned} onChange={(e) => setDraft((d) => ({ ...d, pinned: e.target.checked }))} data-testid="circuit-form-pinned" />
        <span>{tx('circuitForm.pinned')}</span>
      </label>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="button-row">
        <button type="submit" className="button button--primary" disabled={saving} aria-busy={saving} data-testid="circuit-form-submit">
          {saving ? tx('circuitForm.saving') : tx('circuitForm.submit')}
        </button>
        <button type="button" className="button button--secondary" onClick={onDone} disabled={saving}>
          {tx('common.cancel')}
        </button>
      </div>
    </form>
  );
}
