import { useId } from 'react';

interface DayRangeFieldsProps {
  /** Local calendar days as the date inputs give them (YYYY-MM-DD); '' = open end. */
  from: string;
  to: string;
  fromLabel: string;
  toLabel: string;
  /** Test hooks: the prefix followed by « -from » and « -to ». */
  testIdPrefix: string;
  onChange(next: { from: string; to: string }): void;
}

/** « du … au … » for a filter bar: each end bounds the other, so the range cannot be turned inside out. */
export function DayRangeFields({ from, to, fromLabel, toLabel, testIdPrefix, onChange }: DayRangeFieldsProps) {
  const id = useId();
  return (
    <>
      <div className="field field--compact">
        <label className="field__label" htmlFor={`${id}-from`}>
          {fromLabel}
        </label>
        <input
          id={`${id}-from`}
          className="input input--date"
          type="date"
          value={from}
          max={to || undefined}
          data-testid={`${testIdPrefix}-from`}
          onChange={(e) => onChange({ from: e.target.value, to })}
        />
      </div>
      <div className="field field--compact">
        <label className="field__label" htmlFor={`${id}-to`}>
          {toLabel}
        </label>
        <input
          id={`${id}-to`}
          className="input input--date"
          type="date"
          value={to}
          min={from || undefined}
          data-testid={`${testIdPrefix}-to`}
          onChange={(e) => onChange({ from, to: e.target.value })}
        />
      </div>
    </>
  );
}
