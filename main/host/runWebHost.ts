import path from 'node:path';
import { startGuichet } from '../composition.js';
import { startWebHost } from './webHost.js';
import { createAesGcmFileCipher } from '../core/vault/aesGcmFileCipher.js';
import { createConfBackend } from '../core/settings/confBackend.js';
import { loadPreseedFile, resolvePreseedPath } from '../core/settings/preseed.js';

export interface WebHostRun {
  dataDir: string;
  rendererDir: string;
  version: string;
  port?: number;
  argv?: string[];
  env?: NodeJS.ProcessEnv;
  sandbox?: { speed?: number; autoAdvance?: boolean };
}

/**
 * The browser host: the same composition as Electron, with the non-Electron fallbacks — `conf` for
 * preferences and an AES-256-GCM file vault whose key file is readable by the clerk's account only.
 */
export async function runWebHost(run: WebHostRun) {
  const preseedPath = resolvePreseedPath(run.argv ?? process.argv.slice(2), run.env ?? process.env);
  const preseed = preseedPath ? loadPreseedFile(preseedPath) : null;
  let origin = '';
  const guichet = await startGuichet({
    host: 'web',
    version: run.version,
    dataDir: run.dataDir,
    settingsBackend: createConfBackend(run.dataDir),
    cipher: createAesGcmFileCipher(path.join(run.dataDir, 'vault.key')),
    preseed,
    isTrustedOrigin: (url) => origin !== '' && (url === `${origin}/` || url.startsWith(`${origin}/`)),
    sandbox: run.sandbox,
  });
  const host = await startWebHost({
    rendererDir: run.rendererDir,
    router: guichet.router,
    bus: guichet.bus,
    droppedFiles: guichet.droppedFiles,
    openBlob: guichet.openBlob,
    port: run.port,
    log: (level, message, meta) => guichet.logger[level](message, meta),
  });
  origin = host.origin;
  guichet.logger.info('web host listening', { origin: host.origin });
  return {
    guichet,
    host,
    async stop() {
      await host.close();
      await guichet.stop();
    },
  };
}
