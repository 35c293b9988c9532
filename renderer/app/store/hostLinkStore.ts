import { create } from 'zustand';

/**
 * Whether the page is linked to Guichet (the web host's bridge; always linked under Electron).
 * `lost`: the host stopped answering, the page retries by itself. `refused`: the host is back but no
 * longer knows this page (another data folder, an expired session): only a fresh link helps.
 */
export type HostLink = 'linked' | 'lost' | 'refused';

interface HostLinkState {
  link: HostLink;
  /** Counts the returns after a loss: screens reload what they show when it moves. */
  relinks: number;
  setLink(link: HostLink): void;
}

export const useHostLinkStore = create<HostLinkState>()((set, get) => ({
  link: 'linked',
  relinks: 0,
  setLink: (link) => {
    const before = get().link;
    if (link === before) return;
    set({ link, relinks: link === 'linked' ? get().relinks + 1 : get().relinks });
  },
}));
