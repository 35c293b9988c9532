import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../main/core/db/database.js';
import { createBlobStore } from '../../main/core/blobs/blobStore.js';
import { allMigrations } from '../../main/providers/registry.js';
import { renderTextPdf } from '../../main/sandbox/textPdf.js';
import { createCertificateAuthority, issueClientP12 } from '../../main/sandbox/parapheur/pki.js';
import { createAesGcmFileCipher } from '../../main/core/vault/aesGcmFileCipher.js';
import { createSecretVault } from '../../main/core/vault/secretVault.js';
import { expectNoAxeViolations, launchChromium, openApp, projectRoot, startBuiltHost, tempDataDir, type RunningHost } from './webHostHarness.js';

/** What the clerk sees offline, kept for a look at 1366×768. */
const shots = path.join(projectRoot, 'dist', 'e2e-shots', 'offline');

/**
 * Issue 12, « Offline »: every provider points at a port of this computer where nothing listens (the
 * network is cut, the simulators are gone). What Guichet keeps — the Archive, its search, cases and
 * the viewer — works fully; FAST's section still lists what was signed. Each provider section says
 * when it last synchronised and that it cannot be reached (the kit's SyncStatusLine).
 */
let browser: Browser;
let host: RunningHost | null = null;
const dataDir = tempDataDir('guichet-e2e-offline-');

