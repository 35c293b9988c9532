import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../main/core/db/database.js';
import { createBlobStore } from '../../main/core/blobs/blobStore.js';
import { allMigrations } from '../../main/providers/registry.js';
import { renderTextPdf } from '../../main/sandbox/textPdf.js';
import { dropFiles, expectNoAxeViolations, launchChromium, openApp, pdfBytes, signInAsTenant, startBuiltHost, tempDataDir, type RunningHost } from './webHostHarness.js';

/**
 * Case folders as a clerk works them (issue 12): a file dragged onto a case joins it; an identity
 * check started from the case files its report and photos into it by itself; a photo opens in the
 * viewer from the Archive row.
 */

let browser: Browser;
let host: RunningHost | null = null;
const dataDir = tempDataDir('guichet-e2e-archive-cases-');

/** A lease FAST signed in an earlier session, and an empty case for the tenant. */
async function seed(): Promise<void> {
  const db = openDatabase(path.join(dataDir, 'guichet.sqlite'), allMigrations);
  const blobs = createBlobStore(path.join(dataDir, 'blobs'), db);
  const pdf = await blobs.putBuffer(renderTextPdf({ title: 'bail-lefevre.pdf', lines: ['Bail d’habitation', 'Locataire : Élodie Lefèvre'], producer: 'test' }), {
    mediaType: 'application/pdf',
  });
  db.prepare(
    `INSERT INTO parapheur_documents (batch_id, environment, siren, circuit_id, circuit_name, label, original_name, provider_name, media_type,
       blob_sha256, size, outbox_state, document_id, phase, signed_blob, created_at, finished_at, updated_at)
     VALUES ('b1', 'production', '213500000', 'c1', 'Signature du maire', 'Bail', 'bail-lefevre.pdf', 'bail-lefevre.pdf', 'application/pdf',
       @sha, @size, 'filed', '9300', 'signe', @sha, '2026-03-01T08:00:00.000Z', '2026-03-02T08:00:00.000Z', '2026-03-02T08:00:00.000Z')`,
  ).run({ sha: pdf.sha256, size: pdf.size });
  db.prepare("INSERT INTO archive_cases (title, reference, created_at, updated_at) VALUES ('Location Élodie Lefèvre', 'BAIL-2026-9', ?, ?)").run(
    '2026-03-03T08:00:00.000Z',
    '2026-03-03T08:00:00.000Z',
  );
  db.close();
}

