import type { FileDragOut } from '../files/dragOut.js';
import type Database from 'better-sqlite3';
import type { z } from 'zod';
import type { BlobStore } from '../blobs/blobStore.js';
import type { HostText } from '../../../shared/ipc/errors.js';
import type { EventBus } from '../ipc/eventBus.js';
import type { IpcRouter } from '../ipc/router.js';
import type { NetworkMonitor } from '../network/networkMonitor.js';
import type { DroppedFiles } from '../files/droppedFiles.js';
import type { Migration } from '../db/migrations/index.js';
import type { ProviderClocks } from '../time/providerClock.js';
import type { SimulatedEndpoint } from '../simulators/simulatedEndpoint.js';
import type { ArchiveContributor, ArchiveNotifier } from '../archive/archiveItem.js';
import type { ProviderId, SecretKey, providers } from '../../../shared/domain/providers.js';
import type { Settings, SettingsPatch } from '../../../shared/domain/settings.js';
import type { ChannelSpec } from '../../../shared/ipc/define.js';
import type { ResponseOf } from '../../../shared/ipc/contract.js';

export type ProviderEndpoint = ResponseOf<'providers.endpoints'>[number];
export type ConnectionTestResult = ResponseOf<'providers.testConnection'>;

/** What every provider takes from the composition root: core services, nothing Electron. */
export interface ProviderDeps {
  db: Database.Database;
  blobs: BlobStore;
  vault: {
    get(key: SecretKey): Promise<string | null>;
    set(key: SecretKey, value: string): Promise<void>;
    delete(key: SecretKey): Promise<void>;
  };
  settings: { get(): Settings; update(patch: SettingsPatch): Settings };
  journal: {
    append(entry: {
      actor: string;
      action: string;
      provider?: string;
      objectType?: string;
      objectId?: string;
      /** A catalogue entry (a plain string is a French sentence not yet converted, shown as is). */
      summary: HostText | string;
      details?: unknown;
    }): unknown;
  };
  logger: {
    debug(message: string, meta?: unknown): void;
    info(message: string, meta?: unknown): void;
    warn(message: string, meta?: unknown): void;
    error(message: string, meta?: unknown): void;
  };
  bus: EventBus;
  network: NetworkMonitor;
  droppedFiles: DroppedFiles;
  endpointOf(provider: ProviderId): Promise<ProviderEndpoint>;
  /**
   * Opens a link in the system browser through the app's allow-list; `signInBaseUrl` is the sign-in
   * service the provider uses (allowed besides its API host). `opened: false` under the web host,
   * where the page opens it.
   */
  openExternal(url: string, signInBaseUrl?: string): Promise<{ opened: boolean }>;
  /** This provider's simulator (started on first ask): its address and test identity. */
  simulator(): Promise<SimulatedEndpoint>;
  /** The wall clock, and the time scale of each environment's sessions (1 but in the sandbox). */
  clocks: ProviderClocks;
  /** Electron's native "Enregistrer sous…"; absent in the browser, which downloads by link. */
  saveDialog?: (defaultName: string) => Promise<string | null>;
  /** Electron: drags a named copy of a stored file out of the window (core/files/dragOut.ts); absent in the browser. */
  dragOut?: FileDragOut;
  /** Tells the Archive that this module's kept files changed (it then asks `ProviderModule.archive`). */
  archive: ArchiveNotifier;
}

/** A provider's running services, as the composition root drives them. */
export interface ProviderFeature {
  /** Reaches the provider with the saved settings; the verdict is shown to the clerk as is. */
  testConnection(): Promise<ConnectionTestResult>;
  /** Background work (outbox, polling), started once the window has had its first answers. */
  start(): void;
  stop(): Promise<void>;
}

/**
 * Everything the app needs to know about one provider. The settings schema with its defaults (the
 * pre-seed rules follow from it), the published addresses and the secret keys come from the
 * provider's shared descriptor; the IPC channels and events from its contract file in shared/ipc.
 * The simulator that stands in for it is listed by the sandbox registry (main/sandbox/index.ts).
 */
export interface ProviderModule<Id extends ProviderId = ProviderId, Feature extends ProviderFeature = ProviderFeature> {
  readonly id: Id;
  readonly descriptor: (typeof providers)[Id];
  /** The provider's name, for logs and for messages main still writes. */
  readonly name: string;
  readonly contract: { readonly channels: Record<string, ChannelSpec>; readonly events: Record<string, z.ZodType> };
  /** Its tables, numbered in the one global order of the database. */
  readonly migrations: readonly Migration[];
  /** Builds its services on the core deps and registers its handlers on the router. */
  create(deps: ProviderDeps, router: IpcRouter): Feature;
  /** The files it keeps, for the one Archive (which imports no provider). */
  readonly archive?: ArchiveContributor;
}

/** Keeps a module's own feature type for the registry (tests reach `guichet.parapheur.outbox`). */
export function defineProviderModule<const Id extends ProviderId, Feature extends ProviderFeature>(module: ProviderModule<Id, Feature>): ProviderModule<Id, Feature> {
  return module;
}
