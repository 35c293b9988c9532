import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startGuichet, type Guichet, type GuichetOptions } from '../../../main/composition.js';
import { createConfBackend } from '../../../main/core/settings/confBackend.js';
import { createAesGcmFileCipher } from '../../../main/core/vault/aesGcmFileCipher.js';
import type { ChannelName, RequestOf, ResponseOf } from '../../../shared/ipc/contract.js';
import type { SettingsPatch } from '../../../shared/domain/settings.js';

export const ownPage = { isTopFrame: true, url: 'http://127.0.0.1/' };

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** The whole application as both hosts compose it (real SQLite, blobs, vault, simulators), minus a window. */
export async function startTestGuichet(
  dataDir: string,
  opts: {
    timeScale?: number;
    autoAdvance?: boolean;
    preseed?: SettingsPatch;
    electron?: Pick<GuichetOptions, 'saveDialog' | 'startDrag'>;
    /** A fake wall clock the test moves by hand. */
    now?: () => Date;
  } = {},
) {
  const guichet = await startGuichet({
    host: 'web',
    version: 'test',
    backgroundDelayMs: 0,
    dataDir,
    settingsBackend: createConfBackend(dataDir),
    cipher: createAesGcmFileCipher(path.join(dataDir, 'vault.key')),
    preseed: opts.preseed ?? null,
    isTrustedOrigin: (url) => url.startsWith('http://127.0.0.1/'),
    sandbox: { timeScale: opts.timeScale ?? 600, autoAdvance: opts.autoAdvance ?? false },
    now: opts.now,
    // What main/app gives in Electron (native dialogs, native drag); absent as under the web host.
    ...opts.electron,
  });
  if (guichet.settings.get().providers.parapheur.environment === 'sandbox') await guichet.ensureSandbox();
  return guichet;
}

/** Calls a channel exactly as the renderer does (router: sender check, schema parse), throwing on error. */
export async function call<C extends ChannelName>(guichet: Guichet, channel: C, payload: RequestOf<C>): Promise<ResponseOf<C>> {
  const result = await guichet.router.dispatch(channel, payload, ownPage);
  if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code, details: result.error.details });
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
