import { create } from 'zustand';
import type { z } from 'zod';
import type { appInfoSchema } from '../../../shared/ipc/contract.js';

export type AppInfo = z.infer<typeof appInfoSchema>;

interface AppInfoState {
  info: AppInfo | null;
  setInfo(info: AppInfo): void;
}

export const useAppInfoStore = create<AppInfoState>()((set) => ({
  info: null,
  setInfo: (info) => set({ info }),
}));
