import path from 'node:path';
import type { Readable } from 'node:stream';
import { openDatabase } from './core/db/database.js';
import { ensurePrivateDataDir } from './core/dataDir.js';
import { createBlobStore } from './core/blobs/blobStore.js';
import { createActivityJournal } from './core/journal/activityJournal.js';
import { createSecretVault, type SecretCipher } from './core/vault/secretVault.js';
import { createLogger } from './core/log/logger.js';
import { createSettingsService, type SettingsBackend } from './core/settings/settingsService.js';
import { createIpcRouter } from './core/ipc/router.js';
import { createEventBus } from './core/ipc/eventBus.js';
import { createDroppedFiles } from './core/files/droppedFiles.js';
import { createNetworkMonitor } from './core/network/networkMonitor.js';
import { isExternalUrlAllowed } from './core/security/externalLinks.js';
import { createProviderClocks } from './core/time/providerClock.js';
import { blobResponseHeaders } from './core/security/blobResponse.js';
import { sniffMediaType } from './core/files/mediaTypes.js';
import type { LazySimulatedProviderId, RunningSandbox } from './sandbox/index.js';
import { allMigrations, orderedProviderModules, providerModules, type ProviderModules } from './providers/registry.js';
import type { ProviderFeature } from './core/modules/providerModule.js';
import { createArchive } from './core/archive/archiveService.js';
import { registerArchiveHandlers } from './core/archive/archiveHandlers.js';
import type { ArchiveContributor } from './core/archive/archiveItem.js';
import { clerkDownloadsFolder } from './core/files/downloadsFolder.js';
import { createFileDragOut } from './core/files/dragOut.js';
import type { SimulatedEndpoint } from './core/simulators/simulatedEndpoint.js';
import { automaticSecretKeys, knownBaseUrls, providerIds, type ProviderId } from '../shared/domain/providers.js';
import type { SettingsPatch } from '../shared/domain/settings.js';
import { GuichetError } from '../shared/ipc/errors.js';
import type { ResponseOf } from '../shared/ipc/contract.js';


export interface GuichetOptions {
  host: 'electron' | 'web';
  version: string;
  dataDir: string;
  settingsBackend: SettingsBackend;
  cipher: SecretCipher;
  preseed?: SettingsPatch | null;
  /** Decides whether an IPC sender URL is the app's own page. */
  isTrustedOrigin(url: string): boolean;
  /** Electron: the guarded shell.openExternal. The browser opens allowed links itself. */
  openInSystemBrowser?: (url: string) => Promise<void>;
  /** Electron: a system notification with the renderer's words. */
  showNotification?: (notice: { title: string; body: string }) => void;
  /** Electron: net.isOnline. */
  onlineProbe?: () => boolean | Promise<boolean>;
  /** Simulators' options (time scale for demos and tests). */
  sandbox?: { timeScale?: number; autoAdvance?: boolean };
  /** The wall clock (tests give a fake one, moved by hand). */
  now?: () => Date;
  /** Electron's native "Enregistrer sous…". */
  saveDialog?: (defaultName: string) => Promise<string | null>;
  /** Delay before background work (outbox, tracker) starts; 0 in tests. Default 1.2 s. */
  backgroundDelayMs?: number;
  /** Electron: native drag of a file out of the window (webContents.startDrag). */
  startDrag?: (filePath: string) => void;
  /** Electron: the native folder dialog (an Archive export as a folder); null when cancelled. */
  chooseFolder?: () => Promise<string | null>;
  /** Where folder exports go without a dialog (the web host); default: the clerk's Downloads (core/files/downloadsFolder.ts). */
  downloadsFolder?: string;
}

/**
 * In the sandbox, simulated time runs this much faster than the wall clock, so that a demo circuit
 * (visa, signature, classement) ends in about a minute while the 30-minute polling rule still holds
 * in simulated time. GUICHET_SANDBOX_TIME_SCALE overrides it (tests, benches). Every other
 * environment runs at scale 1 (see core/time/providerClock.ts).
 */
export const defaultSandboxTimeScale = 60;

export type ProviderEndpoint = ResponseOf<'providers.endpoints'>[number];

/**
 * The composition root: the Electron shell and the web host both call this, so the app has one
 * implementation of every feature whatever window shows it.
 */
