import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, schemaVersion } from '../../../main/core/db/database.js';
import { allMigrations } from '../../../main/providers/registry.js';
import { tempDir } from './guichetHarness.js';

const dir = tempDir('guichet-ledger-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function insert(db: ReturnType<typeof openDatabase>, fields: Record<string, unknown> = {}) {
  const row = {
    batch_id: 'b',
    environment: 'sandbox',
    siren: '213105554',
    circuit_id: 'c1',
    circuit_name: 'Circuit',
    label: 'L',
    comment: 'Réfection du chemin des Écoliers',
    original_name: 'Arrêté.pdf',
    provider_name: 'Arrete.pdf',
    media_type: 'application/pdf',
    blob_sha256: 'a'.repeat(64),
    size: 10,
    outbox_state: 'queued',
    created_at: new Date().toISOString(),
    updated_at: new Date().toISOString(),
    ...fields,
  };
  const keys = Object.keys(row);
  return db.prepare(`INSERT INTO parapheur_documents (${keys.join(',')}) VALUES (${keys.map((k) => '@' + k).join(',')})`).run(row);
}

describe('migration 3: FAST Parapheur ledger', () => {
  const db = openDatabase(path.join(dir, 'guichet.sqlite'), allMigrations);

  it('creates STRICT tables that reject wrong types and unknown outbox states', () => {
    expect(schemaVersion(db)).toBeGreaterThanOrEqual(3);
    expect(() => insert(db, { size: 'big' })).toThrow();
    expect(() => insert(db, { outbox_state: 'sent-maybe' })).toThrow(/CHECK/);
  });

  it('enforces FAST’s duplicate key (circuit, label, file name) locally', () => {
    insert(db);
    expect(() => insert(db)).toThrow(/UNIQUE/);
    insert(db, { label: 'Autre' });
  });

  it('keeps the full-text index in step with the rows, accents folded', () => {
    const hits = db.prepare("SELECT rowid FROM parapheur_documents_fts WHERE parapheur_documents_fts MATCH 'ecoliers'").all();
    expect(hits.length).toBeGreaterThan(0);
    db.prepare("UPDATE parapheur_documents SET comment = 'autre chose'").run();
    expect(db.prepare("SELECT rowid FROM parapheur_documents_fts WHERE parapheur_documents_fts MATCH 'ecoliers'").all()).toHaveLength(0);
  });

  it('answers the hot queries from indexes (outbox pick, poll schedule, list by date)', () => {
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all({ now: 'x' }) as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(plan("SELECT * FROM parapheur_documents WHERE outbox_state IN ('queued','unknown','waiting_network') AND (next_attempt_at IS NULL OR next_attempt_at <= @now) ORDER BY local_id LIMIT 5")).toMatch(
      /USING INDEX parapheur_documents_outbox|USING INTEGER PRIMARY KEY/,
    );
    expect(plan("SELECT * FROM parapheur_documents WHERE next_poll_at IS NOT NULL AND next_poll_at <= @now ORDER BY next_poll_at LIMIT 8")).toMatch(
      /USING INDEX parapheur_documents_due/,
    );
    expect(plan('SELECT * FROM parapheur_documents d ORDER BY d.created_at DESC, d.local_id DESC LIMIT 500')).toMatch(/parapheur_documents_recent/);
  });
});

