import { describe, expect, it } from 'vitest';
import { documentPhases, type DocumentPhase } from '../../../shared/domain/parapheur.js';
import { parapheurText } from '../../../renderer/features/parapheur/i18n/index.js';
import { phaseFilterGroups, phaseText } from '../../../renderer/features/parapheur/documentFormat.js';
import { emptyFilters, matchesFilters } from '../../../renderer/features/parapheur/documents/documentQuery.js';
import type { DocumentRow } from '../../../shared/domain/parapheur.js';

const { tx } = parapheurText();

function row(phase: DocumentPhase): DocumentRow {
  return {
    localId: 1, batchId: 'b', circuitId: 'c', circuitName: 'Courrier', label: 'L', comment: '', originalName: 'a.pdf',
    providerName: 'a.pdf', size: 1, documentId: '1', outboxState: 'filed', phase, stepDone: 2, stepCount: 2,
    currentStepLabel: null, holder: null, waitingSince: null, late: false, lastError: null, refusalComment: null,
    createdAt: '2026-01-01T10:00:00.000Z', filedAt: null, finishedAt: null, lastPolledAt: null, nextPollAt: null,
    signedBlob: null, fdcBlob: null, deletable: false,
  };
}

describe('what the clerk reads of a signed document', () => {
  it('reads « signé », with the filing as a detail once FAST has classified or archived it', () => {
    expect(phaseText(row('signe'), tx)).toBe('signé');
    expect(phaseText(row('classe'), tx)).toBe('signé · classé');
    expect(phaseText(row('archive'), tx)).toBe('signé · archivé');
  });

  it('the « signé » filter finds every document that reads « signé », and no state is left without a filter', () => {
    const signed = phaseFilterGroups.find((g) => g.key === 'signe')!;
    const filters = { ...emptyFilters, phases: [...signed.phases] };
    for (const phase of documentPhases) {
      expect(matchesFilters(row(phase), filters)).toBe(phaseText(row(phase), tx).startsWith('signé'));
    }
    const covered = new Set(phaseFilterGroups.flatMap((g) => g.phases));
    expect([...covered].sort()).toEqual([...documentPhases].sort());
  });
});
