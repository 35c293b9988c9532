import type { BridgeServerMessage } from '../../shared/ipc/webBridge.js';
import type { IpcResult } from '../../shared/ipc/contract.js';

/** Where earlyLink.ts leaves its work for the WebSocket bridge. */
export const earlyLinkGlobal = '__guichetEarlyLink';

/**
 * What the first screen asks the host (hostSession.ts loadInitialData): the early link sends these
 * calls as soon as the socket is open, with ids 1…n, before the application's script has run.
 */
export const initialChannels = ['app.info', 'settings.get', 'providers.endpoints'] as const;

/** The code trade: `traded` false when the address held no code (a reload keeps its cookie). */
export interface EarlyLinkSession {
  traded: boolean;
  /** The host's HTTP status (204 once traded), 0 when it could not be reached. */
  status: number;
}

export interface EarlyLink {
  session: Promise<EarlyLinkSession>;
  /** The bridge's socket, open; null when the trade was refused or the socket closed before opening. */
  socket: Promise<WebSocket | null>;
  /** How many call ids the early link used (the bridge numbers its own calls after them). */
  firstCallIds: number;
  /** The answer to one of initialChannels, once (null: not sent or lost, ask again). */
  takeAnswer(channel: string): Promise<IpcResult | null> | null;
  /** The bridge's handler for every other message; those received so far are handed over first. */
  adopt(listener: (message: BridgeServerMessage) => void): void;
}

/**
 * Trades the printed link's one-time code for the session cookie (main/host/webSession.ts) and takes the
 * code out of the address bar at once, so that neither history nor a screenshot holds it. Nothing to
 * trade on a reload: the cookie is kept. Used by the early link, and by the bridge when it is absent.
 */
export function tradeLinkCode(): Promise<EarlyLinkSession> {
  const url = new URL(window.location.href);
  const code = url.searchParams.get('code');
  if (code === null) return Promise.resolve({ traded: false, status: 0 });
  url.searchParams.delete('code');
  window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
  return fetch('/session', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ code }),
    credentials: 'same-origin',
  }).then(
    (res) => ({ traded: true, status: res.status }),
    () => ({ traded: true, status: 0 }),
  );
}

/** The early link of this page, taken once by the bridge (absent under Electron or without the script). */
export function takeEarlyLink(): EarlyLink | null {
  const holder = window as unknown as Record<string, EarlyLink | undefined>;
  const link = holder[earlyLinkGlobal] ?? null;
  delete holder[earlyLinkGlobal];
  return link;
}