export async function startGuichet(options: GuichetOptions) {
  const dataDir = options.dataDir;
  // The web host has narrowed it already; the Electron shell has not.
  const dataDirNarrowed = ensurePrivateDataDir(dataDir);
  const logger = createLogger({ dir: path.join(dataDir, 'logs') });
  const bus = createEventBus((event, error) => logger.error('invalid event payload', { event, error: String(error) }));
  const db = openDatabase(path.join(dataDir, 'guichet.sqlite'), allMigrations);
  const blobs = createBlobStore(path.join(dataDir, 'blobs'), db);
  const journal = createActivityJournal(db, (entry) => bus.emit('journal.appended', entry));
  const vault = createSecretVault(path.join(dataDir, `secrets.${options.cipher.kind}.json`), options.cipher, {
    onUnreadable: ({ keys, keptAs }) => {
      logger.warn('saved secrets unreadable with this key: set aside', { keys, keptAs });
      journal.append({
        actor: 'système',
        action: 'secrets.unreadable',
        summary: { key: 'app:activity.summaries.secretsUnreadable' },
        details: { keys, keptAs },
      });
    },
  });
  const settings = createSettingsService(options.settingsBackend, {
    preseed: options.preseed ?? undefined,
    onChange: (s) => bus.emit('settings.changed', s),
  });
  const droppedFiles = createDroppedFiles(db, {
    stagingDir: path.join(dataDir, 'staging'),
    protectedDirs: [dataDir],
    onSweepError: (error) => logger.warn('staging sweep failed', { error: String(error) }),
  });
  const network = createNetworkMonitor(bus, { probe: options.onlineProbe });

  const sandboxTimeScale = options.sandbox?.timeScale ?? (Number(process.env.GUICHET_SANDBOX_TIME_SCALE) || defaultSandboxTimeScale);
  const clocks = createProviderClocks({ sandboxTimeScale, now: options.now });
  let sandbox: RunningSandbox | null = null;
  let sandboxStarting: Promise<RunningSandbox> | null = null;
  const anyProviderSimulated = () => providerIds.some((id) => settings.get().providers[id].environment === 'sandbox');
  async function ensureSandbox(): Promise<RunningSandbox> {
    if (sandbox) return sandbox;
    // The simulators (and their test PKI) load only when a provider points at them.
    sandboxStarting ??= import('./sandbox/index.js')
      .then(({ startSandbox }) =>
        startSandbox({
          dataDir: path.join(dataDir, 'sandbox'),
          timeScale: sandboxTimeScale,
          autoAdvance: options.sandbox?.autoAdvance,
        }),
      )
      .then((s) => {
        sandbox = s;
        logger.info('sandbox started', { health: s.health.url, simulators: providerIds.map((id) => s.endpointOf(id)?.baseUrl ?? null) });
        return s;
      });
    return sandboxStarting;
  }
  const startSandboxInBackground = () => {
    if (anyProviderSimulated()) void ensureSandbox().catch((error: unknown) => logger.error('sandbox failed to start', { error: String(error) }));
  };

  /** Where a provider's calls go, as far as known now (a simulator's URL is null until it listens). */
  function endpointNow(provider: ProviderId, running: RunningSandbox | null): ProviderEndpoint {
    const p = settings.get().providers[provider];
    switch (p.environment) {
      case 'sandbox':
        return { provider, environment: 'sandbox', baseUrl: running?.endpointOf(provider)?.baseUrl ?? null, simulated: true };
      case 'custom':
        return { provider, environment: 'custom', baseUrl: p.customBaseUrl ?? null, simulated: false };
      default:
        return { provider, environment: p.environment, baseUrl: knownBaseUrls[provider][p.environment], simulated: false };
    }
  }

  /** Where a provider's calls go: waits for the simulator when it is the target. Null URL when not configured. */
  async function endpointOf(provider: ProviderId): Promise<ProviderEndpoint> {
    const simulated = settings.get().providers[provider].environment === 'sandbox';
    if (!simulated) return endpointNow(provider, sandbox);
    const running = await ensureSandbox();
    if (running.isLazy(provider)) await running.ensure(provider as LazySimulatedProviderId);
    return endpointNow(provider, running);
  }

  const router = createIpcRouter({
    isTrustedOrigin: options.isTrustedOrigin,
    onError: (channel, error) => logger.error('ipc handler failed', { channel, error: error instanceof Error ? error.message : String(error) }),
  });

  /** What a provider's simulator hands it (address, test identity): the provider never imports it. */
  async function simulatorOf(provider: ProviderId): Promise<SimulatedEndpoint> {
    const running = await ensureSandbox();
    if (running.isLazy(provider)) await running.ensure(provider as LazySimulatedProviderId);
    const endpoint = running.endpointOf(provider);
    if (!endpoint) throw new GuichetError('NOT_CONFIGURED', { key: 'app:hostErrors.noSimulator', params: { provider: providerModules[provider].name } });
    return endpoint;
  }

  router.register('app.info', () => ({
    version: options.version,
    host: options.host,
    platform: process.platform,
    dataDir,
    logFile: logger.file,
  }));
  router.register('settings.get', () => settings.get());
  router.register('settings.update', async (patch) => {
    const before = settings.get();
    const next = settings.update(patch);
    journal.append({ actor: 'agent', action: 'settings.update', summary: { key: 'app:activity.summaries.settingsUpdated' }, details: patch });
    // A switch decides whose documents the lists show and where deposits go: its own entry, old and new.
    for (const provider of providerIds) {
      const from = before.providers[provider].environment;
      const to = next.providers[provider].environment;
      if (from === to) continue;
      journal.append({
        actor: 'agent',
        action: 'settings.environment',
        provider,
        summary: { key: 'app:activity.summaries.environmentChanged', params: { from, to } },
        details: { from, to },
      });
    }
    // A shorter retention takes effect at once, not at the next twice-daily round.
    if (patch.archiveRetention) void archive.applyRetention().catch((error: unknown) => logger.warn('archive retention failed', { error: String(error) }));
    // Simulators start in the background: the window must not wait for a test CA to load.
    startSandboxInBackground();
    return next;
  });
  router.register('secrets.status', () => vault.status());
  router.register('secrets.unreadable', async () => {
    const found = await vault.unreadable();
    const keys = found?.keys.filter((key) => !automaticSecretKeys.includes(key)) ?? [];
    return found && keys.length > 0 ? { code: 'VAULT_SECRETS_UNREADABLE' as const, keys, detectedAt: found.detectedAt } : null;
  });
  router.register('secrets.set', async ({ key, value }) => {
    await vault.set(key, value);
    journal.append({ actor: 'agent', action: 'secrets.set', summary: { key: 'app:activity.summaries.secretSaved', params: { secret: key } } });
    return { ok: true as const };
  });
  router.register('secrets.clear', async ({ key }) => {
    await vault.delete(key);
    journal.append({ actor: 'agent', action: 'secrets.clear', summary: { key: 'app:activity.summaries.secretCleared', params: { secret: key } } });
    return { ok: true as const };
  });
  // The window asks this at start-up for the Sandbox banner: answered at once, without waiting for
  // the simulators to listen.
  router.register('providers.endpoints', () => providerIds.map((id) => endpointNow(id, sandbox)));
  router.register('providers.testConnection', ({ provider }) => features[provider].testConnection());
  router.register('journal.list', ({ limit, before }) => journal.list({ limit, before }));
  // Electron only, and never through the page's invoke: the preload hands over the path that
  // webUtils.getPathForFile found for a File the clerk really dropped or picked. In the browser the
  // bytes are streamed to staging instead.
  if (options.host === 'electron') {
    router.registerPreloadOnly('files.registerDroppedPath', async ({ path: filePath }) => {
      const f = await droppedFiles.registerPath(filePath);
      return { id: f.id, name: f.name, size: f.size, mediaType: f.mediaType };
    });
  }
  router.register('files.forget', async ({ id }) => {
    await droppedFiles.forget(id);
    return { ok: true as const };
  });
  router.register('shell.openExternal', async ({ url }) => {
    if (!isExternalUrlAllowed(url, settings.get())) {
      logger.warn('openExternal refused', { url });
      throw new GuichetError('FORBIDDEN_LINK', { key: 'app:hostErrors.forbiddenLink' });
    }
    await options.openInSystemBrowser?.(url);
    return { ok: true as const };
  });
  router.register('shell.showNotification', (notice) => {
    options.showNotification?.(notice);
    return { ok: true as const };
  });
  router.register('sandbox.health', async () => {
    if (!sandbox) return { running: false, url: null, status: 'stopped' };
    try {
      const res = await fetch(new URL('health', sandbox.health.url));
      const body = (await res.json()) as { status?: string };
      return { running: true, url: sandbox.health.url, status: String(body.status ?? res.status) };
    } catch (error) {
      return { running: true, url: sandbox.health.url, status: `unreachable (${(error as Error).message})` };
    }
  });

  /**
   * A provider's sign-in page in the system browser, through the same allow-list as every link: the
   * hosts the providers are configured to use, plus the sign-in service the provider itself named
   * (a different host than its API, e.g. DossierFacile's SSO; plain http only towards this computer).
   * Under the web host the page is the system browser: it opens the link itself (`opened: false`).
   */
  async function openExternalFor(url: string, signInBaseUrl?: string): Promise<{ opened: boolean }> {
    let allowed = isExternalUrlAllowed(url, settings.get());
    if (!allowed && signInBaseUrl) {
      try {
        const target = new URL(url);
        const base = new URL(signInBaseUrl);
        const loopback = target.hostname === '127.0.0.1' || target.hostname === 'localhost';
        allowed = target.origin === base.origin && !target.username && !target.password && (target.protocol === 'https:' || (target.protocol === 'http:' && loopback));
      } catch {
        allowed = false;
      }
    }
    if (!allowed) {
      logger.warn('openExternal refused', { url });
      throw new GuichetError('FORBIDDEN_LINK', { key: 'app:hostErrors.forbiddenLink' });
    }
    if (!options.openInSystemBrowser) return { opened: false };
    await options.openInSystemBrowser(url);
    return { opened: true };
  }
  // Electron only: a named copy of a stored file handed to the native drag (the browser drags a DownloadURL).
  const dragOut = options.startDrag ? createFileDragOut({ blobs, exportDir: path.join(dataDir, 'exports'), startDrag: options.startDrag }) : undefined;
  // The one Archive: every module's kept files, through the contributor each module declares.
  const archive = createArchive({
    db,
    blobs,
    journal,
    bus,
    logger,
    now: () => clocks.now(),
    exportsDir: path.join(dataDir, 'exports'),
    // In settings.json like every setting, so that an administrator can seed it (--config).
    retentionStore: {
      get: () => settings.get().archiveRetention,
      set: (provider, keepDays) => void settings.update({ archiveRetention: { [provider]: keepDays } }),
    },
    contributors: Object.fromEntries(
      orderedProviderModules.flatMap((m) => (m.archive ? [[m.id, m.archive] as [string, ArchiveContributor]] : [])),
    ),
    contributorContext: { settings: () => settings.get(), clocks },
  });
  registerArchiveHandlers(router, archive, { chooseFolder: options.chooseFolder, dragOut, downloadsFolder: options.downloadsFolder ?? clerkDownloadsFolder() });

  const coreDeps = {
    openExternal: openExternalFor,
    db,
    blobs,
    vault,
    settings,
    journal,
    logger,
    bus,
    network,
    droppedFiles,
    endpointOf,
    clocks,
    saveDialog: options.saveDialog,
    dragOut,
  };
  // Every module builds its services on the same core deps and registers its own handlers.
  const features = Object.fromEntries(
    orderedProviderModules.map((module) => [module.id, module.create({ ...coreDeps, simulator: () => simulatorOf(module.id), archive: archive.notifierFor(module.id) }, router)]),
  ) as { [K in ProviderId]: ReturnType<ProviderModules[K]['create']> };
  const allFeatures: ProviderFeature[] = Object.values(features);
  // Resuming the outbox, the first polls and the circuit refresh (certificate decoding, TLS) wait
  // until the window has had its first answers: they are not what the clerk waits for at start-up.
  const backgroundDelay = options.backgroundDelayMs ?? 1200;
  let backgroundTimer: NodeJS.Timeout | null = null;
  // The simulators too (a provider call before then starts them at once).
  const startBackgroundWork = () => {
    startSandboxInBackground();
    for (const feature of allFeatures) feature.start();
    void archive.start();
  };
  if (backgroundDelay > 0) {
    backgroundTimer = setTimeout(() => {
      backgroundTimer = null;
      startBackgroundWork();
    }, backgroundDelay);
  } else {
    startBackgroundWork();
  }

  /**
   * A stored blob for the page, with the headers both hosts send: the type Guichet reads in the
   * bytes (never the one a provider announced) and a download name cleaned from the page's suggestion.
   */
  async function openBlob(sha256: string, requestedName?: string | null): Promise<{ stream: Readable; headers: Record<string, string> } | null> {
    const stat = blobs.stat(sha256);
    if (!stat) return null;
    const checkedType = await sniffMediaType(blobs.pathOf(sha256), requestedName ?? '');
    return { stream: blobs.openRead(sha256), headers: blobResponseHeaders({ sha256, size: stat.size, checkedType }, requestedName) };
  }

  logger.info('guichet started', { host: options.host, version: options.version });
  void dataDirNarrowed.catch((error: unknown) => logger.warn('data folder rights not narrowed', { error: String(error) }));

  return {
    options,
    dataDir,
    logger,
    bus,
    db,
    blobs,
    journal,
    vault,
    settings,
    droppedFiles,
    network,
    router,
    endpointOf,
    ensureSandbox,
    openBlob,
    archive,
    ...features,
    clocks,
    get sandbox() {
      return sandbox;
    },
    async stop() {
      if (backgroundTimer) clearTimeout(backgroundTimer);
      for (const feature of allFeatures) await feature.stop();
      await archive.stop();
      network.stop();
      // A simulator still starting is waited for, or its servers would outlive the app.
      const running = sandbox ?? (sandboxStarting ? await sandboxStarting.catch(() => null) : null);
      if (running) await running.stop();
      db.close();
      await logger.close();
    },
  };
}
export type Guichet = Awaited<ReturnType<typeof startGuichet>>;
