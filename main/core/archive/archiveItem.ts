import type Database from 'better-sqlite3';
import type { Settings } from '../../../shared/domain/settings.js';
import type { ProviderClocks } from '../time/providerClock.js';

/**
 * One file a provider module keeps, as it hands it to the Archive. The Archive knows no provider:
 * each module describes its own files with these neutral fields (docs/architecture.md#archive).
 */
export interface ArchiveItemInput {
  /** The module's stable key for this file, unique within the module (`document:12:signed`). */
  key: string;
  /** What the file is, in the module's words: the renderer names it from the provider's catalogue. */
  kind: string;
  environment: string;
  /** What the clerk reads first: the document's name, the report's person… */
  title: string;
  /** The name the file gets when exported or saved. */
  fileName: string;
  labels?: readonly (string | null | undefined)[];
  comments?: readonly (string | null | undefined)[];
  people?: readonly (string | null | undefined)[];
  /** The provider's reference (document number, enrollment id, client reference). */
  reference?: readonly (string | null | undefined)[];
  mediaType?: string | null;
  size?: number | null;
  /** SHA-256 of the bytes, which is also its blob id in the content-addressed store. */
  sha256: string;
  /** When the item came into being at the provider (deposit, enrollment). */
  createdAt: string;
  /** When Guichet kept the file (download, collection). */
  archivedAt: string;
  /** « Encore disponible chez le fournisseur jusqu'au… », when the provider says so. */
  availableUntil?: string | null;
  /** How the module's journal entries name what this file belongs to (a case's timeline gathers them). */
  journal?: readonly { objectType: string; objectId: string | null | undefined }[];
}

/**
 * What a provider module gives the Archive: every file it keeps, read from its own tables. Called at
 * start (which also backfills a database that had files before the Archive existed) and after the
 * module says its files changed (`ProviderDeps.archive.changed()`).
 */
export interface ArchiveContributor {
  items(db: Database.Database, context?: ArchiveContributorContext): Iterable<ArchiveItemInput>;
  /**
   * The Archive deleted the local copies of these items (`ArchiveItemInput.key`), for the clerk or
   * retention: the module lets go of them and does not download the same version again. Runs inside
   * the purge's transaction; the Archive reconciles the module's items right after.
   */
  purged?(db: Database.Database, keys: readonly string[], at: string): void;
}

/**
 * What a contributor may read besides its own tables: the saved settings (an ID360 user account reads
 * reports longer than an application account) and each environment's clock (Sandbox runs faster).
 * Absent in tests that build the Archive alone.
 */
export interface ArchiveContributorContext {
  settings(): Settings;
  clocks: ProviderClocks;
}

/** How a module's journal names one of its objects (`document` 12, `enrollment` 77001, `tenant` 4). */
export interface ArchiveObjectRef {
  objectType: string;
  objectId: string;
}

/** What a module may tell the Archive. */
export interface ArchiveNotifier {
  /** Some of this module's files were added, changed or forgotten: the Archive reconciles soon after. */
  changed(): void;
  /**
   * The clerk started this action from a case folder: throws `NOT_FOUND` when the case does not exist,
   * so that the module checks before it creates anything.
   */
  requireCase(caseId: number): void;
  /**
   * The module created these objects from a case folder: every file it reports about them (now or
   * later, matched on `ArchiveItemInput.journal`) joins that case when the Archive first records it.
   */
  fileIntoCase(caseId: number, refs: readonly ArchiveObjectRef[]): void;
}
