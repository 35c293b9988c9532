import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { runWebHost } from './runWebHost.js';
import { defaultDataDir, restrictNewFiles } from '../core/dataDir.js';
import { describeStartupFailure } from './startupFailure.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const projectRoot = path.resolve(here, '..', '..');
const require = createRequire(import.meta.url);

/** The `electron` package's main export is the binary path; it throws when the download was skipped. */
function electronBinary(): string | null {
  if (process.env.GUICHET_FORCE_WEB === '1') return null;
  try {
    const binary = require('electron') as unknown;
    return typeof binary === 'string' && fs.existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

/** node:child_process is loaded only here and for Electron: about ten milliseconds before the link, otherwise. */
async function tryOpenBrowser(url: string) {
  const { spawn, spawnSync } = await import('node:child_process');
  const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  if (process.platform !== 'win32' && spawnSync('which', [opener]).status !== 0) return;
  const child = spawn(opener, [url], { stdio: 'ignore', detached: true });
  child.on('error', () => undefined);
  child.unref();
}

async function main() {
  const version = (JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;
  const binary = electronBinary();
  if (binary) {
    const { spawn } = await import('node:child_process');
    const child = spawn(binary, [path.join(projectRoot, 'dist', 'main', 'app.cjs'), ...process.argv.slice(2)], {
      stdio: 'inherit',
      env: { ...process.env, ELECTRON_RUN_AS_NODE: undefined },
    });
    child.on('exit', (code) => process.exit(code ?? 0));
    return;
  }
  console.log(
    [
      '',
      'Electron n’est pas installé sur cette machine (binaire absent, par exemple après ELECTRON_SKIP_BINARY_DOWNLOAD=1).',
      'Guichet démarre donc dans votre navigateur : même application, mêmes données.',
      '(Electron binary not found: starting the web host instead.)',
      '',
    ].join('\n'),
  );
  restrictNewFiles();
  const dataDir = defaultDataDir();
  const run = await runWebHost({
    dataDir,
    rendererDir: path.join(projectRoot, 'dist', 'renderer'),
    version,
    port: process.env.GUICHET_PORT ? Number(process.env.GUICHET_PORT) : 0,
    // The link is given as soon as the page can load: the browser starts while Guichet finishes starting.
    onListening: (url, moved) => {
      console.log(`Guichet est prêt : ${url}`);
      if (moved) console.log('L’adresse habituelle de Guichet était occupée : les pages Guichet déjà ouvertes ne le retrouveront pas, ouvrez ce nouveau lien.');
      console.log(`Données : ${dataDir}`);
      console.log('Ouvrez ce lien dans Chromium, Chrome, Edge ou Firefox. Ctrl+C pour arrêter.');
      if (process.env.CI !== 'true' && process.env.GUICHET_NO_BROWSER !== '1') void tryOpenBrowser(url).catch(() => undefined);
    },
  });
  const shutdown = () => {
    void run.stop().finally(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  for (const line of describeStartupFailure(error)) console.error(line);
  process.exit(1);
});
