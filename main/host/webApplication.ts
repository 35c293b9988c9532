import path from 'node:path';
import { startGuichet } from '../composition.js';
import { createAesGcmFileCipher } from '../core/vault/aesGcmFileCipher.js';
import { createFileSettingsBackend } from '../core/settings/fileSettingsBackend.js';
import type { SettingsPatch } from '../../shared/domain/settings.js';

/** The application as the web host composes it (imported lazily by runWebHost). */
export function composeWebApplication(run: {
  dataDir: string;
  version: string;
  origin: string;
  preseed: SettingsPatch | null;
  sandbox?: { timeScale?: number; autoAdvance?: boolean };
}) {
  return startGuichet({
    host: 'web',
    version: run.version,
    dataDir: run.dataDir,
    settingsBackend: createFileSettingsBackend(run.dataDir),
    cipher: createAesGcmFileCipher(path.join(run.dataDir, 'vault.key')),
    preseed: run.preseed,
    isTrustedOrigin: (url) => url === `${run.origin}/` || url.startsWith(`${run.origin}/`),
    sandbox: run.sandbox,
  });
}
