import type { GuichetApi, IpcResult, FileRef } from '../../shared/ipc/contract.js';
import type { BridgeServerMessage } from '../../shared/ipc/webBridge.js';
import { GuichetCallError } from './callError.js';

const tokenKey = 'guichet.token';

/**
 * The token arrives once in the URL printed by `npm start`; it is kept for this tab only
 * (sessionStorage) and removed from the address bar so it does not end up in history or screenshots.
 */
function takeToken(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(tokenKey, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return sessionStorage.getItem(tokenKey) ?? '';
}

/** window.guichet for the browser: the same contract over the web host's WebSocket. */
export function createWebSocketBridge(): GuichetApi {
  const token = takeToken();
  const wsUrl = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/bridge?token=${encodeURIComponent(token)}`;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let nextId = 1;
  let socket: WebSocket | null = null;
  let opened: Promise<WebSocket> | null = null;
  let retryMs = 250;

  function connect(): Promise<WebSocket> {
    if (opened) return opened;
    opened = new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(wsUrl);
      ws.addEventListener('open', () => {
        socket = ws;
        retryMs = 250;
        resolve(ws);
      });
      ws.addEventListener('message', (msg: MessageEvent<string>) => {
        let data: BridgeServerMessage;
        try {
          data = JSON.parse(msg.data) as BridgeServerMessage;
        } catch {
          return;
        }
        if (data.t === 'result') {
          const call = pending.get(data.id);
          if (!call) return;
          pending.delete(data.id);
          const result: IpcResult = data.result;
          if (result.ok) call.resolve(result.value);
          else call.reject(new GuichetCallError(result.error));
        } else if (data.t === 'event') {
          for (const l of listeners.get(data.event) ?? []) l(data.payload);
        }
      });
      ws.addEventListener('close', () => {
        const wasOpen = socket === ws;
        socket = null;
        opened = null;
        for (const [, call] of pending) {
          call.reject(new GuichetCallError({ code: 'HOST_DISCONNECTED', message: 'La connexion avec Guichet a été interrompue ; nouvel essai en cours.' }));
        }
        pending.clear();
        if (!wasOpen) {
          reject(new GuichetCallError({ code: 'HOST_UNREACHABLE', message: 'Guichet ne répond pas : ce lien a peut-être expiré. Relancez « npm start » et utilisez le nouveau lien.' }));
        }
        // Reconnect quietly: the host may have been restarted with the same data.
        setTimeout(() => void connect().catch(() => undefined), retryMs);
        retryMs = Math.min(retryMs * 2, 5000);
      });
    });
    return opened;
  }

  const api: GuichetApi = {
    host: 'web',
    async invoke(channel, request) {
      const ws = socket ?? (await connect());
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        ws.send(JSON.stringify({ t: 'call', id, channel, payload: request }));
      });
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (payload: unknown) => void);
      listeners.set(event, set);
      void connect().catch(() => undefined);
      return () => set.delete(listener as (payload: unknown) => void);
    },
    async stageFiles(files, onProgress) {
      const total = files.reduce((sum, f) => sum + f.size, 0);
      let done = 0;
      const refs: FileRef[] = [];
      for (const file of files) {
        // XMLHttpRequest streams a File from disk and reports upload progress; fetch cannot do both.
        const ref = await new Promise<FileRef>((resolve, reject) => {
          const xhr = new XMLHttpRequest();
          xhr.open('POST', `/stage?token=${encodeURIComponent(token)}&name=${encodeURIComponent(file.name)}`);
          xhr.responseType = 'json';
          xhr.upload.onprogress = (e) => onProgress?.(done + e.loaded, total);
          xhr.onload = () => {
            const body = xhr.response as IpcResult | null;
            if (body && body.ok) resolve(body.value as FileRef);
            else if (body && !body.ok) reject(new GuichetCallError(body.error));
            else reject(new GuichetCallError({ code: 'FILE_REJECTED', message: `« ${file.name} » n’a pas pu être transmis à Guichet.` }));
          };
          xhr.onerror = () =>
            reject(new GuichetCallError({ code: 'FILE_REJECTED', message: `Le transfert de « ${file.name} » a été interrompu ; déposez-le à nouveau.` }));
          xhr.send(file);
        });
        done += file.size;
        onProgress?.(done, total);
        refs.push(ref);
      }
      return refs;
    },
    blobUrl(sha256, fileName) {
      return `/blob/${sha256}?token=${encodeURIComponent(token)}${fileName ? `&name=${encodeURIComponent(fileName)}` : ''}`;
    },
  };
  return api;
}
