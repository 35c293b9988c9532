import { readIpcFailure } from '../../../app/ipcFailure.js';
import { pushToast } from '../../../app/store/toastStore.js';
import { parapheurText, type ParapheurKey, type Tx } from '../i18n/index.js';

/** Error codes the catalogue words in the clerk's language, with the string parameters main gives. */
const catalogued: Record<string, ParapheurKey> = {
  ADDRESS_NOT_FOUND: 'detail.addressNotFound',
};

/** The catalogue's words for a coded error; else the host's French sentence as is, or the generic one. */
export function failureText(error: unknown, tx: Tx): string {
  const failure = readIpcFailure(error);
  const key = catalogued[failure.code];
  if (key) {
    const details = typeof failure.details === 'object' && failure.details !== null ? (failure.details as Record<string, unknown>) : {};
    const params = Object.fromEntries(Object.entries(details).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
    return tx(key, params);
  }
  return failure.message ?? tx('common.unexpected');
}

export function toastError(error: unknown): void {
  const { tx } = parapheurText();
  pushToast({ level: 'error', title: tx('common.failed'), body: failureText(error, tx) });
}
