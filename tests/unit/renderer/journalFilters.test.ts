import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../../shared/ipc/contract.js';
import { fr } from '../../../renderer/i18n/fr.js';
import { en } from '../../../renderer/i18n/en.js';
import { documentPhases } from '../../../shared/domain/parapheur.js';
import { actionWords, emptyJournalFilters, filterJournal, journalKind } from '../../../renderer/features/journal/journalEntries.js';

const entry = (id: number, action: string, provider: string | null, summary: string, at = '2026-03-03T09:00:00.000Z'): JournalEntry => ({
  id,
  at,
  actor: 'agent',
  action,
  provider,
  objectType: null,
  objectId: null,
  summary: { key: 'app:activity.summaries.legacy', params: { text: summary } },
});

const entries = [
  entry(1, 'settings.update', null, 'Réglages modifiés', '2026-03-01T09:00:00.000Z'),
  entry(2, 'parapheur.deposit.filed', 'parapheur', '« Délibération.pdf » déposé dans Courrier'),
  entry(3, 'parapheur.document.en_cours', 'parapheur', '« Délibération.pdf » : en cours'),
  entry(4, 'parapheur.certificate.sandbox', 'parapheur', 'Certificat de test du simulateur FAST importé dans le coffre'),
];
const wordsOf = (action: string) => actionWords(action, fr.journal.actions) ?? fr.journal.otherAction;

describe('journal entries in the clerk’s words', () => {
  it('every action main writes has words in both languages; an unknown one has none (never the raw code)', () => {
    const written = [
      'parapheur.certificate.import',
      'parapheur.certificate.sandbox',
      'parapheur.collect',
      'parapheur.deposit.failed',
      'parapheur.deposit.filed',
      'parapheur.deposit.queued',
      'parapheur.deposit.idUnknown',
      'parapheur.deposit.followupRefused',
      'parapheur.deposit.followupFailed',
      'parapheur.document.delete',
      'parapheur.document.idConfirmed',
      'parapheur.document.idReused',
      'parapheur.serverAuthority.import',
      'parapheur.serverAuthority.clear',
      'secrets.unreadable',
      ...documentPhases.map((p) => `parapheur.document.${p}`),
      'parapheur.users.sync',
      'secrets.clear',
      'secrets.set',
      'settings.update',
    ];
    for (const action of written) {
      expect(actionWords(action, fr.journal.actions), action).toMatch(/^[A-ZÉ][^.]*$/);
      expect(actionWords(action, en.journal.actions), action).toBeTruthy();
    }
    expect(actionWords('parapheur.document.en_cours', fr.journal.actions)).toBe('Document en cours de circuit');
    expect(actionWords('id360.enrolment.created', fr.journal.actions)).toBeNull();
    expect(actionWords('parapheur.document', fr.journal.actions)).toBeNull();
  });

  it('filters by service, type, day and words the clerk reads (accents and case ignored)', () => {
    const ids = (f: Partial<typeof emptyJournalFilters>) => filterJournal(entries, { ...emptyJournalFilters, ...f }, wordsOf).map((e) => e.id);
    expect(ids({})).toEqual([1, 2, 3, 4]);
    expect(ids({ provider: 'general' })).toEqual([1]);
    expect(ids({ provider: 'parapheur' })).toEqual([2, 3, 4]);
    expect(ids({ kind: 'security' })).toEqual([4]);
    expect(ids({ kind: 'followUp' })).toEqual([3]);
    expect(ids({ search: 'deliberation' })).toEqual([2, 3]);
    // The action's words are searched too, not its code.
    expect(ids({ search: 'en cours de circuit' })).toEqual([3]);
    expect(ids({ search: 'en_cours' })).toEqual([]);
    expect(ids({ to: '2026-03-02' })).toEqual([1]);
    expect(ids({ from: '2026-03-02', provider: 'parapheur', search: 'certificat' })).toEqual([4]);
    expect(journalKind('parapheur.deposit.queued')).toBe('deposit');
    expect(journalKind('secrets.set')).toBe('security');
  });
});
