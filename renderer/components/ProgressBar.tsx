import { percent } from './format.js';

interface ProgressBarProps {
  value: number;
  max: number;
  label: string;
  /** Visible text next to the bar (e.g. « 3 Mo sur 12 Mo »). */
  text?: string;
  tone?: 'accent' | 'success' | 'error';
  testId?: string;
}

/** A native <progress>: announced by screen readers with its label, styled in components.css. */
export function ProgressBar({ value, max, label, text, tone = 'accent', testId }: ProgressBarProps) {
  const share = percent(value, max);
  return (
    <div className={`progress progress--${tone}`}>
      <progress className="progress__bar" value={share} max={100} aria-label={label} data-testid={testId} data-percent={share} />
      {text ? <span className="progress__text">{text}</span> : null}
    </div>
  );
}
