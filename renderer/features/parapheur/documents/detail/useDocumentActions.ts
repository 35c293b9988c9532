import { useEffect, useState } from 'react';
import type { DocumentRow } from '../../../../../shared/domain/parapheur.js';
import { guichet } from '../../../../bridge/index.js';
import { toastInfo, toastSuccess } from '../../../../components/feedback.js';
import type { Tx } from '../../i18n/index.js';
import { failureText } from '../../ui/feedback.js';
import type { LoadedDetail } from './useDocumentDetail.js';

export interface DocumentActions {
  /** Why the last action did not go through, shown under the buttons. */
  error: string | null;
  refreshing: boolean;
  refresh(row: DocumentRow): Promise<void>;
  /** `fileName`: the copy's name in the clerk's language (« Arrêté (signé).pdf »). */
  saveAs(which: 'signed' | 'fdc', fileName: string): Promise<void>;
  cancelDeposit(): Promise<void>;
  openInFast(url: string): Promise<void>;
  /** Electron: the native drag of the signed PDF out to the desktop or a mail (components/FileDragOut.tsx). */
  dragOut(fileName: string): Promise<unknown>;
  /** Shows why an action did not go through. */
  reportError(failure: unknown): void;
  deletion: {
    asked: boolean;
    busy: boolean;
    error: string | null;
    ask(): void;
    cancel(): void;
    confirm(): Promise<void>;
  };
}

/** What the clerk can do from a document's detail; each answer updates the detail and the list. */
export function useDocumentActions(localId: number, tx: Tx, loaded: LoadedDetail, onChanged: (row: DocumentRow) => void): DocumentActions {
  const [error, setError] = useState<string | null>(null);
  const [refreshing, setRefreshing] = useState(false);
  const [asked, setAsked] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);

  useEffect(() => {
    setError(null);
  }, [localId]);

  const refresh = async (row: DocumentRow) => {
    setRefreshing(true);
    setError(null);
    const wasDeleted = row.phase === 'supprime';
    try {
      const d = await guichet.invoke('parapheur.documents.refresh', { localId });
      loaded.replace(d);
      onChanged(d.row);
      if (!wasDeleted) toastSuccess(tx('detail.refreshed'), d.row.originalName);
      else if (d.row.phase !== 'supprime') toastSuccess(tx('detail.foundAgain'), d.row.originalName);
      else toastInfo(tx('detail.stillDeleted'), d.row.originalName);
    } catch (failure) {
      // TOO_SOON and the others come as catalogue entries, worded in the interface language.
      setError(failureText(failure, tx));
    } finally {
      setRefreshing(false);
    }
  };

  const saveAs = async (which: 'signed' | 'fdc', fileName: string) => {
    setError(null);
    try {
      const result = await guichet.invoke('parapheur.documents.saveAs', { localId, which, fileName });
      if (result.saved) toastSuccess(tx('detail.saved'), result.path ? tx('detail.savedBody', { path: result.path }) : undefined);
    } catch (failure) {
      setError(failureText(failure, tx));
    }
  };

  const cancelDeposit = async () => {
    setError(null);
    try {
      const { cancelled } = await guichet.invoke('parapheur.deposit.cancel', { localId });
      toastInfo(cancelled > 0 ? tx('progress.cancelled', { count: cancelled }) : tx('progress.nothingCancelled'));
    } catch (failure) {
      setError(failureText(failure, tx));
    }
  };

  const openInFast = async (url: string) => {
    setError(null);
    if (guichet.host === 'web') {
      window.open(url, '_blank', 'noopener');
      return;
    }
    try {
      await guichet.invoke('shell.openExternal', { url });
    } catch (failure) {
      setError(failureText(failure, tx));
    }
  };

  const dragOut = (signedName: string) => {
    setError(null);
    return guichet.invoke('parapheur.documents.dragOut', { localId, which: 'signed', fileName: signedName });
  };

  const confirmDelete = async () => {
    setDeleting(true);
    setDeleteError(null);
    try {
      const updated = await guichet.invoke('parapheur.documents.delete', { localId, confirm: true });
      onChanged(updated);
      loaded.replaceRow(updated);
      setAsked(false);
      toastSuccess(tx('detail.deleted'), updated.originalName);
    } catch (failure) {
      setDeleteError(failureText(failure, tx));
    } finally {
      setDeleting(false);
    }
  };

  return {
    error,
    refreshing,
    refresh,
    saveAs,
    cancelDeposit,
    openInFast,
    dragOut,
    reportError: (failure: unknown) => setError(failureText(failure, tx)),
    deletion: {
      asked,
      busy: deleting,
      error: deleteError,
      ask: () => {
        setDeleteError(null);
        setAsked(true);
      },
      cancel: () => setAsked(false),
      confirm: confirmDelete,
    },
  };
}
