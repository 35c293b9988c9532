import type Database from 'better-sqlite3';

/**
 * Tables that never make a blob worth keeping: the catalogue itself, the journal's free text, and the
 * Archive, which only indexes what the modules' own rows keep (docs/architecture.md#archive): once a
 * module forgets a file, the Archive forgets it at its next reconciliation.
 */
const notReferences = new Set(['blobs', 'journal', 'schema_migrations', 'archive_items', 'archive_retention']);
/** FTS5 keeps its index in shadow tables named after it (archive_fts_data, _idx, _content…). */
const notReferencePrefixes = ['archive_fts'];

/**
 * The candidates no row of any table still names, in a column of its own or inside a JSON text (a
 * deposit's annexes): a blob is shared by content, so another environment's document, an ID360 report
 * or a DossierFacile file may hold the same bytes. A full scan per candidate: only for rare clean-ups.
 */
export function unreferencedBlobs(db: Database.Database, candidates: Iterable<string>): string[] {
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[])
    .map((t) => t.name)
    .filter((name) => !notReferences.has(name) && !notReferencePrefixes.some((prefix) => name.startsWith(prefix)));
  const probes = tables.flatMap((table) => {
    const columns = (db.prepare(`SELECT name, type FROM pragma_table_info(?)`).all(table) as { name: string; type: string }[]).filter(
      (c) => c.type === '' || /TEXT/i.test(c.type),
    );
    if (columns.length === 0) return [];
    const where = columns.map((c) => `instr("${c.name.replace(/"/g, '""')}", @sha) > 0`).join(' OR ');
    return [db.prepare<{ sha: string }, { n: number }>(`SELECT 1 AS n FROM "${table.replace(/"/g, '""')}" WHERE ${where} LIMIT 1`)];
  });
  return [...new Set(candidates)].filter((sha) => probes.every((probe) => probe.get({ sha }) === undefined));
}
