import type Database from 'better-sqlite3';
import type { BlobStore } from '../../../core/blobs/blobStore.js';
import type { EventBus } from '../../../core/ipc/eventBus.js';
import type { NetworkMonitor } from '../../../core/network/networkMonitor.js';
import type { DroppedFiles } from '../../../core/files/droppedFiles.js';
import type { ProviderClocks } from '../../../core/time/providerClock.js';
import type { RunningSandbox } from '../../../sandbox/index.js';
import type { ProviderId } from '../../../../shared/domain/providers.js';
import type { Settings } from '../../../../shared/domain/settings.js';
import type { ResponseOf } from '../../../../shared/ipc/contract.js';
import type { SecretKey } from '../../../../shared/domain/providers.js';

/** What the Parapheur feature takes from the composition root: core services, nothing Electron. */
export interface ParapheurServiceDeps {
  db: Database.Database;
  blobs: BlobStore;
  vault: {
    get(key: SecretKey): Promise<string | null>;
    set(key: SecretKey, value: string): Promise<void>;
    delete(key: SecretKey): Promise<void>;
  };
  settings: { get(): Settings };
  journal: {
    append(entry: {
      actor: string;
      action: string;
      provider?: string;
      objectType?: string;
      objectId?: string;
      summary: string;
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
  endpointOf(provider: ProviderId): Promise<ResponseOf<'providers.endpoints'>[number]>;
  ensureSandbox(): Promise<RunningSandbox>;
  /** The wall clock, and the time scale of each environment's sessions (1 but in the sandbox). */
  clocks: ProviderClocks;
  /** Electron's native "Enregistrer sous…"; absent in the browser, which downloads by link. */
  saveDialog?: (defaultName: string) => Promise<string | null>;
  /** Electron's native drag of a file out of the window; absent in the browser. */
  startDrag?: (filePath: string) => void;
  /** Where named copies for drag-out are written (emptied at start). */
  exportDir?: string;
}
