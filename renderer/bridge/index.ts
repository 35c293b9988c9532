import type { GuichetApi } from '../../shared/ipc/contract.js';
import { ipcErrorSchema } from '../../shared/ipc/errors.js';
import { GuichetCallError } from './callError.js';
import { createWebSocketBridge } from './webSocketBridge.js';

export { GuichetCallError };

declare global {
  interface Window {
    /** Injected by the Electron preload; absent in the browser, where the WebSocket bridge stands in. */
    guichet?: GuichetApi;
  }
}

/** contextBridge clones rejections as plain objects: give them back their class. */
function fromPreload(api: GuichetApi): GuichetApi {
  const revive = (e: unknown) => {
    const parsed = ipcErrorSchema.safeParse(e);
    return parsed.success ? new GuichetCallError(parsed.data) : e;
  };
  return {
    ...api,
    host: api.host,
    invoke: (channel, request) => api.invoke(channel, request).catch((e: unknown) => Promise.reject(revive(e))),
    stageFiles: (files, onProgress) => api.stageFiles(files, onProgress).catch((e: unknown) => Promise.reject(revive(e))),
    on: (event, listener) => api.on(event, listener),
    blobUrl: (sha) => api.blobUrl(sha),
  };
}

export const guichet: GuichetApi = window.guichet ? fromPreload(window.guichet) : createWebSocketBridge();
