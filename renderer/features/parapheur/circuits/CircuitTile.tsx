import type { Circuit, FileKind } from '../../../../shared/domain/parapheur.js';
import type { Tx } from '../i18n/index.js';
import { TechnicalDetails } from '../../../components/TechnicalDetails.js';
import { useFileDrop } from '../../../components/useFileDrop.js';
import { PinIcon, TrashIcon, UploadIcon } from '../../../components/icons.js';
import { FilePicker } from '../../../components/FilePicker.js';

const pickerTypes: Record<FileKind, string | null> = {
  pdf: '.pdf,application/pdf',
  xml: '.xml,application/xml,text/xml',
  zip: '.zip,application/zip',
  any: null,
};

/** What the file picker proposes for a circuit's formats (the host checks the content anyway). */
export function acceptAttribute(kinds: readonly FileKind[]): string | undefined {
  const types = kinds.map((k) => pickerTypes[k]);
  return types.includes(null) ? undefined : types.join(',');
}

interface CircuitTileProps {
  circuit: Circuit;
  tx: Tx;
  busy: boolean;
  onFiles(files: File[]): void;
  onTogglePin(): void;
  onRemove(): void;
}

/** One circuit: a drop zone, with a keyboard-reachable file picker for the same action. */
export function CircuitTile({ circuit, tx, busy, onFiles, onTogglePin, onRemove }: CircuitTileProps) {
  const { over, handlers } = useFileDrop(onFiles);
  const titleId = `circuit-title-${circuit.id}`;
  const kinds = circuit.accepts.map((k) => tx(`kinds.${k}`)).join(', ');
  return (
    <article
      className={over ? 'circuit-tile circuit-tile--over' : 'circuit-tile'}
      aria-labelledby={titleId}
      data-testid={`circuit-tile-${circuit.id}`}
      data-pinned={circuit.pinned ? 'true' : 'false'}
      {...handlers}
    >
      <div className="circuit-tile__head">
        <h3 id={titleId} className="circuit-tile__name">
          {circuit.name}
        </h3>
        <div className="circuit-tile__tools">
          <button
            type="button"
            className={circuit.pinned ? 'icon-button icon-button--on' : 'icon-button'}
            aria-pressed={circuit.pinned}
            aria-label={circuit.pinned ? tx('circuits.unpin', { name: circuit.name }) : tx('circuits.pin', { name: circuit.name })}
            title={circuit.pinned ? tx('circuits.unpin', { name: circuit.name }) : tx('circuits.pin', { name: circuit.name })}
            onClick={onTogglePin}
            disabled={busy}
            data-testid={`circuit-pin-${circuit.id}`}
          >
            <PinIcon filled={circuit.pinned} />
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label={tx('circuits.remove', { name: circuit.name })}
            title={tx('circuits.remove', { name: circuit.name })}
            onClick={onRemove}
            disabled={busy}
            data-testid={`circuit-remove-${circuit.id}`}
          >
            <TrashIcon />
          </button>
        </div>
      </div>
      {circuit.pinned ? (
        <p className="circuit-tile__meta">
          <span className="status-badge status-badge--info">{tx('circuits.pinnedBadge')}</span>
        </p>
      ) : null}
      <p className="circuit-tile__meta">
        <span>{tx('circuits.accepts', { list: kinds })}</span>
        <span aria-hidden="true">·</span>
        <span>{circuit.stepCount ? tx('circuits.steps', { count: circuit.stepCount }) : tx('circuits.stepsUnknown')}</span>
      </p>
      {circuit.profiles.length > 0 ? (
        <p className="circuit-tile__meta muted" data-testid={`circuit-profiles-${circuit.id}`}>
          {tx('circuits.profiles', { list: circuit.profiles.join(', ') })}
        </p>
      ) : null}
      <TechnicalDetails summary={tx('common.technicalDetails')} testId={`circuit-technical-${circuit.id}`}>
        <span className="circuit-tile__id">{tx('circuits.id', { id: circuit.id })}</span>
      </TechnicalDetails>
      {circuit.lastLabel ? <p className="circuit-tile__last muted">{tx('circuits.lastLabel', { label: circuit.lastLabel })}</p> : null}
      <div className="drop-area">
        <UploadIcon />
        <span className="drop-area__text">{over ? tx('circuits.dropActive', { name: circuit.name }) : tx('circuits.drop')}</span>
        <FilePicker
          label={tx('circuits.choose')}
          aria-label={tx('circuits.chooseLabel', { name: circuit.name })}
          multiple
          accept={acceptAttribute(circuit.accepts)}
          testId={`circuit-choose-${circuit.id}`}
          inputTestId={`circuit-input-${circuit.id}`}
          onFiles={onFiles}
        />
      </div>
    </article>
  );
}
