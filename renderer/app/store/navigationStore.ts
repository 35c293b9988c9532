import { create } from 'zustand';
import { sectionIds, type SectionId } from '../sections.js';

interface NavigationState {
  section: SectionId;
  /** Bumped on every navigation the clerk asks for, so the new page can take focus (not on first load). */
  navigationCount: number;
  goTo(section: SectionId): void;
}

export const useNavigationStore = create<NavigationState>()((set) => ({
  section: sectionIds[0],
  navigationCount: 0,
  goTo: (section) => set((s) => ({ section, navigationCount: s.navigationCount + 1 })),
}));
