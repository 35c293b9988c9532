import fs from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Guichet } from '../../../main/composition.js';
import { allMigrations } from '../../../main/providers/registry.js';
import { openDatabase } from '../../../main/core/db/database.js';
import { createBlobStore } from '../../../main/core/blobs/blobStore.js';
import { createActivityJournal } from '../../../main/core/journal/activityJournal.js';
import { createArchive, type Archive } from '../../../main/core/archive/archiveService.js';
import type { ArchiveContributor, ArchiveItemInput } from '../../../main/core/archive/archiveItem.js';
import { renderTextPdf } from '../../../main/sandbox/textPdf.js';
import { call, makePdf, stage, startTestGuichet, tempDir, waitFor } from '../parapheur/guichetHarness.js';
import { useTempDirs } from './tempDirs.js';
import { launchChromium } from '../../e2e/webHostHarness.js';
import { connectAtCounter } from '../dossierfacile/counterTenant.js';

/**
 * Actions started from a case folder (issue 12): what a provider module creates from a case names
 * itself to the core (`ProviderDeps.archive.fileIntoCase`), and its files join the case when the
 * Archive records them. The Archive imports no provider; these tests drive real modules against
 * their simulators, and a module of the test's own.
 */

const OPENING = '6f8a1c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b';
let running: { guichet: Guichet; dir: string } | null = null;
const opened: { db: Database.Database; archive: Archive }[] = [];
const tempCore = useTempDirs('archive-case-actions');

afterEach(async () => {
  await running?.guichet.stop();
  if (running) fs.rmSync(running.dir, { recursive: true, force: true });
  running = null;
  for (const o of opened.splice(0)) {
    await o.archive.stop();
    o.db.close();
  }
});

const caseTitles = async (g: Guichet, caseId: number) =>
  (await call(g, 'archive.search', { query: '', caseId, limit: 50, offset: 0 })).items.map((i) => `${i.provider}:${i.kind}:${i.title}`).sort();

async function failureCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (e) {
    return (e as { code: string }).code;
  }
  return 'no error';
}

