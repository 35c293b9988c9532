import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Provider, { type Configuration } from 'oidc-provider';
import type { SimulatorClock } from '../simClock.js';
import { consentPage, loginPage } from './loginPage.js';
import { SANDBOX_PASSWORD, type DossierFacileStore } from './store.js';

/**
 * The simulator's identity provider: a real OpenID provider (oidc-provider) dressed as DossierFacile's
 * Keycloak realm (docs/providers/dossierfacile.md#oauth, #tokens). Discovery, authorization, token,
 * certs, logout, userinfo and revocation live at Keycloak's paths under `/auth/realms/dossier-facile`;
 * access tokens are JWTs shaped like Keycloak's: a user token carries `azp` and `scope` but no
 * `client_id`, a service token (client credentials) carries `client_id`.
 */

export const REALM_PATH = '/auth/realms/dossier-facile';
const LOGIN_ACTIONS = `${REALM_PATH}/login-actions/`;

export interface RealmLifetimes {
  /** Seconds of simulated time (dev realm: 300 / 1800 / 60). */
  accessToken: number;
  refreshTokenIdle: number;
  authorizationCode: number;
}

export const devRealmLifetimes: Readonly<RealmLifetimes> = Object.freeze({ accessToken: 300, refreshTokenIdle: 1800, authorizationCode: 60 });

export interface PartnerClient {
  clientId: string;
  clientSecret: string;
  /** Shown on the consent page. */
  name: string;
  redirectUris: string[];
}

export interface IdpOptions {
  origin: string;
  /** The resource the partner API's tokens are issued for (its `aud`). */
  apiResource: string;
  client: PartnerClient;
  store: DossierFacileStore;
  clock: SimulatorClock;
  lifetimes: RealmLifetimes;
  /** Refresh tokens rotate (each refresh returns a new one and consumes the old). */
  rotateRefreshTokens: boolean;
}

export interface Idp {
  provider: Provider;
  publicKey: KeyObject;
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Destroys every consent the tenant gave: its refresh tokens die and the next login asks consent again. */
  revokeGrants(tenantId: number): Promise<void>;
}

/** Real seconds a simulated lifetime lasts (oidc-provider counts in wall-clock seconds). */
function scaledSeconds(clock: SimulatorClock, seconds: number): number {
  return Math.max(1, Math.round(clock.duration(seconds * 1000) / 1000));
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 64 * 1024) throw new Error('form too large');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