describe('migration 4: outputs of ZIP answers and annexes', () => {
  it('upgrades a version-3 database in place, keeping its documents', async () => {
    const file = path.join(dir, 'v3.sqlite');
    const v3 = openDatabase(file, allMigrations.slice(0, 3));
    insert(v3, { label: 'avant' });
    v3.close();

    const db = openDatabase(file, allMigrations);
    try {
      expect(schemaVersion(db)).toBe(allMigrations.at(-1)!.version);
      const row = db.prepare('SELECT local_id, label, annexes FROM parapheur_documents').get() as { local_id: number; label: string; annexes: string | null };
      expect(row).toMatchObject({ label: 'avant', annexes: null });
      const add = db.prepare('INSERT INTO parapheur_document_outputs (local_id, name, role, blob_sha256, size, created_at) VALUES (?, ?, ?, ?, ?, ?)');
      add.run(row.local_id, 'Arrete.pdf', 'signed', 'b'.repeat(64), 12, new Date().toISOString());
      // STRICT and checked: an unknown role or a text size is refused; a name appears once per document.
      expect(() => add.run(row.local_id, 'x.pdf', 'mystère', 'c'.repeat(64), 1, 'now')).toThrow(/CHECK/);
      expect(() => add.run(row.local_id, 'y.pdf', 'other', 'c'.repeat(64), 'gros', 'now')).toThrow();
      expect(() => add.run(row.local_id, 'Arrete.pdf', 'fdc', 'd'.repeat(64), 1, 'now')).toThrow(/UNIQUE|PRIMARY/);
      // The outputs go with their document.
      db.prepare('DELETE FROM parapheur_documents WHERE local_id = ?').run(row.local_id);
      expect(db.prepare('SELECT COUNT(*) AS n FROM parapheur_document_outputs').get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });
});

describe('migration 5: metadata and post-upload calls of a deposit', () => {
  it('upgrades a version-4 database in place: existing rows owe nothing, new rows carry their metadata', async () => {
    const file = path.join(dir, 'v4.sqlite');
    const v4 = openDatabase(file, allMigrations.slice(0, 4));
    insert(v4, { label: 'avant', outbox_state: 'filed', document_id: '320000001' });
    v4.close();

    const db = openDatabase(file, allMigrations.slice(0, 5));
    try {
      expect(schemaVersion(db)).toBe(5);
      const old = db.prepare('SELECT metadata_json, followups_pending, followup_attempts, followup_error FROM parapheur_documents WHERE label = ?').get('avant');
      // A document filed before this version made its calls the old way: nothing is owed on it.
      expect(old).toEqual({ metadata_json: null, followups_pending: 0, followup_attempts: 0, followup_error: null });
      const metadata = JSON.stringify([{ name: 'TEXT_001', value: 'Dossier 2024-118' }]);
      insert(db, { label: 'après', metadata_json: metadata, followups_pending: 1 });
      expect(db.prepare('SELECT metadata_json FROM parapheur_documents WHERE label = ?').get('après')).toEqual({ metadata_json: metadata });
      // STRICT and checked: the flag is 0 or 1, the counter an integer.
      expect(() => insert(db, { label: 'drapeau', followups_pending: 2 })).toThrow(/CHECK/);
      expect(() => insert(db, { label: 'compteur', followup_attempts: 'trois' })).toThrow();
      // The outbox's pick of owed calls reads the partial index, not the whole ledger.
      const plan = (db.prepare('EXPLAIN QUERY PLAN SELECT * FROM parapheur_documents WHERE followups_pending = 1 AND (next_attempt_at IS NULL OR next_attempt_at <= @now) ORDER BY local_id LIMIT 5').all({ now: 'x' }) as { detail: string }[])
        .map((r) => r.detail)
        .join(' | ');
      expect(plan).toMatch(/parapheur_documents_followups/);
    } finally {
      db.close();
    }
  });
});

describe('migration 6: metadata names remembered per circuit', () => {
  it('upgrades a version-5 database in place: known circuits keep their label memory and suggest no names', async () => {
    const file = path.join(dir, 'v5.sqlite');
    const v5 = openDatabase(file, allMigrations.slice(0, 5));
    v5.prepare(
      `INSERT INTO parapheur_circuits (environment, siren, id, name, accepts, pinned, source, last_label, updated_at)
       VALUES ('sandbox', '213105554', 'contrat-otp', 'Contrats', 'pdf', 0, 'provider', 'Bail', @now)`,
    ).run({ now: new Date().toISOString() });
    v5.close();

    const db = openDatabase(file, allMigrations.slice(0, 6));
    try {
      expect(schemaVersion(db)).toBe(6);
      expect(db.prepare("SELECT last_label, last_metadata_names FROM parapheur_circuits WHERE id = 'contrat-otp'").get()).toEqual({ last_label: 'Bail', last_metadata_names: null });
      db.prepare("UPDATE parapheur_circuits SET last_metadata_names = ? WHERE id = 'contrat-otp'").run(JSON.stringify(['TEXT_001']));
      expect(db.prepare("SELECT last_metadata_names FROM parapheur_circuits WHERE id = 'contrat-otp'").get()).toEqual({ last_metadata_names: '["TEXT_001"]' });
      // STRICT: a number is not a JSON text.
      expect(() => db.prepare("UPDATE parapheur_circuits SET last_metadata_names = ? WHERE id = 'contrat-otp'").run(Buffer.from('x'))).toThrow();
    } finally {
      db.close();
    }
  });
});

describe('migration 7: documents FAST has whose number Guichet lacks', () => {
  it('upgrades a version-6 database in place: known numbers stay, a number can move to a newer row with the older one flagged', async () => {
    
    const file = path.join(dir, 'v6.sqlite');
    const v6 = openDatabase(file, allMigrations.slice(0, 6));
    insert(v6, { label: 'ancien', provider_name: 'a.pdf', outbox_state: 'filed', document_id: '320000001' });
    v6.close();

    const db = openDatabase(file, allMigrations.slice(0, 7));
    try {
      expect(schemaVersion(db)).toBe(7);
      expect(db.prepare("SELECT document_id, document_id_status, former_document_id FROM parapheur_documents WHERE label = 'ancien'").get()).toEqual({
        document_id: '320000001',
        document_id_status: null,
        former_document_id: null,
      });
      // The number stays unique: it moves to the newer row, the older one keeps it as its former number.
      expect(() => insert(db, { label: 'nouveau', provider_name: 'b.pdf', outbox_state: 'filed', document_id: '320000001' })).toThrow(/UNIQUE/);
      db.prepare("UPDATE parapheur_documents SET document_id = NULL, former_document_id = '320000001', document_id_status = 'reused' WHERE label = 'ancien'").run();
      insert(db, { label: 'nouveau', provider_name: 'b.pdf', outbox_state: 'filed', document_id: '320000001' });
      insert(db, { label: 'inconnu', provider_name: 'c.pdf', outbox_state: 'filed', document_id_status: 'unknown' });
      expect(() => insert(db, { label: 'autre', provider_name: 'd.pdf', document_id_status: 'perdu' })).toThrow(/CHECK/);
    } finally {
      db.close();
    }
  });
});
