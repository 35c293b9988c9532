import { create } from 'zustand';
import type { DocumentRow } from '../../../../shared/domain/parapheur.js';
import { guichet } from '../../../bridge/index.js';
import { addBatch, applyProgress, applyRowChange, seedBatches, type UploadBatch } from './uploadProgress.js';

interface UploadProgressState {
  batches: UploadBatch[];
  add(rows: readonly DocumentRow[]): void;
  seed(rows: readonly DocumentRow[]): void;
  dismiss(batchId: string): void;
}

/**
 * Deposits on their way. Lives outside the page so that the bars are still right when the clerk
 * comes back from another section: uploads go on in main whatever the screen shows.
 */
export const useUploadProgressStore = create<UploadProgressState>()((set) => ({
  batches: [],
  add: (rows) => set((s) => ({ batches: addBatch(s.batches, rows) })),
  seed: (rows) => set((s) => ({ batches: seedBatches(s.batches, rows, Date.now()) })),
  dismiss: (batchId) => set((s) => ({ batches: s.batches.filter((b) => b.batchId !== batchId) })),
}));

let listening = false;

/** Subscribes once for the life of the window (the events are cheap, the panel must never miss one). */
export function listenToUploads(): void {
  if (listening) return;
  listening = true;
  guichet.on('parapheur.upload.progress', (p) => useUploadProgressStore.setState((s) => ({ batches: applyProgress(s.batches, p) })));
  guichet.on('parapheur.document.changed', (row) => useUploadProgressStore.setState((s) => ({ batches: applyRowChange(s.batches, row) })));
}
