import type { DocumentDetail, DocumentRow } from '../../../../../shared/domain/parapheur.js';
import { formatDateTime, formatSize } from '../../../../components/format.js';
import { TechnicalDetails } from '../../../../components/TechnicalDetails.js';
import type { Tx } from '../../i18n/index.js';
import { circuitNameOf, isTerminal, waitingText } from '../../documentFormat.js';

interface DetailFieldsProps {
  tx: Tx;
  intlLocale: string;
  row: DocumentRow;
  current: DocumentDetail | null;
  now: number;
}

/** The document's facts (circuit, holder, dates…), its FAST name, and the metadata and SMS signers sent after the upload. */
export function DetailFields({ tx, intlLocale, row, current, now }: DetailFieldsProps) {
  const fields: [string, string | null][] = [
    [tx('detail.circuit'), circuitNameOf(row, tx)],
    [tx('detail.labelField'), row.label || null],
    [tx('detail.comment'), row.comment || null],
    // Once finished nobody holds the document: the same person is then its last actor.
    [isTerminal(row.phase) ? tx('detail.lastActor') : tx('detail.holder'), row.holder],
    [tx('detail.waiting'), waitingText(row, now, tx)],
    [tx('detail.documentId'), row.documentId],
    [tx('detail.size'), formatSize(row.size, intlLocale)],
    [tx('detail.recipients'), current?.recipients || null],
    [tx('detail.createdAt'), formatDateTime(row.createdAt, intlLocale)],
    [tx('detail.filedAt'), formatDateTime(row.filedAt, intlLocale)],
    [row.phase === 'supprime' ? tx('detail.deletedAt') : tx('detail.finishedAt'), formatDateTime(row.finishedAt, intlLocale)],
    [tx('detail.lastPolledAt'), formatDateTime(row.lastPolledAt, intlLocale)],
    [tx('detail.nextPollAt'), formatDateTime(row.nextPollAt, intlLocale)],
  ];
  return (
    <>
      <dl className="definition-grid doc-detail__fields">
        {fields
          .filter(([, value]) => value !== null && value !== '')
          .map(([label, value]) => (
            <div key={label} className="definition-grid__pair">
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
      </dl>
      <TechnicalDetails summary={tx('common.technicalDetails')} testId="document-technical">
        <dl className="definition-grid">
          <div className="definition-grid__pair">
            <dt>{tx('detail.providerName')}</dt>
            <dd>{row.providerName}</dd>
          </div>
        </dl>
      </TechnicalDetails>
      {current && (current.metadata.length > 0 || current.otpSigners.length > 0) ? <DetailFollowups tx={tx} current={current} /> : null}
    </>
  );
}

/** Metadata and SMS signers (docs/providers/fast-parapheur.md#metadata-and-otp), and whether FAST has them yet. */
function DetailFollowups({ tx, current }: { tx: Tx; current: DocumentDetail }) {
  return (
    <section aria-labelledby="doc-followups-title" className="doc-detail__files" data-testid="document-followups">
      <h3 id="doc-followups-title" className="doc-detail__subtitle">
        {current.metadata.length > 0 ? tx('detail.metadata') : tx('detail.otpSigners')}
      </h3>
      {current.followupsPending ? (
        <p className="notice notice--info" data-testid="document-followups-pending">
          {tx('detail.followupsPending')}
        </p>
      ) : null}
      {current.metadata.length > 0 ? (
        <dl className="definition-grid" data-testid="document-metadata">
          {current.metadata.map((m) => (
            <div key={m.name} className="definition-grid__pair">
              <dt>{m.name}</dt>
              <dd>{m.value}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      {current.metadata.length > 0 && current.otpSigners.length > 0 ? <h4 className="doc-detail__subtitle">{tx('detail.otpSigners')}</h4> : null}
      {current.otpSigners.length > 0 ? (
        <ol className="doc-detail__signers" data-testid="document-otp-signers">
          {current.otpSigners.map((o, i) => (
            <li key={i} data-testid="document-otp-signer">
              <span>
                {o.firstName} {o.lastName}
              </span>{' '}
              <span className="muted">
                {o.phone} · {o.email}
              </span>
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}
