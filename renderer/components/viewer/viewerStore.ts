import { create } from 'zustand';

export interface ViewerDocument {
  /** Where the PDF is read from: `guichet.blobUrl(sha256)`, same origin as the app. */
  url: string;
  title: string;
  /** Name proposed by the « Enregistrer » link. */
  downloadName: string;
}

interface ViewerState {
  current: ViewerDocument | null;
  open(doc: ViewerDocument): void;
  close(): void;
}

/** One viewer at a time, opened from any screen that shows stored PDFs. */
export const useViewerStore = create<ViewerState>()((set) => ({
  current: null,
  open: (doc) => set({ current: doc }),
  close: () => set({ current: null }),
}));

export function openPdf(doc: ViewerDocument): void {
  useViewerStore.getState().open(doc);
}
