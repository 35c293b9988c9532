import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../main/core/db/database.js';
import { createBlobStore } from '../../main/core/blobs/blobStore.js';
import { allMigrations } from '../../main/providers/registry.js';
import { renderTextPdf } from '../../main/sandbox/textPdf.js';
import { expectNoAxeViolations, launchChromium, openApp, startBuiltHost, tempDataDir, type RunningHost } from './webHostHarness.js';

/**
 * Issue 12, « Offline »: every provider points at a port of this computer where nothing listens (the
 * network is cut, the simulators are gone). What Guichet keeps — the Archive, its search, cases and
 * the viewer — works fully; FAST's section still lists what was signed.
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
        id360: { environment: 'custom', customBaseUrl: `https://127.0.0.1:${ports[1]}/` },
        dossierfacile: { environment: 'custom', customBaseUrl: `https://127.0.0.1:${ports[2]}/`, customSsoBaseUrl: `https://127.0.0.1:${ports[2]}/auth` },
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
  it('the Archive lists, searches inside PDFs, opens the viewer and files into a case; FAST still lists what was signed and says when it last synchronised', async () => {
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
    // When FAST was last asked, and what waits to be sent: read from this computer only.
    await expect
      .poll(() => page.getByTestId('parapheur-sync-status').innerText())
      .toMatch(/^Dernière synchronisation avec FAST : 02\/03\/2026 \d{2}:30\. Aucun dépôt en attente d’envoi\.$/);
    await expectNoAxeViolations(page, 'FAST hors connexion');
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