describe('starting a provider action from a case folder', () => {
  it('FAST: the deposited documents’ files join the case they were deposited from, and only they', async () => {
    const dir = tempDir('guichet-case-fast-');
    // The simulator refuses a document whose label says so: its routing sheet comes back quickly.
    const guichet = await startTestGuichet(dir, { autoAdvance: true });
    running = { guichet, dir };
    const folder = await call(guichet, 'archive.cases.create', { title: 'Location Éloïse Dupont', reference: 'BAIL-7' });

    // A case that does not exist is refused before anything is filed.
    const unknown = call(guichet, 'parapheur.deposit.submit', {
      target: { kind: 'circuit', circuitId: 'courrier-visa-signature' },
      label: 'Courrier à refuser',
      fileIds: [await stage(guichet, makePdf(dir, 'perdu.pdf'))],
      archiveCaseId: folder.id + 100,
    });
    expect(await failureCode(unknown)).toBe('NOT_FOUND');
    expect((await call(guichet, 'parapheur.documents.list', { sort: 'recent', limit: 10, offset: 0 })).items).toEqual([]);

    await call(guichet, 'parapheur.deposit.submit', {
      target: { kind: 'circuit', circuitId: 'courrier-visa-signature' },
      label: 'Courrier à refuser',
      fileIds: [await stage(guichet, makePdf(dir, 'bail-dupont.pdf'))],
      archiveCaseId: folder.id,
    });
    // Deposited the usual way (not from the case): stays out of it.
    await call(guichet, 'parapheur.deposit.submit', {
      target: { kind: 'circuit', circuitId: 'courrier-visa-signature' },
      label: 'Courrier à refuser aussi',
      fileIds: [await stage(guichet, makePdf(dir, 'autre-courrier.pdf'))],
    });
    await waitFor('both routing sheets archived', async () => {
      const page = await call(guichet, 'archive.search', { query: '', limit: 10, offset: 0 });
      return page.items.length === 2 ? page.items : null;
    }, 90_000);
    expect(await caseTitles(guichet, folder.id)).toEqual(['parapheur:fdc:bail-dupont.pdf']);
    const shown = (await call(guichet, 'archive.cases.list', { query: '' })).find((c) => c.id === folder.id)!;
    expect(shown).toMatchObject({ items: 1, providers: ['parapheur'] });
    // The case's history shows the deposit FAST's module journalled.
    const history = await call(guichet, 'archive.cases.timeline', { caseId: folder.id });
    expect(history.some((e) => e.provider === 'parapheur' && e.objectType === 'document')).toBe(true);
  }, 120_000);

  it('ID360: the report and the document photos of a check started from a case join it', async () => {
    const dir = tempDir('guichet-case-id360-');
    const guichet = await startTestGuichet(dir, { preseed: { providers: { id360: { environment: 'sandbox' } } } });
    running = { guichet, dir };
    await guichet.ensureSandbox();
    const folder = await call(guichet, 'archive.cases.create', { title: 'Location Camille Exemple', reference: '' });
    expect(
      await failureCode(
        call(guichet, 'id360.enrollments.create', { processUuid: OPENING, person: { last_name: 'Exemple' }, archiveCaseId: folder.id + 100 }),
      ),
    ).toBe('NOT_FOUND');
    expect((await call(guichet, 'id360.enrollments.list', { limit: 10 })).items).toEqual([]);

    const created = await call(guichet, 'id360.enrollments.create', {
      processUuid: OPENING,
      clientReference: 'DOSSIER-CASE-1',
      person: { last_name: 'Exemple', first_name: 'Camille', email: 'camille@example.org' },
      archiveCaseId: folder.id,
    });
    guichet.sandbox!.id360.control.finish(created.row.enrollmentId, 'OK');
    guichet.id360.pollSoon(created.row.localId);
    await guichet.id360.tracker.tick();
    await guichet.id360.tracker.tick();
    const kept = (await call(guichet, 'id360.report.view', { localId: created.row.localId })).files.filter((f) => f.sha256);
    expect(kept.length).toBeGreaterThan(1);

    const inCase = await waitFor('the check’s files in the case', async () => {
      const page = await call(guichet, 'archive.search', { query: '', caseId: folder.id, limit: 50, offset: 0 });
      return page.items.length === kept.length ? page.items : null;
    });
    expect(new Set(inCase.map((i) => i.provider))).toEqual(new Set(['id360']));
    expect(inCase.map((i) => i.kind)).toEqual(expect.arrayContaining(['report', 'document']));
    expect((await call(guichet, 'archive.cases.list', { query: '' }))[0]).toMatchObject({ id: folder.id, items: kept.length, providers: ['id360'] });
  }, 120_000);

  it('DossierFacile: a tenant connected from a case brings their full file and pieces into it', async () => {
    const dir = tempDir('guichet-case-dfc-');
    const guichet = await startTestGuichet(dir, { timeScale: 60, preseed: { providers: { dossierfacile: { environment: 'sandbox' } } } });
    running = { guichet, dir };
    const folder = await call(guichet, 'archive.cases.create', { title: 'Location Marie Dupont', reference: '' });
    const browser = await launchChromium();
    try {
      const { last } = await connectAtCounter(browser, guichet, 'marie.dupont@example.org', 'allow', folder.id);
      const file = await call(guichet, 'dossierfacile.tenants.fetchFiles', { localId: last.tenant!.localId });
      const kept = file.row.filesKept;
      expect(kept).toBeGreaterThan(1);
      await guichet.archive.sync('dossierfacile');
      const inCase = (await call(guichet, 'archive.search', { query: '', caseId: folder.id, limit: 50, offset: 0 })).items;
      expect(inCase.length).toBe(kept);
      expect(new Set(inCase.map((i) => i.provider))).toEqual(new Set(['dossierfacile']));
    } finally {
      await browser.close();
    }
  }, 120_000);
});

