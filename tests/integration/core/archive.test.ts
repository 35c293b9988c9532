import { createHash } from 'node:crypto';
import { appendFileSync, chmodSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { allMigrations } from '../../../main/providers/registry.js';
import { openDatabase, schemaVersion } from '../../../main/core/db/database.js';
import { createBlobStore } from '../../../main/core/blobs/blobStore.js';
import { createActivityJournal } from '../../../main/core/journal/activityJournal.js';
import { createArchive, type Archive } from '../../../main/core/archive/archiveService.js';
import type { ArchiveContributor, ArchiveItemInput } from '../../../main/core/archive/archiveItem.js';
import { parapheurArchive } from '../../../main/providers/parapheur/archiveItems.js';
import { extractZipSafely, defaultZipLimits } from '../../../main/core/files/safeZip.js';
import { renderTextPdf } from '../../../main/sandbox/textPdf.js';
import { useTempDirs } from './tempDirs.js';

const tempDir = useTempDirs('archive');
const open: { db: Database.Database; archive: Archive }[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) {
    await o.archive.stop();
    o.db.close();
  }
});

/** A PDF whose only page draws a rectangle and holds no text: what a scanner without OCR produces. */
function scannedPdf(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>',
  ];
  const stream = '0.5 g 50 50 400 600 re f';
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  offsets.push(out.length);
  out += `4 0 obj\n<< /Length ${stream.length} >>\nstream\n${stream}\nendstream\nendobj\n`;
  const xref = out.length;
  out += `xref\n0 5\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

const textPdf = (title: string, ...lines: string[]) => renderTextPdf({ title, lines, producer: 'test' }, new Date('2026-03-02T08:00:00Z'));

/** A provider module of the test's own: the Archive knows modules only through this interface. */
function fixtureProvider(): ArchiveContributor & { list: ArchiveItemInput[] } {
  const list: ArchiveItemInput[] = [];
  return { list, items: () => list };
}

async function setup(opts: { now?: () => Date } = {}) {
  const dir = tempDir();
  const db = openDatabase(join(dir, 'guichet.sqlite'), allMigrations);
  const blobs = createBlobStore(join(dir, 'blobs'), db);
  const journal = createActivityJournal(db);
  const provider = fixtureProvider();
  const other = fixtureProvider();
  const archive = createArchive({ db, blobs, journal, now: opts.now, contributors: { fixture: provider, other, parapheur: parapheurArchive } });
  open.push({ db, archive });
  async function keep(key: string, bytes: Buffer, fields: Partial<ArchiveItemInput> = {}, into = provider) {
    const { sha256, size } = await blobs.putBuffer(bytes);
    into.list.push({
      key,
      kind: 'report',
      environment: 'sandbox',
      title: key,
      fileName: `${key}.pdf`,
      sha256,
      size,
      mediaType: 'application/pdf',
      createdAt: '2026-03-01T08:00:00.000Z',
      archivedAt: '2026-03-01T09:00:00.000Z',
      ...fields,
    });
    return sha256;
  }
  return { dir, db, blobs, journal, archive, provider, other, keep };
}

const titles = (archive: Archive, query: string) => archive.search({ query, limit: 50, offset: 0 }).items.map((i) => i.title);

describe('archive', () => {
  it('migration 011 creates the archive and a database that had signed documents is backfilled at start', async () => {
    const dir = tempDir();
    const file = join(dir, 'guichet.sqlite');
    // A database as the previous version left it: documents signed, no archive yet.
    const before = openDatabase(file, allMigrations.filter((m) => m.version <= 9));
    const blobs = createBlobStore(join(dir, 'blobs'), before);
    const signed = await blobs.putBuffer(textPdf('Arrêté', 'Arrêté portant délégation de signature'));
    before
      .prepare(
        `INSERT INTO parapheur_documents (batch_id, environment, siren, circuit_id, circuit_name, label, comment, original_name, provider_name,
           media_type, blob_sha256, size, outbox_state, document_id, phase, signed_blob, created_at, finished_at, updated_at)
         VALUES ('b1', 'sandbox', '123456789', 'c1', 'Visa DGS', 'Délégation 2026', 'urgent', 'arrete-delegation.pdf', 'arrete-delegation.pdf',
           'application/pdf', @sha, @size, 'filed', '4711', 'signe', @sha, '2026-03-01T08:00:00.000Z', '2026-03-02T08:00:00.000Z', '2026-03-02T08:00:00.000Z')`,
      )
      .run({ sha: signed.sha256, size: signed.size });
    before.close();

    const db = openDatabase(file, allMigrations);
    expect(schemaVersion(db)).toBe(allMigrations.at(-1)!.version);
    const archive = createArchive({ db, blobs: createBlobStore(join(dir, 'blobs'), db), journal: createActivityJournal(db), contributors: { parapheur: parapheurArchive } });
    open.push({ db, archive });
    await archive.start();
    const listed = archive.search({ query: '', limit: 10, offset: 0 });
    expect(listed.items).toEqual([
      expect.objectContaining({ provider: 'parapheur', kind: 'signed', title: 'arrete-delegation.pdf', sha256: signed.sha256, size: signed.size, reference: ['4711', 'arrete-delegation.pdf'] }),
    ]);
    // The circuit's name and the comment are searchable before any PDF text is read.
    expect(titles(archive, 'visa dgs')).toEqual(['arrete-delegation.pdf']);
    await archive.extractPending();
    expect(titles(archive, 'portant délégation')).toEqual(['arrete-delegation.pdf']);
  });

  it('finds an item by a word only its PDF holds, once, in a worker; a scan is marked as having no text', async () => {
    const { archive, keep } = await setup();
    await keep('bail-dupont', textPdf('Bail', 'Contrat de location meublée', 'Locataire : Éloïse Dupont', 'Clause zygomatique particulière'));
    await keep('scan-piece', scannedPdf());
    await keep('notes', Buffer.from('zygomatique, but not a PDF'), { mediaType: 'text/plain', fileName: 'notes.txt' });
    await archive.syncAll();
    expect(titles(archive, 'zygomatique')).toEqual([]);

    expect(await archive.extractPending()).toBe(3);
    const found = archive.search({ query: 'Zygomatique', limit: 10, offset: 0 });
    expect(found.items.map((i) => [i.title, i.textState])).toEqual([['bail-dupont', 'done']]);
    const snippet = found.items[0]!.snippetParts!;
    expect(snippet.filter((p) => p.hit).map((p) => p.text)).toEqual(['zygomatique']);
    expect(snippet.map((p) => p.text).join('')).toContain('Clause zygomatique particulière');
    // Accents and case do not matter; a prefix finds as one types.
    expect(titles(archive, 'eloise dup')).toEqual(['bail-dupont']);

    const all = archive.search({ query: '', limit: 10, offset: 0 }).items;
    expect(Object.fromEntries(all.map((i) => [i.title, i.textState]))).toEqual({ 'bail-dupont': 'done', 'scan-piece': 'none', notes: 'not_pdf' });
    // Nothing is extracted twice.
    expect(await archive.extractPending()).toBe(0);
  });

  it('ranks a word in the name above the same word in a comment above the same word deep in a PDF', async () => {
    const { archive, keep } = await setup();
    await keep('compte-rendu', textPdf('Compte rendu', 'Réunion du conseil', 'Il a été question de subvention parmi cent autres sujets'));
    await keep('courrier', textPdf('Courrier', 'Objet : rappel'), { comments: ['relance subvention association'] });
    await keep('subvention-association-2026', textPdf('Demande', 'Pièces jointes'), { title: 'Subvention association 2026' });
    await archive.syncAll();
    await archive.extractPending();

    expect(titles(archive, 'subvention')).toEqual(['Subvention association 2026', 'courrier', 'compte-rendu']);
    const top = archive.search({ query: 'subvention association', limit: 10, offset: 0 });
    expect(top.items[0]!.titleParts).toEqual([
      { text: 'Subvention', hit: true },
      { text: ' ', hit: false },
      { text: 'association', hit: true },
      { text: ' 2026', hit: false },
    ]);
    // Both words must match: the compte-rendu has « subvention » but not « association ».
    expect(top.items.map((i) => i.title)).toEqual(['Subvention association 2026', 'courrier']);
    // FTS5 operators typed by the clerk are words, not syntax.
    expect(titles(archive, 'subvention OR NEAR("x")')).toEqual([]);
    expect(titles(archive, '"')).toHaveLength(3);
  });

  it('filters by provider', async () => {
    const { archive, keep, db } = await setup();
    await keep('rapport', textPdf('Rapport', 'Dupont'));
    await archive.syncAll();
    expect(archive.search({ query: '', providers: ['fixture'], limit: 10, offset: 0 }).total).toBe(1);
    expect(archive.search({ query: '', providers: ['parapheur'], limit: 10, offset: 0 }).total).toBe(0);
    expect(db.prepare('SELECT count(*) AS n FROM archive_fts').get()).toEqual({ n: 1 });
  });

  it('purge deletes the blob for real, leaves the index, stays purged after a reconciliation, and the journal keeps only that it happened', async () => {
    const { archive, keep, blobs, journal } = await setup();
    const secret = await keep('dossier-confidentiel', textPdf('Dossier', 'Mot témoin xylophone'));
    const shared = await keep('copie-a', textPdf('Copie', 'même contenu'));
    await keep('copie-b', readFileSync(blobs.pathOf(shared)));
    await archive.syncAll();
    await archive.extractPending();
    const idOf = (title: string) => archive.search({ query: '', limit: 10, offset: 0 }).items.find((i) => i.title === title)!.id;

    const result = await archive.purge([idOf('dossier-confidentiel'), idOf('copie-a')], 'clerk');
    expect(result).toEqual({ purged: 2, blobsDeleted: 1 });
    expect(blobs.has(secret)).toBe(false);
    // copie-b still holds the same bytes: they stay.
    expect(blobs.has(shared)).toBe(true);
    expect(titles(archive, 'xylophone')).toEqual([]);
    await archive.syncAll();
    expect(titles(archive, '')).toEqual(['copie-b']);

    const entries = journal.list({ limit: 10 }).filter((e) => e.action === 'archive.purge');
    expect(entries).toHaveLength(2);
    expect(entries[0]!.summary).toEqual({ key: 'app:activity.summaries.archivePurged', params: { reason: 'clerk' } });
    expect(JSON.stringify(entries)).not.toContain('confidentiel');
  });

  it('retention purges what was kept longer than the provider’s setting', async () => {
    let now = new Date('2026-03-10T00:00:00Z');
    const { archive, keep, blobs } = await setup({ now: () => now });
    const old = await keep('ancien', textPdf('Ancien', 'a'), { archivedAt: '2026-03-01T00:00:00.000Z' });
    const recent = await keep('recent', textPdf('Récent', 'b'), { archivedAt: '2026-03-09T00:00:00.000Z' });
    await archive.syncAll();
    expect(archive.retention()).toEqual([
      { provider: 'fixture', keepDays: null },
      { provider: 'other', keepDays: null },
      { provider: 'parapheur', keepDays: null },
    ]);
    expect(await archive.applyRetention()).toBe(0);

    archive.setRetention('fixture', 5);
    expect(await archive.applyRetention()).toBe(1);
    expect(blobs.has(old)).toBe(false);
    expect(blobs.has(recent)).toBe(true);
    now = new Date('2026-03-20T00:00:00Z');
    expect(await archive.applyRetention()).toBe(1);
    expect(titles(archive, '')).toEqual([]);
    expect(() => archive.setRetention('inconnu', 3)).toThrow();
  });

  it('« Vérifier l’archive » finds an altered blob and a missing one', async () => {
    const { archive, keep, blobs } = await setup();
    const altered = await keep('modifie', textPdf('A', 'a'));
    const missing = await keep('disparu', textPdf('B', 'b'));
    await keep('intact', textPdf('C', 'c'));
    await archive.syncAll();
    expect(await archive.verify()).toMatchObject({ checked: 3, missing: [], altered: [] });

    chmodSync(blobs.pathOf(altered), 0o600);
    appendFileSync(blobs.pathOf(altered), 'tampered');
    rmSync(blobs.pathOf(missing));
    const report = await archive.verify();
    expect(report.checked).toBe(3);
    expect(report.altered.map((i) => i.title)).toEqual(['modifie']);
    expect(report.missing.map((i) => i.title)).toEqual(['disparu']);
  });

  it('exports a selection as a ZIP whose manifest gives each file’s hash, with names that cannot leave the folder', async () => {
    const { archive, keep, blobs, dir } = await setup();
    await keep('rapport', textPdf('Rapport', 'r'), { fileName: '../../etc/passwd.pdf' });
    await keep('rapport-bis', textPdf('Rapport bis', 'r2'), { fileName: '..\\..\\passwd.pdf' });
    await keep('hors-selection', textPdf('Autre', 'x'));
    await archive.syncAll();
    const items = archive.search({ query: 'rapport', limit: 10, offset: 0 }).items;
    expect(items).toHaveLength(2);

    const zip = await archive.exportZip(items.map((i) => i.id));
    expect(zip.count).toBe(2);
    const out = createBlobStore(join(dir, 'unzipped'));
    const entries = await extractZipSafely(blobs.pathOf(zip.blob), { ...defaultZipLimits, blobs: out });
    const manifestEntry = entries.find((e) => e.name === 'manifest.json')!;
    const manifest = JSON.parse(readFileSync(out.pathOf(manifestEntry.sha256), 'utf8')) as { files: { file: string; sha256: string; size: number }[] };
    expect(manifest.files).toHaveLength(2);
    for (const f of manifest.files) {
      expect(f.file.startsWith('fixture/')).toBe(true);
      expect(f.file.split('/')).not.toContain('..');
      const entry = entries.find((e) => e.name === f.file)!;
      expect(entry.sha256).toBe(f.sha256);
      expect(createHash('sha256').update(readFileSync(out.pathOf(entry.sha256))).digest('hex')).toBe(f.sha256);
    }
    expect(entries.map((e) => e.name).sort()).toEqual([...manifest.files.map((f) => f.file), 'manifest.json'].sort());
  });

  it('a case folder gathers items from two providers, is found by a word only inside one of its PDFs, and suggests what shares a person', async () => {
    const { archive, keep, other, journal } = await setup();
    await keep('bail-martin', textPdf('Bail', 'Bail d’habitation', 'Clause ornithorynque'), {
      people: ['Jeanne Martin', 'jeanne.martin@example.org'],
      journal: [{ objectType: 'document', objectId: '42' }],
    });
    await keep('rapport-id360', textPdf('Rapport', 'Identité vérifiée'), { kind: 'report', people: ['Jeanne Martin'], journal: [{ objectType: 'enrollment', objectId: 'E-7' }] }, other);
    const deposited = journal.append({ actor: 'agent', action: 'x.deposit', provider: 'fixture', objectType: 'document', objectId: '42', summary: { key: 'app:activity.summaries.settingsUpdated' } });
    journal.append({ actor: 'agent', action: 'x.other', provider: 'fixture', objectType: 'document', objectId: '43', summary: { key: 'app:activity.summaries.settingsUpdated' } });
    const checked = journal.append({ actor: 'système', action: 'y.check', provider: 'other', objectType: 'enrollment', objectId: 'E-7', summary: { key: 'app:activity.summaries.settingsUpdated' } });
    await keep('dossier-autre', textPdf('Autre', 'Sans rapport'), { people: ['Paul Durand'] });
    // The same person's tenant file, from another provider.
    await keep('dossier-dfc', textPdf('Dossier locataire', 'Justificatifs'), { people: ['jeanne.martin@example.org'] });
    await archive.syncAll();
    await archive.extractPending();
    const idOf = (title: string) => archive.search({ query: '', limit: 10, offset: 0 }).items.find((i) => i.title === title)!.id;

    const folder = archive.cases.create('Location Jeanne Martin', 'BAIL-2026-7');
    expect(archive.cases.attach(folder.id, [idOf('bail-martin')])).toEqual({ changed: 1 });
    const suggested = archive.search({ query: '', suggestionsFor: folder.id, limit: 10, offset: 0 }).items.map((i) => i.title).sort();
    expect(suggested).toEqual(['dossier-dfc', 'rapport-id360']);
    archive.cases.attach(folder.id, [idOf('rapport-id360')]);

    expect(archive.cases.get(folder.id)).toMatchObject({ items: 2, providers: ['fixture', 'other'] });
    expect(archive.search({ query: '', caseId: folder.id, limit: 10, offset: 0 }).items.map((i) => i.title).sort()).toEqual(['bail-martin', 'rapport-id360']);
    // Found by its title, and by a word only the lease's PDF holds.
    expect(archive.cases.list('jeanne').map((c) => c.id)).toEqual([folder.id]);
    expect(archive.cases.list('ornithorynque').map((c) => c.id)).toEqual([folder.id]);
    expect(archive.cases.list('justificatifs')).toEqual([]);
    // A reconciliation keeps the attachment; detaching takes it out.
    await archive.syncAll();
    expect(archive.cases.get(folder.id).items).toBe(2);
    expect(archive.cases.itemIds(folder.id)).toEqual([idOf('bail-martin'), idOf('rapport-id360')]);
    // One timeline: what the journal says about each of its items, from both providers, newest first.
    expect(archive.cases.timeline(folder.id).map((e) => e.id)).toEqual([checked.id, deposited.id]);
    expect((await archive.exportZip(archive.cases.itemIds(folder.id))).count).toBe(2);
    archive.cases.attach(null, [idOf('rapport-id360')]);
    expect(archive.cases.get(folder.id).items).toBe(1);
  });
});
