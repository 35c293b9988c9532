import crypto from 'node:crypto';
import type http from 'node:http';

/**
 * How the browser proves it is the clerk's, without a credential ever sitting in a URL or a process list.
 *
 * The printed (and opened) link carries a ONE-TIME code: the browser opener's command line is readable
 * by every local account (`ps`), so what it holds must be worthless once the clerk's page has used it,
 * and soon worthless anyway. The page trades the code at once for a random session id that only
 * travels in an HttpOnly, SameSite=Strict cookie set by this host: scripts cannot read it, another
 * site cannot make the browser send it, and a reload keeps it.
 *
 * Codes are kept as hashes only. A session id is signed, not stored: `expiry.nonce.mac`, the MAC an
 * HMAC-SHA256 under a key the host keeps in its data folder (hostMemory.ts, 0600), so that a host
 * restarted on the same data folder still recognises the page it served and the page reconnects by
 * itself; a session expires after `sessionLifetimeMs` whatever happens.
 */
export interface WebSessions {
  /** A fresh one-time code for a link. */
  issueCode(): string;
  /** True while the code can still be exchanged (used to answer a stale link with a clear page). */
  isCodeUsable(code: string): boolean;
  /** Consumes the code: a session id for the cookie, or null when the code is unknown, used or expired. */
  exchange(code: string): string | null;
  /** Whether the request carries a session cookie of this run. */
  hasSession(req: http.IncomingMessage): boolean;
  /** The Set-Cookie header value for a session id. */
  cookieFor(sessionId: string): string;
}

/** A working day and then some: a page left open overnight asks for a fresh link in the morning. */
export const defaultSessionLifetimeMs = 14 * 60 * 60_000;

/** Long enough for a browser to start cold and load the page, short enough that a code read in `ps` has gone stale. */
export const defaultLaunchCodeLifetimeMs = 2 * 60_000;

function digest(text: string): string {
  return crypto.createHash('sha256').update(text).digest('base64url');
}

export function createWebSessions(options: {
  port: number;
  /** The key session ids are signed with; a random one (sessions end with the run) when absent. */
  sessionKey?: Buffer;
  codeLifetimeMs?: number;
  sessionLifetimeMs?: number;
  now?: () => number;
}): WebSessions {
  const lifetime = options.codeLifetimeMs ?? defaultLaunchCodeLifetimeMs;
  const sessionLifetime = options.sessionLifetimeMs ?? defaultSessionLifetimeMs;
  const now = options.now ?? Date.now;
  const key = options.sessionKey ?? crypto.randomBytes(32);
  /** Code digest → expiry time. */
  const codes = new Map<string, number>();
  // The port is signed too: a cookie of another Guichet host on this machine never opens this one.
  const mac = (expires: string, nonce: string) => crypto.createHmac('sha256', key).update(`${options.port}.${expires}.${nonce}`).digest('base64url');
  // Cookies are not port-scoped: the port in the name keeps two Guichet hosts on one machine
  // (a test run, a second data folder) from overwriting each other's session.
  const cookieName = `guichet-session-${options.port}`;

  const forgetExpired = () => {
    const t = now();
    for (const [code, expires] of codes) if (expires <= t) codes.delete(code);
  };

  return {
    issueCode() {
      forgetExpired();
      const code = crypto.randomBytes(18).toString('base64url');
      codes.set(digest(code), now() + lifetime);
      return code;
    },
    isCodeUsable(code) {
      const expires = codes.get(digest(code));
      return expires !== undefined && expires > now();
    },
    exchange(code) {
      const key = digest(code);
      const expires = codes.get(key);
      // Deleted whatever the outcome: a code is tried once.
      codes.delete(key);
      if (expires === undefined || expires <= now()) return null;
      const expiresAt = String(now() + sessionLifetime);
      const nonce = crypto.randomBytes(18).toString('base64url');
      return `${expiresAt}.${nonce}.${mac(expiresAt, nonce)}`;
    },
    hasSession(req) {
      const value = cookieValue(req.headers.cookie, cookieName);
      const parts = value?.split('.') ?? [];
      if (parts.length !== 3) return false;
      const [expiresAt, nonce, given] = parts as [string, string, string];
      if (!/^\d{1,15}$/.test(expiresAt) || Number(expiresAt) <= now()) return false;
      const expected = Buffer.from(mac(expiresAt, nonce));
      const received = Buffer.from(given);
      return expected.length === received.length && crypto.timingSafeEqual(expected, received);
    },
    cookieFor(sessionId) {
      // No Max-Age: the cookie lives as long as the browser session; the session's own expiry is signed in it.
      return `${cookieName}=${sessionId}; HttpOnly; SameSite=Strict; Path=/`;
    },
  };
}

function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}
