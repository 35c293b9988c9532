import { useCallback, useEffect, useState } from 'react';
import type { ResponseOf } from '../../../../shared/ipc/contract.js';
import { guichet } from '../../../bridge/index.js';
import { useNavigationStore } from '../../../app/store/navigationStore.js';
import { useParapheurText } from '../i18n/index.js';
import { ProgressBar } from '../../../components/ProgressBar.js';
import { failureText } from '../ui/feedback.js';
import { RefreshIcon } from '../../../components/icons.js';

type Remaining = ResponseOf<'parapheur.collect.remaining'>;
type RunResult = ResponseOf<'parapheur.collect.run'>;

const kinds = ['ack', 'pes-retour', 'chorus'] as const;

/** « Collecter »: what FAST still holds for the SIREN, fetched into the archive in one go. */
export function CollectTab() {
  const { tx } = useParapheurText();
  const goTo = useNavigationStore((s) => s.goTo);
  const [remaining, setRemaining] = useState<Remaining | null>(null);
  const [counting, setCounting] = useState(false);
  const [countError, setCountError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [result, setResult] = useState<RunResult | null>(null);
  const [runError, setRunError] = useState<string | null>(null);

  const count = useCallback(async () => {
    setCounting(true);
    setCountError(null);
    try {
      setRemaining(await guichet.invoke('parapheur.collect.remaining', {}));
    } catch (error) {
      setCountError(failureText(error, tx));
    } finally {
      setCounting(false);
    }
  }, [tx]);

  useEffect(() => {
    void count();
  }, [count]);

  useEffect(() => guichet.on('parapheur.collect.progress', (p) => setProgress(p)), []);

  const run = async () => {
    setRunning(true);
    setRunError(null);
    setResult(null);
    setProgress(null);
    try {
      setResult(await guichet.invoke('parapheur.collect.run', {}));
      void count();
    } catch (error) {
      setRunError(failureText(error, tx));
    } finally {
      setRunning(false);
    }
  };

  const total = remaining ? kinds.reduce((sum, k) => sum + (remaining[k] ?? 0), 0) : 0;

  return (
    <section className="collect-tab" aria-labelledby="collect-title" data-testid="collect-tab">
      <div className="section-head">
        <div>
          <h2 id="collect-title" className="section-head__title">
            {tx('collect.title')}
          </h2>
          <p className="muted">{tx('collect.intro')}</p>
        </div>
        <button type="button" className="button button--secondary" onClick={() => void count()} disabled={counting || running} aria-busy={counting} data-testid="collect-count">
          <RefreshIcon />
          {counting ? tx('collect.counting') : tx('collect.refreshCounts')}
        </button>
      </div>
      {countError ? (
        <p className="notice notice--error" role="alert" data-testid="collect-error">
          {countError}
        </p>
      ) : null}
      <ul className="stat-cards" aria-label={tx('collect.remaining')}>
        {kinds.map((kind) => (
          <li key={kind} className="stat-card" data-testid={`collect-remaining-${kind}`} data-count={remaining?.[kind] ?? ''}>
            <span className="stat-card__value">{remaining ? remaining[kind] : tx('common.none')}</span>
            <span className="stat-card__label">{tx(`collect.kinds.${kind}`)}</span>
            <span className="stat-card__hint muted">{tx('collect.remaining')}</span>
          </li>
        ))}
      </ul>
      <div className="button-row">
        <button type="button" className="button button--primary" onClick={() => void run()} disabled={running} aria-busy={running} data-testid="collect-run">
          {running ? tx('collect.running') : tx('collect.run')}
        </button>
        {remaining && total === 0 && !running ? <span className="muted">{tx('collect.nothing')}</span> : null}
      </div>
      {running && progress ? (
        <div role="status" className="collect-progress">
          <ProgressBar
            value={progress.done}
            max={progress.total}
            label={tx('collect.progressLabel')}
            text={tx('collect.progress', { done: progress.done, total: progress.total })}
            testId="collect-progress"
          />
        </div>
      ) : null}
      {runError ? (
        <p className="notice notice--error" role="alert">
          {runError}
        </p>
      ) : null}
      {result ? (
        <div className={result.failed > 0 ? 'notice notice--warning' : 'notice notice--success'} role="status" data-testid="collect-result">
          <div>
            <p>{tx('collect.result', { downloaded: result.downloaded, alreadyHad: result.alreadyHad, failed: result.failed })}</p>
            {result.failed > 0 ? <p>{tx('collect.resultFailedHint')}</p> : null}
            <button type="button" className="link-button" onClick={() => goTo('archive')}>
              {tx('collect.openArchive')}
            </button>
          </div>
        </div>
      ) : null}
    </section>
  );
}