beforeAll(async () => {
  await seed();
  browser = await launchChromium();
  // 1 real second = 10 simulated seconds, as in the ID360 e2e: the tracker polls often.
  host = await startBuiltHost(dataDir, { GUICHET_SANDBOX_TIME_SCALE: '10' });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await host?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('Archive case folders', () => {
  it('a file dragged onto a case joins it; a check started from the case files its report and photos into it; a photo opens in the viewer', async () => {
    const page = await openApp(browser, host!.url);
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.getByTestId('nav-archive').click();
    const items = page.getByTestId('archive-item');
    await expect.poll(() => items.count(), { timeout: 20_000 }).toBe(1);

    // Drag the lease onto the case.
    const drop = page.getByTestId('archive-case-drop');
    expect(await drop.innerText()).toBe('Location Élodie Lefèvre · 0');
    await expectNoAxeViolations(page, 'Archive · dossiers à glisser');
    await items.first().dragTo(drop);
    await expect.poll(() => drop.innerText()).toBe('Location Élodie Lefèvre · 1');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

    // Open the case and start an identity check from it.
    await drop.click();
    await expect.poll(() => items.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-title')))).toEqual(['bail-lefevre.pdf']);
    await expectNoAxeViolations(page, 'Archive · dossier et ses actions');
    expect(await page.getByTestId('archive-case-start-parapheur').innerText()).toBe('Déposer un document');
    expect(await page.getByTestId('archive-case-start-dossierfacile').innerText()).toBe('Connecter un locataire');
    await page.getByTestId('archive-case-start-id360').click();
    await page.getByTestId('page-id360').waitFor();
    expect(await page.getByTestId('case-origin').innerText()).toContain('Depuis le dossier « Location Élodie Lefèvre » de l’archive');
    const form = page.getByTestId('id360-new-check');
    await expect.poll(() => form.getByTestId('id360-process').locator('option').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await form.getByLabel('Référence du dossier').fill('BAIL-2026-9');
    await form.getByLabel('Nom', { exact: true }).fill('Lefèvre');
    await form.getByLabel('Prénom', { exact: true }).fill('Élodie');
    await form.getByLabel('Adresse e-mail', { exact: true }).fill('elodie.lefevre@example.org');
    await form.getByLabel('Téléphone portable', { exact: true }).fill('06 12 34 56 78');
    await form.getByTestId('id360-lock-last_name').check();
    await form.getByTestId('id360-create').click();
    await page.getByTestId('id360-journey-link').waitFor({ timeout: 20_000 });
    // Used once: the notice leaves with the check it filed.
    await page.getByTestId('case-origin').waitFor({ state: 'detached' });

    // Sandbox: the person's journey ends OK and the tracker keeps the report and the photos.
    const row = page.locator('[data-testid^="id360-row-"]').filter({ hasText: 'BAIL-2026-9' });
    await row.waitFor({ timeout: 20_000 });
    await row.getByRole('button', { name: 'Voir' }).click();
    const report = page.getByTestId('id360-report');
    await report.getByTestId('id360-finish-ok').click();
    await expect.poll(() => row.getByTestId('id360-row-status').innerText(), { timeout: 60_000, interval: 250 }).toBe('Identité vérifiée');
    await expect.poll(() => report.getByTestId('id360-signature').count(), { timeout: 60_000, interval: 250 }).toBe(1);
    await report.getByTestId('id360-report-close').click();
    await report.waitFor({ state: 'detached' });

    // Back in the Archive, the case holds the lease and the check's files.
    await page.getByTestId('nav-archive').click();
    await page.getByTestId('archive-case-select').selectOption({ label: 'Location Élodie Lefèvre (BAIL-2026-9)' });
    await expect
      .poll(async () => new Set(await items.evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-provider')}:${r.getAttribute('data-kind')}`))), { timeout: 30_000 })
      .toEqual(new Set(['parapheur:signed', 'id360:report', 'id360:document']));

    // A document photo opens in the viewer's image view.
    await items.filter({ has: page.getByTestId('archive-open-image') }).first().getByTestId('archive-open-image').click();
    const image = page.getByTestId('viewer-image');
    await image.waitFor({ timeout: 20_000 });
    await expect.poll(() => image.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    await page.getByTestId('pdf-close').click();
    await image.waitFor({ state: 'detached' });
    await expectNoAxeViolations(page, 'Archive · dossier avec vérification');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  }, 180_000);
});

describe('A FAST deposit and a DossierFacile connection started from a case', () => {
  const actionsDir = tempDataDir('guichet-e2e-archive-actions-');
  let actionsHost: RunningHost | null = null;
  afterAll(async () => {
    await actionsHost?.stop();
    fs.rmSync(actionsDir, { recursive: true, force: true });
  });

  it('files the signed lease and the tenant’s file into the case they were started from, and nothing into another case', async () => {
    const db = openDatabase(path.join(actionsDir, 'guichet.sqlite'), allMigrations);
    const insertCase = db.prepare('INSERT INTO archive_cases (title, reference, created_at, updated_at) VALUES (?, ?, ?, ?)');
    insertCase.run('Location Marie Dupont', 'BAIL-2026-12', '2026-03-03T08:00:00.000Z', '2026-03-03T08:00:00.000Z');
    insertCase.run('Location Paul Bernard', 'BAIL-2026-13', '2026-03-03T08:00:00.000Z', '2026-03-03T08:00:00.000Z');
    db.close();
    // 1 real second = 1 simulated hour: FAST's 20-minute steps and 30-minute polling take a fraction of a second.
    actionsHost = await startBuiltHost(actionsDir, { GUICHET_SANDBOX_TIME_SCALE: '3600' });
    const page = await openApp(browser, actionsHost.url);
    await page.setViewportSize({ width: 1366, height: 768 });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    const items = page.getByTestId('archive-item');
    const kindsInCase = async (label: string) => {
      await page.getByTestId('nav-archive').click();
      await page.getByTestId('archive-case-select').selectOption({ label });
      return new Set(await items.evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-provider')}:${r.getAttribute('data-kind')}`)));
    };

    // « Déposer un document » from the case: the Parapheur page says where the files will go.
    await page.getByTestId('nav-archive').click();
    await page.getByTestId('archive-case-select').selectOption({ label: 'Location Marie Dupont (BAIL-2026-12)' });
    await page.getByTestId('archive-case-start-parapheur').click();
    await page.getByTestId('page-parapheur').waitFor();
    expect(await page.getByTestId('case-origin').innerText()).toContain('Depuis le dossier « Location Marie Dupont » de l’archive');
    const tile = page.getByTestId('circuit-tile-courrier-visa-signature');
    await tile.waitFor({ timeout: 20_000 });
    await dropFiles(page, 'circuit-tile-courrier-visa-signature', [{ name: 'bail-dupont.pdf', type: 'application/pdf', bytes: pdfBytes('Bail Marie Dupont') }]);
    const dialog = page.getByTestId('deposit-dialog');
    await dialog.waitFor();
    await expect.poll(() => dialog.locator('[data-testid="file-check"][data-name="bail-dupont.pdf"]').getAttribute('data-accepted'), { timeout: 15_000 }).toBe('true');
    await dialog.getByTestId('deposit-label').fill('Bail Dupont');
    await dialog.getByTestId('deposit-submit').click();
    await dialog.waitFor({ state: 'detached', timeout: 15_000 });
    // Used once: the notice leaves with the deposit it filed.
    await page.getByTestId('case-origin').waitFor({ state: 'detached' });

    await page.locator('#parapheur-tab-documents').click();
    const row = page.locator('[data-testid="document-row"][data-name="bail-dupont.pdf"]');
    await expect
      .poll(async () => ['signe', 'classe', 'archive'].includes((await row.count()) ? String(await row.getAttribute('data-phase')) : ''), { timeout: 120_000, interval: 500 })
      .toBe(true);
    await expect.poll(() => kindsInCase('Location Marie Dupont (BAIL-2026-12)'), { timeout: 90_000, interval: 1_000 }).toContain('parapheur:signed');
    await expectNoAxeViolations(page, 'Archive · dossier avec document signé');

    // « Connecter un locataire » from the same case: the tenant signs in on DossierFacile's pages.
    await page.getByTestId('archive-case-start-dossierfacile').click();
    await page.getByTestId('page-dossierfacile').waitFor();
    expect(await page.getByTestId('case-origin').innerText()).toContain('Depuis le dossier « Location Marie Dupont » de l’archive');
    await page.getByTestId('dfc-connect-open').click();
    const connect = page.getByTestId('dfc-connect-dialog');
    await connect.getByLabel('Adresse e-mail du locataire (facultatif)').fill('marie.dupont@example.org');
    await connect.getByTestId('dfc-connect-start').click();
    const link = connect.getByTestId('dfc-connect-link');
    await link.waitFor({ timeout: 30_000 });
    await signInAsTenant(link);
    await connect.getByTestId('dfc-connect-done').waitFor({ timeout: 30_000 });
    await connect.getByTestId('dfc-connect-close').click();
    await page.getByTestId('case-origin').waitFor({ state: 'detached' });
    // Her file opens at once; the full PDF arrives once DossierFacile has generated it.
    const file = page.getByTestId('dfc-file');
    await file.getByTestId('dfc-open-dossier').waitFor({ timeout: 60_000 });
    await file.getByTestId('dfc-file-close').click();
    await file.waitFor({ state: 'detached' });

    // The case now holds the signed lease and the tenant's file; the other case holds nothing.
    await expect
      .poll(async () => [...(await kindsInCase('Location Marie Dupont (BAIL-2026-12)'))].some((kind) => kind.startsWith('dossierfacile:')), { timeout: 90_000, interval: 1_000 })
      .toBe(true);
    const kinds = await kindsInCase('Location Marie Dupont (BAIL-2026-12)');
    expect(kinds).toContain('parapheur:signed');
    expect(await items.count()).toBeGreaterThan(1);
    await expectNoAxeViolations(page, 'Archive · dossier avec deux fournisseurs');
    await page.getByTestId('archive-case-select').selectOption({ label: 'Location Paul Bernard (BAIL-2026-13)' });
    await page.getByTestId('archive-no-match').waitFor();
    expect(await items.count()).toBe(0);
    // And in the database: every file kept for this work sits in Marie Dupont's case.
    const check = openDatabase(path.join(actionsDir, 'guichet.sqlite'), allMigrations);
    const byCase = check
      .prepare("SELECT c.title AS title, i.provider AS provider, COUNT(*) AS n FROM archive_items i LEFT JOIN archive_cases c ON c.id = i.case_id WHERE i.purged_at IS NULL GROUP BY 1, 2 ORDER BY 1, 2")
      .all();
    check.close();
    expect(byCase.map((r) => (r as { title: string | null }).title)).toEqual(['Location Marie Dupont', 'Location Marie Dupont']);
    expect(pageErrors).toEqual([]);
  }, 360_000);
});

describe('Archive purge per tenant', () => {
  const tenantDir = tempDataDir('guichet-e2e-archive-tenant-');
  let tenantHost: RunningHost | null = null;
  afterAll(async () => {
    await tenantHost?.stop();
    fs.rmSync(tenantDir, { recursive: true, force: true });
  });

  it('deletes, after confirmation, every copy kept of one DossierFacile tenant from the disk, and nobody else’s', async () => {
    const db = openDatabase(path.join(tenantDir, 'guichet.sqlite'), allMigrations);
    const blobs = createBlobStore(path.join(tenantDir, 'blobs'), db);
    const paths = new Map<string, string>();
    const keep = async (title: string) => {
      const { sha256 } = await blobs.putBuffer(renderTextPdf({ title, lines: [title], producer: 'test' }), { mediaType: 'application/pdf' });
      paths.set(sha256, blobs.pathOf(sha256));
      return sha256;
    };
    const tenant = db.prepare(
      `INSERT INTO dfc_tenants (environment, tenant_id, first_name, last_name, email, status, dossier_pdf_blob, updated_at)
       VALUES ('production', @tenantId, @first, @last, @email, 'VALIDATED', @pdf, '2026-03-01T08:00:00.000Z')`,
    );
    const document = db.prepare(
      `INSERT INTO dfc_documents (local_id, document_id, owner_kind, owner_id, category, status, blob_sha256)
       VALUES (@localId, @documentId, 'tenant', @tenantId, 'TAX', 'VALIDATED', @blob)`,
    );
    const files: Record<string, string> = {};
    for (const [tenantId, first, last] of [[4, 'Élodie', 'Lefèvre'], [5, 'Jeanne', 'Martin']] as const) {
      files[`${last}-dossier`] = await keep(`Dossier ${last}`);
      files[`${last}-piece`] = await keep(`Avis d’imposition ${last}`);
      const localId = Number(tenant.run({ tenantId, first, last, email: `${first.toLowerCase()}@example.org`, pdf: files[`${last}-dossier`] }).lastInsertRowid);
      document.run({ localId, documentId: tenantId * 10, tenantId, blob: files[`${last}-piece`] });
    }
    db.close();
    tenantHost = await startBuiltHost(tenantDir);
    const page = await openApp(browser, tenantHost.url);
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.getByTestId('nav-archive').click();
    const items = page.getByTestId('archive-item');
    await expect.poll(() => items.count(), { timeout: 20_000 }).toBe(4);

    const lefevre = page.locator('[data-testid="archive-item"][data-provider="dossierfacile"][data-kind="document"]').filter({ hasText: 'Lefèvre' });
    await lefevre.getByTestId('archive-purge-owner').click();
    const confirm = page.getByTestId('archive-purge-owner-confirm');
    await confirm.waitFor();
    await expectNoAxeViolations(page, 'Archive · suppression par locataire');
    // Cancelled, nothing is lost.
    await confirm.getByRole('button', { name: 'Annuler' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(await items.count()).toBe(4);
    await lefevre.getByTestId('archive-purge-owner').click();
    await confirm.getByRole('button', { name: 'Supprimer' }).click();
    await confirm.waitFor({ state: 'detached' });
    await expect.poll(() => items.count()).toBe(2);
    expect((await items.allInnerTexts()).filter((text) => text.includes('Lefèvre'))).toEqual([]);
    expect((await items.allInnerTexts()).filter((text) => text.includes('Martin')).length).toBe(2);
    const onDisk = (sha: string) => fs.existsSync(paths.get(sha)!);
    expect([files['Lefèvre-dossier'], files['Lefèvre-piece']].map((sha) => onDisk(sha!))).toEqual([false, false]);
    expect([files['Martin-dossier'], files['Martin-piece']].map((sha) => onDisk(sha!))).toEqual([true, true]);
  }, 120_000);
});

