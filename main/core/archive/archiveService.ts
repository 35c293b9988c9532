import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type Database from 'better-sqlite3';
import type { BlobStore } from '../blobs/blobStore.js';
import { unreferencedBlobs } from '../blobs/blobReferences.js';
import type { EventBus } from '../ipc/eventBus.js';
import { zipStream, type ZipEntry } from '../files/zipWriter.js';
import { GuichetError, type HostText } from '../../../shared/ipc/errors.js';
import type { ArchiveItem, ArchiveTextState, ArchiveVerifyReport } from '../../../shared/ipc/archive.js';
import type { JournalEntry } from '../../../shared/ipc/contract.js';
import type { ArchiveContributor, ArchiveContributorContext, ArchiveItemInput, ArchiveNotifier } from './archiveItem.js';
import { createTextExtractor, type TextExtractor } from './textExtractor.js';
import { exportEntryName } from './exportNames.js';
import { ftsQuery, highlightParts } from './ftsText.js';
import { createArchiveCases } from './archiveCases.js';

export interface ArchiveDeps {
  db: Database.Database;
  blobs: BlobStore;
  /** The modules that keep files, by provider id (the registry's, handed over by composition). */
  contributors: Record<string, ArchiveContributor>;
  /** Handed to each contributor (settings, clocks); tests that build the Archive alone may leave it out. */
  contributorContext?: ArchiveContributorContext;
  journal: {
    append(entry: { actor: string; action: string; provider?: string; objectType?: string; objectId?: string; summary: HostText; details?: unknown }): unknown;
    forObject(provider: string, objectType: string, objectId: string): JournalEntry[];
  };
  bus?: Pick<EventBus, 'emit'>;
  logger?: { warn(message: string, meta?: unknown): void; info(message: string, meta?: unknown): void };
  now?: () => Date;
  extractor?: TextExtractor;
  /**
   * Where each provider's retention is kept: the settings (`archiveRetention` in settings.json, seedable by
   * an administrator) in the app; without it, the `archive_retention` table (the Archive alone, in tests).
   */
  retentionStore?: RetentionStore;
  /** Where named copies for a drag out of the window are written (`<dataDir>/exports`), cleaned like the ZIPs. */
  exportsDir?: string;
}

export interface RetentionStore {
  /** Days kept, by provider; a provider absent keeps its copies for ever. */
  get(): Partial<Record<string, number>>;
  set(provider: string, keepDays: number | null): void;
}

export interface SearchQuery {
  query: string;
  providers?: readonly string[] | undefined;
  /** Only the items of this case folder (its timeline, newest first without words). */
  caseId?: number | undefined;
  /** Items outside this case that share a person or a reference with it, best match first. */
  suggestionsFor?: number | undefined;
  limit: number;
  offset: number;
}

export interface SearchResult {
  items: ArchiveItem[];
  total: number;
  totalCapped: boolean;
  pendingText: number;
}

// eslint-disable-next-line no-control-regex -- the marks are control characters on purpose
const controlMarks = /[\u0002\u0003]/g;
/** Counting every match of a common word in 100 000 items would cost more than finding the first page. */
const countLimit = 1000;
/** Fewer letters than this in a PDF's whole text: a scan without a text layer. */
const minTextChars = 16;
/** bm25 weights of title, labels, comments, reference, people, body: a word in the name counts most. */
const rankWeights = '10.0, 4.0, 2.0, 5.0, 4.0, 1.0';

/** Items written per transaction when reconciling, between two turns of the event loop. */
const syncChunk = 500;
/** A poll round changes many rows in a burst: one reconciliation after it, not one per row. */
const reconcileDelayMs = 500;
/** Days an export (ZIP in the blob store, named copy for a drag) is kept: long enough to download it, not for ever. */
export const exportKeepDays = 2;

