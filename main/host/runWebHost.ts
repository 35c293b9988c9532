import { startWebHost, type WebHostApp } from './webHost.js';
import { resolvePreseedPath } from '../core/settings/preseedPath.js';
import { ensurePrivateDataDir } from '../core/dataDir.js';
import type { Guichet } from '../composition.js';
import { loadHostMemory } from './hostMemory.js';

/** Lets the requests that arrived meanwhile (the page's document and scripts) be answered before the next step. */
const yieldToRequests = () => new Promise((resolve) => setImmediate(resolve));

/** How long the host waits for the printed link's page before composing anyway (a browser takes longer to launch). */
const firstPageGraceMs = 400;

export interface WebHostRun {
  dataDir: string;
  rendererDir: string;
  version: string;
  port?: number;
  argv?: string[];
  env?: NodeJS.ProcessEnv;
  sandbox?: { timeScale?: number; autoAdvance?: boolean };
  /**
   * Called as soon as the page can be loaded, while the application is still starting. `moved`: the
   * port of the last run on this data folder was taken, so pages opened before cannot find this run.
   */
  onListening?: (url: string, moved: boolean) => void;
}

/**
 * The browser host: the same composition as Electron, with the non-Electron fallbacks — a plain JSON file for
 * preferences and an AES-256-GCM file vault whose key file is readable by the clerk's account only.
 *
 * The HTTP server listens first and serves the page at once; the application (database, vault,
 * simulators, providers: most of the start-up time) is loaded and composed meanwhile, and the
 * bridge answers once it is there. A managed configuration is still checked before anything
 * listens, so a bad file stops Guichet with its message and no link.
 */
export async function runWebHost(run: WebHostRun) {
  const preseedPath = resolvePreseedPath(run.argv ?? process.argv.slice(2), run.env ?? process.env);
  // The validator (zod and the settings schemas) is loaded only when there is a file to check.
  const preseed = preseedPath ? (await import('../core/settings/preseed.js')).loadPreseedFile(preseedPath) : null;

  // Before the settings backend, the database or the vault can create the folder with broader rights.
  const dataDirNarrowed = ensurePrivateDataDir(run.dataDir);
  const memory = loadHostMemory(run.dataDir);

  let resolveApp!: (app: WebHostApp) => void;
  let rejectApp!: (error: unknown) => void;
  const app = new Promise<WebHostApp>((resolve, reject) => {
    resolveApp = resolve;
    rejectApp = reject;
  });
  let guichet: Guichet | null = null;
  const host = await startWebHost({
    rendererDir: run.rendererDir,
    app,
    port: run.port,
    preferredPort: memory.lastPort,
    sessionKey: memory.sessionKey,
    log: (level, message, meta) => guichet?.logger[level](message, meta),
  });
  memory.rememberPort(host.port);
  run.onListening?.(host.url, !host.onPreferredPort);

  try {
    // Loaded here, not at the top: evaluating these modules is what the browser no longer waits for.
    // Each step compiles a few hundred kilobytes in one go, during which the host cannot answer; in
    // between, the requests that came meanwhile are answered (the page's early link asks for its
    // session and socket while the host composes). A page opened right away (the printed link) first
    // gets its document and scripts; with no page coming, composition starts after a short grace.
    await Promise.race([host.startAssetsSent, new Promise((resolve) => setTimeout(resolve, firstPageGraceMs))]);
    await import('zod');
    await yieldToRequests();
    await import('../../shared/ipc/contract.js');
    await yieldToRequests();
    const { composeWebApplication } = await import('./webApplication.js');
    await yieldToRequests();
    guichet = await composeWebApplication({ ...run, preseed, origin: host.origin });
  } catch (error) {
    rejectApp(error);
    await host.close();
    throw error;
  }
  resolveApp({ router: guichet.router, bus: guichet.bus, droppedFiles: guichet.droppedFiles, openBlob: guichet.openBlob });
  guichet.logger.info('web host listening', { origin: host.origin });
  void dataDirNarrowed.catch((error: unknown) => guichet?.logger.warn('data folder rights not narrowed', { error: String(error) }));
  const g = guichet;
  return {
    guichet: g,
    host,
    async stop() {
      await host.close();
      await g.stop();
    },
  };
}
