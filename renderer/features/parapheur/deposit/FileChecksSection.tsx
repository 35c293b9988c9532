import type { FileCheck } from '../../../../shared/domain/parapheur.js';
import { TechnicalDetails } from '../../../components/TechnicalDetails.js';
import { formatSize } from '../../../components/format.js';
import { CheckIcon, CloseIcon } from '../../../components/icons.js';
import { useParapheurText } from '../i18n/index.js';
import { translateHostText } from '../../../i18n/hostText.js';

interface FileChecksSectionProps {
  /** Id prefix of the dialog (the section title's id). */
  id: string;
  /** The main files' checks, accepted or refused. */
  mains: FileCheck[];
  accepted: number;
  refused: number;
  checking: boolean;
}

/** Each dropped file accepted or refused with its reason, and the name FAST will get for it. */
export function FileChecksSection({ id, mains, accepted, refused, checking }: FileChecksSectionProps) {
  const { tx, intlLocale } = useParapheurText();
  const named = mains.filter((c) => c.accepted && c.providerName);
  return (
    <section aria-labelledby={`${id}-files`} className="deposit-dialog__files">
      <h3 id={`${id}-files`} className="modal__subtitle">
        {tx('deposit.files')}
        {checking ? <span className="muted"> · {tx('deposit.checking')}</span> : null}
      </h3>
      {accepted > 0 ? (
        <p className="deposit-dialog__summary">
          <span className="status-badge status-badge--success" data-testid="deposit-accepted-summary">
            {tx('deposit.accepted', { count: accepted })}
          </span>
        </p>
      ) : null}
      {refused > 0 ? (
        <p className="notice notice--error deposit-dialog__refused" role="alert" data-testid="deposit-refused-summary">
          {tx('deposit.refused', { count: refused })}
        </p>
      ) : null}
      <ul className="file-checks" data-testid="file-checks">
        {mains.map((c) => (
          <li
            key={c.fileId}
            className={c.accepted ? 'file-check file-check--ok' : 'file-check file-check--refused'}
            data-testid="file-check"
            data-accepted={c.accepted ? 'true' : 'false'}
            data-name={c.name}
          >
            <span className="file-check__mark">
              {c.accepted ? <CheckIcon /> : <CloseIcon />}
              <span className="visually-hidden">{c.accepted ? tx('deposit.acceptedMark') : tx('deposit.refusedMark')}</span>
            </span>
            <span className="file-check__name">{c.name}</span>
            <span className="file-check__size">{formatSize(c.size, intlLocale)}</span>
            {c.accepted ? null : (
              <span className="file-check__detail" data-testid="file-check-reason">
                {c.reason ? translateHostText(c.reason) : null}
              </span>
            )}
          </li>
        ))}
      </ul>
      {named.length > 0 ? (
        <TechnicalDetails summary={tx('common.technicalDetails')} testId="deposit-technical">
          <ul>
            {named.map((c) => (
              <li key={c.fileId} data-testid="file-check-provider-name">
                {c.name} : {tx('deposit.willBeNamed', { name: c.providerName ?? '' })}
              </li>
            ))}
          </ul>
        </TechnicalDetails>
      ) : null}
    </section>
  );
}
