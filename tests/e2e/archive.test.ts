import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../main/core/db/database.js';
import { createBlobStore } from '../../main/core/blobs/blobStore.js';
import { allMigrations } from '../../main/providers/registry.js';
import { renderTextPdf } from '../../main/sandbox/textPdf.js';
import { createActivityJournal } from '../../main/core/journal/activityJournal.js';
import { expectNoAxeViolations, launchChromium, openApp, startBuiltHost, tempDataDir, type RunningHost } from './webHostHarness.js';

/** The one Archive in Chromium: a word that only a PDF's text holds finds that document. */

let browser: Browser;
let host: RunningHost | null = null;
const dataDir = tempDataDir('guichet-e2e-archive-');
/** The clerk's Downloads for this run (GUICHET_DOWNLOADS_DIR): a folder export lands in its Guichet/. */
const downloadsDir = path.join(dataDir, 'Téléchargements');
/** The bytes each seeded file was kept with, by file name. */
const seededSha = new Map<string, string>();

/** Two signed documents kept by an earlier session, as FAST's tracker leaves them in the ledger. */
async function seedSignedDocuments(): Promise<void> {
  const db = openDatabase(path.join(dataDir, 'guichet.sqlite'), allMigrations);
  const blobs = createBlobStore(path.join(dataDir, 'blobs'), db);
  const docs = [
    { name: 'convention-partenariat.pdf', lines: ['Convention de partenariat', 'Article 3 : la commune met à disposition la salle Quetzalcoatl du centre culturel.'] },
    { name: 'arrete-voirie.pdf', lines: ['Arrêté de voirie', 'Stationnement interdit rue des Lilas.'] },
  ];
  for (const [index, doc] of docs.entries()) {
    const pdf = await blobs.putBuffer(renderTextPdf({ title: doc.name, lines: doc.lines, producer: 'test' }), { mediaType: 'application/pdf' });
    seededSha.set(doc.name, pdf.sha256);
    db.prepare(
      `INSERT INTO parapheur_documents (batch_id, environment, siren, circuit_id, circuit_name, label, original_name, provider_name, media_type,
         blob_sha256, size, outbox_state, document_id, phase, signed_blob, created_at, finished_at, updated_at)
       VALUES (@batch, 'production', '213500000', 'c1', 'Signature du maire', @label, @name, @name, 'application/pdf',
         @sha, @size, 'filed', @docId, 'signe', @sha, '2026-03-01T08:00:00.000Z', '2026-03-02T08:00:00.000Z', '2026-03-02T08:00:00.000Z')`,
    ).run({ batch: `b${index}`, label: `Lot ${index}`, name: doc.name, sha: pdf.sha256, size: pdf.size, docId: String(9100 + index) });
  }
  // What FAST's tracker journalled when the convention was signed (by FAST's number).
  createActivityJournal(db).append({
    actor: 'système',
    action: 'parapheur.document.phase',
    provider: 'parapheur',
    objectType: 'document',
    objectId: '9100',
    summary: { key: 'parapheur:activity.summaries.phase.signe', params: { name: 'convention-partenariat.pdf' } },
  });
  // An identity check of the convention's signatory, whose verified report ID360 let Guichet keep.
  const report = await blobs.putBuffer(renderTextPdf({ title: 'Rapport ID360', lines: ['Vérification d’identité', 'Camille Roussel : identité vérifiée'], producer: 'test' }), {
    mediaType: 'application/pdf',
  });
  const enrollment = db
    .prepare(
      `INSERT INTO id360_enrollments (environment, enrollment_id, api_key, process_uuid, process_name, client_reference, person_json, status,
         provider_status, created_at, provider_until, updated_at)
       VALUES ('sandbox', '77001', 'k', 'p-1', 'Vérification simple', 'PART-2026', '{"first_name":"Camille","last_name":"Roussel"}', 'OK', 'OK',
         '2026-03-01T09:00:00.000Z', '2026-03-31T09:00:00.000Z', '2026-03-01T10:00:00.000Z')`,
    )
    .run().lastInsertRowid;
  db.prepare(
    `INSERT INTO id360_kept_files (local_id, kind, integrity, blob_sha256, size, media_type, fetched_at)
     VALUES (?, 'report_pdf', 'valid', ?, ?, 'application/pdf', '2026-03-01T10:00:00.000Z')`,
  ).run(enrollment, report.sha256, report.size);
  db.close();
}

