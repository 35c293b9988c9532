import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { BlobStore } from '../blobs/blobStore.js';
import { safeLocalFileName } from './localFileName.js';

/**
 * Electron: drags a stored file out of the window, to the desktop, a folder or a mail. The desktop
 * must receive « Arrêté (signé).pdf », not a hash: a named copy is written in a folder of its own under
 * `exports/` (`<dataDir>/exports/<first 16 hex of the hash>/<name>`), then handed to the native drag.
 * One piece for every module and the Archive; the page's side is `renderer/components/fileDrag.ts`.
 * The copies are deleted after two days (`main/core/archive/archiveService.ts` `cleanExports`).
 */
export type FileDragOut = (sha256: string, fileName: string) => Promise<void>;

export function createFileDragOut(opts: { blobs: BlobStore; exportDir: string; startDrag: (filePath: string) => void }): FileDragOut {
  return async (sha256, fileName) => {
    const dir = join(opts.exportDir, sha256.slice(0, 16));
    const name = safeLocalFileName(fileName, `${sha256.slice(0, 16)}.bin`);
    const file = join(dir, name);
    await mkdir(dir, { recursive: true });
    // Written aside then renamed: a drop never receives a half copy, even if an earlier drag of the same file was cut short.
    const part = join(dir, `.${sha256.slice(0, 16)}.${process.pid}.part`);
    try {
      await pipeline(opts.blobs.openRead(sha256), createWriteStream(part));
      await rename(part, file);
    } catch (error) {
      await rm(part, { force: true });
      throw error;
    }
    // A folder used again counts as new for the clean-up, however old its first copy.
    const now = new Date();
    await utimes(dir, now, now).catch(() => undefined);
    opts.startDrag(file);
  };
}
