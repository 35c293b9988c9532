import type { GuichetApi } from '../../shared/ipc/contract.js';
import type { IpcError } from '../../shared/ipc/errors.js';
import { GuichetCallError } from './callError.js';
import { createWebSocketBridge } from './webSocketBridge.js';
import { useHostLinkStore } from '../app/store/hostLinkStore.js';

export { GuichetCallError };

declare global {
  interface Window {
    /** Injected by the Electron preload; absent in the browser, where the WebSocket bridge stands in. */
    guichet?: GuichetApi;
  }
}

/**
 * The `{ code, key, params, details }` shape, checked by hand: the start-up bundle carries no schema
 * library (zod loads with the screens that validate forms).
 */
function isIpcError(e: unknown): e is IpcError {
  return typeof e === 'object' && e !== null && typeof (e as IpcError).code === 'string' && typeof (e as IpcError).key === 'string';
}

/** contextBridge clones rejections as plain objects: give them back their class. */
function fromPreload(api: GuichetApi): GuichetApi {
  const revive = (e: unknown) => (isIpcError(e) ? new GuichetCallError(e) : e);
  return {
    ...api,
    host: api.host,
    invoke: (channel, request) => api.invoke(channel, request).catch((e: unknown) => Promise.reject(revive(e))),
    stageFiles: (files, onProgress) => api.stageFiles(files, onProgress).catch((e: unknown) => Promise.reject(revive(e))),
    on: (event, listener) => api.on(event, listener),
    blobUrl: (sha, fileName) => api.blobUrl(sha, fileName),
  };
}

export const guichet: GuichetApi = window.guichet ? fromPreload(window.guichet) : createWebSocketBridge((link) => useHostLinkStore.getState().setLink(link));