export function createIdp(opts: IdpOptions): Idp {
  const { store, clock, client, lifetimes } = opts;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signingJwk = { ...privateKey.export({ format: 'jwk' }), kid: 'sandbox-rs256', alg: 'RS256', use: 'sig' };
  const accessTtl = (): number => scaledSeconds(clock, lifetimes.accessToken);

  const configuration: Configuration = {
    clients: [
      {
        client_id: client.clientId,
        client_secret: client.clientSecret,
        client_name: client.name,
        // native: a loopback redirect URI matches whatever its port (RFC 8252 §7.3).
        application_type: 'native',
        redirect_uris: client.redirectUris,
        grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
        scope: 'openid email profile dfc dfc-documents',
      },
    ],
    jwks: { keys: [signingJwk as never] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    scopes: ['openid', 'email', 'profile', 'dfc', 'dfc-documents'],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['given_name', 'family_name', 'preferred_username'] },
    routes: {
      authorization: '/protocol/openid-connect/auth',
      token: '/protocol/openid-connect/token',
      jwks: '/protocol/openid-connect/certs',
      end_session: '/protocol/openid-connect/logout',
      userinfo: '/protocol/openid-connect/userinfo',
      revocation: '/protocol/openid-connect/revoke',
      introspection: '/protocol/openid-connect/token/introspect',
    },
    pkce: { required: () => true },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `${LOGIN_ACTIONS}${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      revocation: { enabled: true },
      introspection: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => opts.apiResource,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx: unknown, resource: string) => {
          if (resource !== opts.apiResource) throw new Error('unknown resource');
          return { scope: 'dfc dfc-documents', accessTokenTTL: accessTtl(), accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } };
        },
      },
    },
    // Keycloak hands a refresh token with every code, without offline_access, living the idle time.
    issueRefreshToken: async (_ctx: unknown, c: { grantTypeAllowed(type: string): boolean }) => c.grantTypeAllowed('refresh_token'),
    expiresWithSession: async () => false,
    rotateRefreshToken: () => opts.rotateRefreshTokens,
    ttl: {
      AccessToken: () => accessTtl(),
      ClientCredentials: () => accessTtl(),
      AuthorizationCode: () => scaledSeconds(clock, lifetimes.authorizationCode),
      RefreshToken: () => scaledSeconds(clock, lifetimes.refreshTokenIdle),
      IdToken: () => accessTtl(),
      Interaction: () => 3600,
      Session: () => 36_000,
      Grant: () => 36_000,
    },
    findAccount: (_ctx: unknown, sub: string) => {
      const tenant = store.tenants.get(Number(sub));
      if (!tenant || tenant.deletedAt !== undefined) return undefined;
      return {
        accountId: sub,
        claims: () => ({ sub, email: tenant.email, email_verified: true, given_name: tenant.firstName, family_name: tenant.lastName }),
      };
    },
    formats: {
      customizers: {
        jwt: (_ctx: unknown, token: { kind: string; clientId: string }, jwt: { payload: unknown }) => {
          const payload = jwt.payload as Record<string, unknown>;
          payload['azp'] = token.clientId;
          payload['typ'] = 'Bearer';
          if (token.kind === 'AccessToken') {
            // Keycloak's user tokens carry no client_id: the API tells them from service tokens by it.
            delete payload['client_id'];
            const tenant = store.tenants.get(Number((token as { accountId?: string }).accountId));
            if (tenant) payload['email'] = tenant.email;
          }
          return jwt;
        },
      },
    },
    renderError: (ctx: { type: string; body: string }, out: Record<string, unknown>) => {
      ctx.type = 'html';
      ctx.body = `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Erreur · DossierFacile (simulateur)</title></head><body><main><h1>Une erreur est survenue</h1><p>${String(out['error'] ?? '').replace(/[<>&"']/g, '')}</p></main></body></html>`;
    },
  };

  const provider = new Provider(`${opts.origin}${REALM_PATH}`, configuration);
  provider.proxy = false;
  const callback = provider.callback();

  async function interaction(req: IncomingMessage, res: ServerResponse, rest: string): Promise<void> {
    const details = await provider.interactionDetails(req, res);
    const [uid, action] = rest.split('/');
    if (uid !== details.uid) {
      sendHtml(res, 400, '<!doctype html><html lang="fr"><body><p>Session de connexion inconnue.</p></body></html>');
      return;
    }
    const base = `${LOGIN_ACTIONS}${details.uid}`;
    const loginHint = typeof details.params['login_hint'] === 'string' ? details.params['login_hint'] : undefined;
    if (req.method === 'GET' && action === undefined) {
      if (details.prompt.name === 'login') {
        sendHtml(res, 200, loginPage({ action: `${base}/login`, loginHint, clientName: client.name, failed: false }));
      } else {
        const tenant = store.tenants.get(Number(details.session?.accountId));
        sendHtml(res, 200, consentPage({ action: `${base}/consent`, clientName: client.name, email: tenant?.email ?? '' }));
      }
      return;
    }
    if (req.method === 'POST' && action === 'login') {
      const form = await readForm(req);
      const tenant = store.byEmail(form.get('email') ?? '');
      if (!tenant || form.get('password') !== SANDBOX_PASSWORD) {
        sendHtml(res, 200, loginPage({ action: `${base}/login`, loginHint: form.get('email') ?? loginHint, clientName: client.name, failed: true }));
        return;
      }
      await provider.interactionFinished(req, res, { login: { accountId: String(tenant.id) } }, { mergeWithLastSubmission: false });
      return;
    }
    if (req.method === 'POST' && action === 'consent') {
      const form = await readForm(req);
      if (form.get('decision') !== 'accept') {
        await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'Le locataire a refusé le partage.' }, { mergeWithLastSubmission: false });
        return;
      }
      const accountId = details.session!.accountId;
      const grant = details.grantId ? await provider.Grant.find(details.grantId) : new provider.Grant({ accountId, clientId: client.clientId });
      const prompt = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> };
      if (prompt.missingOIDCScope) grant!.addOIDCScope(prompt.missingOIDCScope.join(' '));
      if (prompt.missingOIDCClaims) grant!.addOIDCClaims(prompt.missingOIDCClaims);
      for (const [resource, scopes] of Object.entries(prompt.missingResourceScopes ?? {})) grant!.addResourceScope(resource, scopes.join(' '));
      const grantId = await grant!.save();
      store.tenants.get(Number(accountId))?.grantIds.push(grantId);
      await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
      return;
    }
    sendHtml(res, 404, '<!doctype html><html lang="fr"><body><p>Page inconnue.</p></body></html>');
  }

  return {
    provider,
    publicKey,
    async handle(req, res) {
      const url = req.url ?? '/';
      if (url.startsWith(LOGIN_ACTIONS)) {
        await interaction(req, res, url.slice(LOGIN_ACTIONS.length).split('?')[0]!);
        return;
      }
      // oidc-provider serves paths relative to where it is mounted: it finds the mount point in originalUrl.
      const mounted = req as IncomingMessage & { originalUrl?: string };
      mounted.originalUrl = url;
      req.url = url.slice(REALM_PATH.length) || '/';
      await callback(req, res);
    },
    async revokeGrants(tenantId) {
      const tenant = store.tenants.get(tenantId);
      if (!tenant) return;
      for (const id of tenant.grantIds.splice(0)) {
        const grant = await provider.Grant.find(id);
        await grant?.destroy();
      }
    },
  };
}

