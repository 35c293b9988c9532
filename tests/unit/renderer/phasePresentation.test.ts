import { describe, expect, it } from 'vitest';
import { documentPhases, type DocumentPhase } from '../../../shared/domain/parapheur.js';
import { parapheurText } from '../../../renderer/features/parapheur/i18n/index.js';
import { finishedText, phaseFilterGroups, phaseText } from '../../../renderer/features/parapheur/documentFormat.js';
import { emptyFilters, matchesFilters, toListRequest } from '../../../renderer/features/parapheur/documents/documentQuery.js';
import type { DocumentRow } from '../../../shared/domain/parapheur.js';

const { tx } = parapheurText();

function row(phase: DocumentPhase): DocumentRow {
  return {
    localId: 1, batchId: 'b', circuitId: 'c', circuitName: 'Courrier', label: 'L', comment: '', originalName: 'a.pdf',
    providerName: 'a.pdf', size: 1, documentId: '1', outboxState: 'filed', phase, stepDone: 2, stepCount: 2,
    currentStepLabel: null, holder: null, waitingSince: null, late: false, lastError: null, refusalComment: null,
    createdAt: '2026-01-01T10:00:00.000Z', filedAt: null, finishedAt: null, lastPolledAt: null, nextPollAt: null,
    signedBlob: null, fdcBlob: null, deletable: false, documentIdStatus: null, formerDocumentId: null, trackingIssue: null,
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

describe('hiding the documents deleted on FAST', () => {
  it('leaves every other document, whatever states were chosen, and « supprimé le » is said for them', () => {
    const hide = { ...emptyFilters, hideDeleted: true };
    expect(matchesFilters(row('supprime'), hide)).toBe(false);
    expect(matchesFilters(row('refuse'), hide)).toBe(true);
    expect(matchesFilters(row('supprime'), { ...hide, phases: ['supprime'] })).toBe(false);
    expect(matchesFilters(row('en_cours'), { ...hide, phases: ['supprime'] })).toBe(true);
    expect(toListRequest(hide, 'recent', 0, 50).phases).not.toContain('supprime');
    expect(toListRequest(emptyFilters, 'recent', 0, 50).phases).toBeUndefined();
    const at = { finishedAt: '2026-01-01T10:00:00.000Z' };
    expect(finishedText({ phase: 'supprime', ...at }, 'fr-FR', tx)).toMatch(/^supprimé le /);
    expect(finishedText({ phase: 'signe', ...at }, 'fr-FR', tx)).toMatch(/^terminé le /);
  });
});
