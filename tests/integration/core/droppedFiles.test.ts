import { clerkMessage, thrownBy } from '../../support/clerkText.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Guichet } from '../../../main/composition.js';
import { startTestGuichet } from '../testGuichet.js';
import { channelNames, preloadOnlyChannelNames } from '../../../shared/ipc/contract.js';
import { Readable } from 'node:stream';
import { stagedFileLifetimeMs } from '../../../main/core/files/droppedFiles.js';
import { pdfBytes } from '../../e2e/webHostHarness.js';
import { ecSanOnlyP12Base64 } from '../../unit/http/pkcs12Fixtures.js';
import { useTempDirs } from './tempDirs.js';

const appPage = { isTopFrame: true, url: 'app://guichet/index.html' };
const newTempDir = useTempDirs('dropped');
const running: Guichet[] = [];

afterEach(async () => {
  for (const g of running.splice(0)) await g.stop();
});

/** The application as the Electron shell composes it (real SQLite, real disk), without a window. */
async function startApp(host: 'electron' | 'web', dataDir = newTempDir()): Promise<Guichet> {
  // No simulators, no polling: this file is about the files the page may hand over.
  const guichet = await startTestGuichet(dataDir, { host, isTrustedOrigin: (url) => url.startsWith('app://guichet/'), background: false });
  running.push(guichet);
  return guichet;
}

function fileRefCount(guichet: Guichet): number {
  return (guichet.db.prepare('SELECT COUNT(*) AS n FROM file_refs').get() as { n: number }).n;
}

describe('file paths: only the preload may register one', () => {
  it('refuses a path sent by the page through invoke, whatever the path', async () => {
    const guichet = await startApp('electron');
    const secret = path.join(newTempDir(), 'id_rsa');
    fs.writeFileSync(secret, 'PRIVATE KEY');
    for (const requested of ['/etc/passwd', secret, path.join(os.homedir(), '.ssh', 'id_rsa')]) {
      for (const channel of ['files.registerPath', 'files.registerDroppedPath']) {
        const result = await guichet.router.dispatch(channel, { path: requested }, appPage);
        expect(result).toMatchObject({ ok: false, error: { code: 'IPC_UNKNOWN_CHANNEL' } });
      }
    }
    expect(fileRefCount(guichet)).toBe(0);
  });

  it('keeps the preload-only channels out of the page contract', () => {
    expect(preloadOnlyChannelNames.length).toBeGreaterThan(0);
    for (const name of preloadOnlyChannelNames) expect(channelNames).not.toContain(name);
    expect(channelNames).not.toContain('files.registerPath');
  });

  it('registers the path the Electron preload resolved, from the app’s own frame only', async () => {
    const guichet = await startApp('electron');
    const pdf = path.join(newTempDir(), 'délibération.pdf');
    fs.writeFileSync(pdf, pdfBytes('Délibération'));
    const fromSubFrame = await guichet.router.dispatchPreloadOnly('files.registerDroppedPath', { path: pdf }, { ...appPage, isTopFrame: false });
    expect(fromSubFrame).toMatchObject({ ok: false, error: { code: 'IPC_FORBIDDEN_SENDER' } });
    const registered = await guichet.router.dispatchPreloadOnly('files.registerDroppedPath', { path: pdf }, appPage);
    expect(registered).toMatchObject({ ok: true, value: { name: 'délibération.pdf', mediaType: 'application/pdf' } });
    // The app's own data stays out of reach even for the preload.
    const own = await guichet.router.dispatchPreloadOnly('files.registerDroppedPath', { path: path.join(guichet.dataDir, 'guichet.sqlite') }, appPage);
    expect(own).toMatchObject({ ok: false, error: { code: 'FILE_REJECTED' } });
  });

  it('has no path registration at all under the web host (files are streamed to staging)', async () => {
    const guichet = await startApp('web');
    const result = await guichet.router.dispatchPreloadOnly('files.registerDroppedPath', { path: '/etc/passwd' }, appPage);
    expect(result).toMatchObject({ ok: false, error: { code: 'IPC_UNKNOWN_CHANNEL' } });
    expect(fileRefCount(guichet)).toBe(0);
  });
});

describe('staging: cleaned after use and at start', () => {
  function stagingFiles(guichet: Guichet): string[] {
    return fs.readdirSync(path.join(guichet.dataDir, 'staging')).sort();
  }

  it('drops the staged .p12 of a refused certificate import', async () => {
    const guichet = await startApp('web');
    const ref = await guichet.droppedFiles.stage('certificat.p12', Readable.from(Buffer.from(ecSanOnlyP12Base64, 'base64')));
    expect(stagingFiles(guichet)).toEqual([ref.id]);
    const result = await guichet.router.dispatch('parapheur.certificate.import', { fileId: ref.id, password: 'pas-le-bon' }, appPage);
    expect(result.ok).toBe(false);
    expect(stagingFiles(guichet)).toEqual([]);
    expect(fileRefCount(guichet)).toBe(0);
  });

  it('at start, removes stale and orphaned staged copies, keeps recent ones and never touches the clerk’s files', async () => {
    const dataDir = newTempDir();
    const clerkFile = path.join(newTempDir(), 'arrêté.pdf');
    fs.writeFileSync(clerkFile, '%PDF-1.4\n%%EOF\n');
    const first = await startApp('electron', dataDir);
    const stale = await first.droppedFiles.stage('ancien.pdf', Readable.from(Buffer.from('%PDF-1.4 ancien')));
    const recent = await first.droppedFiles.stage('récent.pdf', Readable.from(Buffer.from('%PDF-1.4 récent')));
    const picked = await first.router.dispatchPreloadOnly('files.registerDroppedPath', { path: clerkFile }, appPage);
    expect(picked.ok).toBe(true);
    const dayAndMore = new Date(Date.now() - stagedFileLifetimeMs - 60_000).toISOString();
    first.db.prepare('UPDATE file_refs SET created_at = ? WHERE id <> ?').run(dayAndMore, recent.id);
    // An upload cut by a crash: bytes on the disk, no ref.
    fs.writeFileSync(path.join(dataDir, 'staging', 'interrompu'), 'moitié');
    await first.stop();
    running.splice(running.indexOf(first), 1);

    const second = await startApp('electron', dataDir);
    await second.droppedFiles.initialSweep;
    expect(stagingFiles(second)).toEqual([recent.id]);
    expect(second.droppedFiles.get(recent.id).name).toBe('récent.pdf');
    expect(clerkMessage(thrownBy(() => second.droppedFiles.get(stale.id)))).toMatch(/n’est plus disponible/);
    expect(fileRefCount(second)).toBe(1);
    expect(fs.readFileSync(clerkFile, 'utf8')).toBe('%PDF-1.4\n%%EOF\n');
  });
});

describe('dropped file names', () => {
  it('removes bidi overrides and zero-width characters from staged and picked names', async () => {
    const guichet = await startApp('electron');
    const staged = await guichet.droppedFiles.stage('facture\u202Efdp.exe', Readable.from(Buffer.from('MZ')));
    expect(staged.name).toBe('facturefdp.exe');
    expect(staged.mediaType).toBe('application/x-msdownload');
    const file = path.join(newTempDir(), 'arr\u200Bêté\u2067.pdf');
    fs.writeFileSync(file, '%PDF-1.4\n%%EOF\n');
    const picked = await guichet.router.dispatchPreloadOnly('files.registerDroppedPath', { path: file }, appPage);
    expect(picked).toMatchObject({ ok: true, value: { name: 'arrêté.pdf' } });
  });
});
