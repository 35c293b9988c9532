import { clerkText } from '../../support/clerkText.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import type { Guichet } from '../../../main/composition.js';
import type { ChannelName, RequestOf, ResponseOf } from '../../../shared/ipc/contract.js';
import { startTestGuichet, type TestGuichetOptions } from '../testGuichet.js';

export { startTestGuichet, type TestGuichetOptions } from '../testGuichet.js';

export const ownPage = { isTopFrame: true, url: 'http://127.0.0.1/' };

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * Sandboxed Guichets for the tests of one file: each in a fresh data folder (or the one given, to
 * start again on the same data), all stopped and removed after each test.
 */
export function useTestGuichets(prefix: string) {
  let running: { guichet: Guichet; dir: string }[] = [];
  afterEach(async () => {
    for (const r of running) {
      await r.guichet.stop();
      fs.rmSync(r.dir, { recursive: true, force: true });
    }
    running = [];
  });
  return {
    async start(opts: TestGuichetOptions & { dir?: string } = {}) {
      const dir = opts.dir ?? tempDir(prefix);
      const guichet = await startTestGuichet(dir, opts);
      running.push({ guichet, dir });
      return { guichet, dir, sim: guichet.sandbox!.parapheur };
    },
    /** Stops one before the end of its test (a restart), so that afterEach does not stop it twice. */
    async stop(guichet: Guichet) {
      await guichet.stop();
      running = running.filter((r) => r.guichet !== guichet);
    },
  };
}

/** Calls a channel exactly as the renderer does (router: sender check, schema parse), throwing on error. */
export async function call<C extends ChannelName>(guichet: Guichet, channel: C, payload: RequestOf<C>): Promise<ResponseOf<C>> {
  const result = await guichet.router.dispatch(channel, payload, ownPage);
  if (!result.ok) {
    // The message is the French the clerk reads, rendered by the renderer's catalogues.
    throw Object.assign(new Error(clerkText(result.error)), { ...result.error });
  }
  return result.value as ResponseOf<C>;
}

/** A small valid PDF with some unique content. */
export function makePdf(dir: string, name: string, extraBytes = 0): string {
  const file = path.join(dir, name);
  const objects = `%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${name} ${Math.random()}\n${'x'.repeat(extraBytes)}\n`;
  const xref = Buffer.byteLength(objects, 'latin1');
  fs.writeFileSync(file, `${objects}xref\n0 2\n0000000000 65535 f \n0000000009 00000 n \ntrailer << /Size 2 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`, 'latin1');
  return file;
}

/** Stages a file as the browser does (streamed into the staging folder) and returns its id. */
export async function stage(guichet: Guichet, file: string, name = path.basename(file)): Promise<string> {
  const ref = await guichet.droppedFiles.stage(name, fs.createReadStream(file), fs.statSync(file).size);
  return ref.id;
}

/**
 * Waits until the tracker has looked at a document's history `looks` more times. With two, at least
 * one whole tracking pass (its late check included) ran after the call: what it would have done, it did.
 */
export async function waitForTrackerLooks(guichet: Guichet, localId: number, looks = 2): Promise<void> {
  const rowOf = async () => (await call(guichet, 'parapheur.documents.list', { sort: 'recent', limit: 500, offset: 0 })).items.find((r) => r.localId === localId);
  let last = (await rowOf())?.lastPolledAt;
  let seen = 0;
  await waitFor(`${looks} more looks at document ${localId}`, async () => {
    const polledAt = (await rowOf())?.lastPolledAt;
    if (polledAt !== last) {
      last = polledAt;
      seen++;
    }
    return seen >= looks;
  });
}

export async function waitFor<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 30_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await probe();
    if (last) return last as NonNullable<T>;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
}
