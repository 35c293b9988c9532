import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, schemaVersion } from '../../../main/core/db/database.js';
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
  const db = openDatabase(path.join(dir, 'guichet.sqlite'));

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
