import { guichet } from '../../../../bridge/index.js';

/** Absolute URL of a stored blob: DownloadURL needs one, and the viewer fetches it. */
export function absoluteBlobUrl(sha256: string): string {
  return new URL(guichet.blobUrl(sha256), window.location.href).href;
}

/** `application/pdf:<name>:<url>`: a name with ':' would end the name field early. */
export function downloadUrlData(name: string, url: string): string {
  return `application/pdf:${name.replace(/:/g, '-')}:${url}`;
}

/** Names inside a ZIP may carry folders: the file saved on disk keeps the last part only. */
export function baseName(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1) || name;
}

export function isPdfName(name: string): boolean {
  return /\.pdf$/i.test(name);
}
