import { Suspense, useEffect, useState } from 'react';
import type { Circuit, OnDemandCircuit } from '../../../../shared/domain/parapheur.js';
import { useParapheurText } from '../i18n/index.js';
import { useCircuitsStore } from '../circuits/circuitsStore.js';
import { useHostLinkStore } from '../../../app/store/hostLinkStore.js';
import { CircuitTile } from '../circuits/CircuitTile.js';
import { OnDemandCard } from '../circuits/OnDemandCard.js';
import { AddCircuitForm } from '../circuits/AddCircuitForm.js';
import { ConfirmDialog } from '../../../components/ConfirmDialog.js';
import { failureText, toastError } from '../ui/feedback.js';
import { toastSuccess } from '../../../components/feedback.js';
import { circuitListFailureText } from '../circuits/circuitListFailure.js';
import { PlusIcon, RefreshIcon } from '../../../components/icons.js';
import type { DepositDraft } from './depositDialogState.js';
import { LazyDepositDialog } from './lazyDepositDialog.js';
import { UploadsPanel } from './UploadsPanel.js';
import { EmptyState } from '../../../components/EmptyState.js';

/**
 * Files dropped anywhere else on the page would make the browser open them in place of Guichet:
 * outside the drop zones a drop does nothing.
 */
function useSwallowStrayDrops() {
  useEffect(() => {
    const swallow = (event: DragEvent) => {
      if (Array.from(event.dataTransfer?.types ?? []).includes('Files')) event.preventDefault();
    };
    window.addEventListener('dragover', swallow);
    window.addEventListener('drop', swallow);
    return () => {
      window.removeEventListener('dragover', swallow);
      window.removeEventListener('drop', swallow);
    };
  }, []);
}

export function DepositTab() {
  const { tx } = useParapheurText();
  const { circuits, phase, error, refreshing, refreshError, load, refresh, save, remove } = useCircuitsStore();
  const [draft, setDraft] = useState<DepositDraft | null>(null);
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<Circuit | null>(null);
  const [removeBusy, setRemoveBusy] = useState(false);
  const [removeError, setRemoveError] = useState<string | null>(null);
  const [pinBusy, setPinBusy] = useState<string | null>(null);
  useSwallowStrayDrops();

  // Loaded again when the page finds its host back (circuits may have been refreshed meanwhile).
  const relinks = useHostLinkStore((s) => s.relinks);
  useEffect(() => {
    void load();
  }, [load, relinks]);

  const depositInto = (circuit: Circuit, files: File[]) =>
    setDraft({
      target: { kind: 'circuit', circuitId: circuit.id },
      targetName: circuit.name,
      accepts: circuit.accepts,
      lastLabel: circuit.lastLabel ?? '',
      lastRecipients: circuit.lastRecipients ?? '',
      lastMetadataNames: circuit.lastMetadataNames,
      files,
    });

  const depositOnDemand = (circuit: OnDemandCircuit, files: File[]) =>
    setDraft({ target: { kind: 'ondemand', circuit }, targetName: tx('onDemand.name'), accepts: [], lastLabel: '', lastRecipients: '', lastMetadataNames: [], files });

  const onRefresh = async () => {
    try {
      const list = await refresh();
      toastSuccess(tx('circuits.refreshed', { count: list.length }));
    } catch (e) {
      toastError(e);
    }
  };

  const togglePin = async (circuit: Circuit) => {
    setPinBusy(circuit.id);
    try {
      await save({ id: circuit.id, name: circuit.name, accepts: circuit.accepts, stepCount: circuit.stepCount, pinned: !circuit.pinned });
      toastSuccess(circuit.pinned ? tx('circuits.unpinnedToast') : tx('circuits.pinnedToast'), circuit.name);
    } catch (e) {
      toastError(e);
    } finally {
      setPinBusy(null);
    }
  };

  const confirmRemove = async () => {
    if (!removing) return;
    setRemoveBusy(true);
    setRemoveError(null);
    try {
      await remove(removing.id);
      toastSuccess(tx('circuits.removed'), removing.name);
      setRemoving(null);
    } catch (e) {
      setRemoveError(failureText(e, tx));
    } finally {
      setRemoveBusy(false);
    }
  };

  return (
    <div className="deposit-tab">
      <UploadsPanel />
      <section aria-labelledby="circuits-title" className="circuits">
        <div className="section-head">
          <div>
            <h2 id="circuits-title" className="section-head__title">
              {tx('circuits.title')}
            </h2>
            <p className="muted">{tx('circuits.intro')}</p>
          </div>
          <div className="button-row">
            <button
              type="button"
              className="button button--secondary"
              onClick={() => void onRefresh()}
              disabled={refreshing}
              aria-busy={refreshing}
              data-testid="circuits-refresh"
            >
              <RefreshIcon />
              {refreshing ? tx('circuits.refreshing') : tx('circuits.refresh')}
            </button>
            <button
              type="button"
              className="button button--secondary"
              onClick={() => setAdding((a) => !a)}
              aria-expanded={adding}
              aria-controls="circuit-form"
              data-testid="circuits-add"
            >
              <PlusIcon />
              {tx('circuits.add')}
            </button>
          </div>
        </div>
        {adding ? (
          <div id="circuit-form">
            <AddCircuitForm tx={tx} onDone={() => setAdding(false)} />
          </div>
        ) : null}
        {phase === 'loading' ? (
          <p role="status" className="muted">
            {tx('circuits.loading')}
          </p>
        ) : null}
        {phase === 'failed' ? (
          <div className="notice notice--error" role="alert">
            <p>{failureText(error, tx)}</p>
            <button type="button" className="button button--secondary button--small" onClick={() => void load()}>
              {tx('common.retry')}
            </button>
          </div>
        ) : null}
        {refreshError && !refreshing ? (
          <div className="notice notice--error" role="alert" data-testid="circuits-refresh-error">
            <p>{circuitListFailureText(refreshError, tx)}</p>
          </div>
        ) : null}
        {phase === 'ready' && circuits.length === 0 ? (
          refreshing ? (
            <p role="status" className="muted" data-testid="circuits-searching">
              {tx('circuits.searching')}
            </p>
          ) : (
            <EmptyState testId="circuits-empty">
              {tx('circuits.empty')}
            </EmptyState>
          )
        ) : null}
        <div className="circuit-grid" role="list" aria-label={tx('circuits.listLabel')}>
          {circuits.map((circuit) => (
            <div role="listitem" key={circuit.id} className="circuit-grid__cell">
              <CircuitTile
                circuit={circuit}
                tx={tx}
                busy={pinBusy === circuit.id}
                onFiles={(files) => depositInto(circuit, files)}
                onTogglePin={() => void togglePin(circuit)}
                onRemove={() => {
                  setRemoveError(null);
                  setRemoving(circuit);
                }}
              />
            </div>
          ))}
        </div>
        <OnDemandCard tx={tx} onFiles={depositOnDemand} />
      </section>
      {draft ? (
        <Suspense fallback={null}>
          <LazyDepositDialog draft={draft} onClose={() => setDraft(null)} />
        </Suspense>
      ) : null}
      {removing ? (
        <ConfirmDialog
          title={tx('circuits.removeTitle')}
          body={<p>{tx('circuits.removeBody', { name: removing.name })}</p>}
          confirmLabel={tx('circuits.removeConfirm')}
          cancelLabel={tx('common.cancel')}
          busy={removeBusy}
          error={removeError}
          danger
          testId="circuit-remove-dialog"
          onConfirm={() => void confirmRemove()}
          onCancel={() => setRemoving(null)}
        />
      ) : null}
    </div>
  );
}
