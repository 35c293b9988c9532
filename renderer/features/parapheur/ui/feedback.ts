import { readIpcFailure } from '../../../app/ipcFailure.js';
import { pushToast } from '../../../app/store/toastStore.js';
import { parapheurText, type Tx } from '../i18n/index.js';

/** The host's French sentence as is (it is written for the clerk), or the generic one. */
export function failureText(error: unknown, tx: Tx): string {
  return readIpcFailure(error).message ?? tx('common.unexpected');
}

export function toastError(error: unknown): void {
  const { tx } = parapheurText();
  pushToast({ level: 'error', title: tx('common.failed'), body: failureText(error, tx) });
}

export function toastSuccess(title: string, body?: string): void {
  pushToast(body ? { level: 'success', title, body } : { level: 'success', title });
}

export function toastInfo(title: string, body?: string): void {
  pushToast(body ? { level: 'info', title, body } : { level: 'info', title });
}
