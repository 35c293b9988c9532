import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Guichet } from '../../../main/composition.js';
import { renderTextPdf } from '../../../main/sandbox/textPdf.js';
import { call, tempDir } from '../parapheur/guichetHarness.js';
import { startTestGuichet, type TestGuichetOptions } from '../testGuichet.js';

/** A wall clock the test moves by hand. */
function createFakeClock(start: Date) {
  let at = start.getTime();
  return { now: () => new Date(at), advance: (ms: number) => void (at += ms) };
}

/**
 * Exports through the real composition and router, as the page calls them: the selection as a
 * folder (Electron's dialog, or the clerk's Downloads under the web host) and as a ZIP, and the
 * clean-up that keeps exports from piling up.
 */
let running: { guichet: Guichet; dir: string }[] = [];
afterEach(async () => {
  for (const r of running.splice(0)) await r.guichet.stop();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
const dirs: string[] = [];
/** Guichets without simulators or background work: the Archive answers from local files only. */
const apps = {
  async start(opts: TestGuichetOptions & { dir?: string } = {}) {
    const dir = opts.dir ?? tempDir('guichet-archive-export-');
    if (!dirs.includes(dir)) dirs.push(dir);
    const guichet = await startTestGuichet(dir, opts);
    running.push({ guichet, dir });
    return { guichet, dir };
  },
  async stop(guichet: Guichet) {
    await guichet.stop();
    running = running.filter((r) => r.guichet !== guichet);
  },
};

/** Signed documents as FAST's tracker leaves them in the ledger; their names come from depositors. */
async function seedSigned(guichet: Guichet, names: string[]): Promise<number[]> {
  for (const [index, name] of names.entries()) {
    const pdf = await guichet.blobs.putBuffer(renderTextPdf({ title: name, lines: [`Pièce ${index}`, name], producer: 'test' }), { mediaType: 'application/pdf' });
    guichet.db
      .prepare(
        `INSERT INTO parapheur_documents (batch_id, environment, siren, circuit_id, circuit_name, label, original_name, provider_name, media_type,
           blob_sha256, size, outbox_state, document_id, phase, signed_blob, created_at, finished_at, updated_at)
         VALUES (@batch, 'production', '213500000', 'c1', 'Signature du maire', @label, @name, @name, 'application/pdf',
           @sha, @size, 'filed', @docId, 'signe', @sha, '2026-03-01T08:00:00.000Z', '2026-03-02T08:00:00.000Z', '2026-03-02T08:00:00.000Z')`,
      )
      .run({ batch: `b${index}`, label: `Lot ${index}`, name, sha: pdf.sha256, size: pdf.size, docId: String(9100 + index) });
  }
  await guichet.archive.syncAll();
  return (await call(guichet, 'archive.search', { query: '', limit: 100, offset: 0 })).items.map((i) => i.id);
}

const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** Every file of a folder, as relative paths with `/`. */
function filesUnder(root: string): string[] {
  return (fs.readdirSync(root, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((d) => d.isFile())
    .map((d) => path.relative(root, path.join(d.parentPath, d.name)).split(path.sep).join('/'))
    .sort();
}

function checkExportedFolder(folder: string, expected: number): void {
  const manifest = JSON.parse(fs.readFileSync(path.join(folder, 'manifest.json'), 'utf8')) as { files: { file: string; sha256: string; size: number }[] };
  expect(manifest.files).toHaveLength(expected);
  expect(filesUnder(folder)).toEqual([...manifest.files.map((f) => f.file), 'manifest.json'].sort());
  for (const f of manifest.files) {
    const file = path.join(folder, ...f.file.split('/'));
    // Inside the export, whatever the depositor named it.
    expect(path.relative(folder, file).startsWith('..')).toBe(false);
    expect(sha(file)).toBe(f.sha256);
    expect(fs.statSync(file).size).toBe(f.size);
  }
}

describe('archive export as a folder', () => {
  it('under the web host: a dated folder in the clerk’s Downloads, files with their manifest hashes, names that cannot leave it', async () => {
    const { guichet, dir } = await apps.start({ background: false });
    const ids = await seedSigned(guichet, ['../../etc/passwd.pdf', 'CON.pdf', 'Arrêté n°3:voirie.pdf', 'Arrêté n°3:voirie.pdf']);
    const first = await call(guichet, 'archive.exportFolder', { ids });
    const downloads = path.join(dir, 'Téléchargements', 'Guichet');
    expect(first).toMatchObject({ saved: true, chosen: false, count: 4 });
    expect(path.dirname(first.path!)).toBe(downloads);
    expect(path.basename(first.path!)).toMatch(/^archive-guichet-\d{4}-\d{2}-\d{2} \d{2}h\d{2}$/);
    checkExportedFolder(first.path!, 4);
    expect(filesUnder(first.path!)).toEqual(['manifest.json', 'parapheur/Arrêté n°3_voirie (2).pdf', 'parapheur/Arrêté n°3_voirie.pdf', 'parapheur/_CON.pdf', 'parapheur/.._.._etc_passwd.pdf'].sort());

    // The same minute again: a second folder beside the first, which stays untouched; nothing half-written is left.
    const second = await call(guichet, 'archive.exportFolder', { ids: ids.slice(0, 1) });
    expect(second.path).toBe(`${first.path} (2)`);
    checkExportedFolder(second.path!, 1);
    checkExportedFolder(first.path!, 4);
    expect(fs.readdirSync(downloads).sort()).toEqual([path.basename(first.path!), path.basename(second.path!)].sort());
  });

  it('in Electron: inside the folder the clerk picked; nothing written when they cancel', async () => {
    const picked = tempDir('guichet-picked-');
    let answer: string | null = null;
    const { guichet } = await apps.start({ background: false, host: 'electron', electron: { chooseFolder: () => Promise.resolve(answer) } });
    const ids = await seedSigned(guichet, ['convention.pdf', 'annexe.pdf']);
    expect(await call(guichet, 'archive.exportFolder', { ids })).toEqual({ saved: false, chosen: true, path: null, count: 0 });
    expect(fs.readdirSync(picked)).toEqual([]);
    answer = picked;
    const done = await call(guichet, 'archive.exportFolder', { ids });
    expect(done).toMatchObject({ saved: true, chosen: true, count: 2 });
    expect(path.dirname(done.path!)).toBe(picked);
    checkExportedFolder(done.path!, 2);
    fs.rmSync(picked, { recursive: true, force: true });
  });

  it('a folder that cannot be written gets a clear message and leaves nothing behind', async () => {
    const parent = tempDir('guichet-blocked-');
    dirs.push(parent);
    // A file where the chosen folder should be (a stale name, a disconnected share): nothing can be written under it.
    const blocked = path.join(parent, 'partage');
    fs.writeFileSync(blocked, '');
    const { guichet } = await apps.start({ background: false, host: 'electron', electron: { chooseFolder: () => Promise.resolve(path.join(blocked, 'exports')) } });
    const ids = await seedSigned(guichet, ['convention.pdf']);
    await expect(call(guichet, 'archive.exportFolder', { ids })).rejects.toThrow(/Les fichiers n’ont pas pu être copiés dans .*partage/);
    expect(fs.readdirSync(parent)).toEqual(['partage']);
  });
});

describe('exports do not pile up', () => {
  it('ZIP exports and drag copies older than two days are deleted at start; newer ones and archived files stay', async () => {
    const clock = createFakeClock(new Date('2026-03-10T09:00:00Z'));
    const { guichet, dir } = await apps.start({ background: false, now: clock.now });
    const ids = await seedSigned(guichet, ['convention.pdf', 'annexe.pdf']);
    const old = await call(guichet, 'archive.export', { ids });
    // A ZIP of one file only, so that it differs from the first.
    clock.advance(2 * 86_400_000 - 60_000);
    const recent = await call(guichet, 'archive.export', { ids: ids.slice(0, 1) });
    const copies = path.join(dir, 'exports');
    fs.mkdirSync(path.join(copies, 'aaaa'), { recursive: true });
    fs.writeFileSync(path.join(copies, 'aaaa', 'Convention (signée).pdf'), 'copy');
    fs.utimesSync(path.join(copies, 'aaaa'), new Date('2026-03-05T00:00:00Z'), new Date('2026-03-05T00:00:00Z'));
    fs.mkdirSync(path.join(copies, 'bbbb'), { recursive: true });
    fs.utimesSync(path.join(copies, 'bbbb'), clock.now(), clock.now());
    expect(guichet.blobs.has(old.blob)).toBe(true);

    clock.advance(120_000);
    expect(await guichet.archive.cleanExports()).toEqual({ zips: 1, copies: 1 });
    expect(guichet.blobs.has(old.blob)).toBe(false);
    expect(guichet.blobs.has(recent.blob)).toBe(true);
    expect(fs.readdirSync(copies)).toEqual(['bbbb']);
    // What the Archive keeps is never an export: every file still verifies.
    expect(await call(guichet, 'archive.verify', {})).toMatchObject({ checked: 2, missing: [], altered: [] });
    // The web host serves the old ZIP no more; the page gets « not found », never a broken file.
    expect(await guichet.openBlob(old.blob)).toBeNull();
  });

  it('the clean-up runs when Guichet starts', async () => {
    const clock = createFakeClock(new Date('2026-03-10T09:00:00Z'));
    const first = await apps.start({ background: false, now: clock.now });
    const ids = await seedSigned(first.guichet, ['convention.pdf']);
    const zip = await call(first.guichet, 'archive.export', { ids });
    await apps.stop(first.guichet);
    clock.advance(3 * 86_400_000);
    const again = await apps.start({ dir: first.dir, background: false, now: clock.now });
    // What the composition's background start runs (without the simulators this test has no use for).
    await again.guichet.archive.start();
    await expect.poll(() => again.guichet.blobs.has(zip.blob), { timeout: 10_000 }).toBe(false);
    expect(await call(again.guichet, 'archive.verify', {})).toMatchObject({ checked: 1, missing: [], altered: [] });
  });
});

describe('dragging a kept file out of the window', () => {
  it('in Electron: a named copy with the same bytes is handed to the native drag, its name cleaned', async () => {
    const dragged: string[] = [];
    const { guichet, dir } = await apps.start({ background: false, host: 'electron', electron: { startDrag: (file) => dragged.push(file) } });
    const [id] = await seedSigned(guichet, ['Arrêté n°3: voirie?.pdf']);
    const item = (await call(guichet, 'archive.search', { query: '', limit: 10, offset: 0 })).items[0]!;
    expect(await call(guichet, 'archive.dragOut', { id: id! })).toEqual({ started: true });
    expect(dragged).toHaveLength(1);
    expect(path.basename(dragged[0]!)).toBe('Arrêté n°3_ voirie_.pdf');
    expect(sha(dragged[0]!)).toBe(item.sha256);
    // Inside the data folder's exports/, which the clean-up empties after two days.
    expect(path.relative(path.join(dir, 'exports'), dragged[0]!).startsWith('..')).toBe(false);
    // The name the page shows wins; the same file dragged again is copied afresh, never half.
    expect(await call(guichet, 'archive.dragOut', { id: id!, fileName: 'Arrêté (signé).pdf' })).toEqual({ started: true });
    expect(path.basename(dragged[1]!)).toBe('Arrêté (signé).pdf');
    expect(sha(dragged[1]!)).toBe(item.sha256);
    expect(fs.readdirSync(path.dirname(dragged[1]!)).filter((n) => n.endsWith('.part'))).toEqual([]);
  });

  it('a purged file cannot be dragged; in the browser the page is told to drag from the list', async () => {
    const { guichet } = await apps.start({ background: false, host: 'electron', electron: { startDrag: () => undefined } });
    const [id] = await seedSigned(guichet, ['convention.pdf']);
    await call(guichet, 'archive.purge', { ids: [id!] });
    await expect(call(guichet, 'archive.dragOut', { id: id! })).rejects.toThrow(/n’est plus conservé sur ce poste/);
    const web = await apps.start({ background: false });
    const [webId] = await seedSigned(web.guichet, ['convention.pdf']);
    await expect(call(web.guichet, 'archive.dragOut', { id: webId! })).rejects.toThrow(/Dans le navigateur, faites glisser le fichier/);
  });
});

describe('retention lives in settings.json', () => {
  it('an administrator seeds it (--config): read back, applied at start, and the clerk’s change is written to settings.json', async () => {
    const clock = createFakeClock(new Date('2026-04-15T09:00:00Z'));
    const { guichet, dir } = await apps.start({ background: false, now: clock.now, preseed: { archiveRetention: { parapheur: 30 } } });
    // Kept on 2026-03-02 (seedSigned): more than 30 days ago.
    await seedSigned(guichet, ['ancien.pdf']);
    expect(await call(guichet, 'archive.retention.get', {})).toEqual(expect.arrayContaining([{ provider: 'parapheur', keepDays: 30 }, { provider: 'id360', keepDays: null }]));
    await guichet.archive.start();
    await expect.poll(async () => (await call(guichet, 'archive.search', { query: '', limit: 10, offset: 0 })).total).toBe(0);

    await call(guichet, 'archive.retention.set', { provider: 'id360', keepDays: 90 });
    await call(guichet, 'archive.retention.set', { provider: 'parapheur', keepDays: null });
    const stored = JSON.parse(fs.readFileSync(path.join(dir, 'settings.json'), 'utf8')) as { archiveRetention?: Record<string, number> };
    expect(stored.archiveRetention).toEqual({ id360: 90 });
    expect(guichet.settings.get().archiveRetention).toEqual({ id360: 90 });
  });

  it('a seeded retention that is not a number of days stops Guichet with the field named', async () => {
    const failure = await apps.start({ background: false, preseed: { archiveRetention: { id360: 0 } } }).then(
      () => null,
      (error: unknown) => error as { code: string; details: { issues: { path: unknown }[] } },
    );
    expect(failure?.code).toBe('INVALID_CONFIG');
    expect(JSON.stringify(failure?.details.issues.map((i) => i.path))).toMatch(/archiveRetention.*id360/);
  });

  it('a retention set before it moved to the settings is carried over once', async () => {
    const first = await apps.start({ background: false });
    first.guichet.db.prepare('INSERT INTO archive_retention (provider, keep_days) VALUES (?, ?)').run('dossierfacile', 60);
    await apps.stop(first.guichet);
    const again = await apps.start({ dir: first.dir, background: false });
    expect(again.guichet.settings.get().archiveRetention).toEqual({ dossierfacile: 60 });
    expect(again.guichet.db.prepare('SELECT count(*) AS n FROM archive_retention').get()).toEqual({ n: 0 });
  });
});
