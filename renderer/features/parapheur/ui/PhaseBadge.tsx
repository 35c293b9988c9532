import type { DocumentRow } from '../../../../shared/domain/parapheur.js';
import { phaseText, phaseTone } from '../documentFormat.js';
import type { Tx } from '../i18n/index.js';

export function PhaseBadge({ row, tx }: { row: Pick<DocumentRow, 'phase' | 'stepDone' | 'stepCount'>; tx: Tx }) {
  return (
    <span className={`status-badge status-badge--${phaseTone(row.phase)}`} data-testid="phase-badge" data-phase={row.phase}>
      {phaseText(row, tx)}
    </span>
  );
}

export function LateFlag({ tx }: { tx: Tx }) {
  return (
    <span className="status-badge status-badge--late" data-testid="late-flag">
      {tx('late')}
    </span>
  );
}
