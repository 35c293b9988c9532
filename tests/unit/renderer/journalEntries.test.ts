import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../../shared/ipc/contract.js';
import { formatJournalDate, mergeJournalEntries, oldestJournalId } from '../../../renderer/features/journal/journalEntries.js';

function entry(id: number, text = `entrée ${id}`): JournalEntry {
  return {
    id,
    at: '2025-11-25T08:17:03.000Z',
    actor: 'agent',
    action: 'settings.update',
    provider: null,
    objectType: null,
    objectId: null,
    summary: { key: 'app:activity.summaries.legacy', params: { text } },
  };
}

describe('journal list', () => {
  it('keeps the newest first and each entry once, whatever the arrival order', () => {
    const page = [entry(5), entry(4), entry(3)];
    // A live event for 5 arrived before the page that already contains it, and 6 after.
    const merged = mergeJournalEntries(mergeJournalEntries([entry(5, 'live')], page), [entry(6)]);
    expect(merged.map((e) => e.id)).toEqual([6, 5, 4, 3]);
    expect(merged).toHaveLength(4);
  });

  it('appends an older page under the current one', () => {
    const merged = mergeJournalEntries([entry(10), entry(9)], [entry(8), entry(7)]);
    expect(merged.map((e) => e.id)).toEqual([10, 9, 8, 7]);
    expect(oldestJournalId(merged)).toBe(7);
    expect(oldestJournalId([])).toBeNull();
  });

  it('formats dates the French way and leaves unreadable ones as stored', () => {
    const text = formatJournalDate('2025-11-25T08:17:03.000Z', 'fr-FR');
    expect(text).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/);
    expect(text).toContain('/11/2025');
    expect(formatJournalDate('hier', 'fr-FR')).toBe('hier');
  });
});

describe('journal texts', () => {
  it('names actors and summaries in the interface language, never as codes', async () => {
    const { i18next, loadLanguage } = await import('../../../renderer/i18n/index.js');
    const { journalActorText, journalSummaryText } = await import('../../../renderer/features/journal/journalEntries.js');
    const saved = { ...entry(1), summary: { key: 'app:activity.summaries.secretSaved', params: { secret: 'x' } } };
    // As the app switches: English loads first (renderer/i18n/index.ts).
    await loadLanguage('en');
    await i18next.changeLanguage('en');
    try {
      expect(journalActorText('système')).toBe('System');
      expect(journalSummaryText(saved)).toBe('Secret “x” saved');
      await i18next.changeLanguage('fr');
      expect(journalActorText('agent')).toBe('Agent');
      expect(journalSummaryText(saved)).toBe('Secret « x » enregistré');
    } finally {
      await i18next.changeLanguage('fr');
    }
  });
});
