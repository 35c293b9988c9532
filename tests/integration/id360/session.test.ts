import { afterEach, describe, expect, it } from 'vitest';
import { MINUTE, OPENING_PROCESS, enrollmentInput, failure, startId360Harness, type Id360Harness } from './id360Harness.js';

let h: Id360Harness;
afterEach(async () => {
  await h?.stop();
});

const routeCount = (route: string): number => h.sim.control.requests().filter((r) => r.route === route).length;

describe('ID360 session: one token for the whole app', () => {
  it('twenty concurrent calls on a token expired by time share exactly one login', async () => {
    h = await startId360Harness();
    const created = await h.api.createEnrollment(OPENING_PROCESS, enrollmentInput());
    expect(h.sim.control.logins()).toBe(1);
    await h.clock.advance(16 * MINUTE);

    const results = await Promise.all(Array.from({ length: 20 }, () => h.api.getEnrollment(created.id)));

    expect(results.every((r) => r.id === created.id && r.status === 'NEW')).toBe(true);
    expect(h.sim.control.logins()).toBe(2);
  });

  it('twenty concurrent calls refused with 401 (token ended on the server side) share one re-login and replay once each', async () => {
    h = await startId360Harness();
    const created = await h.api.createEnrollment(OPENING_PROCESS, enrollmentInput());
    h.sim.control.revokeTokens();

    const results = await Promise.all(Array.from({ length: 20 }, () => h.api.getEnrollment(created.id)));

    expect(results.every((r) => r.id === created.id)).toBe(true);
    expect(h.sim.control.logins()).toBe(2);
    const reads = h.sim.control.requests().filter((r) => r.route === 'enrollment');
    expect(reads.filter((r) => r.status === 401)).toHaveLength(20);
    expect(reads.filter((r) => r.status === 200)).toHaveLength(20);
  });

  it('a 401 on the replay is an error, not a loop', async () => {
    h = await startId360Harness();
    await h.api.whoami();
    h.sim.control.unauthorizedStorm(2);

    const refused = await failure(h.api.whoami());

    expect(refused.code).toBe('ID360_UNAUTHORIZED');
    expect(h.sim.control.logins()).toBe(2);
    expect(routeCount('whoami')).toBe(3);
  });

  it('keeps the token alive with whoami every 13 idle minutes, and needs no new login afterwards', async () => {
    h = await startId360Harness();
    h.session.start();
    await h.api.whoami();
    const startedAt = h.clock.now();

    await h.clock.advance(60 * MINUTE);

    const keepAlives = h.sim.control.requests().filter((r) => r.route === 'whoami').slice(1);
    expect(keepAlives.map((r) => (r.at - startedAt) / MINUTE)).toEqual([13, 26, 39, 52]);
    expect(keepAlives.every((r) => r.status === 200)).toBe(true);
    await h.api.getEnrollment((await h.api.createEnrollment(OPENING_PROCESS, enrollmentInput())).id);
    expect(h.sim.control.logins()).toBe(1);
  });

  it('activity postpones the keep-alive: calls every 10 minutes need none', async () => {
    h = await startId360Harness();
    h.session.start();
    for (let i = 0; i < 6; i++) {
      await h.api.whoami();
      await h.clock.advance(10 * MINUTE);
    }
    expect(routeCount('whoami')).toBe(6);
  });

  it('over an 8-hour day, logs in once plus once per genuine expiry', async () => {
    h = await startId360Harness();
    h.session.start();
    const dayStart = h.clock.now();
    const expiries = [Math.round(2.5 * 60), 6 * 60];
    // The clerk works in bursts with long idle gaps; the keep-alive bridges the gaps.
    const activity = [0, 3, 4, 20, 75, 76, 140, 151, 200, 290, 300, 361, 362, 420, 479];
    let minute = 0;
    for (const at of [...new Set([...activity, ...expiries])].sort((a, b) => a - b)) {
      await h.clock.advance((at - minute) * MINUTE);
      minute = at;
      if (expiries.includes(at)) h.sim.control.revokeTokens();
      if (activity.includes(at)) await h.api.whoami();
    }
    await h.clock.advance((8 * 60 - minute) * MINUTE);
    await h.session.settled();

    expect(h.clock.now() - dayStart).toBe(8 * 60 * MINUTE);
    expect(h.sim.control.logins()).toBe(1 + expiries.length);
    expect(h.sim.control.loginAttempts()).toBe(1 + expiries.length);
  });

  it('bad credentials: one login attempt, the coded refusal for every caller, and no request afterwards', async () => {
    h = await startId360Harness({ credentials: { password: 'mauvais-mot-de-passe' } });

    const concurrent = await Promise.all(Array.from({ length: 5 }, () => failure(h.api.whoami())));
    const later = await failure(h.api.createEnrollment(OPENING_PROCESS, enrollmentInput()));

    for (const f of [...concurrent, later]) expect(f.code).toBe('ID360_CREDENTIALS_REFUSED');
    expect(h.sim.control.loginAttempts()).toBe(1);
    expect(h.sim.control.requests()).toHaveLength(1);
    expect(h.session.state()).toBe('refused');

    h.session.reset();
    expect(h.session.state()).toBe('signed-out');
  });

  it('a failed login (ID360 down) defers the next one instead of hammering the login', async () => {
    h = await startId360Harness();
    h.sim.faults.update({ forcedStatus: 503, onlyPaths: /user\/login/, times: 1 });

    expect((await failure(h.api.whoami())).code).toBe('ID360_UNAVAILABLE');
    const deferred = await failure(h.api.whoami());
    expect(deferred.code).toBe('ID360_LOGIN_DEFERRED');
    expect(deferred.params['retryInMs']).toBeGreaterThan(0);
    expect(routeCount('login')).toBe(1);

    await h.clock.advance(deferred.params['retryInMs'] as number);
    await h.api.whoami();
    expect(routeCount('login')).toBe(2);
    expect(h.sim.control.logins()).toBe(1);
  });
});
