import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import * as oidc from 'openid-client';
import { isGuichetError } from '../../../shared/ipc/errors.js';
import { dfcError, dfcErrorCodes } from './errors.js';
import { networkErrorCodes, toNetworkError } from '../../core/http/networkErrors.js';

/**
 * Connecting a tenant at the counter (docs/providers/dossierfacile.md#oauth): authorization code
 * with PKCE S256, `state` and `nonce` through openid-client, and a one-shot listener on 127.0.0.1
 * with an ephemeral port as RFC 8252 asks of native apps. Exactly one callback is taken on its path;
 * the tenant's browser gets a short French page holding no token; the listener never outlives the
 * attempt, whatever its outcome.
 */

export interface RealmConnection {
  /** `…/auth` (préproduction) or the production SSO base: the realm is `SSO/realms/dossier-facile`. */
  ssoBaseUrl: string;
  clientId: string;
  /** Present when DossierFacile issued a confidential client. */
  clientSecret?: string | undefined;
}

/** OIDC discovery on the realm; plain HTTP is allowed only towards this machine (the simulator). */
export async function discoverRealm(conn: RealmConnection): Promise<oidc.Configuration> {
  const issuer = new URL(`${conn.ssoBaseUrl.replace(/\/+$/, '')}/realms/dossier-facile`);
  const loopback = issuer.protocol === 'http:' && (issuer.hostname === '127.0.0.1' || issuer.hostname === 'localhost');
  try {
    return await oidc.discovery(issuer, conn.clientId, conn.clientSecret, conn.clientSecret ? oidc.ClientSecretBasic(conn.clientSecret) : oidc.None(), loopback ? { execute: [oidc.allowInsecureRequests] } : undefined);
  } catch (e) {
    // The sign-in server could not be reached at all (network cut, server down): said as such, so the
    // page says « DossierFacile injoignable » rather than an error of the sign-in itself.
    const network = toNetworkError(e, { baseURL: conn.ssoBaseUrl });
    if (network && reachFailures.has(network.code)) throw network;
    throw dfcError(dfcErrorCodes.ssoError, 'dossierfacile:errors.ssoUnexpected', { error: oauthErrorOf(e) ?? 'discovery' });
  }
}

const reachFailures = new Set<string>([networkErrorCodes.offline, networkErrorCodes.unreachable, networkErrorCodes.timeout, networkErrorCodes.connectionDropped]);

export type ConnectStep = 'browser-opened' | 'waiting-consent' | 'connected';

export interface ConnectTenantOptions {
  realm: oidc.Configuration;
  /** The app's allow-listed opener of the system browser. */
  openExternal(url: string): unknown;
  /** Pre-fills the tenant's e-mail on DossierFacile's login page (never trusted to bind the tenant). */
  loginHint?: string;
  /** Default `openid dfc` (docs/providers/dossierfacile.md#oauth: `dfc` must reach the token). */
  scope?: string;
  /** Path of the redirect URI registered with DossierFacile (default `/dossierfacile/callback`). */
  callbackPath?: string;
  /** How long the tenant has to log in and consent (default 5 minutes). */
  timeoutMs?: number;
  signal?: AbortSignal;
  onStep?(step: ConnectStep, info: { redirectUri: string }): void;
  /** Told once the listener is bound (tests check where it listens). */
  onListening?(address: AddressInfo): void;
}

export interface TenantTokenSet {
  accessToken: string;
  /** Seconds, as the token reply says. */
  expiresIn: number;
  refreshToken: string | undefined;
  /** Keycloak's `refresh_expires_in`, when sent. */
  refreshExpiresIn: number | undefined;
  scope: string;
  /** Identity in the ID token (nonce checked): `sub`, and `email` when given. */
  subject: string;
  email: string | undefined;
}

const pageHead = '<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">';

function answerPage(res: ServerResponse, ok: boolean): Promise<void> {
  const title = ok ? 'Connexion réussie' : 'Connexion interrompue';
  const text = ok
    ? 'Votre DossierFacile est bien relié au guichet. Vous pouvez fermer cette fenêtre.'
    : "La connexion n'a pas abouti. Vous pouvez fermer cette fenêtre et revenir vers l'agent d'accueil.";
  const html = `${pageHead}<title>${title}</title></head><body><main><h1>${title}</h1><p>${text}</p></main></body></html>`;
  return new Promise((resolve) => {
    res.writeHead(ok ? 200 : 400, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'content-security-policy': "default-src 'none'",
      connection: 'close',
    });
    res.end(html, () => resolve());
  });
}

