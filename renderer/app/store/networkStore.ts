import { create } from 'zustand';

interface NetworkState {
  /** What the page itself sees (`navigator.onLine` + online/offline events). */
  browserOnline: boolean;
  /** What main reports through `network.status`; null until its first report. */
  hostOnline: boolean | null;
  setBrowserOnline(online: boolean): void;
  setHostOnline(online: boolean): void;
}

export const useNetworkStore = create<NetworkState>()((set) => ({
  browserOnline: true,
  hostOnline: null,
  setBrowserOnline: (browserOnline) => set({ browserOnline }),
  setHostOnline: (hostOnline) => set({ hostOnline }),
}));

/**
 * Offline as soon as either side says so: the browser flag alone misses a dead proxy or VPN that
 * main notices, and main's probe can lag behind a cable being pulled.
 */
export function isOnline(state: Pick<NetworkState, 'browserOnline' | 'hostOnline'>): boolean {
  return state.browserOnline && state.hostOnline !== false;
}
