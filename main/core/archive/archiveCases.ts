import type Database from 'better-sqlite3';
import { GuichetError, type HostText } from '../../../shared/ipc/errors.js';
import type { ArchiveCase } from '../../../shared/ipc/archive.js';
import type { EventBus } from '../ipc/eventBus.js';
import type { JournalEntry } from '../../../shared/ipc/contract.js';
import { ftsQuery } from './ftsText.js';

interface CaseRow {
  id: number;
  title: string;
  reference: string;
  created_at: string;
  updated_at: string;
  items: number;
  providers: string | null;
}

const toCase = (r: CaseRow): ArchiveCase => ({
  id: r.id,
  title: r.title,
  reference: r.reference,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  items: r.items,
  providers: r.providers ? [...new Set(r.providers.split(','))].sort() : [],
});

const caseColumns = `c.id, c.title, c.reference, c.created_at, c.updated_at,
  (SELECT count(*) FROM archive_items i WHERE i.case_id = c.id AND i.purged_at IS NULL) AS items,
  (SELECT group_concat(DISTINCT i.provider) FROM archive_items i WHERE i.case_id = c.id AND i.purged_at IS NULL) AS providers`;

/** FTS5 phrase of one value (quotes doubled): matched as words, never as syntax. */
const phrase = (value: string) => `"${value.replace(/"/g, '""')}"`;

/**
 * Case folders (« Dossiers », docs/architecture.md#archive): a clerk groups items from any provider
 * that belong to one person or one file. A case is found by its title or reference, or by any word of
 * its items, PDF text included; suggestions are items outside it that share a person (name, e-mail)
 * or a reference with what it holds.
 */
