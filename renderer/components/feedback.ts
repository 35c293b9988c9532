import { pushToast } from '../app/store/toastStore.js';

/** A toast that confirms what the clerk just did. */
export function toastSuccess(title: string, body?: string): void {
  pushToast(body ? { level: 'success', title, body } : { level: 'success', title });
}

/** A toast that tells the clerk something happened without them (a batch finished, a retry started). */
export function toastInfo(title: string, body?: string): void {
  pushToast(body ? { level: 'info', title, body } : { level: 'info', title });
}
