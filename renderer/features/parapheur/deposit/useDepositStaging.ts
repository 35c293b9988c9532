import { useCallback, useEffect, useRef, useState } from 'react';
import { guichet } from '../../../bridge/index.js';
import { useParapheurText } from '../i18n/index.js';
import { failureText } from '../ui/feedback.js';
import { maxAnnexesPerDocument, maxFilesPerDeposit } from './depositPlan.js';
import { depositReducer, initialDepositState, type DepositAction, type DepositDraft, type DepositState } from './depositDialogState.js';

const recheckDelayMs = 400;

const forget = (fileId: string) => void guichet.invoke('files.forget', { id: fileId }).catch(() => undefined);

export interface DepositStaging {
  state: DepositState;
  dispatch(action: DepositAction): void;
  /** Checks the staged files and annexes again, with the label as typed now. */
  check(): Promise<void>;
  addAnnexes(files: File[]): Promise<void>;
  removeAnnex(fileId: string): void;
  /** After a submit: main took `taken` (the host forgets them itself); `kept` stay for this dialog to forget. */
  handOver(taken: readonly string[], kept: readonly string[]): void;
}

/**
 * The dropped files and annexes while the deposit dialog is open: handed to Guichet (a transfer bar
 * in the browser), checked without any network call (again when the label or the annexes change),
 * and forgotten by the host when the clerk closes the dialog without depositing them.
 *
 * The state goes through `depositReducer`, mirrored at once in a ref: a check started from a timer
 * or after an await reads the label and annexes as of the latest change, not of the last render.
 */
export function useDepositStaging(draft: DepositDraft): DepositStaging {
  const { tx } = useParapheurText();
  const [state, setState] = useState(() => initialDepositState(draft, tx('deposit.tooMany')));
  const latest = useRef(state);
  const dispatch = useCallback((action: DepositAction) => {
    latest.current = depositReducer(latest.current, action);
    setState(latest.current);
  }, []);

  // Staged files the host still holds for this dialog: forgotten if the clerk does not deposit them.
  const heldIds = useRef<Set<string>>(new Set());
  const closed = useRef(false);
  const checkRun = useRef(0);

  const check = async () => {
    const run = ++checkRun.current;
    dispatch({ type: 'checkStarted' });
    const { staged, annexes, label } = latest.current;
    try {
      const result = await guichet.invoke('parapheur.deposit.check', {
        target: draft.target,
        label,
        fileIds: staged.map((r) => r.id),
        annexFileIds: annexes.map((r) => r.id),
      });
      if (run !== checkRun.current || closed.current) return;
      dispatch({ type: 'checked', checks: result });
    } catch (error) {
      if (run === checkRun.current && !closed.current) dispatch({ type: 'failed', message: failureText(error, tx) });
    }
  };

  useEffect(() => {
    if (draft.files.length > maxFilesPerDeposit) return;
    let cancelled = false;
    closed.current = false;
    (async () => {
      const refs = await guichet.stageFiles(draft.files, (sent, total) => {
        if (!cancelled) dispatch({ type: 'stagingProgress', sent, total });
      });
      if (cancelled) {
        for (const ref of refs) forget(ref.id);
        return;
      }
      for (const ref of refs) heldIds.current.add(ref.id);
      dispatch({ type: 'staged', refs });
      await check();
    })().catch((error: unknown) => {
      if (!cancelled) dispatch({ type: 'failed', message: failureText(error, tx) });
    });
    return () => {
      cancelled = true;
      closed.current = true;
      for (const fileId of heldIds.current) forget(fileId);
      heldIds.current.clear();
    };
    // Runs once per dialog: the dropped files do not change while it is open.
  }, []);

  // The duplicate rule depends on the label: check again once the clerk stops typing.
  const firstLabel = useRef(state.label);
  useEffect(() => {
    if (state.staged.length === 0 || state.label === firstLabel.current) return;
    firstLabel.current = state.label;
    const timer = setTimeout(() => void check(), recheckDelayMs);
    return () => clearTimeout(timer);
  }, [state.label, state.staged]);

  const addAnnexes = async (files: File[]) => {
    if (latest.current.annexStaging || files.length === 0) return;
    dispatch({ type: 'annexErrorShown', message: null });
    if (latest.current.annexes.length + files.length > maxAnnexesPerDocument) {
      dispatch({ type: 'annexErrorShown', message: tx('deposit.annexTooMany', { max: maxAnnexesPerDocument }) });
      return;
    }
    dispatch({ type: 'annexStagingProgress', sent: 0, total: 1 });
    try {
      const refs = await guichet.stageFiles(files, (sent, total) => {
        if (!closed.current) dispatch({ type: 'annexStagingProgress', sent, total });
      });
      if (closed.current) {
        for (const ref of refs) forget(ref.id);
        return;
      }
      for (const ref of refs) heldIds.current.add(ref.id);
      dispatch({ type: 'annexesStaged', refs });
      void check();
    } catch (error) {
      if (closed.current) return;
      dispatch({ type: 'annexStagingFailed', message: failureText(error, tx) });
    }
  };

  const removeAnnex = (fileId: string) => {
    heldIds.current.delete(fileId);
    forget(fileId);
    dispatch({ type: 'annexRemoved', fileId });
    void check();
  };

  const handOver = (taken: readonly string[], kept: readonly string[]) => {
    for (const fileId of taken) heldIds.current.delete(fileId);
    for (const fileId of kept) heldIds.current.add(fileId);
  };

  return { state, dispatch, check, addAnnexes, removeAnnex, handOver };
}
