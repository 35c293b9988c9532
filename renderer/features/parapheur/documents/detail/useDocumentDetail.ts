import { useEffect, useState } from 'react';
import type { DocumentDetail, DocumentRow } from '../../../../../shared/domain/parapheur.js';
import { guichet } from '../../../../bridge/index.js';
import type { Tx } from '../../i18n/index.js';
import { failureText } from '../../ui/feedback.js';

/** The fields of a list row whose change means the detail (history, files…) is worth loading again. */
function rowVersion(row: DocumentRow | null): string {
  return row ? `${row.phase}|${row.outboxState}|${row.documentIdStatus}|${row.documentId}|${row.stepDone}|${row.signedBlob}|${row.fdcBlob}|${row.lastPolledAt}` : '';
}

export interface LoadedDetail {
  /** The full detail of this document, once loaded. */
  current: DocumentDetail | null;
  /** The row to show: the loaded one, else the list's. */
  row: DocumentRow | null;
  loadError: string | null;
  /** A detail answered by an action (refresh). */
  replace(detail: DocumentDetail): void;
  /** A row answered by an action (delete, number confirmed). */
  replaceRow(row: DocumentRow): void;
}

/** The detail of one document, loaded again when the list reports a change of it (phase, new files…). */
export function useDocumentDetail(localId: number, listRow: DocumentRow | null, tx: Tx): LoadedDetail {
  const [detail, setDetail] = useState<DocumentDetail | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const version = rowVersion(listRow);
  useEffect(() => {
    let cancelled = false;
    guichet.invoke('parapheur.documents.get', { localId }).then(
      (d) => {
        if (!cancelled) {
          setDetail(d);
          setLoadError(null);
        }
      },
      (error: unknown) => {
        if (!cancelled) setLoadError(failureText(error, tx));
      },
    );
    return () => {
      cancelled = true;
    };
    // tx only words the error: a language switch does not need a reload.
  }, [localId, version]);

  const current = detail?.row.localId === localId ? detail : null;
  return {
    current,
    row: current ? current.row : listRow,
    loadError,
    replace: setDetail,
    replaceRow: (row) => setDetail((d) => (d ? { ...d, row } : d)),
  };
}