export function createArchiveCases(deps: {
  db: Database.Database;
  journal: {
    append(entry: { actor: string; action: string; objectType?: string; objectId?: string; summary: HostText }): unknown;
    forObject(provider: string, objectType: string, objectId: string): JournalEntry[];
  };
  bus?: Pick<EventBus, 'emit'>;
  now?: () => Date;
}) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());

  function get(id: number): ArchiveCase {
    const row = db.prepare(`SELECT ${caseColumns} FROM archive_cases c WHERE c.id = ?`).get(id) as CaseRow | undefined;
    if (!row) throw new GuichetError('NOT_FOUND', { key: 'app:hostErrors.archive.caseNotFound' });
    return toCase(row);
  }

  function list(query: string): ArchiveCase[] {
    const match = ftsQuery(query);
    if (match === null) {
      return (db.prepare(`SELECT ${caseColumns} FROM archive_cases c ORDER BY c.updated_at DESC, c.id DESC LIMIT 500`).all() as CaseRow[]).map(toCase);
    }
    const words = (query.normalize('NFC').match(/[\p{L}\p{N}]+/gu) ?? []).map((w) => w.toLocaleLowerCase('fr'));
    const own = (db.prepare(`SELECT ${caseColumns} FROM archive_cases c ORDER BY c.updated_at DESC, c.id DESC`).all() as CaseRow[]).filter((c) => {
      const text = `${c.title} ${c.reference}`.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase('fr');
      return words.every((w) => text.includes(w.normalize('NFD').replace(/\p{M}/gu, '')));
    });
    const byItems = db
      .prepare(
        `SELECT ${caseColumns} FROM archive_cases c WHERE c.id IN (
           SELECT i.case_id FROM archive_fts JOIN archive_items i ON i.id = archive_fts.rowid
            WHERE archive_fts MATCH ? AND i.case_id IS NOT NULL AND i.purged_at IS NULL)
         ORDER BY c.updated_at DESC, c.id DESC LIMIT 500`,
      )
      .all(match) as CaseRow[];
    const seen = new Set<number>();
    return [...own, ...byItems].filter((c) => !seen.has(c.id) && seen.add(c.id)).map(toCase);
  }

  function create(title: string, reference: string): ArchiveCase {
    const at = now().toISOString();
    const id = Number(db.prepare('INSERT INTO archive_cases (title, reference, created_at, updated_at) VALUES (?, ?, ?, ?)').run(title, reference, at, at).lastInsertRowid);
    deps.journal.append({ actor: 'agent', action: 'archive.case.create', objectType: 'archive-case', objectId: String(id), summary: { key: 'app:activity.summaries.archiveCaseCreated', params: { title } } });
    return get(id);
  }

  /** Attaches items to a case (an item belongs to one case at most: attaching moves it); null detaches. */
  function attach(caseId: number | null, ids: readonly number[]): { changed: number } {
    if (caseId !== null) get(caseId);
    let changed = 0;
    db.transaction(() => {
      const update = db.prepare('UPDATE archive_items SET case_id = ? WHERE id = ? AND purged_at IS NULL AND case_id IS NOT ?');
      for (const id of ids) changed += update.run(caseId, id, caseId).changes;
      if (caseId !== null && changed > 0) db.prepare('UPDATE archive_cases SET updated_at = ? WHERE id = ?').run(now().toISOString(), caseId);
    })();
    if (changed > 0) deps.bus?.emit('archive.changed', { reason: 'items' });
    return { changed };
  }

  /**
   * A provider's action started from the case (docs/architecture.md#archive): the objects it created
   * are remembered with the case, so that their files join it as the Archive records them; files the
   * Archive already holds about them, in no case yet, join it now.
   */
  function fileIntoCase(provider: string, caseId: number, refs: readonly { objectType: string; objectId: string }[]): { changed: number } {
    get(caseId);
    const at = now().toISOString();
    let changed = 0;
    db.transaction(() => {
      const remember = db.prepare(
        `INSERT INTO archive_case_origins (provider, object_type, object_id, case_id, created_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (provider, object_type, object_id) DO UPDATE SET case_id = excluded.case_id, created_at = excluded.created_at`,
      );
      const already = db.prepare(
        `UPDATE archive_items SET case_id = ? WHERE provider = ? AND case_id IS NULL AND purged_at IS NULL
           AND EXISTS (SELECT 1 FROM json_each(archive_items.journal_refs) r WHERE json_extract(r.value, '$[0]') = ? AND json_extract(r.value, '$[1]') = ?)`,
      );
      for (const ref of refs) {
        remember.run(provider, ref.objectType, ref.objectId, caseId, at);
        changed += already.run(caseId, provider, ref.objectType, ref.objectId).changes;
      }
      db.prepare('UPDATE archive_cases SET updated_at = ? WHERE id = ?').run(at, caseId);
    })();
    if (changed > 0) deps.bus?.emit('archive.changed', { reason: 'items' });
    return { changed };
  }

  const originOf = db.prepare<[string, string, string], { case_id: number }>(
    'SELECT case_id FROM archive_case_origins WHERE provider = ? AND object_type = ? AND object_id = ?',
  );
  /** The case a new item joins, when its module created what it belongs to from a case folder. */
  function originCase(provider: string, journal: readonly { objectType: string; objectId: string | null | undefined }[] | undefined): number | null {
    for (const ref of journal ?? []) {
      if (!ref.objectId) continue;
      const row = originOf.get(provider, ref.objectType, ref.objectId);
      if (row) return row.case_id;
    }
    return null;
  }

  /** Items outside the case that share a person (name, e-mail) or a reference with an item inside it. */
  function suggestionQuery(caseId: number): string | null {
    get(caseId);
    const rows = db.prepare('SELECT people, reference FROM archive_items WHERE case_id = ? AND purged_at IS NULL').all(caseId) as { people: string; reference: string }[];
    const values = new Set<string>();
    for (const r of rows) {
      for (const v of `${r.people}\n${r.reference}`.split('\n')) {
        const trimmed = v.trim();
        // A value of one short word (« 12 », a first name alone) would match half the archive.
        if (trimmed.length >= 4 && /[\p{L}\p{N}]/u.test(trimmed)) values.add(trimmed);
      }
    }
    if (values.size === 0) return null;
    return `{people reference} : (${[...values].slice(0, 50).map(phrase).join(' OR ')})`;
  }

  /** The case's live items, oldest first (what an export or a purge of the whole case takes). */
  function itemIds(caseId: number): number[] {
    get(caseId);
    return (db.prepare('SELECT id FROM archive_items WHERE case_id = ? AND purged_at IS NULL ORDER BY created_at, id').all(caseId) as { id: number }[]).map((r) => r.id);
  }

  /**
   * One timeline of what happened to the case: the modules' journal entries about its items (deposit,
   * signature, refusal, identity check…), newest first.
   */
  function timeline(caseId: number): JournalEntry[] {
    get(caseId);
    const rows = db.prepare('SELECT provider, journal_refs FROM archive_items WHERE case_id = ? AND purged_at IS NULL').all(caseId) as { provider: string; journal_refs: string }[];
    const refs = new Set<string>();
    const entries = new Map<number, JournalEntry>();
    for (const r of rows) {
      for (const [objectType, objectId] of JSON.parse(r.journal_refs) as [string, string][]) {
        const key = JSON.stringify([r.provider, objectType, objectId]);
        if (refs.has(key)) continue;
        refs.add(key);
        for (const e of deps.journal.forObject(r.provider, objectType, objectId)) entries.set(e.id, e);
      }
    }
    return [...entries.values()].sort((a, b) => b.id - a.id).slice(0, 500);
  }

  return { list, get, create, attach, fileIntoCase, originCase, suggestionQuery, itemIds, timeline };
}

export type ArchiveCases = ReturnType<typeof createArchiveCases>;