/** `2026-03-02 09h05`: the clerk's local date and time, in a name every file system accepts. */
function localStamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}h${p(d.getMinutes())}`;
}

const sep = '\n';
function joined(values: readonly (string | null | undefined)[] | undefined): string {
  return (values ?? [])
    .map((v) => (v ?? '').replace(controlMarks, ' ').trim())
    .filter(Boolean)
    .join(sep);
}
const clean = (v: string) => v.replace(controlMarks, ' ');

interface ItemRow {
  id: number;
  provider: string;
  kind: string;
  environment: string;
  title: string;
  file_name: string;
  labels: string;
  people: string;
  reference: string;
  media_type: string | null;
  size: number | null;
  sha256: string;
  created_at: string;
  archived_at: string;
  available_until: string | null;
  text_state: ArchiveTextState;
  text_pages: number | null;
  hl_title?: string;
  snip?: string;
}

function toItem(r: ItemRow): ArchiveItem {
  return {
    id: r.id,
    provider: r.provider,
    kind: r.kind,
    environment: r.environment,
    title: r.title,
    fileName: r.file_name,
    labels: r.labels ? r.labels.split(sep) : [],
    people: r.people ? r.people.split(sep) : [],
    reference: r.reference ? r.reference.split(sep) : [],
    mediaType: r.media_type,
    size: r.size,
    sha256: r.sha256,
    createdAt: r.created_at,
    archivedAt: r.archived_at,
    availableUntil: r.available_until,
    textState: r.text_state,
    textPages: r.text_pages,
    titleParts: r.hl_title !== undefined ? highlightParts(r.hl_title) : [{ text: r.title, hit: false }],
    snippetParts: r.snip !== undefined ? highlightParts(r.snip) : null,
  };
}

function journalRefs(item: ArchiveItemInput): string {
  return JSON.stringify((item.journal ?? []).filter((r) => r.objectId).map((r) => [r.objectType, r.objectId]));
}

function fingerprintOf(item: ArchiveItemInput): string {
  return createHash('sha1')
    .update(
      JSON.stringify([
        item.kind,
        item.environment,
        item.title,
        item.fileName,
        joined(item.labels),
        joined(item.comments),
        joined(item.people),
        joined(item.reference),
        item.mediaType ?? null,
        item.size ?? null,
        item.sha256,
        item.createdAt,
        item.archivedAt,
        item.availableUntil ?? null,
        journalRefs(item),
      ]),
    )
    .digest('hex');
}

async function startsWithPdfMagic(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.alloc(1024);
    const { bytesRead } = await handle.read(buf, 0, 1024, 0);
    // The PDF header may follow a little garbage (the format allows it within the first 1024 bytes).
    return buf.subarray(0, bytesRead).includes('%PDF-');
  } finally {
    await handle.close();
  }
}

async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * The one Archive (docs/architecture.md#archive): what every provider module keeps, searchable with
 * SQLite FTS5 (names, labels, comments, references, people and the PDFs' text, extracted once in a
 * worker), with retention, purge, integrity check and ZIP export. It knows modules only through
 * `ArchiveContributor`; it imports no provider.
 */
export { ftsQuery, highlightParts } from './ftsText.js';

export function createArchive(deps: ArchiveDeps) {
  const { db, blobs } = deps;
  const now = deps.now ?? (() => new Date());
  const extractor = deps.extractor ?? createTextExtractor();
  let stopped = false;

  const st = {
    existing: db.prepare<[string], { id: number; source_key: string; fingerprint: string; sha256: string; purged_at: string | null }>(
      'SELECT id, source_key, fingerprint, sha256, purged_at FROM archive_items WHERE provider = ?',
    ),
    insert: db.prepare(
      `INSERT INTO archive_items (provider, source_key, kind, case_id, environment, title, file_name, labels, comments, people, reference,
         media_type, size, sha256, blob_id, created_at, archived_at, available_until, text_state, fingerprint, journal_refs)
       VALUES (@provider, @source_key, @kind, @case_id, @environment, @title, @file_name, @labels, @comments, @people, @reference,
         @media_type, @size, @sha256, @sha256, @created_at, @archived_at, @available_until, 'pending', @fingerprint, @journal_refs)`,
    ),
    update: db.prepare(
      `UPDATE archive_items SET kind = @kind, environment = @environment, title = @title, file_name = @file_name, labels = @labels,
         comments = @comments, people = @people, reference = @reference, media_type = @media_type, size = @size, sha256 = @sha256,
         blob_id = @sha256, created_at = @created_at, archived_at = @archived_at, available_until = @available_until,
         fingerprint = @fingerprint, journal_refs = @journal_refs,
         text_state = CASE WHEN sha256 = @sha256 THEN text_state ELSE 'pending' END,
         text_pages = CASE WHEN sha256 = @sha256 THEN text_pages ELSE NULL END
       WHERE id = @id AND purged_at IS NULL`,
    ),
    deleteItem: db.prepare('DELETE FROM archive_items WHERE id = ?'),
    ftsBody: db.prepare<[number], { body: string }>('SELECT body FROM archive_fts WHERE rowid = ?'),
    ftsDelete: db.prepare('DELETE FROM archive_fts WHERE rowid = ?'),
    ftsInsert: db.prepare(
      'INSERT INTO archive_fts (rowid, title, labels, comments, reference, people, body) VALUES (@id, @title, @labels, @comments, @reference, @people, @body)',
    ),
    ftsFields: db.prepare<[number], { title: string; labels: string; comments: string; reference: string; people: string }>(
      'SELECT title, labels, comments, reference, people FROM archive_items WHERE id = ?',
    ),
    nextPending: db.prepare<[], { id: number; blob_id: string }>(
      "SELECT id, blob_id FROM archive_items WHERE text_state = 'pending' AND purged_at IS NULL ORDER BY id LIMIT 1",
    ),
    pendingCount: db.prepare<[], { n: number }>("SELECT count(*) AS n FROM archive_items WHERE text_state = 'pending' AND purged_at IS NULL"),
    setText: db.prepare('UPDATE archive_items SET text_state = @state, text_pages = @pages WHERE id = @id'),
    live: db.prepare<[number], ItemRow & { blob_id: string; source_key: string }>('SELECT * FROM archive_items WHERE id = ? AND purged_at IS NULL'),
    markPurged: db.prepare('UPDATE archive_items SET purged_at = ? WHERE id = ? AND purged_at IS NULL'),
    blobStillLive: db.prepare<[string], { n: number }>('SELECT 1 AS n FROM archive_items WHERE blob_id = ? AND purged_at IS NULL LIMIT 1'),
    retentionGet: db.prepare<[], { provider: string; keep_days: number }>('SELECT provider, keep_days FROM archive_retention'),
    retentionSet: db.prepare('INSERT INTO archive_retention (provider, keep_days) VALUES (?, ?) ON CONFLICT (provider) DO UPDATE SET keep_days = excluded.keep_days'),
    retentionClear: db.prepare('DELETE FROM archive_retention WHERE provider = ?'),
    exportRecord: db.prepare('INSERT INTO archive_exports (blob_id, created_at) VALUES (?, ?) ON CONFLICT (blob_id) DO UPDATE SET created_at = excluded.created_at'),
    exportsBefore: db.prepare<[string], { blob_id: string }>('SELECT blob_id FROM archive_exports WHERE created_at < ?'),
    exportForget: db.prepare('DELETE FROM archive_exports WHERE blob_id = ?'),
    expired: db.prepare<[string, string], { id: number }>('SELECT id FROM archive_items WHERE provider = ? AND purged_at IS NULL AND archived_at < ?'),
  };

  function indexFields(id: number, body: string): void {
    const f = st.ftsFields.get(id);
    if (!f) return;
    st.ftsDelete.run(id);
    st.ftsInsert.run({ id, ...f, body });
  }

  function rowOf(provider: string, item: ArchiveItemInput) {
    return {
      provider,
      source_key: item.key,
      kind: item.kind,
      environment: item.environment,
      title: clean(item.title),
      file_name: clean(item.fileName),
      labels: joined(item.labels),
      comments: joined(item.comments),
      people: joined(item.people),
      reference: joined(item.reference),
      media_type: item.mediaType ?? null,
      size: item.size ?? null,
      sha256: item.sha256,
      created_at: item.createdAt,
      archived_at: item.archivedAt,
      available_until: item.availableUntil ?? null,
      fingerprint: fingerprintOf(item),
      journal_refs: journalRefs(item),
    };
  }

  /**
   * Brings the provider's items in line with what its module keeps now: new files added (their text
   * extracted later), changed ones updated, forgotten ones removed. A purged item stays purged.
   */
  type SyncCounts = { added: number; updated: number; removed: number };
  const syncing = new Map<string, Promise<SyncCounts>>();

  /** Runs after the provider's previous reconciliation: two never interleave. */
  function sync(provider: string): Promise<SyncCounts> {
    const next = (syncing.get(provider) ?? Promise.resolve()).catch(() => undefined).then(() => reconcile(provider));
    syncing.set(provider, next);
    void next.finally(() => {
      if (syncing.get(provider) === next) syncing.delete(provider);
    }).catch(() => undefined);
    return next;
  }

  /**
   * One reconciliation, written in chunks with a turn of the event loop between them: the first start
   * on a large archive (a backfill of 100 000 files) never holds the main process for long.
   */
  async function reconcile(provider: string): Promise<SyncCounts> {
    const contributor = deps.contributors[provider];
    const counts = { added: 0, updated: 0, removed: 0 };
    if (!contributor || stopped) return counts;
    const items = [...contributor.items(db, deps.contributorContext)];
    const existing = new Map(st.existing.all(provider).map((r) => [r.source_key, r]));
    const rows = items.map((item) => ({ item, row: rowOf(provider, item), known: existing.get(item.key) }));
    for (const item of items) existing.delete(item.key);
    const joinedCases = new Set<number>();
    for (let at = 0; at < rows.length && !stopped; at += syncChunk) {
      if (at > 0) await new Promise((resolve) => setImmediate(resolve));
      db.transaction(() => {
        for (const { item, row, known } of rows.slice(at, at + syncChunk)) {
          if (!known) {
            // Started from a case folder: the new file joins the case (archiveCases.ts `fileIntoCase`).
            const caseId = cases.originCase(provider, item.journal);
            const id = Number(st.insert.run({ ...row, case_id: caseId }).lastInsertRowid);
            if (caseId !== null) joinedCases.add(caseId);
            st.ftsInsert.run({ id, title: row.title, labels: row.labels, comments: row.comments, reference: row.reference, people: row.people, body: '' });
            counts.added += 1;
          } else if (known.fingerprint !== row.fingerprint && known.purged_at === null) {
            const body = known.sha256 === item.sha256 ? (st.ftsBody.get(known.id)?.body ?? '') : '';
            // Purged meanwhile (the clerk, retention): it stays purged and out of the index.
            if (st.update.run({ ...row, id: known.id }).changes === 0) continue;
            indexFields(known.id, body);
            counts.updated += 1;
          }
        }
      })();
    }
    if (!stopped) {
      db.transaction(() => {
        for (const gone of existing.values()) {
          st.ftsDelete.run(gone.id);
          st.deleteItem.run(gone.id);
          counts.removed += 1;
        }
      })();
    }
    if (joinedCases.size > 0 && !stopped) {
      const touch = db.prepare('UPDATE archive_cases SET updated_at = ? WHERE id = ?');
      const at = now().toISOString();
      for (const caseId of joinedCases) touch.run(at, caseId);
    }
    if (counts.added + counts.updated + counts.removed > 0 && !stopped) {
      deps.bus?.emit('archive.changed', { reason: 'items' });
      if (counts.added + counts.updated > 0) void extractPending();
    }
    return counts;
  }

  async function syncAll(): Promise<void> {
    for (const provider of Object.keys(deps.contributors)) {
      try {
        await sync(provider);
      } catch (error) {
        deps.logger?.warn('archive sync failed', { provider, error: String(error) });
      }
    }
  }

  const scheduled = new Map<string, NodeJS.Timeout>();
  /** What a module calls when its files changed: one reconciliation soon after, however many calls. */
  function notifierFor(provider: string): ArchiveNotifier {
    return {
      changed() {
        if (stopped || scheduled.has(provider)) return;
        const timer = setTimeout(() => {
          scheduled.delete(provider);
          sync(provider).catch((error: unknown) => deps.logger?.warn('archive sync failed', { provider, error: String(error) }));
        }, reconcileDelayMs);
        timer.unref();
        scheduled.set(provider, timer);
      },
      requireCase(caseId) {
        cases.get(caseId);
      },
      fileIntoCase(caseId, refs) {
        cases.fileIntoCase(provider, caseId, refs);
      },
    };
  }

  /** Stores an item's extracted text (the extraction queue; the bench fills its corpus through it too). */
  function recordText(id: number, text: string, pages: number | null, state?: ArchiveTextState): void {
    const body = clean(text).replace(/[ \t\f\v\r]+/g, ' ');
    const textState: ArchiveTextState = state ?? (body.replace(/\s+/g, '').length >= minTextChars ? 'done' : 'none');
    db.transaction(() => {
      st.setText.run({ id, state: textState, pages });
      indexFields(id, textState === 'done' ? body : '');
    })();
  }

  let extracting: Promise<number> | null = null;
  /**
   * Extracts the text of every item still waiting, one at a time in the worker. Resolves with how
   * many were handled; a second call while running joins the first.
   */
  function extractPending(): Promise<number> {
    extracting ??= (async () => {
      let handled = 0;
      try {
        for (let next = st.nextPending.get(); next && !stopped; next = st.nextPending.get()) {
          handled += 1;
          // One item per turn of the event loop: a long queue never holds the main process.
          await new Promise((resolve) => setImmediate(resolve));
          const path = blobs.pathOf(next.blob_id);
          if (!blobs.has(next.blob_id)) {
            st.setText.run({ id: next.id, state: 'failed', pages: null });
            continue;
          }
          if (!(await startsWithPdfMagic(path))) {
            st.setText.run({ id: next.id, state: 'not_pdf', pages: null });
            continue;
          }
          try {
            const { text, pages } = await extractor.extract(path);
            if (!stopped) recordText(next.id, text, pages);
          } catch (error) {
            if (stopped) break;
            deps.logger?.warn('archive text extraction failed', { id: next.id, error: String(error) });
            st.setText.run({ id: next.id, state: 'failed', pages: null });
          }
        }
      } finally {
        extracting = null;
      }
      if (handled > 0 && !stopped) deps.bus?.emit('archive.changed', { reason: 'text' });
      return handled;
    })();
    return extracting;
  }

  const cases = createArchiveCases({ db, journal: deps.journal, bus: deps.bus, now });

  function search(q: SearchQuery): SearchResult {
    const words = ftsQuery(q.query);
    const suggestion = q.suggestionsFor !== undefined ? cases.suggestionQuery(q.suggestionsFor) : null;
    if (q.suggestionsFor !== undefined && suggestion === null) return { items: [], total: 0, totalCapped: false, pendingText: st.pendingCount.get()?.n ?? 0 };
    const match = suggestion !== null ? (words ? `(${suggestion}) AND ${words}` : suggestion) : words;
    const providers = q.providers && q.providers.length > 0 ? [...q.providers] : null;
    const filters: string[] = [];
    const params: (string | number)[] = [];
    if (providers) {
      filters.push(`AND i.provider IN (${providers.map(() => '?').join(', ')})`);
      params.push(...providers);
    }
    if (q.caseId !== undefined) {
      filters.push('AND i.case_id = ?');
      params.push(q.caseId);
    }
    if (q.suggestionsFor !== undefined) {
      filters.push('AND i.case_id IS NOT ?');
      params.push(q.suggestionsFor);
    }
    const providerWhere = filters.join(' ');
    const pendingText = st.pendingCount.get()?.n ?? 0;
    if (match === null) {
      const items = db
        .prepare(`SELECT i.* FROM archive_items i WHERE i.purged_at IS NULL ${providerWhere} ORDER BY i.archived_at DESC, i.id DESC LIMIT ? OFFSET ?`)
        .all(...params, q.limit, q.offset) as ItemRow[];
      const { n } = db.prepare(`SELECT count(*) AS n FROM archive_items i WHERE i.purged_at IS NULL ${providerWhere}`).get(...params) as { n: number };
      return { items: items.map(toItem), total: n, totalCapped: false, pendingText };
    }
    const rows = db
      .prepare(
        `SELECT i.*, highlight(archive_fts, 0, char(2), char(3)) AS hl_title,
                snippet(archive_fts, -1, char(2), char(3), '…', 16) AS snip
           FROM archive_fts JOIN archive_items i ON i.id = archive_fts.rowid
          WHERE archive_fts MATCH ? AND i.purged_at IS NULL ${providerWhere}
          ORDER BY bm25(archive_fts, ${rankWeights}), i.id DESC
          LIMIT ? OFFSET ?`,
      )
      .all(match, ...params, q.limit, q.offset) as ItemRow[];
    const { n } = db
      .prepare(
        `SELECT count(*) AS n FROM (SELECT 1 FROM archive_fts JOIN archive_items i ON i.id = archive_fts.rowid
           WHERE archive_fts MATCH ? AND i.purged_at IS NULL ${providerWhere} LIMIT ${countLimit + 1})`,
      )
      .get(match, ...params) as { n: number };
    return { items: rows.map(toItem), total: Math.min(n, countLimit), totalCapped: n > countLimit, pendingText };
  }

  /**
   * Deletes the local copies of these items: the row is marked purged and leaves the index, the blob
   * is deleted unless another live item holds the same bytes. The journal records that a purge
   * happened (which item number, which provider, why), never the file's name or content.
   */
  async function purge(ids: readonly number[], reason: 'clerk' | 'retention'): Promise<{ purged: number; blobsDeleted: number }> {
    const at = now().toISOString();
    const purged: { id: number; provider: string; kind: string; blob: string; key: string }[] = [];
    const told = new Set<string>();
    db.transaction(() => {
      for (const id of ids) {
        const row = st.live.get(id);
        if (!row) continue;
        st.markPurged.run(at, id);
        st.ftsDelete.run(id);
        purged.push({ id, provider: row.provider, kind: row.kind, blob: row.blob_id, key: row.source_key });
      }
      // Each module lets go of its purged copies in the same transaction (no later download of them).
      for (const provider of new Set(purged.map((p) => p.provider))) {
        const contributor = deps.contributors[provider];
        if (!contributor?.purged) continue;
        contributor.purged(db, purged.filter((p) => p.provider === provider).map((p) => p.key), at);
        told.add(provider);
      }
    })();
    let blobsDeleted = 0;
    for (const blob of new Set(purged.map((p) => p.blob))) {
      if (st.blobStillLive.get(blob)) continue;
      if (await blobs.delete(blob)) blobsDeleted += 1;
    }
    for (const p of purged) {
      deps.journal.append({
        actor: reason === 'clerk' ? 'agent' : 'système',
        action: 'archive.purge',
        provider: p.provider,
        objectType: 'archive-item',
        objectId: String(p.id),
        summary: { key: 'app:activity.summaries.archivePurged', params: { reason } },
        details: { kind: p.kind, reason },
      });
    }
    // The module no longer reports those copies: their rows go, and a later version comes back as a new item.
    for (const provider of told) await sync(provider).catch((error: unknown) => deps.logger?.warn('archive sync failed', { provider, error: String(error) }));
    if (purged.length > 0) deps.bus?.emit('archive.changed', { reason: 'purge' });
    return { purged: purged.length, blobsDeleted };
  }

  const tableRetention: RetentionStore = {
    get: () => Object.fromEntries(st.retentionGet.all().map((r) => [r.provider, r.keep_days])),
    set: (provider, keepDays) => (keepDays === null ? st.retentionClear.run(provider) : st.retentionSet.run(provider, keepDays)),
  };
  const retentionStore = deps.retentionStore ?? tableRetention;
  if (deps.retentionStore) {
    // Retention set before it moved to the settings: carried over once, the settings then hold it.
    const older = tableRetention.get();
    const current = deps.retentionStore.get();
    for (const [provider, days] of Object.entries(older)) {
      if (current[provider] === undefined && days !== undefined && deps.contributors[provider]) deps.retentionStore.set(provider, days);
      st.retentionClear.run(provider);
    }
  }

  /**
   * The live items of what this item belongs to at its provider: those of the same module sharing a
   * journal name with it (a DossierFacile tenant, an ID360 check, a FAST document). Matching a person
   * across providers instead would take too much: an agent's e-mail is on every document they handled.
   */
  function sameOwnerIds(id: number): number[] {
    const row = st.live.get(id);
    if (!row) throw new GuichetError('NOT_FOUND', { key: 'app:hostErrors.archive.itemNotFound' });
    const refs = db.prepare<[number], { type: string; id: string }>(
      "SELECT json_extract(value, '$[0]') AS type, json_extract(value, '$[1]') AS id FROM archive_items, json_each(archive_items.journal_refs) WHERE archive_items.id = ?",
    ).all(id);
    if (refs.length === 0) return [id];
    const same = db.prepare<[string, string, string], { id: number }>(
      `SELECT i.id FROM archive_items i WHERE i.provider = ? AND i.purged_at IS NULL
         AND EXISTS (SELECT 1 FROM json_each(i.journal_refs) r WHERE json_extract(r.value, '$[0]') = ? AND json_extract(r.value, '$[1]') = ?)`,
    );
    const ids = new Set<number>([id]);
    for (const ref of refs) for (const r of same.all(row.provider, ref.type, ref.id)) ids.add(r.id);
    return [...ids].sort((a, b) => a - b);
  }

  function retention(): { provider: string; keepDays: number | null }[] {
    const saved = retentionStore.get();
    return Object.keys(deps.contributors).map((provider) => ({ provider, keepDays: saved[provider] ?? null }));
  }

  function setRetention(provider: string, keepDays: number | null): void {
    if (!deps.contributors[provider]) throw new GuichetError('INVALID_INPUT', { key: 'app:hostErrors.archive.unknownProvider', params: { provider } });
    retentionStore.set(provider, keepDays);
    deps.journal.append({
      actor: 'agent',
      action: 'archive.retention',
      provider,
      summary: keepDays === null ? { key: 'app:activity.summaries.archiveRetentionForever' } : { key: 'app:activity.summaries.archiveRetention', params: { days: keepDays } },
    });
  }

  /** Purges what is older than each provider's retention (kept since `archived_at`). */
  async function applyRetention(): Promise<number> {
    let total = 0;
    for (const { provider, keepDays } of retention()) {
      if (keepDays === null) continue;
      const cutoff = new Date(now().getTime() - keepDays * 86_400_000).toISOString();
      const ids = st.expired.all(provider, cutoff).map((r) => r.id);
      if (ids.length > 0) total += (await purge(ids, 'retention')).purged;
    }
    return total;
  }

  /** « Vérifier l'archive »: every live item's blob read again and hashed, compared with the recorded hash. */
  async function verify(): Promise<ArchiveVerifyReport> {
    const rows = db.prepare('SELECT id, provider, title, sha256, blob_id FROM archive_items WHERE purged_at IS NULL ORDER BY id').all() as {
      id: number;
      provider: string;
      title: string;
      sha256: string;
      blob_id: string;
    }[];
    const missing: ArchiveVerifyReport['missing'] = [];
    const altered: ArchiveVerifyReport['altered'] = [];
    const hashes = new Map<string, string | null>();
    for (const r of rows) {
      let actual = hashes.get(r.blob_id);
      if (actual === undefined) {
        actual = blobs.has(r.blob_id) ? await hashFile(blobs.pathOf(r.blob_id)) : null;
        hashes.set(r.blob_id, actual);
      }
      if (actual === null) missing.push({ id: r.id, provider: r.provider, title: r.title });
      else if (actual !== r.sha256) altered.push({ id: r.id, provider: r.provider, title: r.title });
    }
    deps.journal.append({
      actor: 'agent',
      action: 'archive.verify',
      summary: { key: 'app:activity.summaries.archiveVerified', params: { checked: rows.length, missing: missing.length, altered: altered.length } },
    });
    return { checked: rows.length, missing, altered, checkedAt: now().toISOString() };
  }

  /** A live item whose file is kept on this computer, or NOT_FOUND (purged, or its file is gone). */
  function kept(id: number): { sha256: string; fileName: string } {
    const row = st.live.get(id);
    if (!row || !blobs.has(row.blob_id)) throw new GuichetError('NOT_FOUND', { key: 'app:hostErrors.archive.itemGone' });
    return { sha256: row.blob_id, fileName: row.file_name };
  }

  /**
   * What an export holds: each live item's file under its provider's folder with a cleaned name (no
   * path, no `..`, exportNames.ts), and the manifest (what each file is and its SHA-256). The ZIP and
   * the folder exports share it, so both carry the same names and the same manifest.
   */
  function exportPlan(ids: readonly number[], at: Date): { files: { name: string; path: string }[]; manifest: Buffer } {
    const files: { name: string; path: string }[] = [];
    const described: unknown[] = [];
    const used = new Set<string>();
    for (const id of ids) {
      const row = st.live.get(id);
      if (!row || !blobs.has(row.blob_id)) continue;
      const name = exportEntryName(row.provider, row.file_name, row.id, used);
      files.push({ name, path: blobs.pathOf(row.blob_id) });
      described.push({
        file: name,
        provider: row.provider,
        kind: row.kind,
        environment: row.environment,
        title: row.title,
        reference: row.reference ? row.reference.split(sep) : [],
        size: row.size,
        sha256: row.sha256,
        createdAt: row.created_at,
        archivedAt: row.archived_at,
        availableUntil: row.available_until,
      });
    }
    if (files.length === 0) throw new GuichetError('NOT_FOUND', { key: 'app:hostErrors.archive.nothingToExport' });
    return { files, manifest: Buffer.from(JSON.stringify({ generatedAt: at.toISOString(), files: described }, null, 2) + '\n') };
  }

  function journalExport(count: number): void {
    deps.journal.append({
      actor: 'agent',
      action: 'archive.export',
      summary: { key: 'app:activity.summaries.archiveExported', params: { count } },
    });
  }

  /**
   * A ZIP of the selection (files + `manifest.json`), stored as a blob, which the page downloads like
   * any stored file; streamed, never whole in memory. The blob is remembered as an export, deleted
   * after `exportKeepDays` (cleanExports).
   */
  async function exportZip(ids: readonly number[]): Promise<{ blob: string; fileName: string; size: number; count: number }> {
    const at = now();
    const { files, manifest } = exportPlan(ids, at);
    const entries: ZipEntry[] = [...files, { name: 'manifest.json', data: manifest }];
    const stored = await blobs.putStream(Readable.from(zipStream(entries, at)), { mediaType: 'application/zip' });
    st.exportRecord.run(stored.sha256, at.toISOString());
    journalExport(files.length);
    return { blob: stored.sha256, fileName: `archive-guichet-${localStamp(at).slice(0, 10)}.zip`, size: stored.size, count: files.length };
  }

  /**
   * The selection as a folder: a new dated folder inside `parent` (the one the clerk chose in
   * Electron; under the web host, their Downloads folder), holding `<provider>/<file>` and
   * `manifest.json`. Written under a hidden temporary name and renamed once complete: the clerk never
   * finds half an export, and an interrupted one leaves only that hidden folder, removed at once.
   */
  async function exportFolder(ids: readonly number[], parent: string): Promise<{ path: string; count: number }> {
    const at = now();
    const { files, manifest } = exportPlan(ids, at);
    const base = `archive-guichet-${localStamp(at)}`;
    let target = join(parent, base);
    let building: string | null = null;
    try {
      await mkdir(parent, { recursive: true });
      for (let n = 2; existsSync(target); n += 1) target = join(parent, `${base} (${n})`);
      building = join(parent, `.${basename(target)}.part-${process.pid}`);
      for (const file of files) {
        const dest = join(building, ...file.name.split('/'));
        await mkdir(dirname(dest), { recursive: true });
        await pipeline(createReadStream(file.path), createWriteStream(dest, { flags: 'wx' }));
      }
      await writeFile(join(building, 'manifest.json'), manifest, { flag: 'wx' });
      await rename(building, target);
    } catch (error) {
      if (building) await rm(building, { recursive: true, force: true });
      throw new GuichetError('EXPORT_FAILED', { key: 'app:hostErrors.archive.exportFolderFailed', params: { folder: parent }, details: { error: String(error) } });
    }
    journalExport(files.length);
    return { path: target, count: files.length };
  }

  /**
   * Exports do not pile up: the ZIPs made more than `exportKeepDays` ago leave the blob store (unless
   * an archived item or a module's row holds the same bytes), and so do the named copies made for a
   * drag out of the window (`exportsDir`). At start and twice a day, with retention.
   */
  async function cleanExports(): Promise<{ zips: number; copies: number }> {
    const cutoff = now().getTime() - exportKeepDays * 86_400_000;
    const old = st.exportsBefore.all(new Date(cutoff).toISOString()).map((r) => r.blob_id);
    const forget = db.transaction((blobIds: string[]) => {
      for (const id of blobIds) st.exportForget.run(id);
      return unreferencedBlobs(db, blobIds.filter((id) => !st.blobStillLive.get(id)));
    });
    let zips = 0;
    for (const blob of forget(old)) if (await blobs.delete(blob).catch(() => false)) zips += 1;
    let copies = 0;
    if (deps.exportsDir) {
      const entries = await readdir(deps.exportsDir, { withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        const full = join(deps.exportsDir, entry.name);
        const info = await stat(full).catch(() => null);
        if (!info || info.mtimeMs >= cutoff) continue;
        await rm(full, { recursive: true, force: true });
        copies += 1;
      }
    }
    return { zips, copies };
  }

  let retentionTimer: NodeJS.Timeout | null = null;
  /**
   * At start: reconcile every module (which backfills an older database), then extract what waits and
   * apply retention, twice a day after. Resolves once the first reconciliation is written.
   */
  function start(): Promise<void> {
    const first = syncAll();
    void first.then(() => extractPending());
    const tick = () => {
      void applyRetention().catch((error: unknown) => deps.logger?.warn('archive retention failed', { error: String(error) }));
      void cleanExports().catch((error: unknown) => deps.logger?.warn('archive export clean-up failed', { error: String(error) }));
    };
    void first.then(tick);
    retentionTimer = setInterval(tick, 12 * 3600_000);
    retentionTimer.unref();
    return first;
  }

  async function stop(): Promise<void> {
    stopped = true;
    if (retentionTimer) clearInterval(retentionTimer);
    for (const t of scheduled.values()) clearTimeout(t);
    scheduled.clear();
    await extractor.stop();
    await extracting?.catch(() => 0);
    await Promise.all([...syncing.values()].map((p) => p.catch(() => undefined)));
  }

  return { sync, syncAll, notifierFor, recordText, extractPending, search, purge, sameOwnerIds, retention, setRetention, applyRetention, verify, kept, exportZip, exportFolder, cleanExports, cases, start, stop };
}

export type Archive = ReturnType<typeof createArchive>;
