import type { GuichetApi, IpcResult, FileRef } from '../../shared/ipc/contract.js';
import type { BridgeServerMessage } from '../../shared/ipc/webBridge.js';
import { GuichetCallError } from './callError.js';
import { takeEarlyLink, tradeLinkCode, type EarlyLink, type EarlyLinkSession } from './earlyLinkTypes.js';

const linkRefused = () =>
  new GuichetCallError({
    code: 'HOST_LINK_REFUSED',
    key: 'app:bridge.linkRefused',
  });
const hostUnreachable = () =>
  new GuichetCallError({ code: 'HOST_UNREACHABLE', key: 'app:bridge.unreachable' });

/**
 * The link printed by Guichet carries a one-time code (main/host/webSession.ts). The page trades it at
 * once for this run's session cookie (HttpOnly: no script ever sees it) and takes it out of the address
 * bar, so that neither history nor a screenshot holds it. A reload has no code and keeps the cookie.
 * The early link (earlyLink.ts) has usually done it already, while this script was still compiling.
 */
function openSession(early: EarlyLink | null): Promise<void> {
  return (early ? early.session : tradeLinkCode()).then(sessionOutcome);
}

/** A refused code (410) and a host that could not be reached read differently to the clerk. */
function sessionOutcome(session: EarlyLinkSession): void {
  if (!session.traded || (session.status >= 200 && session.status < 300)) return;
  throw session.status === 410 ? linkRefused() : hostUnreachable();
}

/** After a refused bridge: a session this host does not know (stale link, restarted host) or no host at all. */
async function whyRefused(): Promise<GuichetCallError> {
  try {
    const res = await fetch('/session', { credentials: 'same-origin', cache: 'no-store' });
    return res.status === 401 ? linkRefused() : hostUnreachable();
  } catch {
    return hostUnreachable();
  }
}

function isEmptyRequest(request: unknown): boolean {
  return typeof request === 'object' && request !== null && Object.keys(request).length === 0;
}

/** The longest wait between two attempts to reach a host that went away: it is back within that. */
const maxRetryMs = 2000;

/**
 * window.guichet for the browser: the same contract over the web host's WebSocket. `onLink` hears at
 * once when the host goes away (the socket closes) and when it is back, so the page can say so while
 * keeping what it shows.
 */
export function createWebSocketBridge(onLink: (link: 'linked' | 'lost' | 'refused') => void = () => undefined): GuichetApi {
  const early = takeEarlyLink();
  const session = openSession(early);
  // Handled by the first connection that awaits it.
  session.catch(() => undefined);
  const wsUrl = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/bridge`;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let nextId = (early?.firstCallIds ?? 0) + 1;
  let socket: WebSocket | null = null;
  let opened: Promise<WebSocket> | null = null;
  let retryMs = 250;

  function connect(): Promise<WebSocket> {
    if (opened) return opened;
    opened = session.then(
      () => (earlySocket ? adoptEarlySocket(earlySocket) : open()),
      (error: unknown) => {
        opened = null;
        throw error;
      },
    );
    return opened;
  }

  /** The early link's socket, once: a later connection (after a lost host) opens its own. */
  let earlySocket = early?.socket ?? null;
  async function adoptEarlySocket(pendingSocket: Promise<WebSocket | null>): Promise<WebSocket> {
    earlySocket = null;
    const ws = await pendingSocket;
    if (!ws || ws.readyState !== WebSocket.OPEN) return open();
    early!.adopt(receive);
    return new Promise<WebSocket>((resolve, reject) => {
      watchClose(ws, reject);
      linked(ws);
      resolve(ws);
    });
  }

  function linked(ws: WebSocket) {
    socket = ws;
    retryMs = 250;
    onLink('linked');
  }

  function receive(data: BridgeServerMessage) {
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
  }

  function watchClose(ws: WebSocket, reject: (error: unknown) => void) {
    ws.addEventListener('close', () => {
      const wasOpen = socket === ws;
      socket = null;
      opened = null;
      for (const [, call] of pending) {
        call.reject(new GuichetCallError({ code: 'HOST_DISCONNECTED', key: 'app:bridge.disconnected' }));
      }
      pending.clear();
      if (wasOpen) onLink('lost');
      else
        void whyRefused().then((error) => {
          onLink(error.code === 'HOST_LINK_REFUSED' ? 'refused' : 'lost');
          reject(error);
        });
      // Reconnect by itself: a host restarted on the same data folder listens at the same address and
      // still knows this page's session (main/host/hostMemory.ts).
      setTimeout(() => void connect().catch(() => undefined), retryMs);
      retryMs = Math.min(retryMs * 2, maxRetryMs);
    });
  }

  function open(): Promise<WebSocket> {
    return new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(wsUrl);
      ws.addEventListener('open', () => {
        linked(ws);
        resolve(ws);
      });
      ws.addEventListener('message', (msg: MessageEvent<string>) => {
        let data: BridgeServerMessage;
        try {
          data = JSON.parse(msg.data) as BridgeServerMessage;
        } catch {
          return;
        }
        receive(data);
      });
      watchClose(ws, reject);
    });
  }

  const api: GuichetApi = {
    host: 'web',
    async invoke(channel, request) {
      // The first screen's questions, asked by the early link before this script ran.
      const asked = early && isEmptyRequest(request) ? early.takeAnswer(channel) : null;
      const answer = asked ? await asked : null;
      if (answer) {
        if (answer.ok) return answer.value as never;
        throw new GuichetCallError(answer.error);
      }
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
          xhr.open('POST', `/stage?name=${encodeURIComponent(file.name)}`);
          xhr.responseType = 'json';
          xhr.upload.onprogress = (e) => onProgress?.(done + e.loaded, total);
          xhr.onload = () => {
            const body = xhr.response as IpcResult | null;
            if (body && body.ok) resolve(body.value as FileRef);
            else if (body && !body.ok) reject(new GuichetCallError(body.error));
            else reject(new GuichetCallError({ code: 'FILE_REJECTED', key: 'app:bridge.stageFailed', params: { name: file.name } }));
          };
          xhr.onerror = () =>
            reject(new GuichetCallError({ code: 'FILE_REJECTED', key: 'app:hostErrors.files.transferInterrupted', params: { name: file.name } }));
          xhr.send(file);
        });
        done += file.size;
        onProgress?.(done, total);
        refs.push(ref);
      }
      return refs;
    },
    blobUrl(sha256, fileName) {
      return `/blob/${sha256}${fileName ? `?name=${encodeURIComponent(fileName)}` : ''}`;
    },
  };
  return api;
}
