import { useId, type ReactNode } from 'react';

interface SearchFieldProps {
  label: ReactNode;
  value: string;
  placeholder?: string;
  testId?: string;
  className?: string;
  maxLength?: number;
  onChange(value: string): void;
}

/** A labelled search box, the same on every list screen. */
export function SearchField({ label, value, placeholder, testId, className, maxLength = 200, onChange }: SearchFieldProps) {
  const id = useId();
  return (
    <div className={['field field--compact', className].filter(Boolean).join(' ')}>
      <label className="field__label" htmlFor={`${id}-search`}>
        {label}
      </label>
      <input
        id={`${id}-search`}
        className="input"
        type="search"
        value={value}
        maxLength={maxLength}
        placeholder={placeholder}
        autoComplete="off"
        data-testid={testId}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}
