import { useId, useRef, useState } from 'react';
import { useParapheurText } from '../i18n/index.js';
import { PlusIcon, TrashIcon } from '../../../components/icons.js';
import { maxMetadataEntries, maxMetadataValueLength, type MetadataDraft, type Problem } from './depositPlan.js';

interface MetadataSectionProps {
  rows: MetadataDraft[];
  /** The problem of each row, by row key (see buildMetadata). */
  problems: Map<number, Problem>;
  /** Entries that will be sent (complete rows): shown on the closed disclosure. */
  filled: number;
  disabled: boolean;
  onChange(rows: MetadataDraft[]): void;
}

/**
 * Metadata of a predefined circuit (docs/providers/fast-parapheur.md#metadata-and-otp), defined on FAST right after the
 * upload and before the OTP information. Closed by default: only some circuits have a metadata
 * step, and FAST publishes no circuit description that would tell which.
 */
export function MetadataSection({ rows, problems, filled, disabled, onChange }: MetadataSectionProps) {
  const { tx } = useParapheurText();
  const id = useId();
  // Open when the circuit's last deposit had metadata (its names are offered again).
  const [open, setOpen] = useState(rows.length > 0);
  const nextKey = useRef(rows.reduce((max, r) => Math.max(max, r.key), 0) + 1);
  const addButton = useRef<HTMLButtonElement>(null);
  const full = rows.length >= maxMetadataEntries;

  const newRow = (): MetadataDraft => ({ key: nextKey.current++, name: '', value: '' });
  const update = (key: number, field: 'name' | 'value', text: string) => onChange(rows.map((r) => (r.key === key ? { ...r, [field]: text } : r)));

  const toggle = () => {
    // Opening an empty section offers a first row to fill in.
    if (!open && rows.length === 0) onChange([newRow()]);
    setOpen((o) => !o);
  };

  return (
    <section className="deposit-metadata" aria-labelledby={`${id}-title`} data-testid="deposit-metadata">
      <h3 id={`${id}-title`} className="modal__subtitle">
        <button
          type="button"
          className="link-button deposit-metadata__toggle"
          aria-expanded={open}
          aria-controls={`${id}-body`}
          onClick={toggle}
          data-testid="deposit-metadata-toggle"
        >
          <span aria-hidden="true">{open ? '▾' : '▸'}</span> {tx('deposit.metadata')}
          {filled > 0 ? <span className="muted"> · {tx('deposit.metadataFilled', { count: filled })}</span> : null}
        </button>
      </h3>
      <div id={`${id}-body`} hidden={!open} className="deposit-metadata__body">
        <p id={`${id}-hint`} className="field__hint">
          {tx('deposit.metadataHint')}
        </p>
        {rows.map((row, i) => {
          const problem = problems.get(row.key);
          const errorId = `${id}-${row.key}-error`;
          return (
            <fieldset
              key={row.key}
              className={problem ? 'fieldset deposit-metadata__row field--invalid' : 'fieldset deposit-metadata__row'}
              aria-describedby={problem ? errorId : undefined}
              data-testid="deposit-metadata-row"
            >
              <legend className="visually-hidden">{tx('deposit.metadataRow', { n: i + 1 })}</legend>
              <div className="field field--compact">
                <label className="field__label" htmlFor={`${id}-${row.key}-name`}>
                  {tx('deposit.metadataName')}
                </label>
                <input
                  id={`${id}-${row.key}-name`}
                  className="input"
                  value={row.name}
                  maxLength={64}
                  autoComplete="off"
                  spellCheck={false}
                  placeholder={tx('deposit.metadataNamePlaceholder')}
                  aria-invalid={problem ? true : undefined}
                  disabled={disabled}
                  data-testid="deposit-metadata-name"
                  onChange={(e) => update(row.key, 'name', e.target.value)}
                />
              </div>
              <div className="field field--compact">
                <label className="field__label" htmlFor={`${id}-${row.key}-value`}>
                  {tx('deposit.metadataValue')}
                </label>
                <input
                  id={`${id}-${row.key}-value`}
                  className="input"
                  value={row.value}
                  maxLength={maxMetadataValueLength}
                  autoComplete="off"
                  disabled={disabled}
                  data-testid="deposit-metadata-value"
                  onChange={(e) => update(row.key, 'value', e.target.value)}
                />
              </div>
              <button
                type="button"
                className="icon-button deposit-metadata__remove"
                aria-label={tx('deposit.metadataRemove', { n: i + 1 })}
                title={tx('deposit.metadataRemove', { n: i + 1 })}
                disabled={disabled}
                data-testid="deposit-metadata-remove"
                onClick={() => {
                  // The row goes away with its button: the focus stays in the section.
                  addButton.current?.focus();
                  onChange(rows.filter((r) => r.key !== row.key));
                }}
              >
                <TrashIcon />
              </button>
              {problem ? (
                <p className="field-error deposit-metadata__error" id={errorId}>
                  {tx(problem.key, problem.values)}
                </p>
              ) : null}
            </fieldset>
          );
        })}
        <button
          ref={addButton}
          type="button"
          className="button button--secondary button--small deposit-metadata__add"
          disabled={disabled || full}
          aria-describedby={`${id}-hint`}
          data-testid="deposit-metadata-add"
          onClick={() => onChange([...rows, newRow()])}
        >
          <PlusIcon /> {tx('deposit.metadataAdd')}
        </button>
        {full ? <p className="muted">{tx('deposit.metadataMax', { max: maxMetadataEntries })}</p> : null}
      </div>
    </section>
  );
}
