import fs from 'node:fs/promises';
import type Database from 'better-sqlite3';
import type { BlobStore, StoredBlob } from '../../../core/blobs/blobStore.js';
import { extractZipSafely, type ExtractedEntry, type ZipLimits } from '../../../core/files/safeZip.js';
import type { DownloadResult } from '../client.js';

/**
 * What FAST may put in the ZIP of `download?acquit=&FdC=` (docs/providers/fast-parapheur.md#downloads): the signed file, the
 * routing sheet, the Hélios acknowledgement. The layout is not documented, so the limits are those
 * of a deposit (1 GiB a file), generous on the count and strict on the compression ratio.
 */
export const fastZipLimits: Readonly<ZipLimits> = Object.freeze({
  maxEntries: 1000,
  maxTotalBytes: 2 * 1024 ** 3,
  maxEntryBytes: 1024 ** 3,
  maxRatio: 200,
});

export type OutputRole = 'signed' | 'fdc' | 'acquit' | 'other';

export interface DownloadedOutput extends ExtractedEntry {
  role: OutputRole;
}

export interface StoredDownload {
  /** The bytes exactly as FAST sent them. */
  blob: StoredBlob;
  /** The ZIP's files when FAST answered with a ZIP, null for a plain file. */
  outputs: DownloadedOutput[] | null;
  /** The blob to keep as the signed document. */
  signed: string;
  /** The routing sheet, when the ZIP carried one. */
  fdc: string | null;
}

const zipMagic = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

async function startsWithZipMagic(file: string): Promise<boolean> {
  const handle = await fs.open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4), 0, 4, 0);
    return bytesRead === 4 && buffer.equals(zipMagic);
  } finally {
    await handle.close();
  }
}

function roleOf(name: string): OutputRole {
  const base = name.slice(name.lastIndexOf('/') + 1);
  if (/^(fdc|fiche)/i.test(base) || /fiche[ _-]?de[ _-]?circulation/i.test(base)) return 'fdc';
  if (/^(acquit|ack)/i.test(base) || /acquittement/i.test(base)) return 'acquit';
  return 'other';
}

/** The signed file of a ZIP: the deposited name if present, else the first PDF that is not the FdC. */
function pickSigned(outputs: DownloadedOutput[], depositedName?: string): DownloadedOutput | undefined {
  const others = outputs.filter((o) => o.role === 'other');
  const wanted = depositedName?.replace(/\.zip$/i, '').toLowerCase();
  return (
    (wanted ? others.find((o) => o.name.toLowerCase() === wanted || o.name.toLowerCase().endsWith(`/${wanted}`)) : undefined) ??
    others.find((o) => /\.pdf$/i.test(o.name)) ??
    others[0]
  );
}

/**
 * Stores a document download. A plain file is one blob. A ZIP (told by its first bytes, never by
 * the content type) is stored as received, then unpacked with {@link extractZipSafely}: each file
 * becomes a blob of its own, sorted into signed file / routing sheet / acknowledgement / other.
 * A ZIP without a recognisable signed file keeps the ZIP itself as the signed document, as before.
 */
export async function storeDocumentDownload(
  blobs: BlobStore,
  download: DownloadResult,
  opts: { depositedName?: string; signal?: AbortSignal; limits?: ZipLimits } = {},
): Promise<StoredDownload> {
  const blob = await blobs.putStream(download.stream, {
    mediaType: download.contentType || 'application/pdf',
    maxBytes: (opts.limits ?? fastZipLimits).maxTotalBytes,
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  // Blobs are immutable: the ZIP is read in place, no temporary copy.
  if (!(await startsWithZipMagic(blobs.pathOf(blob.sha256)))) return { blob, outputs: null, signed: blob.sha256, fdc: null };
  const entries = await extractZipSafely(blobs.pathOf(blob.sha256), {
    ...(opts.limits ?? fastZipLimits),
    blobs,
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  const outputs: DownloadedOutput[] = entries.map((e) => ({ ...e, role: roleOf(e.name) }));
  const signed = pickSigned(outputs, opts.depositedName);
  if (signed) signed.role = 'signed';
  return {
    blob,
    outputs,
    signed: signed?.sha256 ?? blob.sha256,
    fdc: outputs.find((o) => o.role === 'fdc')?.sha256 ?? null,
  };
}

/** The files of a ZIP answer, recorded against the ledger row (idempotent: same name, same row). */
export function createDocumentOutputs(db: Database.Database, now: () => Date = () => new Date()) {
  const insert = db.prepare(`
    INSERT INTO parapheur_document_outputs (local_id, name, role, blob_sha256, size, created_at)
    VALUES (@local_id, @name, @role, @blob_sha256, @size, @created_at)
    ON CONFLICT (local_id, name) DO UPDATE SET role = excluded.role, blob_sha256 = excluded.blob_sha256, size = excluded.size`);
  const byRow = db.prepare<[number], { name: string; role: OutputRole; blob_sha256: string; size: number; created_at: string }>(
    'SELECT name, role, blob_sha256, size, created_at FROM parapheur_document_outputs WHERE local_id = ? ORDER BY rowid',
  );
  return {
    record(localId: number, outputs: readonly DownloadedOutput[]): void {
      const at = now().toISOString();
      db.transaction(() => {
        for (const o of outputs) insert.run({ local_id: localId, name: o.name, role: o.role, blob_sha256: o.sha256, size: o.size, created_at: at });
      })();
    },
    list(localId: number) {
      return byRow.all(localId).map((r) => ({ name: r.name, role: r.role, blob: r.blob_sha256, size: r.size, createdAt: r.created_at }));
    },
  };
}
export type DocumentOutputs = ReturnType<typeof createDocumentOutputs>;
