import { useId, useState } from 'react';
import type { OnDemandCircuit } from '../../../../shared/domain/parapheur.js';
import type { Tx } from '../i18n/index.js';
import { buildOnDemandCircuit, onDemandStepKinds, onDemandTypes, type OnDemandDraft, type OnDemandStepKind, type Problem } from '../deposit/depositPlan.js';
import { useFileDrop } from '../../../components/useFileDrop.js';
import { ArrowDownIcon, ArrowUpIcon, PlusIcon, TrashIcon, UploadIcon } from '../../../components/icons.js';
import { acceptAttribute } from './CircuitTile.js';
import { FilePicker } from '../../../components/FilePicker.js';
import { SelectField } from '../../../components/Field.js';

let nextStepKey = 1;
const newStep = (step: OnDemandStepKind) => ({ key: nextStepKey++, step, members: '' });

/** « Circuit à la volée »: the clerk composes the steps, then drops files on the card. */
export function OnDemandCard({ tx, onFiles }: { tx: Tx; onFiles(circuit: OnDemandCircuit, files: File[]): void }) {
  const id = useId();
  const [draft, setDraft] = useState<OnDemandDraft>(() => ({ type: 'BUREAUTIQUE_PDF', steps: [newStep('visa'), newStep('signature')] }));
  const [problem, setProblem] = useState<Problem | null>(null);

  const take = (files: File[]) => {
    const built = buildOnDemandCircuit(draft);
    if (!built.ok) {
      // Announced by the role="alert" paragraph; nothing is staged until the circuit is valid.
      setProblem(built.problem);
      return;
    }
    setProblem(null);
    onFiles(built.circuit, files);
  };
  const { over, handlers } = useFileDrop(take);

  // A corrected circuit no longer shows the old error: it is checked again at the next drop.
  const updateStep = (index: number, change: Partial<{ step: OnDemandStepKind; members: string }>) => {
    setProblem(null);
    setDraft((d) => ({ ...d, steps: d.steps.map((s, i) => (i === index ? { ...s, ...change } : s)) }));
  };
  /** The step the error is about (1-based), to mark its field. */
  const problemStep = typeof problem?.values?.n === 'number' ? problem.values.n : null;
  const moveStep = (index: number, delta: -1 | 1) =>
    setDraft((d) => {
      const steps = d.steps.slice();
      const [moved] = steps.splice(index, 1);
      if (moved) steps.splice(index + delta, 0, moved);
      return { ...d, steps };
    });
  const kinds = draft.type === 'BUREAUTIQUE_PDF' ? (['pdf'] as const) : (['xml'] as const);

  return (
    <article
      className={over ? 'circuit-tile circuit-tile--wide circuit-tile--over' : 'circuit-tile circuit-tile--wide'}
      aria-labelledby={`${id}-title`}
      data-testid="circuit-tile-ondemand"
      {...handlers}
    >
      <div className="circuit-tile__head">
        <h3 id={`${id}-title`} className="circuit-tile__name">
          {tx('onDemand.title')}
        </h3>
      </div>
      <p className="muted">{tx('onDemand.intro')}</p>
      <SelectField
        id={`${id}-type`}
        label={tx('onDemand.type')}
        value={draft.type}
        testId="ondemand-type"
        options={onDemandTypes.map((type) => ({ value: type, label: tx(`onDemand.types.${type}`) }))}
        onChange={(type) => setDraft((d) => ({ ...d, type }))}
      />
      <fieldset className="fieldset">
        <legend className="field__label">{tx('onDemand.steps')}</legend>
        <ol className="ondemand-steps">
          {draft.steps.map((s, i) => {
            const n = i + 1;
            return (
              <li key={s.key} className="ondemand-step" data-testid="ondemand-step">
                <span className="ondemand-step__number" aria-hidden="true">
                  {n}
                </span>
                <div className="ondemand-step__fields">
                  <SelectField
                    compact
                    id={`${id}-kind-${s.key}`}
                    label={tx('onDemand.stepKind', { n })}
                    value={s.step}
                    testId="ondemand-step-kind"
                    options={onDemandStepKinds.map((k) => ({ value: k, label: tx(`onDemand.stepKinds.${k}`) }))}
                    onChange={(step) => updateStep(i, { step })}
                  />
                  <div className="field field--compact">
                    <label className="field__label" htmlFor={`${id}-members-${s.key}`}>
                      {tx('onDemand.members', { n })}
                    </label>
                    <input
                      id={`${id}-members-${s.key}`}
                      className="input"
                      type="text"
                      inputMode="email"
                      autoComplete="off"
                      spellCheck={false}
                      value={s.members}
                      aria-invalid={problemStep === i + 1 ? true : undefined}
                      aria-describedby={problemStep === i + 1 ? `${id}-members-hint-${s.key} ${id}-error` : `${id}-members-hint-${s.key}`}
                      data-testid="ondemand-step-members"
                      onChange={(e) => updateStep(i, { members: e.target.value })}
                    />
                    <p className="field__hint" id={`${id}-members-hint-${s.key}`}>
                      {s.step === 'OTPSignature' ? tx('onDemand.membersOtpHint') : tx('onDemand.membersHint')}
                    </p>
                  </div>
                </div>
                <div className="ondemand-step__tools">
                  <button type="button" className="icon-button" onClick={() => moveStep(i, -1)} disabled={i === 0} aria-label={tx('onDemand.moveUp', { n })} title={tx('onDemand.moveUp', { n })}>
                    <ArrowUpIcon />
                  </button>
                  <button
                    type="button"
                    className="icon-button"
                    onClick={() => moveStep(i, 1)}
                    disabled={i === draft.steps.length - 1}
                    aria-label={tx('onDemand.moveDown', { n })}
                    title={tx('onDemand.moveDown', { n })}
                  >
                    <ArrowDownIcon />
                  </button>
                  <button
                    type="button"
                    className="icon-button"
                    onClick={() => setDraft((d) => ({ ...d, steps: d.steps.filter((_, j) => j !== i) }))}
                    aria-label={tx('onDemand.removeStep', { n })}
                    title={tx('onDemand.removeStep', { n })}
                  >
                    <TrashIcon />
                  </button>
                </div>
              </li>
            );
          })}
        </ol>
        <button
          type="button"
          className="button button--secondary button--small"
          onClick={() => setDraft((d) => ({ ...d, steps: [...d.steps, newStep('signature')] }))}
          disabled={draft.steps.length >= 20}
          data-testid="ondemand-add-step"
        >
          <PlusIcon />
          {tx('onDemand.addStep')}
        </button>
      </fieldset>
      {problem ? (
        <p className="field-error" id={`${id}-error`} role="alert" data-testid="ondemand-error">
          {tx(problem.key, problem.values)}
        </p>
      ) : null}
      <div className="drop-area">
        <UploadIcon />
        <span className="drop-area__text">{over ? tx('circuits.dropActive', { name: tx('onDemand.name') }) : tx('circuits.drop')}</span>
        <FilePicker
          label={tx('circuits.choose')}
          aria-label={tx('circuits.chooseLabel', { name: tx('onDemand.name') })}
          multiple
          accept={acceptAttribute(kinds)}
          testId="ondemand-choose"
          inputTestId="ondemand-input"
          onFiles={take}
        />
      </div>
    </article>
  );
}