/** A port that was free a moment ago and is closed now: a connection there is refused at once. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function seed(): Promise<void> {
  const db = openDatabase(path.join(dataDir, 'guichet.sqlite'), allMigrations);
  const blobs = createBlobStore(path.join(dataDir, 'blobs'), db);
  const insert = db.prepare(
    `INSERT INTO parapheur_documents (batch_id, environment, siren, circuit_id, circuit_name, label, original_name, provider_name, media_type,
       blob_sha256, size, outbox_state, document_id, phase, signed_blob, created_at, finished_at, updated_at, last_polled_at)
     VALUES (@batch, 'custom', '213500002', 'c1', 'Signature du maire', @label, @name, @name, 'application/pdf',
       @sha, @size, @state, @docId, @phase, @signed, '2026-03-01T08:00:00.000Z', @finished, '2026-03-02T08:00:00.000Z', '2026-03-02T09:30:00.000Z')`,
  );
  const signed = await blobs.putBuffer(renderTextPdf({ title: 'Convention', lines: ['Convention de mise à disposition', 'La salle Zanzibar est prêtée le samedi.'], producer: 'test' }), {
    mediaType: 'application/pdf',
  });
  insert.run({ batch: 'b1', label: 'Conventions', name: 'convention-salle.pdf', sha: signed.sha256, size: signed.size, state: 'filed', docId: '9200', phase: 'signe', signed: signed.sha256, finished: '2026-03-02T08:00:00.000Z' });
  // Still in its circuit when the network went: the tracker polls it as soon as Guichet starts.
  const deposited = await blobs.putBuffer(renderTextPdf({ title: 'Arrêté', lines: ['Arrêté de voirie'], producer: 'test' }), { mediaType: 'application/pdf' });
  const inProgress = insert.run({ batch: 'b2', label: 'Voirie', name: 'arrete-voirie.pdf', sha: deposited.sha256, size: deposited.size, state: 'filed', docId: '9201', phase: 'en_cours', signed: null, finished: null });
  db.prepare("UPDATE parapheur_documents SET next_poll_at = '2026-03-02T10:00:00.000Z' WHERE local_id = ?").run(inProgress.lastInsertRowid);
  // FAST's client certificate, as the clerk imported it in Réglages: the tracker can try to reach FAST.
  const ca = createCertificateAuthority('Autorité de test');
  const { p12, password } = issueClientP12(ca, 'agent@mairie.example');
  const cipher = createAesGcmFileCipher(path.join(dataDir, 'vault.key'));
  const vault = createSecretVault(path.join(dataDir, `secrets.${cipher.kind}.json`), cipher);
  await vault.set('parapheur.certificate', p12.toString('base64'));
  await vault.set('parapheur.certificatePassword', password);

  // DossierFacile: a tenant whose full-file copy the clerk purged from the Archive, and the last sync that went through.
  const tenant = db
    .prepare(
      `INSERT INTO dfc_tenants (environment, tenant_id, first_name, last_name, email, sort_name, search_text, status, dossier_pdf_url, updated_at, last_synced_at)
       VALUES ('custom', 501, 'Léa', 'Martin', 'lea.martin@example.org', 'martin lea', 'martin lea lea.martin@example.org', 'VALIDATED',
         'https://dossierfacile.example/api/application/fullPdf/t501', '2026-03-02T10:15:00.000Z', '2026-03-02T10:15:00.000Z')`,
    )
    .run();
  db.prepare("INSERT INTO dfc_purged_files (local_id, file_key, version, purged_at) VALUES (?, 'dossier', 'https://dossierfacile.example/api/application/fullPdf/t501', '2026-03-03T14:05:00.000Z')").run(
    tenant.lastInsertRowid,
  );
  db.prepare("INSERT INTO dfc_sync_state (environment, last_run_at, last_success_at) VALUES ('custom', '2026-03-02T10:15:00.000Z', '2026-03-02T10:15:00.000Z')").run();

  // ID360: a check still followed (due now), and when ID360 last answered the tracker.
  db.prepare(
    `INSERT INTO id360_enrollments (environment, enrollment_id, api_key, process_uuid, client_reference, status, provider_status, created_at, provider_until, next_poll_at, updated_at)
     VALUES ('custom', '77001', '${'1'.padStart(32, '0')}', '6f8a1c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b', 'DOSSIER-HORS-LIGNE', 'STARTED', 'STARTED',
       '2026-03-02T09:00:00.000Z', '2099-01-01T00:00:00.000Z', '2026-03-02T11:00:00.000Z', '2026-03-02T11:00:00.000Z')`,
  ).run();
  db.prepare("INSERT INTO id360_sync_state (environment, last_success_at, last_attempt_at) VALUES ('custom', '2026-03-02T11:00:00.000Z', '2026-03-02T11:00:00.000Z')").run();
  db.close();
}

beforeAll(async () => {
  await seed();
  const ports = [await closedPort(), await closedPort(), await closedPort()];
  const config = path.join(dataDir, '..', `${path.basename(dataDir)}-config.json`);
  fs.writeFileSync(
    config,
    JSON.stringify({
      providers: {
        parapheur: { environment: 'custom', customBaseUrl: `https://127.0.0.1:${ports[0]}/`, siren: '213500002' },
        id360: { environment: 'custom', customBaseUrl: `https://127.0.0.1:${ports[1]}/`, username: 'guichet-mairie' },
        dossierfacile: { environment: 'custom', customBaseUrl: `https://127.0.0.1:${ports[2]}/`, customSsoBaseUrl: `https://127.0.0.1:${ports[2]}/auth`, clientId: 'guichet-mairie' },
      },
    }),
  );
  browser = await launchChromium();
  host = await startBuiltHost(dataDir, { GUICHET_CONFIG: config });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await host?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('offline: every provider unreachable', () => {
  it('the Archive lists, searches inside PDFs, opens the viewer and files into a case; FAST still lists what was signed, says when it last synchronised and, a document being in its circuit, that it cannot be reached', async () => {
    const page = await openApp(browser, host!.url);
    await page.setViewportSize({ width: 1366, height: 768 });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));

    await page.getByTestId('nav-archive').click();
    const items = page.getByTestId('archive-item');
    await expect.poll(() => items.count(), { timeout: 20_000 }).toBe(1);
    // A word only the PDF's text holds: indexed locally, found without any provider.
    await page.getByTestId('archive-search').fill('zanzibar');
    // The list shows every file until the text is indexed and the search answers: wait for the marked word.
    await expect.poll(() => page.getByTestId('archive-snippet').locator('mark').allInnerTexts(), { timeout: 30_000 }).toEqual(['Zanzibar']);
    expect(await items.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-title')))).toEqual(['convention-salle.pdf']);

    await items.first().getByTestId('archive-open').click();
    await page.getByTestId('pdf-page').first().waitFor({ timeout: 20_000 });
    await page.getByTestId('pdf-close').click();

    await page.getByTestId('archive-verify').click();
    expect(await page.getByTestId('archive-verify-report').innerText()).toMatch(/intact/);

    await page.getByTestId('archive-case-new').click();
    const dialog = page.getByTestId('archive-case-dialog');
    await dialog.getByTestId('archive-case-title').fill('Prêt de salle');
    await dialog.getByTestId('archive-case-create').click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('archive-case-select').selectOption('');
    await page.getByTestId('archive-search').fill('zanzibar');
    await expect.poll(() => items.count()).toBe(1);
    await items.first().getByTestId('archive-select').check();
    await page.getByTestId('archive-case-target').selectOption({ label: 'Prêt de salle' });
    await page.getByTestId('archive-case-attach').click();
    await expect.poll(() => page.getByTestId('archive-case-found').allInnerTexts()).toEqual(['Prêt de salle · 1']);
    await expectNoAxeViolations(page, 'Archive hors connexion');

    // FAST's section: the signed document is still there.
    await page.getByTestId('nav-parapheur').click();
    await page.locator('#parapheur-tab-documents').click();
    const row = (name: string) => page.locator(`[data-testid="document-row"][data-name="${name}"]`);
    await row('convention-salle.pdf').waitFor({ timeout: 20_000 });
    expect(await row('convention-salle.pdf').getAttribute('data-phase')).toBe('signe');
    // When FAST last answered, that it cannot be reached now (the document still in its circuit was
    // polled and the network is cut), and what waits to be sent: read from this computer only.
    await expect
      .poll(() => page.getByTestId('parapheur-sync-status').innerText(), { timeout: 30_000 })
      .toMatch(/^Dernière synchronisation avec FAST : 02\/03\/2026 \d{2}:30\. FAST injoignable pour le moment\. Aucun dépôt en attente d’envoi\.$/);
    expect(await row('arrete-voirie.pdf').getAttribute('data-phase')).toBe('en_cours');
    await expectNoAxeViolations(page, 'FAST hors connexion');
    fs.mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: path.join(shots, '1-fast-unreachable.png') });
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('DossierFacile and ID360 say when they last synchronised and that they cannot be reached; a purged copy says when it was deleted; in English too', async () => {
    const page = await openApp(browser, host!.url);
    await page.setViewportSize({ width: 1366, height: 768 });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));

    // DossierFacile: the clerk asks for a sync; the sign-in server does not answer.
    await page.getByTestId('nav-dossierfacile').click();
    const dfcLine = page.getByTestId('dfc-sync-last');
    await expect.poll(() => dfcLine.innerText()).toMatch(/^Dernière synchronisation avec DossierFacile : 02\/03\/2026 \d{2}:15\.$/);
    await page.getByTestId('dfc-sync').click();
    await expect
      .poll(() => dfcLine.innerText(), { timeout: 30_000 })
      .toMatch(/^Dernière synchronisation avec DossierFacile : 02\/03\/2026 \d{2}:15\. DossierFacile injoignable pour le moment\.$/);
    // Léa's row says her local copies were purged: in words, the date for screen readers.
    const purgedMark = page.getByTestId('dfc-row-501').getByTestId('dfc-row-purged');
    expect(await purgedMark.textContent()).toBe('Copies supprimées le 3 mars 2026');
    expect(await purgedMark.isVisible()).toBe(true);
    await expectNoAxeViolations(page, 'DossierFacile hors connexion');
    fs.mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: path.join(shots, '2-dossierfacile-list.png') });
    // No Sandbox banner here: the navigation still runs to the bottom of the window on a short page.
    const nav = await page.locator('.side-nav').boundingBox();
    expect(Math.round(nav!.y + nav!.height)).toBe(768);

    // The tenant's file: the purged copy is not fetched again, and the clerk may ask for it.
    await page.getByTestId('dfc-open-501').click();
    const notice = page.getByTestId('dfc-purged-notice');
    await notice.waitFor();
    expect(await notice.innerText()).toMatch(/^Copies locales supprimées le 03\/03\/2026 \d{2}:05 : elles ne sont plus téléchargées automatiquement\.\s*Télécharger à nouveau$/);
    expect(await page.getByTestId('dfc-fetch').count()).toBe(0);
    await expectNoAxeViolations(page, 'Copies locales supprimées');
    await page.screenshot({ path: path.join(shots, '3-purged-notice.png') });
    await page.getByTestId('dfc-file-close').click();

    // ID360: the tracker tried to read the check it follows and could not reach ID360 (an account is set).
    await page.getByTestId('nav-reglages').click();
    await page.getByTestId('settings-tab-id360').click();
    await page.getByTestId('secret-input-id360-password').fill('mot-de-passe-hors-ligne');
    await page.getByTestId('secret-save-id360-password').click();
    await expect.poll(() => page.getByTestId('secret-status-id360-password').getAttribute('data-configured'), { timeout: 10_000 }).toBe('true');
    await page.getByTestId('nav-id360').click();
    const idLine = page.getByTestId('id360-sync-status');
    await expect
      .poll(() => idLine.innerText(), { timeout: 30_000 })
      .toMatch(/^Dernière synchronisation avec ID360 : 02\/03\/2026 \d{2}:00\. ID360 injoignable pour le moment\. Vérifications en cours de suivi : 1\.$/);
    await page.getByTestId('id360-row-1').waitFor();
    await expectNoAxeViolations(page, 'ID360 hors connexion');

    // The Archive still answers.
    await page.getByTestId('nav-archive').click();
    await expect.poll(() => page.getByTestId('archive-item').count(), { timeout: 20_000 }).toBe(1);

    // The same lines in English, once.
    await page.getByTestId('nav-reglages').click();
    await page.getByTestId('settings-locale').selectOption('en');
    await page.getByTestId('settings-save').click();
    await page.getByText('Settings saved').first().waitFor();
    await page.getByTestId('nav-id360').click();
    await expect
      .poll(() => page.getByTestId('id360-sync-status').innerText())
      .toMatch(/^Last synchronised with ID360: 02\/03\/2026, \d{2}:00\. ID360 cannot be reached for now\. Checks being followed: 1\.$/);
    await page.getByTestId('nav-dossierfacile').click();
    await expect.poll(() => page.getByTestId('dfc-sync-last').innerText()).toMatch(/^Last synchronised with DossierFacile: 02\/03\/2026, \d{2}:15\. DossierFacile cannot be reached for now\.$/);
    expect(await page.getByTestId('dfc-row-501').getByTestId('dfc-row-purged').textContent()).toBe('Copies deleted on 3 March 2026');
    await page.getByTestId('dfc-open-501').click();
    expect(await page.getByTestId('dfc-purged-notice').innerText()).toMatch(/^Local copies deleted on 03\/03\/2026, \d{2}:05: they are no longer downloaded automatically\.\s*Download again$/);
    await page.getByTestId('dfc-file-close').click();
    await page.getByTestId('nav-reglages').click();
    await page.getByTestId('settings-locale').selectOption('fr');
    await page.getByTestId('settings-save').click();
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
