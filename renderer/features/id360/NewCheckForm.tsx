import { useCaseOriginStore } from '../../app/store/caseOriginStore.js';
import { useEffect, useState, type FormEvent } from 'react';
import { guichet } from '../../bridge/index.js';
import { SelectField, TextField } from '../../components/Field.js';
import type { EnrollmentRow } from '../../../shared/domain/id360.js';
import type { ResponseOf } from '../../../shared/ipc/contract.js';
import { readIpcFailure } from '../../app/ipcFailure.js';
import { failureText, useId360Text } from './i18n/index.js';
import { checkPerson, controlOf, labelKeys, personFields, type PersonField } from './personCheck.js';

type Process = ResponseOf<'id360.processes.list'>[number];
export function NewCheckForm({ onCreated, onPending }: { onCreated(row: EnrollmentRow, journeyUrl: string | null): void; onPending?(): void }) {
  const text = useId360Text();
  const { tx } = text;
  const origin = useCaseOriginStore((s) => (s.origin?.provider === 'id360' ? s.origin : null));
  const [processes, setProcesses] = useState<Process[] | null>(null);
  const [processUuid, setProcessUuid] = useState('');
  const [reference, setReference] = useState('');
  const [values, setValues] = useState<Record<PersonField, string>>({ last_name: '', first_name: '', birth_date: '', email: '', phone_number: '' });
  const [locked, setLocked] = useState<Set<PersonField>>(new Set());
  const [problems, setProblems] = useState<ReturnType<typeof checkPerson>['problems']>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** Created at ID360 but its comparison data not all sent: the next submit resumes it (never a second creation). */
  const [pending, setPending] = useState<number | null>(null);

  useEffect(() => {
    guichet
      .invoke('id360.processes.list', {})
      .then((list) => {
        setProcesses(list);
        setProcessUuid((current) => current || list[0]?.uuid || '');
      })
      .catch((e: unknown) => {
        setProcesses([]);
        setError(failureText(text, e));
      });
  }, [text]);

  function reset() {
    setValues({ last_name: '', first_name: '', birth_date: '', email: '', phone_number: '' });
    setReference('');
    setLocked(new Set());
    setPending(null);
  }

  async function resume(localId: number) {
    setBusy(true);
    try {
      const resumed = await guichet.invoke('id360.enrollments.resumeControls', { localId });
      onCreated(resumed.row, resumed.journeyUrl);
      reset();
    } catch (e) {
      setError(failureText(text, e));
    } finally {
      setBusy(false);
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (pending !== null) {
      await resume(pending);
      return;
    }
    const checked = checkPerson(values, locked, new Date());
    setProblems(checked.problems);
    if (Object.keys(checked.problems).length > 0 || !processUuid) return;
    setBusy(true);
    try {
      const created = await guichet.invoke('id360.enrollments.create', {
        processUuid,
        ...(reference.trim() ? { clientReference: reference.trim() } : {}),
        person: checked.person,
        lock: [...locked].map((f) => controlOf[f]),
        // Started from an Archive case: the check's report and photos will join it.
        ...(origin ? { archiveCaseId: origin.caseId } : {}),
      });
      if (origin) useCaseOriginStore.getState().clear();
      onCreated(created.row, created.journeyUrl);
      reset();
    } catch (e) {
      const failure = readIpcFailure(e);
      const localId = (failure.details as { localId?: unknown } | undefined)?.localId;
      if (failure.code === 'ID360_CONTROLS_PENDING' && typeof localId === 'number') {
        setPending(localId);
        // The check exists now: the tracker lists it, marked, while the data waits to be sent.
        onPending?.();
      } else if (failure.code === 'ID360_TWO_FACTOR_REQUIRED') {
        // The page asks for the code (TwoFactorPrompt): what was typed stays for the next try.
        onPending?.();
      } else if (failure.code === 'ID360_CREATION_UNCERTAIN') {
        // Maybe created at ID360: settled from the tracker (« création incertaine »), never by submitting again.
        reset();
        onPending?.();
      }
      setError(failureText(text, e));
    } finally {
      setBusy(false);
    }
  }

  if (processes && processes.length === 0 && !error) return <p className="notice">{tx('form.noProcess')}</p>;

  return (
    <form className="card id360-form" onSubmit={(e) => void submit(e)} noValidate data-testid="id360-new-check" aria-labelledby="id360-form-title">
      <h3 id="id360-form-title">{tx('form.title')}</h3>
      {processes && processes.length > 0 ? (
        <SelectField
          id="id360-process"
          testId="id360-process"
          label={tx('form.process')}
          value={processUuid}
          onChange={setProcessUuid}
          options={processes.map((p) => ({ value: p.uuid, label: p.label }))}
        />
      ) : null}
      <TextField id="id360-reference" testId="id360-reference" label={tx('form.reference')} hint={tx('form.referenceHint')} value={reference} onChange={setReference} readOnly={pending !== null} />
      <fieldset className="id360-form__person">
        <legend>{tx('form.personTitle')}</legend>
        <p className="field-hint">{tx('form.personHint')}</p>
        {personFields.map((field) => (
          <div key={field} className="id360-form__row">
            <TextField
              id={`id360-${field}`}
              testId={`id360-${field}`}
              label={tx(labelKeys[field])}
              type={field === 'birth_date' ? 'date' : field === 'email' ? 'email' : field === 'phone_number' ? 'tel' : 'text'}
              hint={field === 'phone_number' ? tx('form.phoneHint') : undefined}
              value={values[field]}
              readOnly={pending !== null}
              error={problems[field] ? tx(`form.errors.${problems[field]}`) : null}
              onChange={(v) => setValues((old) => ({ ...old, [field]: v }))}
            />
            <label className="checkbox">
              <input
                type="checkbox"
                checked={locked.has(field)}
                disabled={pending !== null}
                data-testid={`id360-lock-${field}`}
                onChange={(e) =>
                  setLocked((old) => {
                    const next = new Set(old);
                    if (e.target.checked) next.add(field);
                    else next.delete(field);
                    return next;
                  })
                }
              />
              {tx('form.lockField', { field: tx(labelKeys[field]) })}
            </label>
          </div>
        ))}
      </fieldset>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="button-row">
        <button type="submit" className="button button--primary" disabled={busy || !processUuid} data-testid="id360-create">
          {pending !== null ? (busy ? tx('form.resuming') : tx('form.resume')) : busy ? tx('form.submitting') : tx('form.submit')}
        </button>
        {pending !== null ? (
          <button
            type="button"
            className="button button--secondary"
            disabled={busy}
            data-testid="id360-resume-abandon"
            onClick={() => {
              reset();
              setError(null);
            }}
          >
            {tx('form.resumeAbandon')}
          </button>
        ) : null}
      </div>
    </form>
  );
}
