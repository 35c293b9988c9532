import { Readable } from 'node:stream';
import { GuichetError } from '../../../../shared/ipc/errors.js';
import { depositedAnnexSchema, type FileCheck } from '../../../../shared/domain/parapheur.js';
import { zipStream } from '../../../core/files/zipWriter.js';
import type { DroppedFile } from '../../../core/files/droppedFiles.js';
import type { UploadFile } from '../client.js';
import type { LedgerRow } from './documentLedger.js';
import type { ParapheurServiceDeps } from './deps.js';
import { maxDepositBytes } from './depositValidation.js';

/** One entry of the `annexes` column: the provider-safe name sent to FAST, the clerk's own name, the stored copy. */
export interface StoredAnnex {
  name: string;
  originalName: string;
  size: number;
  sha256: string;
}

/**
 * The outbox's own copies of what the clerk dropped, made before the row exists so that every retry
 * sends the very same bytes: the main file, its annexes, or `<main>.pdf.zip` packing both.
 */
export function createDepositPacking(deps: ParapheurServiceDeps) {
  const now = deps.clocks.now;

  /**
   * Builds `<main>.pdf.zip` (main file + annexes, stored uncompressed) straight into the blob store.
   * The parts are copied into the store first: the writer reads each file twice (CRC, then bytes),
   * and a blob cannot change in between, whereas the clerk's original can.
   */
  async function packWithAnnexes(main: DroppedFile, zipName: string, annexChecks: FileCheck[]) {
    const mainBlob = await deps.blobs.putFile(main.path, { mediaType: main.mediaType });
    const annexes = await storeAnnexes(annexChecks);
    const entries = [
      { name: zipName.replace(/\.zip$/, ''), path: deps.blobs.pathOf(mainBlob.sha256) },
      ...annexes.map((a) => ({ name: a.name, path: deps.blobs.pathOf(a.sha256) })),
    ];
    const blob = await deps.blobs.putStream(Readable.from(zipStream(entries, now())), { mediaType: 'application/zip', maxBytes: maxDepositBytes + 1024 ** 2 });
    return { blob, annexes };
  }

  /** Copies each accepted annex into the blob store, in the clerk's order, under its provider-safe name. */
  async function storeAnnexes(annexChecks: FileCheck[]): Promise<StoredAnnex[]> {
    const annexes: StoredAnnex[] = [];
    for (const a of annexChecks) {
      const file = deps.droppedFiles.get(a.fileId);
      const blob = await deps.blobs.putFile(file.path, { mediaType: file.mediaType });
      annexes.push({ name: a.providerName!, originalName: file.name, size: blob.size, sha256: blob.sha256 });
    }
    return annexes;
  }

  /**
   * The `annexes` parts of an on-demand upload, from the row's stored copies. Read strictly: a row
   * whose annexes cannot be read fails rather than leaving without them.
   */
  function annexPartsOf(row: LedgerRow): UploadFile[] {
    if (!row.annexes) return [];
    let value: unknown;
    try {
      value = JSON.parse(row.annexes);
    } catch {
      value = null;
    }
    const parsed = depositedAnnexSchema.array().safeParse(value);
    if (!parsed.success) {
      throw new GuichetError('INTERNAL', { key: 'parapheur:hostErrors.annexesUnreadable' });
    }
    return parsed.data.map((a) => ({ path: deps.blobs.pathOf(a.sha256), name: a.name, size: a.size }));
  }


  return { packWithAnnexes, storeAnnexes, annexPartsOf };
}
export type DepositPacking = ReturnType<typeof createDepositPacking>;
