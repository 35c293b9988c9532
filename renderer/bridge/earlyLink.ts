/**
 * The web host's first exchanges, started before the application's script is even compiled.
 *
 * index.html loads this small classic script (built on its own by main/build/build.mjs) ahead of the
 * application's module. While the browser compiles the application, it trades the printed link's
 * one-time code for the session cookie, opens the bridge's WebSocket and asks the host for what the
 * first screen needs (initialChannels). The WebSocket bridge (webSocketBridge.ts) then takes the
 * socket and those answers over instead of starting each step only once its own code has run.
 *
 * Under Electron the preload's `window.guichet` is the bridge: this script does nothing there.
 */
import { earlyLinkGlobal, initialChannels, tradeLinkCode, type EarlyLink } from './earlyLinkTypes.js';
import type { BridgeServerMessage } from '../../shared/ipc/webBridge.js';
import type { IpcResult } from '../../shared/ipc/contract.js';

function start(): EarlyLink {
  const session = tradeLinkCode();
  const buffered: BridgeServerMessage[] = [];
  const answers = new Map<number, (result: IpcResult | null) => void>();
  const calls = new Map<string, Promise<IpcResult | null>>();
  let onMessage: ((message: BridgeServerMessage) => void) | null = null;

  const socket = session.then((s) => {
    // A refused or failed trade: the bridge finds out why and says so (webSocketBridge.ts).
    if (s.traded && !(s.status >= 200 && s.status < 300)) return null;
    return new Promise<WebSocket | null>((resolve) => {
      const ws = new WebSocket(`${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/bridge`);
      ws.addEventListener('open', () => {
        initialChannels.forEach((channel, index) => {
          const id = index + 1;
          ws.send(JSON.stringify({ t: 'call', id, channel, payload: {} }));
        });
        resolve(ws);
      });
      ws.addEventListener('message', (event: MessageEvent<string>) => {
        let message: BridgeServerMessage;
        try {
          message = JSON.parse(event.data) as BridgeServerMessage;
        } catch {
          return;
        }
        const answer = message.t === 'result' ? answers.get(message.id) : undefined;
        if (message.t === 'result' && answer) {
          answers.delete(message.id);
          answer(message.result);
        } else if (onMessage) onMessage(message);
        else buffered.push(message);
      });
      ws.addEventListener('close', () => {
        for (const answer of answers.values()) answer(null);
        answers.clear();
        resolve(null);
      });
    });
  });

  initialChannels.forEach((channel, index) => {
    calls.set(
      channel,
      new Promise<IpcResult | null>((resolve) => {
        answers.set(index + 1, resolve);
        // No socket: the bridge asks again itself.
        void socket.then((ws) => {
          if (!ws) resolve(null);
        });
      }),
    );
  });

  return {
    session,
    socket,
    firstCallIds: initialChannels.length,
    takeAnswer(channel) {
      const answer = calls.get(channel);
      calls.delete(channel);
      return answer ?? null;
    },
    adopt(listener) {
      onMessage = listener;
      for (const message of buffered.splice(0)) listener(message);
    },
  };
}

if (!window.guichet && (window.location.protocol === 'http:' || window.location.protocol === 'https:')) {
  (window as unknown as Record<string, EarlyLink>)[earlyLinkGlobal] = start();
}
