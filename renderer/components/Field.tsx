import type { ChangeEvent, HTMLInputTypeAttribute, ReactNode } from 'react';

interface FieldFrameProps {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  testId?: string;
  /** The smaller spacing of filter bars and dense rows. */
  compact?: boolean;
  children: ReactNode;
}

/** Ids of the hint and error texts, for the control's aria-describedby. */
export function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter((x): x is string => x !== null);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

/** Label, hint and error around one control: the error sits right under the field it concerns. */
function FieldFrame({ id, label, hint, error, testId, compact, children }: FieldFrameProps) {
  return (
    <div className={['field', compact ? 'field--compact' : '', error ? 'field--invalid' : ''].filter(Boolean).join(' ')}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {children}
      {error ? (
        <p className="field-error" id={`${id}-error`} data-testid={testId ? `${testId}-error` : undefined}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

interface TextFieldProps {
  id: string;
  label: ReactNode;
  value: string;
  onChange(value: string): void;
  hint?: ReactNode;
  error?: string | null;
  testId?: string;
  type?: HTMLInputTypeAttribute;
  inputMode?: 'text' | 'numeric' | 'url';
  autoComplete?: string;
  min?: number;
  max?: number;
  required?: boolean;
  /** Shown but not editable (a value another party decides). */
  readOnly?: boolean;
  className?: string;
}

export function TextField(props: TextFieldProps) {
  const { id, label, value, onChange, hint, error, testId, type = 'text', inputMode, autoComplete = 'off', min, max, required, readOnly, className } = props;
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error ?? null} testId={testId}>
      <input
        id={id}
        className={className ? `input ${className}` : 'input'}
        type={type}
        inputMode={inputMode}
        value={value}
        autoComplete={autoComplete}
        spellCheck={false}
        min={min}
        max={max}
        step={type === 'number' ? 1 : undefined}
        aria-required={required || undefined}
        readOnly={readOnly}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        data-testid={testId}
        onChange={(e: ChangeEvent<HTMLInputElement>) => onChange(e.target.value)}
      />
    </FieldFrame>
  );
}

interface SelectFieldProps<V extends string> {
  id: string;
  label: ReactNode;
  value: V;
  options: readonly { value: V; label: string }[];
  onChange(value: V): void;
  hint?: ReactNode;
  error?: string | null;
  testId?: string;
  compact?: boolean;
}

export function SelectField<V extends string>(props: SelectFieldProps<V>) {
  const { id, label, value, options, onChange, hint, error, testId, compact } = props;
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error ?? null} testId={testId} compact={compact}>
      <select
        id={id}
        className="select"
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        data-testid={testId}
        onChange={(e) => {
          const next = options.find((o) => o.value === e.target.value);
          if (next) onChange(next.value);
        }}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

interface RadioGroupFieldProps<V extends string> {
  id: string;
  label: ReactNode;
  value: V;
  options: readonly { value: V; label: string; hint?: string }[];
  onChange(value: V): void;
  hint?: ReactNode;
  error?: string | null;
  testId?: string;
}

/**
 * A few exclusive choices, all visible (a fieldset and its legend, one radio each): arrow keys move
 * between them as the browser does for a radio group. `testId` names the group; each radio is
 * `${testId}-${value}`.
 */
export function RadioGroupField<V extends string>(props: RadioGroupFieldProps<V>) {
  const { id, label, value, options, onChange, hint, error, testId } = props;
  return (
    <fieldset
      className={['fieldset', 'field', error ? 'field--invalid' : ''].filter(Boolean).join(' ')}
      id={id}
      data-testid={testId}
      aria-describedby={describedBy(id, hint, error)}
    >
      <legend className="field__label">{label}</legend>
      {hint ? (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <div className="radio-list">
        {options.map((o) => (
          <div key={o.value} className="radio-option">
            <label className="checkbox">
              <input
                type="radio"
                name={id}
                value={o.value}
                checked={o.value === value}
                aria-describedby={o.hint ? `${id}-${o.value}-hint` : undefined}
                data-testid={testId ? `${testId}-${o.value}` : undefined}
                onChange={() => onChange(o.value)}
              />
              <span>{o.label}</span>
            </label>
            {o.hint ? (
              <p className="field__hint radio-option__hint" id={`${id}-${o.value}-hint`}>
                {o.hint}
              </p>
            ) : null}
          </div>
        ))}
      </div>
      {error ? (
        <p className="field-error" id={`${id}-error`} data-testid={testId ? `${testId}-error` : undefined}>
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
