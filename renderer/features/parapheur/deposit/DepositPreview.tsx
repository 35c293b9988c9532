import { useParapheurText } from '../i18n/index.js';
import type { DepositState } from './depositDialogState.js';

interface DepositPreviewProps {
  /** Id prefix of the dialog (the section title's id). */
  id: string;
  targetName: string;
  state: DepositState;
  accepted: number;
  metadataEntries: number;
  annexes: number;
  onDemand: boolean;
}

/** What will leave, in one place, just above « Déposer ». */
export function DepositPreview({ id, targetName, state, accepted, metadataEntries, annexes, onDemand }: DepositPreviewProps) {
  const { tx } = useParapheurText();
  return (
    <section className="deposit-preview" aria-labelledby={`${id}-preview`} data-testid="deposit-preview">
      <h3 id={`${id}-preview`} className="modal__subtitle">
        {tx('deposit.preview')}
      </h3>
      <dl className="definition-grid">
        <dt>{tx('deposit.previewCircuit')}</dt>
        <dd>{targetName}</dd>
        <dt>{tx('deposit.previewLabel')}</dt>
        <dd>{state.label.trim() || tx('deposit.previewNone')}</dd>
        <dt>{tx('deposit.previewComment')}</dt>
        <dd>{state.comment.trim() || tx('deposit.previewNone')}</dd>
        <dt>{tx('deposit.previewRecipients')}</dt>
        <dd>{state.recipients.trim() || tx('deposit.previewNone')}</dd>
        <dt>{tx('deposit.previewDocuments')}</dt>
        <dd>{tx('deposit.previewDocumentsCount', { count: accepted })}</dd>
        {metadataEntries > 0 ? (
          <>
            <dt>{tx('deposit.previewMetadata')}</dt>
            <dd data-testid="deposit-preview-metadata">{tx('deposit.previewMetadataCount', { count: metadataEntries })}</dd>
          </>
        ) : null}
        {annexes > 0 ? (
          <>
            <dt>{tx('deposit.previewAnnexes')}</dt>
            <dd data-testid="deposit-preview-annexes">{tx(onDemand ? 'deposit.previewAnnexesCountOnDemand' : 'deposit.previewAnnexesCount', { count: annexes })}</dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}
