import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openApp, startBuiltHost, tempDataDir, type RunningHost } from './webHostHarness.js';

/** A page whose Guichet stops says so at once, keeps what it shows, and finds Guichet again by itself. */

let browser: Browser;
let host: RunningHost | null = null;
const dataDir = tempDataDir('guichet-e2e-hostlink-');

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await host?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('when Guichet stops behind an open page', () => {
  it('shows a banner in the clerk’s words at once, keeps the screen, and reconnects by itself when Guichet starts again on the same data', async () => {
    host = await startBuiltHost(dataDir);
    const page = await openApp(browser, host.url);
    await page.getByTestId('nav-parapheur').click();
    const tile = page.getByTestId('circuit-tile-courrier-visa-signature');
    await tile.waitFor({ timeout: 20_000 });
    const firstOrigin = host.origin;
    expect(await page.getByTestId('host-link-banner').count()).toBe(0);

    await host.stop();
    host = null;
    const banner = page.getByTestId('host-link-banner');
    await banner.waitFor({ timeout: 3_000 });
    const text = await banner.innerText();
    expect(text).toMatch(/Guichet ne répond plus/);
    expect(text).not.toMatch(/npm|lien a peut-être expiré|WebSocket|host/i);
    expect(await page.getByTestId('network-indicator').getAttribute('data-online')).toBe('false');
    // What was on screen stays.
    expect(await tile.isVisible()).toBe(true);

    // Started again on the same data folder: the same address, and the page's session still holds.
    host = await startBuiltHost(dataDir);
    expect(host.origin).toBe(firstOrigin);
    await banner.waitFor({ state: 'detached', timeout: 20_000 });
    expect(await page.getByTestId('network-indicator').getAttribute('data-online')).toBe('true');
    // The page works again without a new link.
    await page.getByTestId('nav-journal').click();
    await page.getByTestId('journal-list').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('host-link-banner').count()).toBe(0);

    // What changed while the page had no Guichet arrives once it finds Guichet again, without the
    // clerk leaving the screen: here an entry written to the journal while Guichet was stopped.
    const entries = page.getByTestId('journal-entry');
    await entries.first().waitFor();
    await host.stop();
    host = null;
    await banner.waitFor({ timeout: 3_000 });
    const db = new Database(path.join(dataDir, 'guichet.sqlite'));
    db.prepare(
      `INSERT INTO journal (at, actor, action, provider, object_type, object_id, details, summary_key, summary_params)
       VALUES (?, 'système', 'test.offline', NULL, NULL, NULL, NULL, 'app:activity.summaries.untranslated', ?)`,
    ).run(new Date().toISOString(), JSON.stringify({ text: 'Écrit pendant que Guichet était arrêté' }));
    db.close();
    host = await startBuiltHost(dataDir);
    await banner.waitFor({ state: 'detached', timeout: 20_000 });
    await page.getByText('Écrit pendant que Guichet était arrêté').waitFor({ timeout: 10_000 });
    await page.context().close();
  }, 120_000);
});
