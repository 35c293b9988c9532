import { create } from 'zustand';
import { startOpening } from './pdfWorkerStart.js';

export interface ViewerDocument {
  /** Where the file is read from: `guichet.blobUrl(sha256)`, same origin as the app, or an object URL (attachment). */
  url: string;
  title: string;
  /** Name proposed by « Enregistrer sous… ». */
  downloadName: string;
  /** A PDF (the default) or an image (ID360 document photos). */
  kind?: 'pdf' | 'image';
  /**
   * The bytes themselves when the document is already in memory (a file embedded in a PDF): the CSP's
   * connect-src does not let the page fetch its own `blob:` URLs, which then serve only « Enregistrer sous… ».
   */
  bytes?: Uint8Array;
}

interface ViewerState {
  current: ViewerDocument | null;
  /** Documents the clerk came from (an attachment opened from its PDF): « Retour » goes back to the last one. */
  previous: ViewerDocument[];
  open(doc: ViewerDocument): void;
  /** Opens a document from the one shown, which « Retour » brings back. */
  openFromCurrent(doc: ViewerDocument): void;
  back(): void;
  close(): void;
}

function revokeIfLocal(doc: ViewerDocument | null | undefined) {
  if (doc?.url.startsWith('blob:')) URL.revokeObjectURL(doc.url);
}

/** One viewer at a time, opened from any screen that shows stored PDFs and images. */
export const useViewerStore = create<ViewerState>()((set, get) => ({
  current: null,
  previous: [],
  // Each opening starts reading the file (and pdf.js's worker) at once, while the viewer's code loads.
  open: (doc) => {
    startOpening(doc);
    set({ current: doc, previous: [] });
  },
  openFromCurrent: (doc) => {
    const { current, previous } = get();
    startOpening(doc);
    set({ current: doc, previous: current ? [...previous, current] : previous });
  },
  back: () => {
    const { current, previous } = get();
    if (previous.length === 0) return;
    revokeIfLocal(current);
    const doc = previous[previous.length - 1]!;
    startOpening(doc);
    set({ current: doc, previous: previous.slice(0, -1) });
  },
  close: () => {
    const { current, previous } = get();
    [current, ...previous].forEach(revokeIfLocal);
    set({ current: null, previous: [] });
  },
}));

export function openPdf(doc: ViewerDocument): void {
  useViewerStore.getState().open({ ...doc, kind: 'pdf' });
}

export function openImage(doc: ViewerDocument): void {
  useViewerStore.getState().open({ ...doc, kind: 'image' });
}
