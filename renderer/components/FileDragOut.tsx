import type { DragEvent } from 'react';
import { guichet } from '../bridge/index.js';
import { GripIcon } from './icons.js';

/** Absolute URL of a stored blob: DownloadURL needs one, and the viewer fetches it. */
export function absoluteBlobUrl(sha256: string, fileName?: string): string {
  return new URL(guichet.blobUrl(sha256, fileName), window.location.href).href;
}

/** `<type>:<name>:<url>` (Chromium's DownloadURL): a name with ':' would end the name field early. */
export function downloadUrlData(mediaType: string, name: string, url: string): string {
  return `${mediaType}:${name.replace(/:/g, '-')}:${url}`;
}

export interface FileDragOutProps {
  sha256: string;
  /** The name the file gets on the clerk's disk. */
  fileName: string;
  mediaType?: string | null;
  /** What a screen reader says: what the file is, and that it can be dragged to a folder. */
  label: string;
  title: string;
  testId: string;
  /** Icon only (a row of a long list); otherwise the icon and the file name. */
  compact?: boolean;
  /** Electron: asks main to start the native drag of a named copy (core/files/dragOut.ts). */
  startNativeDrag(): Promise<unknown>;
  onError(failure: unknown): void;
}

/**
 * A stored file the clerk drags out of the window to the desktop, a folder or a mail: in Electron
 * main starts a native drag of a named copy (the desktop gets a real file); in the browser the link
 * carries a DownloadURL, which Chromium turns into a download at the drop. Being a download link
 * too, Enter on it (the keyboard's way) downloads the file. Shared by every feature that shows kept files.
 */
export function FileDragOut(props: FileDragOutProps) {
  const { sha256, fileName, mediaType, label, title, testId, compact, startNativeDrag, onError } = props;
  const url = absoluteBlobUrl(sha256, fileName);
  const onDragStart = (event: DragEvent<HTMLAnchorElement>) => {
    if (guichet.host === 'electron') {
      event.preventDefault();
      startNativeDrag().catch(onError);
      return;
    }
    event.dataTransfer.effectAllowed = 'copy';
    event.dataTransfer.setData('DownloadURL', downloadUrlData(mediaType || 'application/octet-stream', fileName, url));
    event.dataTransfer.setData('text/uri-list', url);
  };
  return (
    <a
      className={compact ? 'drag-out drag-out--compact' : 'drag-out'}
      href={url}
      download={fileName}
      draggable
      onDragStart={onDragStart}
      aria-label={label}
      title={title}
      data-testid={testId}
    >
      <GripIcon />
      {compact ? null : <span className="drag-out__name">{fileName}</span>}
    </a>
  );
}
