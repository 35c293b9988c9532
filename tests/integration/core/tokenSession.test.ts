import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { GuichetError, isGuichetError } from '../../../shared/ipc/errors.js';
import { createTokenSession, loginDeferredCode, type TokenSession } from '../../../main/core/http/tokenSession.js';
import { FakeClock, MINUTE } from './fakeClock.js';

/**
 * A token API in miniature over real HTTP: `POST /login` hands out a token that slides 15 minutes
 * with each call (in the fake clock's time), `GET /me` is the keep-alive, `GET /data` any other call.
 */
async function startTokenServer(clock: FakeClock, password = 'bon-mot-de-passe') {
  const tokens = new Map<string, number>();
  const requests: { route: string; status: number; at: number }[] = [];
  const faults = { refuseNextCalls: 0, failNextLogins: 0 };
  let logins = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const route = (req.url ?? '/').slice(1);
      const answer = (status: number, body: unknown) => {
        requests.push({ route, status, at: clock.now() });
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      };
      if (route === 'login') {
        if (faults.failNextLogins > 0) {
          faults.failNextLogins--;
          return answer(503, { detail: 'indisponible' });
        }
        const given = (JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { password?: string }).password;
        if (given !== password) return answer(401, { detail: 'identifiants refusés' });
        const token = randomBytes(12).toString('hex');
        tokens.set(token, clock.now());
        logins++;
        return answer(200, { token });
      }
      const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      const lastUsed = tokens.get(token);
      if (faults.refuseNextCalls > 0 || lastUsed === undefined || clock.now() - lastUsed >= 15 * MINUTE) {
        if (faults.refuseNextCalls > 0) faults.refuseNextCalls--;
        tokens.delete(token);
        return answer(401, { detail: 'jeton expiré' });
      }
      tokens.set(token, clock.now());
      return answer(200, { route });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    requests,
    faults,
    logins: () => logins,
    loginAttempts: () => requests.filter((r) => r.route === 'login').length,
    routeCount: (route: string) => requests.filter((r) => r.route === route).length,
    /** The server forgets every token (restart, revocation): the next call with one gets 401. */
    revokeTokens: () => tokens.clear(),
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
type TokenServer = Awaited<ReturnType<typeof startTokenServer>>;

/** The wire side a provider client would have: each non-2xx answer becomes a coded error with its status. */
function clientOf(server: TokenServer, password: string) {
  async function request(path: string, init: RequestInit): Promise<unknown> {
    const res = await fetch(`${server.baseUrl}/${path}`, init);
    const body = (await res.json()) as unknown;
    if (res.ok) return body;
    const details = { httpStatus: res.status };
    if (path === 'login' && res.status === 401) throw new GuichetError('TEST_CREDENTIALS_REFUSED', 'Identifiants refusés.', details);
    if (res.status === 401) throw new GuichetError('UNAUTHORIZED', 'Session expirée.', details);
    throw new GuichetError('PROVIDER_ERROR', `HTTP ${res.status}`, details);
  }
  return {
    login: async () => ((await request('login', { method: 'POST', body: JSON.stringify({ password }) })) as { token: string }).token,
    call: (route: 'me' | 'data', token: string) => request(route, { headers: { authorization: `Bearer ${token}` } }),
  };
}

const hasCode = (error: unknown, code: string) => isGuichetError(error) && error.code === code;

async function failure(promise: Promise<unknown>): Promise<GuichetError> {
  try {
    await promise;
  } catch (error) {
    if (isGuichetError(error)) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

let clock: FakeClock;
let server: TokenServer;
let session: TokenSession;

async function start(password = 'bon-mot-de-passe') {
  clock = new FakeClock();
  server = await startTokenServer(clock);
  const client = clientOf(server, password);
  session = createTokenSession({
    login: client.login,
    keepAlive: (token) => client.call('me', token),
    isUnauthorized: (error) => hasCode(error, 'UNAUTHORIZED'),
    isCredentialsRefused: (error) => hasCode(error, 'TEST_CREDENTIALS_REFUSED'),
    isProviderAnswer: (error) => isGuichetError(error) && typeof (error.details as { httpStatus?: unknown })?.httpStatus === 'number',
    clock: clock.providerClock,
    timers: clock,
  });
  return { data: () => session.run((token) => client.call('data', token)) };
}

afterEach(async () => {
  session?.stop();
  await server?.close();
});

describe('token session: one login shared by every caller', () => {
  it('twenty concurrent calls on a token expired by time share exactly one login', async () => {
    const api = await start();
    await api.data();
    expect(server.logins()).toBe(1);
    await clock.advance(16 * MINUTE);

    const results = await Promise.all(Array.from({ length: 20 }, () => api.data()));

    expect(results).toEqual(Array.from({ length: 20 }, () => ({ route: 'data' })));
    expect(server.logins()).toBe(2);
    expect(server.loginAttempts()).toBe(2);
  });

  it('twenty concurrent calls refused with 401 share one re-login, then replay once each', async () => {
    const api = await start();
    await api.data();
    server.revokeTokens();

    const results = await Promise.all(Array.from({ length: 20 }, () => api.data()));

    expect(results).toHaveLength(20);
    expect(server.logins()).toBe(2);
    const calls = server.requests.filter((r) => r.route === 'data').slice(1);
    expect(calls.filter((r) => r.status === 401)).toHaveLength(20);
    expect(calls.filter((r) => r.status === 200)).toHaveLength(20);
  });

  it('a 401 on the replay is an error, not a loop', async () => {
    const api = await start();
    await api.data();
    server.faults.refuseNextCalls = 2;

    const refused = await failure(api.data());

    expect(refused.code).toBe('UNAUTHORIZED');
    expect(server.logins()).toBe(2);
    expect(server.routeCount('data')).toBe(3);
  });

  it('keeps the token alive every 13 idle minutes, also when nothing else happens, and needs no new login afterwards', async () => {
    const api = await start();
    session.start();
    await api.data();
    const startedAt = clock.now();

    await clock.advance(60 * MINUTE);

    const keepAlives = server.requests.filter((r) => r.route === 'me');
    expect(keepAlives.map((r) => (r.at - startedAt) / MINUTE)).toEqual([13, 26, 39, 52]);
    expect(keepAlives.every((r) => r.status === 200)).toBe(true);
    await api.data();
    expect(server.logins()).toBe(1);
  });

  it('activity postpones the keep-alive: calls every 10 minutes need none', async () => {
    const api = await start();
    session.start();
    for (let i = 0; i < 6; i++) {
      await api.data();
      await clock.advance(10 * MINUTE);
    }
    expect(server.routeCount('me')).toBe(0);
    expect(server.logins()).toBe(1);
  });

  it('over an 8-hour day, logs in once plus once per genuine expiry', async () => {
    const api = await start();
    session.start();
    const dayStart = clock.now();
    const expiries = [150, 360];
    // Work in bursts with long idle gaps; the keep-alive bridges the gaps.
    const activity = [0, 3, 4, 20, 75, 76, 140, 151, 200, 290, 300, 361, 362, 420, 479];
    let minute = 0;
    for (const at of [...new Set([...activity, ...expiries])].sort((a, b) => a - b)) {
      await clock.advance((at - minute) * MINUTE);
      minute = at;
      if (expiries.includes(at)) server.revokeTokens();
      if (activity.includes(at)) await api.data();
    }
    await clock.advance((8 * 60 - minute) * MINUTE);
    await session.settled();

    expect(clock.now() - dayStart).toBe(8 * 60 * MINUTE);
    expect(server.logins()).toBe(1 + expiries.length);
    expect(server.loginAttempts()).toBe(1 + expiries.length);
  });

  it('bad credentials: one login attempt, the coded refusal for every caller, and no request afterwards', async () => {
    const api = await start('mauvais-mot-de-passe');
    session.start();

    const concurrent = await Promise.all(Array.from({ length: 5 }, () => failure(api.data())));
    const later = await failure(api.data());
    await clock.advance(60 * MINUTE);

    for (const f of [...concurrent, later]) expect(f.code).toBe('TEST_CREDENTIALS_REFUSED');
    expect(server.loginAttempts()).toBe(1);
    expect(server.requests).toHaveLength(1);
    expect(session.state()).toBe('refused');

    session.reset();
    expect(session.state()).toBe('signed-out');
  });

  it('a failed login (server down) defers the next one with a growing delay instead of hammering the login', async () => {
    const api = await start();
    server.faults.failNextLogins = 2;

    expect((await failure(api.data())).code).toBe('PROVIDER_ERROR');
    const deferred = await failure(api.data());
    expect(deferred.code).toBe(loginDeferredCode);
    const firstWait = deferred.params?.['retryInMs'] as number;
    expect(deferred.key).toBe('app:hostErrors.session.loginDeferred');
    expect(firstWait).toBeGreaterThan(0);
    expect(server.loginAttempts()).toBe(1);

    await clock.advance(firstWait);
    expect((await failure(api.data())).code).toBe('PROVIDER_ERROR');
    const secondWait = (await failure(api.data())).params?.['retryInMs'] as number;
    expect(secondWait).toBeGreaterThan(firstWait);
    expect(server.loginAttempts()).toBe(2);

    await clock.advance(secondWait);
    await api.data();
    expect(server.loginAttempts()).toBe(3);
    expect(server.logins()).toBe(1);
  });
});
