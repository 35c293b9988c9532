import { useEffect, useState, type FormEvent } from 'react';
import { guichet } from '../../bridge/index.js';
import { TextField } from '../../components/Field.js';
import { readIpcFailure } from '../../app/ipcFailure.js';
import { failureText, useId360Text } from './i18n/index.js';

/**
 * A user account logs in with a one-time 2FA code (docs/providers/id360.md#session): when main has no
 * live token for it, the clerk is asked here. The code goes to main for the next login only, never stored.
 */
export function TwoFactorPrompt({ recheck, onSignedIn }: { recheck: number; onSignedIn(): void }) {
  const text = useId360Text();
  const { tx } = text;
  const [needed, setNeeded] = useState(false);
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void guichet
      .invoke('id360.session.state', {})
      .then((s) => setNeeded(s.twoFactorNeeded))
      .catch(() => undefined);
  }, [recheck]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const value = code.trim();
    if (!/^[0-9A-Za-z]{4,12}$/.test(value)) {
      setProblem(tx('twoFactor.codeInvalid'));
      return;
    }
    setBusy(true);
    try {
      await guichet.invoke('id360.session.twoFactor', { code: value });
      setNeeded(false);
      setProblem(null);
      onSignedIn();
    } catch (e) {
      // For a user account a refusal is most often the code (one use only): said first.
      setProblem(readIpcFailure(e).code === 'ID360_CREDENTIALS_REFUSED' ? tx('twoFactor.refused') : failureText(text, e));
    } finally {
      setCode('');
      setBusy(false);
    }
  }

  if (!needed) return null;
  return (
    <form className="card notice notice--warning id360-two-factor" onSubmit={(e) => void submit(e)} noValidate data-testid="id360-two-factor" aria-labelledby="id360-two-factor-title">
      <h3 id="id360-two-factor-title">{tx('twoFactor.title')}</h3>
      <p>{tx('twoFactor.intro')}</p>
      <TextField id="id360-two-factor-code" testId="id360-two-factor-code" label={tx('twoFactor.code')} value={code} onChange={setCode} error={problem} autoComplete="one-time-code" inputMode="numeric" />
      <div className="button-row">
        <button type="submit" className="button button--primary" disabled={busy} data-testid="id360-two-factor-submit">
          {busy ? tx('twoFactor.submitting') : tx('twoFactor.submit')}
        </button>
      </div>
    </form>
  );
}
