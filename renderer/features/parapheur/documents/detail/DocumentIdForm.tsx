import { useState, type FormEvent } from 'react';
import type { DocumentRow } from '../../../../../shared/domain/parapheur.js';
import { guichet } from '../../../../bridge/index.js';
import { toastSuccess } from '../../../../components/feedback.js';
import type { Tx } from '../../i18n/index.js';
import { failureText } from '../../ui/feedback.js';

/**
 * « Déposé — numéro FAST inconnu », or a number FAST gave to another document: the clerk types the
 * document's FAST number; main checks it against FAST (and that no other document has it) before keeping it.
 */
export function DocumentIdForm({ tx, row, onConfirmed }: { tx: Tx; row: DocumentRow; onConfirmed(row: DocumentRow): void }) {
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const fieldId = `document-id-${row.localId}`;
  const reused = row.documentIdStatus === 'reused';
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const updated = await guichet.invoke('parapheur.documents.confirmId', { localId: row.localId, documentId: value.trim() });
      onConfirmed(updated);
      toastSuccess(tx('detail.idConfirmed'), updated.documentId ?? undefined);
    } catch (failure) {
      setError(failureText(failure, tx));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="notice notice--warning doc-detail__id-form" onSubmit={(e) => void submit(e)} data-testid="document-id-form">
      <p className="notice__title">{reused ? tx('detail.idReusedTitle') : tx('detail.idUnknownTitle')}</p>
      <p>{reused ? tx('detail.idReusedBody', { id: row.formerDocumentId ?? '' }) : tx('detail.idUnknownBody')}</p>
      <div className="field field--compact">
        <label className="field__label" htmlFor={fieldId}>
          {tx('detail.idLabel')}
        </label>
        <input
          id={fieldId}
          className="input"
          inputMode="numeric"
          autoComplete="off"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          aria-describedby={`${fieldId}-hint${error ? ` ${fieldId}-error` : ''}`}
          aria-invalid={error ? true : undefined}
          required
          data-testid="document-id-input"
        />
        <p className="field__hint" id={`${fieldId}-hint`}>
          {tx('detail.idHint')}
        </p>
        {error ? (
          <p className="field-error" role="alert" id={`${fieldId}-error`} data-testid="document-id-error">
            {error}
          </p>
        ) : null}
      </div>
      <button type="submit" className="button button--primary button--small" disabled={busy || value.trim() === ''} aria-busy={busy} data-testid="document-id-confirm">
        {busy ? tx('detail.idConfirming') : tx('detail.idConfirm')}
      </button>
    </form>
  );
}
