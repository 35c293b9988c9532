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
 * Only hashes are kept, so a memory dump of the host does not hold a usable code or session.
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

/** Long enough for a browser to start cold and load the page, short enough that a code read in `ps` has gone stale. */
export const defaultLaunchCodeLifetimeMs = 2 * 60_000;

function digest(text: string): string {
  return crypto.createHash('sha256').update(text).digest('base64url');
}

export function createWebSessions(options: { port: number; codeLifetimeMs?: number; now?: () => number }): WebSessions {
  const lifetime = options.codeLifetimeMs ?? defaultLaunchCodeLifetimeMs;
  const now = options.now ?? Date.now;
  /** Code digest → expiry time. */
  const codes = new Map<string, number>();
  const sessions = new Set<string>();
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
      const sessionId = crypto.randomBytes(32).toString('base64url');
      sessions.add(digest(sessionId));
      return sessionId;
    },
    hasSession(req) {
      const value = cookieValue(req.headers.cookie, cookieName);
      return value !== null && sessions.has(digest(value));
    },
    cookieFor(sessionId) {
      // No Max-Age: the cookie lives as long as the browser session, and the session as long as this run.
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
