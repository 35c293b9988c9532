import type { Dispatch } from 'react';
import { useParapheurText } from '../i18n/index.js';
import { maxOtpSigners, shownOtpProblem, type DepositAction, type DepositState, type OtpField } from './depositDialogState.js';

interface OtpSignersSectionProps {
  /** Id prefix of the dialog (each field's id). */
  id: string;
  state: DepositState;
  /** On demand the signers follow the circuit's OTP steps: they are neither added nor removed. */
  onDemand: boolean;
  /** Positions of the on-demand circuit's OTP steps, for the signers' titles. */
  otpSteps: readonly number[];
  otpReady: boolean;
  otpValid: boolean;
  dispatch: Dispatch<DepositAction>;
}

const otpFields: readonly OtpField[] = ['firstName', 'lastName', 'phone', 'email'];
const otpFieldLabel = { firstName: 'deposit.otpFirstName', lastName: 'deposit.otpLastName', phone: 'deposit.otpPhone', email: 'deposit.otpEmail' } as const;

/** Signers by SMS code (docs/providers/fast-parapheur.md#metadata-and-otp): asked, or offered on a predefined circuit. */
export function OtpSignersSection({ id, state, onDemand, otpSteps, otpReady, otpValid, dispatch }: OtpSignersSectionProps) {
  const { tx } = useParapheurText();
  const { otpOffered, otpSigners } = state;
  return (
    <>
      {otpOffered && !onDemand ? <p className="muted" data-testid="deposit-otp-intro">{tx('deposit.otpIntro')}</p> : null}
      {!otpOffered ? (
        <button type="button" className="link-button" data-testid="deposit-otp-offer" onClick={() => dispatch({ type: 'otpOffered' })}>
          {tx('deposit.otpOffer')}
        </button>
      ) : null}
      {otpSigners.map((signer, i) => (
        <fieldset key={i} className="fieldset otp-signer" data-testid="deposit-otp-signer">
          <legend className="field__label">{onDemand ? tx('deposit.otpTitle', { n: otpSteps[i] ?? i + 1 }) : tx('deposit.otpTitleIndex', { n: i + 1 })}</legend>
          <div className="form-grid">
            {otpFields.map((field) => {
              const problem = shownOtpProblem(state, i, field);
              const errorId = `${id}-otp-${i}-${field}-error`;
              return (
                <div className="field field--compact" key={field}>
                  <label className="field__label" htmlFor={`${id}-otp-${i}-${field}`}>
                    {tx(otpFieldLabel[field])}
                  </label>
                  {field === 'phone' ? (
                    <p className="field__hint" id={`${id}-otp-${i}-phone-hint`}>
                      {tx('deposit.otpPhoneHint')}
                    </p>
                  ) : null}
                  <input
                    id={`${id}-otp-${i}-${field}`}
                    className="input"
                    value={signer[field]}
                    type={field === 'phone' ? 'tel' : field === 'email' ? 'email' : 'text'}
                    autoComplete="off"
                    aria-invalid={problem ? true : undefined}
                    aria-describedby={[field === 'phone' ? `${id}-otp-${i}-phone-hint` : '', problem ? errorId : ''].filter(Boolean).join(' ') || undefined}
                    data-testid={`deposit-otp-${field}`}
                    onBlur={() => dispatch({ type: 'otpFieldLeft', index: i, field })}
                    onChange={(e) => dispatch({ type: 'otpFieldChanged', index: i, field, value: e.target.value })}
                  />
                  {problem ? (
                    <p className="field-error" id={errorId} data-testid={`deposit-otp-${field}-error`}>
                      {tx(problem.key)}
                    </p>
                  ) : null}
                </div>
              );
            })}
          </div>
          {!onDemand ? (
            <button type="button" className="link-button" onClick={() => dispatch({ type: 'otpSignerRemoved', index: i })}>
              {tx('deposit.otpRemove', { n: i + 1 })}
            </button>
          ) : null}
        </fieldset>
      ))}
      {otpOffered && !onDemand && otpSigners.length < maxOtpSigners ? (
        <button type="button" className="button button--secondary button--small otp-add" onClick={() => dispatch({ type: 'otpSignerAdded' })} data-testid="deposit-otp-add">
          {tx('deposit.otpAdd')}
        </button>
      ) : null}
      {!otpReady && otpOffered ? <p className="muted">{tx('deposit.otpMissing')}</p> : null}
      {otpReady && !otpValid ? (
        <p className="notice notice--error" role="alert" data-testid="deposit-otp-invalid">
          {tx('deposit.otpInvalid')}
        </p>
      ) : null}
    </>
  );
}
