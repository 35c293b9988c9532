import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { allMigrations } from '../../../main/providers/registry.js';
import { openDatabase } from '../../../main/core/db/database.js';
import { createActivityJournal, type JournalEntry } from '../../../main/core/journal/activityJournal.js';
import { journalEntrySchema } from '../../../shared/ipc/contract.js';
import { useTempDirs } from './tempDirs.js';

const tempDir = useTempDirs('journal');
let db: Database.Database | null = null;
afterEach(() => {
  db?.close();
  db = null;
});

function freshDb(): Database.Database {
  db = openDatabase(join(tempDir(), 'guichet.sqlite'), allMigrations);
  return db;
}

describe('activity journal', () => {
  it('appends entries in the contract shape and announces them', () => {
    const announced: JournalEntry[] = [];
    const journal = createActivityJournal(freshDb(), (entry) => announced.push(entry));

    const entry = journal.append({
      actor: 'agent',
      action: 'parapheur.deposit',
      provider: 'parapheur',
      objectType: 'document',
      objectId: '4711',
      summary: 'Contrat déposé dans le circuit « Visa DGS »',
    });

    expect(journalEntrySchema.strict().parse(entry)).toEqual(entry);
    expect(entry).toMatchObject({ actor: 'agent', provider: 'parapheur', objectType: 'document', objectId: '4711' });
    expect(new Date(entry.at).toISOString()).toBe(entry.at);
    expect(announced).toEqual([entry]);

    const minimal = journal.append({ actor: 'outbox', action: 'sync', summary: 'Synchronisation' });
    expect(minimal).toMatchObject({ provider: null, objectType: null, objectId: null });
  });

  it('lists newest first with keyset pagination by id, without the details', () => {
    const journal = createActivityJournal(freshDb());
    const ids = Array.from({ length: 25 }, (_, i) =>
      journal.append({ actor: 'agent', action: 'a', summary: `entrée ${i}`, details: { i } }).id,
    );

    const page1 = journal.list({ limit: 10 });
    expect(page1.map((e) => e.id)).toEqual(ids.slice(-10).reverse());
    const page2 = journal.list({ limit: 10, before: page1.at(-1)?.id });
    expect(page2.map((e) => e.id)).toEqual(ids.slice(5, 15).reverse());
    const page3 = journal.list({ limit: 10, before: page2.at(-1)?.id });
    expect(page3.map((e) => e.id)).toEqual(ids.slice(0, 5).reverse());
    expect(journal.list({ limit: 10, before: ids[0] })).toEqual([]);

    for (const entry of page1) expect(Object.keys(entry).sort()).toEqual(Object.keys(journalEntrySchema.shape).sort());
  });

  it('returns the history of one object', () => {
    const journal = createActivityJournal(freshDb());
    const a1 = journal.append({ actor: 'agent', action: 'deposit', provider: 'parapheur', objectType: 'document', objectId: '1', summary: 'déposé' });
    journal.append({ actor: 'agent', action: 'deposit', provider: 'parapheur', objectType: 'document', objectId: '2', summary: 'déposé' });
    journal.append({ actor: 'agent', action: 'create', provider: 'id360', objectType: 'document', objectId: '1', summary: 'autre fournisseur' });
    const a2 = journal.append({ actor: 'poller', action: 'signed', provider: 'parapheur', objectType: 'document', objectId: '1', summary: 'signé' });

    expect(journal.forObject('parapheur', 'document', '1').map((e) => e.id)).toEqual([a2.id, a1.id]);
    expect(journal.forObject('parapheur', 'document', '404')).toEqual([]);
  });

  it('stores the details redacted', () => {
    const database = freshDb();
    const journal = createActivityJournal(database);
    const entry = journal.append({
      actor: 'agent',
      action: 'id360.enrollment.create',
      summary: 'Enrôlement créé',
      details: { email: 'jeanne@example.fr', token: 'abc', circuit: 'Visa', note: 'appeler le 06 12 34 56 78' },
    });
    const stored = database.prepare('SELECT details FROM journal WHERE id = ?').get(entry.id) as { details: string };
    expect(JSON.parse(stored.details)).toEqual({ email: '[REDACTED]', token: '[REDACTED]', circuit: 'Visa', note: 'appeler le [REDACTED]' });
    expect(stored.details).not.toContain('jeanne');
  });

  it('refuses an entry without actor, action or summary, and survives a failing listener', () => {
    const journal = createActivityJournal(freshDb(), () => {
      throw new Error('fenêtre fermée');
    });
    expect(() => journal.append({ actor: '', action: 'a', summary: 's' })).toThrow(/actor/);
    expect(() => journal.append({ actor: 'agent', action: 'a', summary: '  ' })).toThrow(/summary/);
    expect(journal.append({ actor: 'agent', action: 'a', summary: 's' }).id).toBe(1);
    expect(journal.list({ limit: 5 })).toHaveLength(1);
  });
});