describe('a case’s origins in the core', () => {
  function fixture(): ArchiveContributor & { list: ArchiveItemInput[] } {
    const list: ArchiveItemInput[] = [];
    return { list, items: () => list };
  }

  async function setup() {
    const dir = tempCore();
    const db = openDatabase(join(dir, 'guichet.sqlite'), allMigrations);
    const blobs = createBlobStore(join(dir, 'blobs'), db);
    const provider = fixture();
    const archive = createArchive({ db, blobs, journal: createActivityJournal(db), contributors: { fixture: provider } });
    opened.push({ db, archive });
    const keep = async (key: string, objectId: string, objectType = 'check') => {
      const { sha256, size } = await blobs.putBuffer(renderTextPdf({ title: key, lines: [key], producer: 'test' }));
      provider.list.push({
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
        journal: [{ objectType, objectId }],
      });
      return sha256;
    };
    const inCase = (caseId: number) => archive.search({ query: '', caseId, limit: 50, offset: 0 }).items.map((i) => i.title).sort();
    return { archive, blobs, db, provider, keep, inCase, notifier: archive.notifierFor('fixture') };
  }

  it('files the object’s later files into the case, takes in those already kept in no case, and never takes one back from where the clerk put it', async () => {
    const { archive, keep, inCase, notifier } = await setup();
    const first = archive.cases.create('Dossier A', '');
    const second = archive.cases.create('Dossier B', '');
    await keep('earlier-loose', '7');
    await keep('earlier-elsewhere', '7');
    await archive.syncAll();
    const elsewhere = archive.search({ query: 'earlier elsewhere', limit: 1, offset: 0 }).items[0]!.id;
    archive.cases.attach(second.id, [elsewhere]);

    expect(() => notifier.requireCase(first.id + 100)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    notifier.fileIntoCase(first.id, [{ objectType: 'check', objectId: '7' }]);
    // A file kept before, in no case, joins now; one the clerk put in another case stays there.
    expect(inCase(first.id)).toEqual(['earlier-loose']);
    expect(inCase(second.id)).toEqual(['earlier-elsewhere']);

    await keep('later-report', '7');
    await keep('other-check', '8');
    await archive.syncAll();
    expect(inCase(first.id)).toEqual(['earlier-loose', 'later-report']);

    // Taken out by the clerk, a file does not come back when its module reports it again.
    const later = archive.search({ query: 'later report', limit: 1, offset: 0 }).items[0]!.id;
    archive.cases.attach(null, [later]);
    await archive.syncAll();
    expect(inCase(first.id)).toEqual(['earlier-loose']);
  });

  it('a purge per tenant deletes the blobs of every file of that tenant, from disk, and only theirs; the journal keeps that it happened, not what', async () => {
    const { archive, blobs, db, keep } = await setup();
    const dossier = await keep('dossier-complet-lefevre', '4', 'tenant');
    const piece = await keep('avis-imposition-lefevre', '4', 'tenant');
    const other = await keep('dossier-complet-martin', '5', 'tenant');
    await archive.syncAll();
    const idOf = (title: string) => archive.search({ query: '', limit: 50, offset: 0 }).items.find((i) => i.title === title)!.id;
    expect(archive.sameOwnerIds(idOf('avis-imposition-lefevre'))).toEqual([idOf('dossier-complet-lefevre'), idOf('avis-imposition-lefevre')].sort((a, b) => a - b));

    expect(await archive.purge(archive.sameOwnerIds(idOf('avis-imposition-lefevre')), 'clerk')).toEqual({ purged: 2, blobsDeleted: 2 });
    expect(fs.existsSync(blobs.pathOf(dossier))).toBe(false);
    expect(fs.existsSync(blobs.pathOf(piece))).toBe(false);
    expect(fs.existsSync(blobs.pathOf(other))).toBe(true);
    expect(archive.search({ query: '', limit: 50, offset: 0 }).items.map((i) => i.title)).toEqual(['dossier-complet-martin']);
    expect(archive.search({ query: 'lefevre', limit: 50, offset: 0 }).items).toEqual([]);
    const journal = JSON.stringify(db.prepare("SELECT * FROM journal WHERE action = 'archive.purge'").all());
    expect((journal.match(/archive-item/g) ?? []).length).toBe(2);
    expect(journal).not.toMatch(/lefevre/i);
  });
});