beforeAll(async () => {
  await seedSignedDocuments();
  browser = await launchChromium();
  host = await startBuiltHost(dataDir, { GUICHET_DOWNLOADS_DIR: downloadsDir });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await host?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('Archive', () => {
  it('lists every kept file and finds a document by a word that appears only inside its PDF, highlighted', async () => {
    const page = await openApp(browser, host!.url);
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.getByTestId('nav-archive').click();
    const items = page.getByTestId('archive-item');
    await expect.poll(() => items.count(), { timeout: 20_000 }).toBe(3);

    await page.getByTestId('archive-search').fill('quetzalcoatl');
    // The text is read once in the background; the list reloads when it is indexed.
    await expect.poll(() => items.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-title'))), { timeout: 30_000 }).toEqual(['convention-partenariat.pdf']);
    const snippet = items.first().getByTestId('archive-snippet');
    expect(await snippet.locator('mark').allInnerTexts()).toEqual(['Quetzalcoatl']);
    expect(await snippet.innerText()).toContain('la salle Quetzalcoatl du centre culturel');
    expect(await page.getByTestId('archive-count').innerText()).toMatch(/^1 fichier/);

    // Nothing is cut at 1366×768, and the page holds no accessibility violation with results shown.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await expectNoAxeViolations(page, 'Archive · recherche');
    // Select one, check the archive, export the selection: the actions show their outcome on the page.
    await page.getByTestId('archive-search').fill('');
    await expect.poll(() => items.count()).toBe(3);
    await items.first().getByTestId('archive-select').check();
    await page.getByTestId('archive-verify').click();
    expect(await page.getByTestId('archive-verify-report').innerText()).toMatch(/les 3 fichiers conservés sont intacts/);
    await page.getByTestId('archive-export').click();
    // The ZIP of the selection downloads like any stored file.
    const download = page.waitForEvent('download');
    await page.getByTestId('archive-zip-download').click();
    expect((await download).suggestedFilename()).toMatch(/^archive-guichet-\d{4}-\d{2}-\d{2}\.zip$/);
    await page.locator('.archive-retention summary').click();
    await expectNoAxeViolations(page, 'Archive · actions');
    await page.getByTestId('archive-search').fill('quetzalcoatl');
    await expect.poll(() => items.count()).toBe(1);

    await items.first().getByTestId('archive-open').click();
    await page.getByTestId('pdf-page').first().waitFor({ timeout: 20_000 });
    await page.getByTestId('pdf-close').click();

    await page.getByTestId('archive-search').fill('mot introuvable');
    await page.getByTestId('archive-no-match').waitFor();
    expect(await items.count()).toBe(0);
  }, 120_000);

  it('attaches items from two providers to a case, found by a word that appears only inside one of its PDFs', async () => {
    const page = await openApp(browser, host!.url);
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.getByTestId('nav-archive').click();
    const items = page.getByTestId('archive-item');
    await expect.poll(() => items.count(), { timeout: 20_000 }).toBe(3);

    await page.getByTestId('archive-case-new').click();
    const dialog = page.getByTestId('archive-case-dialog');
    await dialog.getByTestId('archive-case-create').click();
    expect(await dialog.getByTestId('archive-case-title-error').innerText()).toBe('Indiquez le nom du dossier.');
    await dialog.getByTestId('archive-case-title').fill('Partenariat centre culturel');
    await dialog.getByTestId('archive-case-reference').fill('PART-2026');
    await dialog.getByTestId('archive-case-create').click();
    await dialog.waitFor({ state: 'detached' });
    // The new case is open, empty.
    await page.getByTestId('archive-no-match').waitFor();

    await page.getByTestId('archive-case-select').selectOption('');
    await expect.poll(() => items.count()).toBe(3);
    await page.locator('[data-testid="archive-item"][data-title="convention-partenariat.pdf"]').getByTestId('archive-select').check();
    await page.locator('[data-testid="archive-item"][data-provider="id360"]').getByTestId('archive-select').check();
    await page.getByTestId('archive-case-target').selectOption({ label: 'Partenariat centre culturel' });
    await page.getByTestId('archive-case-attach').click();
    await expect.poll(() => page.getByTestId('archive-select').evaluateAll((boxes) => boxes.filter((b) => (b as HTMLInputElement).checked).length)).toBe(0);

    // A word only the convention's PDF holds finds the case.
    await page.getByTestId('archive-search').fill('quetzalcoatl');
    const found = page.getByTestId('archive-case-found');
    await expect.poll(() => found.allInnerTexts()).toEqual(['Partenariat centre culturel · 2']);
    await expectNoAxeViolations(page, 'Archive · dossier trouvé');
    await found.click();
    await page.getByTestId('archive-search').fill('');
    await expect.poll(() => items.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-provider')).sort())).toEqual(['id360', 'parapheur']);
    expect(await page.getByTestId('archive-case-intro').innerText()).toContain('Partenariat centre culturel');
    // One history for the case: the signature FAST's tracker journalled.
    await page.getByTestId('archive-case-timeline').locator('summary').click();
    await expect.poll(() => page.getByTestId('archive-case-event').allInnerTexts()).toEqual([expect.stringContaining('« convention-partenariat.pdf » : signé')]);
    // A demonstration file says so next to real ones.
    expect(await page.locator('[data-testid="archive-item"][data-provider="id360"] .archive__meta').innerText()).toContain('Démonstration');
    expect(await page.locator('[data-testid="archive-item"][data-provider="parapheur"] .archive__meta').innerText()).not.toContain('Démonstration');
    // With nothing selected, the whole case is exported.
    expect(await page.getByTestId('archive-export').innerText()).toBe('Exporter le dossier en ZIP');
    await page.getByTestId('archive-export').click();
    expect(await page.getByTestId('archive-zip-download').locator('..').innerText()).toMatch(/^Archive ZIP prête \(2 fichiers/);
    await expectNoAxeViolations(page, 'Archive · dossier');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  }, 120_000);

  it('drags any kept file out with a DownloadURL that serves its bytes, and exports a selection as a folder in the Downloads', async () => {
    const page = await openApp(browser, host!.url);
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.getByTestId('nav-archive').click();
    const items = page.getByTestId('archive-item');
    await expect.poll(() => items.count(), { timeout: 20_000 }).toBe(3);
    await page.getByTestId('archive-case-select').selectOption('').catch(() => undefined);
    await expect.poll(() => items.count()).toBe(3);

    const row = page.locator('[data-testid="archive-item"][data-title="convention-partenariat.pdf"]');
    const handle = row.getByTestId('archive-drag-out');
    expect(await handle.getAttribute('draggable')).toBe('true');
    // The drag the browser starts when the clerk pulls the handle: what would the desktop receive?
    const dataTransfer = await page.evaluateHandle(() => new DataTransfer());
    await handle.dispatchEvent('dragstart', { dataTransfer });
    const downloadUrl = await dataTransfer.evaluate((dt) => dt.getData('DownloadURL'));
    const m = /^([^:]+):([^:]+):(.+)$/.exec(downloadUrl);
    expect(m, downloadUrl).not.toBeNull();
    expect(m![1]).toBe('application/pdf');
    expect(m![2]).toBe('convention-partenariat.pdf');
    const served = await page.evaluate(async (url) => {
      const res = await fetch(url);
      const bytes = await res.arrayBuffer();
      const digest = await crypto.subtle.digest('SHA-256', bytes);
      return { status: res.status, disposition: res.headers.get('content-disposition'), sha: [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('') };
    }, m![3]!);
    expect(served.status).toBe(200);
    expect(served.sha).toBe(seededSha.get('convention-partenariat.pdf'));
    expect(served.disposition).toContain('convention-partenariat.pdf');
    // Every row has one, whatever its provider (the ID360 report too).
    expect(await page.getByTestId('archive-drag-out').count()).toBe(3);
    await page.locator('[data-testid="archive-item"][data-provider="id360"]').getByTestId('archive-drag-out').focus();
    await expectNoAxeViolations(page, 'Archive · glisser un fichier');

    // The selection as a folder: the page cannot choose one, so main writes it in the clerk's Downloads and says where.
    await row.getByTestId('archive-select').check();
    await page.locator('[data-testid="archive-item"][data-provider="id360"]').getByTestId('archive-select').check();
    await page.getByTestId('archive-export-folder').click();
    const result = page.getByTestId('archive-folder-result');
    await result.waitFor();
    expect(await result.innerText()).toMatch(/^2 fichiers et leur manifeste copiés dans vos Téléchargements, dossier :/);
    const folder = await result.locator('.archive-actions__path').innerText();
    expect(path.dirname(folder)).toBe(path.join(downloadsDir, 'Guichet'));
    const manifest = JSON.parse(fs.readFileSync(path.join(folder, 'manifest.json'), 'utf8')) as { files: { file: string; sha256: string }[] };
    expect(manifest.files.map((f) => f.file.split('/')[0]).sort()).toEqual(['id360', 'parapheur']);
    for (const f of manifest.files) {
      const bytes = fs.readFileSync(path.join(folder, ...f.file.split('/')));
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(f.sha256);
    }
    expect(manifest.files.find((f) => f.file.startsWith('parapheur/'))!.sha256).toBe(seededSha.get('convention-partenariat.pdf'));
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await expectNoAxeViolations(page, 'Archive · export dans un dossier');
  }, 120_000);
});

describe('Archive with many files', () => {
  const manyDir = tempDataDir('guichet-e2e-archive-many-');
  let manyHost: RunningHost | null = null;
  afterAll(async () => {
    await manyHost?.stop();
    fs.rmSync(manyDir, { recursive: true, force: true });
  });

  it('keeps only the visible rows in the page and loads the next ones as the clerk scrolls to the end', async () => {
    const db = openDatabase(path.join(manyDir, 'guichet.sqlite'), allMigrations);
    const blobs = createBlobStore(path.join(manyDir, 'blobs'), db);
    const insert = db.prepare(
      `INSERT INTO parapheur_documents (batch_id, environment, siren, circuit_id, circuit_name, original_name, provider_name, media_type,
         blob_sha256, size, outbox_state, document_id, phase, signed_blob, created_at, finished_at, updated_at)
       VALUES (@batch, 'production', '213500000', 'c1', 'Courrier', @name, @name, 'application/pdf', @sha, @size, 'filed', @docId, 'signe', @sha,
         @at, @at, @at)`,
    );
    for (let i = 0; i < 260; i++) {
      const pdf = await blobs.putBuffer(renderTextPdf({ title: `Courrier ${i}`, lines: [`Courrier numéro ${i}`], producer: 'test' }), { mediaType: 'application/pdf' });
      const at = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
      insert.run({ batch: `b${i}`, name: `courrier-${String(i).padStart(3, '0')}.pdf`, sha: pdf.sha256, size: pdf.size, docId: String(20_000 + i), at });
    }
    db.close();
    manyHost = await startBuiltHost(manyDir);
    const page = await openApp(browser, manyHost.url);
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.getByTestId('nav-archive').click();
    await expect.poll(() => page.getByTestId('archive-count').innerText(), { timeout: 20_000 }).toMatch(/^260 fichiers/);
    const items = page.getByTestId('archive-item');
    // Newest first, and only what the window shows (plus a margin) is in the page.
    expect(await items.first().getAttribute('data-title')).toBe('courrier-259.pdf');
    expect(await items.count()).toBeLessThan(40);

    const list = page.getByRole('region', { name: 'Fichiers de l’archive' });
    const oldest = page.locator('[data-testid="archive-item"][data-title="courrier-000.pdf"]');
    // Each scroll to the end brings the next page (the list grows) until the oldest file shows.
    for (let pages = 0; pages < 5 && (await oldest.count()) === 0; pages++) {
      const height = await list.evaluate((el) => el.scrollHeight);
      // Scrolled again on each try, as a clerk would if the end came while the previous page was still arriving.
      await expect
        .poll(
          async () => {
            await list.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
            return (await oldest.count()) > 0 || (await list.evaluate((el) => el.scrollHeight)) > height;
          },
          { timeout: 20_000 },
        )
        .toBe(true);
    }
    await list.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await oldest.waitFor();
    expect(await page.locator('[data-testid="archive-item"][data-title="courrier-000.pdf"]').getAttribute('aria-posinset')).toBe('260');
    expect(await items.count()).toBeLessThan(40);
  }, 120_000);
});
