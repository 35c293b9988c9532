import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Guichet } from '../../../main/composition.js';
import { startWebHost, type RunningWebHost } from '../../../main/host/webHost.js';
import { startTestGuichet } from '../testGuichet.js';
import { contentDisposition } from '../../../main/core/security/blobResponse.js';
import { useTempDirs } from '../core/tempDirs.js';
import { exchangeLink, pdfBytes } from '../../e2e/webHostHarness.js';

const newTempDir = useTempDirs('blobs-served');
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The application behind the real web host, on an ephemeral loopback port. */
async function startHostedApp(): Promise<{ guichet: Guichet; host: RunningWebHost }> {
  const dataDir = newTempDir();
  const rendererDir = path.join(dataDir, 'renderer');
  fs.mkdirSync(rendererDir);
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Guichet</title>');
  const guichet = await startTestGuichet(dataDir, { isTrustedOrigin: () => true, background: false });
  cleanups.push(() => guichet.stop());
  const host = await startWebHost({ rendererDir, app: guichet, port: 0 });
  cleanups.push(() => host.close());
  return { guichet, host };
}

/** Fetches a stored file as the page does: with the session cookie the link's one-time code was traded for. */
async function fetchBlob(host: RunningWebHost, sha256: string, name?: string): Promise<Response> {
  const url = new URL(`/blob/${sha256}`, host.origin);
  if (name !== undefined) url.searchParams.set('name', name);
  return fetch(url, { headers: { Cookie: await exchangeLink(host.newLink()) } });
}

describe('stored files served to the page', () => {
  it('serves the type Guichet read in the bytes, not the one the provider announced', async () => {
    const { guichet, host } = await startHostedApp();
    // FAST (or whoever answers on a custom URL) says text/html: the bytes decide.
    const page = await guichet.blobs.putBuffer(Buffer.from('<html><script>parent.guichet.invoke("secrets.status", {})</script></html>'), {
      mediaType: 'text/html',
    });
    const pdf = await guichet.blobs.putBuffer(pdfBytes('Arrêté signé'), { mediaType: 'text/html' });

    const html = await fetchBlob(host, page.sha256);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toBe('application/octet-stream');
    expect(html.headers.get('content-disposition')).toMatch(/^attachment; filename="document-[0-9a-f]{12}"/);
    expect(html.headers.get('x-content-type-options')).toBe('nosniff');

    const signed = await fetchBlob(host, pdf.sha256, 'Arrêté n°12.pdf');
    expect(signed.headers.get('content-type')).toBe('application/pdf');
    expect(signed.headers.get('content-disposition')).toBe(`inline; filename="Arrete n_12.pdf"; filename*=UTF-8''Arr%C3%AAt%C3%A9%20n%C2%B012.pdf`);
    expect(signed.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await signed.arrayBuffer()).toString('latin1')).toContain('%PDF-');
  });

  it('cleans the suggested name: no bidi trick, no header injection', async () => {
    const { guichet, host } = await startHostedApp();
    const zip = await guichet.blobs.putBuffer(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]), { mediaType: 'application/pdf' });
    const res = await fetchBlob(host, zip.sha256, 'facture\u202Efdp.exe"\r\nSet-Cookie: x=1');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('set-cookie')).toBeNull();
    const disposition = res.headers.get('content-disposition')!;
    expect(disposition.startsWith('attachment; ')).toBe(true);
    expect(disposition).toContain(`filename*=UTF-8''facturefdp.exe_`);
    expect(disposition).not.toMatch(/%E2%80%AE|\u202E|[\r\n]/i);
  });
});

describe('contentDisposition', () => {
  it('gives an ASCII filename and the exact cleaned name in filename*', () => {
    expect(contentDisposition('inline', 'Arrêté n°12 (copie).pdf')).toBe(
      `inline; filename="Arrete n_12 (copie).pdf"; filename*=UTF-8''Arr%C3%AAt%C3%A9%20n%C2%B012%20%28copie%29.pdf`,
    );
    expect(contentDisposition('attachment', '../../etc/passwd')).toBe(`attachment; filename=".._.._etc_passwd"; filename*=UTF-8''.._.._etc_passwd`);
    expect(contentDisposition('attachment', 'COM¹.pdf')).toContain(`filename*=UTF-8''_COM%C2%B9.pdf`);
  });
});
