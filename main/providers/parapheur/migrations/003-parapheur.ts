import type { Migration } from '../../../core/db/migrations/migration.js';

/**
 * FAST Parapheur: circuits, the deposit ledger (which is also the outbox: a row exists, durably,
 * before the first byte is sent) and the collected Hélios / PES / Chorus files.
 */
export const parapheurMigration: Migration = {
  version: 3,
  name: 'parapheur',
  up(db) {
    db.exec(`
      CREATE TABLE parapheur_circuits (
        environment     TEXT NOT NULL,
        siren           TEXT NOT NULL,
        id              TEXT NOT NULL,
        name            TEXT NOT NULL,
        accepts         TEXT NOT NULL DEFAULT 'pdf',
        step_count      INTEGER,
        pinned          INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
        source          TEXT NOT NULL CHECK (source IN ('provider', 'manual')),
        last_label      TEXT,
        last_recipients TEXT,
        updated_at      TEXT NOT NULL,
        PRIMARY KEY (environment, siren, id)
      ) STRICT;

      CREATE TABLE parapheur_documents (
        local_id            INTEGER PRIMARY KEY,
        batch_id            TEXT NOT NULL,
        environment         TEXT NOT NULL,
        siren               TEXT NOT NULL,
        circuit_id          TEXT NOT NULL,
        circuit_name        TEXT NOT NULL,
        on_demand           TEXT,              -- JSON of the on-demand circuit, NULL for a predefined one
        label               TEXT NOT NULL DEFAULT '',
        comment             TEXT NOT NULL DEFAULT '',
        recipients          TEXT NOT NULL DEFAULT '',
        cc                  TEXT NOT NULL DEFAULT '',
        agents              TEXT NOT NULL DEFAULT '',
        otp_signers         TEXT,              -- JSON
        original_name       TEXT NOT NULL,
        provider_name       TEXT NOT NULL,
        media_type          TEXT NOT NULL,
        blob_sha256         TEXT NOT NULL,
        size                INTEGER NOT NULL,
        outbox_state        TEXT NOT NULL CHECK (outbox_state IN ('queued','uploading','unknown','waiting_network','filed','failed','cancelled')),
        attempts            INTEGER NOT NULL DEFAULT 0,
        next_attempt_at     TEXT,
        last_error          TEXT,
        document_id         TEXT,
        status              TEXT,
        phase               TEXT NOT NULL DEFAULT 'en_attente',
        step_done           INTEGER,
        step_count          INTEGER,
        current_step_label  TEXT,
        holder              TEXT,
        waiting_since       TEXT,
        history_json        TEXT,
        history_fingerprint TEXT,
        refusal_comment     TEXT,
        deletable           INTEGER NOT NULL DEFAULT 0,
        last_polled_at      TEXT,
        next_poll_at        TEXT,
        signed_blob         TEXT,
        fdc_blob            TEXT,
        created_at          TEXT NOT NULL,
        filed_at            TEXT,
        finished_at         TEXT,
        updated_at          TEXT NOT NULL
      ) STRICT;

      -- FAST refuses a second (circuit, label, file name): the ledger enforces the same key locally,
      -- which is also what makes a retry after a crash safe.
      CREATE UNIQUE INDEX parapheur_documents_triple ON parapheur_documents (environment, siren, circuit_id, label, provider_name);
      CREATE UNIQUE INDEX parapheur_documents_provider_id ON parapheur_documents (environment, document_id) WHERE document_id IS NOT NULL;
      -- The outbox runner's pick: only rows still to send.
      CREATE INDEX parapheur_documents_outbox ON parapheur_documents (outbox_state, next_attempt_at);
      -- The poll scheduler's pick: filed, not finished, by due time.
      CREATE INDEX parapheur_documents_due ON parapheur_documents (next_poll_at) WHERE next_poll_at IS NOT NULL;
      CREATE INDEX parapheur_documents_recent ON parapheur_documents (created_at DESC);
      CREATE INDEX parapheur_documents_circuit ON parapheur_documents (circuit_id, created_at DESC);
      CREATE INDEX parapheur_documents_phase ON parapheur_documents (phase, created_at DESC);
      CREATE INDEX parapheur_documents_waiting ON parapheur_documents (waiting_since);
      CREATE INDEX parapheur_documents_batch ON parapheur_documents (batch_id);

      -- Full-text search on names, labels and comments (external content, kept in sync by triggers).
      CREATE VIRTUAL TABLE parapheur_documents_fts USING fts5(
        original_name, label, comment, content='parapheur_documents', content_rowid='local_id',
        tokenize='unicode61 remove_diacritics 2'
      );
      CREATE TRIGGER parapheur_documents_ai AFTER INSERT ON parapheur_documents BEGIN
        INSERT INTO parapheur_documents_fts (rowid, original_name, label, comment) VALUES (new.local_id, new.original_name, new.label, new.comment);
      END;
      CREATE TRIGGER parapheur_documents_ad AFTER DELETE ON parapheur_documents BEGIN
        INSERT INTO parapheur_documents_fts (parapheur_documents_fts, rowid, original_name, label, comment) VALUES ('delete', old.local_id, old.original_name, old.label, old.comment);
      END;
      CREATE TRIGGER parapheur_documents_au AFTER UPDATE OF original_name, label, comment ON parapheur_documents BEGIN
        INSERT INTO parapheur_documents_fts (parapheur_documents_fts, rowid, original_name, label, comment) VALUES ('delete', old.local_id, old.original_name, old.label, old.comment);
        INSERT INTO parapheur_documents_fts (rowid, original_name, label, comment) VALUES (new.local_id, new.original_name, new.label, new.comment);
      END;

      CREATE TABLE parapheur_collected (
        environment  TEXT NOT NULL,
        siren        TEXT NOT NULL,
        kind         TEXT NOT NULL CHECK (kind IN ('ack', 'pes-retour', 'chorus')),
        document_id  TEXT NOT NULL,
        blob_sha256  TEXT NOT NULL,
        size         INTEGER NOT NULL,
        collected_at TEXT NOT NULL,
        PRIMARY KEY (environment, siren, kind, document_id)
      ) STRICT;
    `);
  },
};
