import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/core/db/database.js';
import { allMigrations } from '../../../main/providers/registry.js';
import { call, makePdf, stage, useTestGuichets, waitFor } from './guichetHarness.js';
import { clerkText } from '../../support/clerkText.js';

/**
 * What a document row says to the clerk is stored as a catalogue entry and worded in the interface
 * language; rows an older Guichet wrote hold a French sentence, still shown as it was written.
 */
const guichets = useTestGuichets('guichet-stored-texts-');
const rowsOf = async (guichet: Parameters<typeof call>[0]) => (await call(guichet, 'parapheur.documents.list', { sort: 'recent', limit: 50, offset: 0 })).items;

describe('texts stored in the ledger', () => {
  it('stores entries, not sentences, and still shows an older Guichet’s French sentence as is', async () => {
    const { guichet, dir } = await guichets.start();
    await call(guichet, 'parapheur.deposit.submit', {
      target: { kind: 'circuit', circuitId: 'courrier-visa-signature' },
      label: 'Ancien',
      fileIds: [await stage(guichet, makePdf(dir, 'ancien.pdf'))],
    });
    const filed = await waitFor('filed', async () => (await rowsOf(guichet)).find((r) => r.outboxState === 'filed'));
    // A cancellation now: what the row keeps is an entry, worded in each language.
    const second = await call(guichet, 'parapheur.deposit.submit', {
      target: { kind: 'circuit', circuitId: 'courrier-visa-signature' },
      label: 'Annulé',
      fileIds: [await stage(guichet, makePdf(dir, 'annule.pdf'))],
    });
    await guichets.stop(guichet);

    const legacy = 'Suivi momentanément impossible : FAST Parapheur est momentanément indisponible (HTTP 503).';
    const db = openDatabase(path.join(dir, 'guichet.sqlite'), allMigrations);
    try {
      // As version 1 wrote it, and far from its next look so that the tracker leaves it alone.
      db.prepare("UPDATE parapheur_documents SET last_error = ?, next_poll_at = '2999-01-01T00:00:00.000Z' WHERE local_id = ?").run(legacy, filed.localId);
      db.prepare("UPDATE parapheur_documents SET outbox_state = 'cancelled', last_error = ? WHERE local_id = ?").run('{"key":"parapheur:notes.cancelled"}', second.accepted[0]!.localId);
    } finally {
      db.close();
    }

    const again = await guichets.start({ dir });
    const rows = await rowsOf(again.guichet);
    const old = rows.find((r) => r.localId === filed.localId)!;
    expect(clerkText(old.lastError!, 'fr')).toBe(legacy);
    expect(clerkText(old.lastError!, 'en')).toBe(legacy);
    const cancelled = rows.find((r) => r.localId === second.accepted[0]!.localId)!;
    expect(cancelled.lastError).toEqual({ key: 'parapheur:notes.cancelled' });
    expect(clerkText(cancelled.lastError!, 'en')).toBe('Filing cancelled');
    expect(clerkText(cancelled.lastError!, 'fr')).toBe('Dépôt annulé');
  });

  it('keeps a journal summary’s parts (the cause) and words them in the clerk’s language', async () => {
    const { guichet } = await guichets.start();
    guichet.journal.append({
      actor: 'système',
      action: 'parapheur.deposit.failed',
      provider: 'parapheur',
      summary: { key: 'parapheur:activity.summaries.depositFailed', params: { name: 'a.pdf' }, parts: { problem: { key: 'parapheur:fileChecks.empty' } } },
    });
    const [entry] = await call(guichet, 'journal.list', { limit: 1 });
    expect(clerkText(entry!.summary, 'fr')).toBe('Échec du dépôt de « a.pdf » : Le fichier est vide (0 octet).');
    expect(clerkText(entry!.summary, 'en')).toBe('Filing “a.pdf” failed: The file is empty (0 bytes).');
  });
});
