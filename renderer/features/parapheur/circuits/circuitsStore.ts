import { create } from 'zustand';
import type { Circuit } from '../../../../shared/domain/parapheur.js';
import type { RequestOf } from '../../../../shared/ipc/contract.js';
import { guichet } from '../../../bridge/index.js';
import { sortCircuits } from './circuitOrder.js';

type CircuitSave = RequestOf<'parapheur.circuits.save'>;

interface CircuitsState {
  circuits: Circuit[];
  phase: 'idle' | 'loading' | 'ready' | 'failed';
  error: unknown;
  refreshing: boolean;
  /** Why the last request to FAST for the list failed (the automatic one included), until one succeeds. */
  refreshError: unknown;
  load(): Promise<void>;
  /** Asks FAST (exportUsersData, simulator listing) which circuits exist; rejects with the host's error. */
  refresh(): Promise<Circuit[]>;
  save(circuit: CircuitSave): Promise<Circuit>;
  remove(id: string): Promise<void>;
}

let askedFastOnce = false;

/** The circuit book, shared by the deposit tiles and the documents filter. */
export const useCircuitsStore = create<CircuitsState>()((set, get) => ({
  circuits: [],
  phase: 'idle',
  error: null,
  refreshing: false,
  refreshError: null,
  async load() {
    if (get().phase === 'idle' || get().phase === 'failed') set({ phase: 'loading', error: null });
    let circuits: Circuit[];
    try {
      circuits = sortCircuits(await guichet.invoke('parapheur.circuits.list', {}));
      set({ circuits, phase: 'ready', error: null });
    } catch (error) {
      set({ phase: 'failed', error });
      return;
    }
    // An empty book (first run): ask FAST at once rather than showing « Aucun circuit » until the
    // clerk thinks of « Actualiser ». Once per session; a failure is kept in refreshError and shown
    // (a refused certificate must not look like « no circuit »).
    if (circuits.length === 0 && !askedFastOnce) {
      askedFastOnce = true;
      await get().refresh().catch(() => undefined);
    }
  },
  async refresh() {
    set({ refreshing: true });
    try {
      const circuits = sortCircuits(await guichet.invoke('parapheur.circuits.refresh', {}));
      set({ circuits, phase: 'ready', error: null, refreshError: null });
      return circuits;
    } catch (error) {
      set({ refreshError: error });
      throw error;
    } finally {
      set({ refreshing: false });
    }
  },
  async save(circuit) {
    const saved = await guichet.invoke('parapheur.circuits.save', circuit);
    set((s) => ({ circuits: sortCircuits([...s.circuits.filter((c) => c.id !== saved.id), saved]) }));
    return saved;
  },
  async remove(id) {
    await guichet.invoke('parapheur.circuits.remove', { id });
    set((s) => ({ circuits: s.circuits.filter((c) => c.id !== id) }));
  },
}));
