import path from 'node:path';
import { startGuichet, type Guichet, type GuichetOptions } from '../../main/composition.js';
import { createFileSettingsBackend } from '../../main/core/settings/fileSettingsBackend.js';
import { createAesGcmFileCipher } from '../../main/core/vault/aesGcmFileCipher.js';
import type { SettingsPatch } from '../../shared/domain/settings.js';

export interface TestGuichetOptions {
  /** Which host composes it ('web' unless said): the Electron shell differs in the files the page may hand over. */
  host?: GuichetOptions['host'];
  version?: string;
  timeScale?: number;
  autoAdvance?: boolean;
  preseed?: SettingsPatch;
  electron?: Pick<GuichetOptions, 'saveDialog' | 'startDrag' | 'chooseFolder'>;
  /** A fake wall clock the test moves by hand. */
  now?: () => Date;
  /** The page origins the router trusts (default: the loopback page the tests call from). */
  isTrustedOrigin?: (url: string) => boolean;
  /** False: no simulators and no background work (polling, outbox), for tests about the host's own parts. */
  background?: boolean;
}

/**
 * The whole application as both hosts compose it (real SQLite, blobs, vault, simulators), minus a
 * window: the one setup every integration test and bench starts Guichet with. Free of vitest, so a
 * bench can use it too.
 */
export async function startTestGuichet(dataDir: string, opts: TestGuichetOptions = {}): Promise<Guichet> {
  const background = opts.background ?? true;
  const guichet = await startGuichet({
    host: opts.host ?? 'web',
    version: opts.version ?? 'test',
    backgroundDelayMs: background ? 0 : 3_600_000,
    dataDir,
    settingsBackend: createFileSettingsBackend(dataDir),
    cipher: createAesGcmFileCipher(path.join(dataDir, 'vault.key')),
    preseed: opts.preseed ?? null,
    isTrustedOrigin: opts.isTrustedOrigin ?? ((url) => url.startsWith('http://127.0.0.1/')),
    sandbox: { timeScale: opts.timeScale ?? 600, autoAdvance: opts.autoAdvance ?? false },
    now: opts.now,
    // Folder exports land here, never in the real Downloads of whoever runs the tests.
    downloadsFolder: path.join(dataDir, 'Téléchargements', 'Guichet'),
    // What main/app gives in Electron (native dialogs, native drag); absent as under the web host.
    ...opts.electron,
  });
  if (background && guichet.settings.get().providers.parapheur.environment === 'sandbox') await guichet.ensureSandbox();
  return guichet;
}
