import { useState } from 'react';
import { guichet } from '../../../bridge/index.js';
import { pushToast } from '../../../app/store/toastStore.js';
import { useParapheurText } from '../i18n/index.js';
import { failureText } from '../ui/feedback.js';
import { ConfirmDialog } from '../../../components/ConfirmDialog.js';

/** Réglages › FAST Parapheur: the demonstration's circuits, documents and files, cleared in one action. */
export function ParapheurSandboxDataSlot() {
  const { tx } = useParapheurText();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const clear = async () => {
    setBusy(true);
    setError(null);
    try {
      const done = await guichet.invoke('parapheur.sandbox.clear', { confirm: true });
      setConfirming(false);
      pushToast({ level: 'success', title: tx('sandboxData.cleared', { count: done.documents }) });
    } catch (e) {
      setError(failureText(e, tx));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="sandbox-data" data-testid="parapheur-sandbox-data">
      <p className="muted">{tx('sandboxData.intro')}</p>
      <button type="button" className="button button--secondary" onClick={() => setConfirming(true)} data-testid="sandbox-clear">
        {tx('sandboxData.clear')}
      </button>
      {confirming ? (
        <ConfirmDialog
          title={tx('sandboxData.confirmTitle')}
          body={<p>{tx('sandboxData.confirmBody')}</p>}
          confirmLabel={tx('sandboxData.confirm')}
          cancelLabel={tx('common.cancel')}
          busy={busy}
          error={error}
          danger
          testId="sandbox-clear-dialog"
          onConfirm={() => void clear()}
          onCancel={() => setConfirming(false)}
        />
      ) : null}
    </div>
  );
}
