import { create } from 'zustand';

export type ToastLevel = 'info' | 'success' | 'warning' | 'error';

export interface Toast {
  id: number;
  level: ToastLevel;
  title: string;
  body?: string;
}

export type ToastInput = Omit<Toast, 'id'>;

/** At most this many toasts on screen: the oldest go first. */
export const maxVisibleToasts = 4;

/**
 * How long a toast stays. A warning is news about a document (refused, filed with a problem) that
 * the document's row and the journal keep: it stays longer but goes by itself. An error asks the
 * clerk to act and stays until closed.
 */
export function toastLifetimeMs(level: ToastLevel): number | null {
  if (level === 'info' || level === 'success') return 6000;
  return level === 'warning' ? 12_000 : null;
}

export function appendToast(list: readonly Toast[], toast: Toast, max = maxVisibleToasts): Toast[] {
  const next = [...list, toast];
  return next.length > max ? next.slice(next.length - max) : next;
}

interface ToastState {
  toasts: Toast[];
  push(toast: ToastInput): number;
  dismiss(id: number): void;
}

let nextToastId = 1;

export const useToastStore = create<ToastState>()((set, get) => ({
  toasts: [],
  push(input) {
    const id = nextToastId++;
    set({ toasts: appendToast(get().toasts, { ...input, id }) });
    const lifetime = toastLifetimeMs(input.level);
    if (lifetime !== null) setTimeout(() => get().dismiss(id), lifetime);
    return id;
  },
  dismiss(id) {
    set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
  },
}));

export function pushToast(toast: ToastInput): number {
  return useToastStore.getState().push(toast);
}