function oauthErrorOf(e: unknown): string | undefined {
  const error = (e as { error?: unknown } | null)?.error;
  return typeof error === 'string' ? error : undefined;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function claimsOf(jwt: string): Record<string, unknown> {
  try {
    return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** The scope an access token really carries: the reply's `scope`, else the JWT's claim. */
export function grantedScope(accessToken: string, replyScope: string | undefined): string {
  const fromToken = claimsOf(accessToken)['scope'];
  return replyScope ?? (typeof fromToken === 'string' ? fromToken : '');
}

export function tokenSetFrom(reply: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers, fallback?: { refreshToken?: string | undefined }): Omit<TenantTokenSet, 'subject' | 'email'> {
  const refreshExpiresIn = (reply as { refresh_expires_in?: unknown }).refresh_expires_in;
  return {
    accessToken: reply.access_token,
    expiresIn: reply.expires_in ?? 60,
    refreshToken: reply.refresh_token ?? fallback?.refreshToken,
    refreshExpiresIn: typeof refreshExpiresIn === 'number' ? refreshExpiresIn : undefined,
    scope: grantedScope(reply.access_token, reply.scope),
  };
}

/** Runs one connection attempt end to end; resolves with the tenant's tokens or rejects with a coded error. */
export async function connectTenant(opts: ConnectTenantOptions): Promise<TenantTokenSet> {
  const callbackPath = opts.callbackPath ?? '/dossierfacile/callback';
  const timeoutMs = opts.timeoutMs ?? 5 * 60_000;
  const verifier = oidc.randomPKCECodeVerifier();
  const challenge = await oidc.calculatePKCECodeChallenge(verifier);
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();

  let deliver: (v: { url: URL; res: ServerResponse }) => void = () => undefined;
  const callback = new Promise<{ url: URL; res: ServerResponse }>((resolve) => (deliver = resolve));
  let taken = false;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (taken || req.method !== 'GET' || url.pathname !== callbackPath) {
      // Anything else (a favicon, a second hit) is not the callback and changes nothing.
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
      res.end('Introuvable');
      return;
    }
    taken = true;
    deliver({ url, res });
  });
  const closeListener = (): Promise<void> =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const redirectUri = `http://127.0.0.1:${address.port}${callbackPath}`;
  opts.onListening?.(address);

  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  let pendingRes: ServerResponse | undefined;
  try {
    const authorizationUrl = oidc.buildAuthorizationUrl(opts.realm, {
      redirect_uri: redirectUri,
      scope: opts.scope ?? 'openid dfc',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state,
      nonce,
      ...(opts.loginHint ? { login_hint: opts.loginHint } : {}),
    });
    const stopped = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(dfcError(dfcErrorCodes.timedOut, 'dossierfacile:errors.timedOut', { timeoutMs })), timeoutMs);
      onAbort = () => reject(dfcError(dfcErrorCodes.cancelled, 'dossierfacile:errors.connectionCancelled'));
      if (opts.signal?.aborted) onAbort();
      opts.signal?.addEventListener('abort', onAbort, { once: true });
    });
    // Not awaited to the end: an opener may resolve only once the page has left (a test's browser), and
    // the callback must be answered first. A failure to open still ends the attempt.
    const opened = Promise.resolve()
      // electronegativity-reviewed: OPEN_EXTERNAL_JS_CHECK — not Electron's shell: the app injects its allow-listed opener, and the URL is the realm's discovered authorization endpoint.
      .then(() => opts.openExternal(authorizationUrl.href))
      .then(() => new Promise<never>(() => undefined));
    opts.onStep?.('browser-opened', { redirectUri });
    opts.onStep?.('waiting-consent', { redirectUri });
    const { url, res } = await Promise.race([callback, stopped, opened]);
    pendingRes = res;
    const tokens = await exchange(opts.realm, url, { verifier, state, nonce }, redirectUri);
    await answerPage(res, true);
    pendingRes = undefined;
    opts.onStep?.('connected', { redirectUri });
    return tokens;
  } catch (e) {
    if (pendingRes) await answerPage(pendingRes, false);
    throw e;
  } finally {
    clearTimeout(timer);
    if (onAbort) opts.signal?.removeEventListener('abort', onAbort);
    await closeListener();
  }
}

async function exchange(realm: oidc.Configuration, url: URL, checks: { verifier: string; state: string; nonce: string }, redirectUri: string): Promise<TenantTokenSet> {
  const params = url.searchParams;
  const error = params.get('error');
  const returnedState = params.get('state') ?? '';
  if (!sameText(returnedState, checks.state)) {
    throw dfcError(dfcErrorCodes.stateMismatch, 'dossierfacile:errors.stateMismatch');
  }
  if (error === 'access_denied') throw dfcError(dfcErrorCodes.consentDenied, 'dossierfacile:errors.consentDenied');
  if (error) throw dfcError(dfcErrorCodes.authorizationError, 'dossierfacile:errors.authorizationError', { error });
  const current = new URL(redirectUri);
  current.search = url.search;
  let reply;
  try {
    reply = await oidc.authorizationCodeGrant(realm, current, { pkceCodeVerifier: checks.verifier, expectedState: checks.state, expectedNonce: checks.nonce, idTokenExpected: true });
  } catch (e) {
    if (isGuichetError(e)) throw e;
    const code = oauthErrorOf(e);
    if (code === 'invalid_grant') throw dfcError(dfcErrorCodes.codeRejected, 'dossierfacile:errors.codeRejected');
    throw dfcError(dfcErrorCodes.ssoError, 'dossierfacile:errors.ssoRefused', { error: code ?? 'unexpected' });
  }
  const set = tokenSetFrom(reply);
  if (!set.scope.split(' ').includes('dfc')) throw dfcError(dfcErrorCodes.scopeMissing, 'dossierfacile:errors.scopeMissing', { scope: set.scope });
  const claims = reply.claims();
  return { ...set, subject: String(claims?.sub ?? ''), email: typeof claims?.['email'] === 'string' ? claims['email'] : undefined };
}
