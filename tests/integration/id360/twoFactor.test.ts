import { afterEach, describe, expect, it } from 'vitest';
import { call } from '../parapheur/guichetHarness.js';
import '../../../renderer/features/id360/i18n/index.js';
import { OPENING_PROCESS } from './id360Harness.js';
import { startCustomBed, type CustomBed } from './customBed.js';

/**
 * A *user* account logs in with a one-time 2FA code (docs/providers/id360.md#session). Guichet stores
 * no code: without one it sends no login at all and asks the clerk; the code given is used for one
 * login; a refused code stops the logins until the clerk gives another.
 */

let bed: CustomBed | null = null;
afterEach(async () => {
  await bed?.stop();
  bed = null;
});

async function userBed(): Promise<CustomBed> {
  const b = await startCustomBed();
  await call(b.guichet, 'settings.update', { providers: { id360: { username: b.sim.userAccount.username, accountKind: 'user' } } });
  await call(b.guichet, 'secrets.set', { key: 'id360.password', value: b.sim.userAccount.password });
  return b;
}

describe('ID360 user account with its 2FA code', () => {
  it('asks for the code instead of logging in, logs in once with it, and never keeps it', async () => {
    bed = await userBed();
    const g = bed.guichet;
    const create = () => call(g, 'id360.enrollments.create', { processUuid: OPENING_PROCESS, clientReference: 'DOSSIER-2FA', person: {}, lock: [] });

    // No code yet: no login request at all, the clerk is asked.
    await expect(create()).rejects.toMatchObject({ code: 'ID360_TWO_FACTOR_REQUIRED', message: expect.stringContaining('code de vérification') as unknown });
    await bed.pass();
    expect(bed.sim.control.loginAttempts()).toBe(0);
    expect(await call(g, 'id360.session.state', {})).toEqual({ twoFactorNeeded: true });

    // A wrong code: one refused login, then none until another code is given.
    await expect(call(g, 'id360.session.twoFactor', { code: '000000' })).rejects.toMatchObject({ code: 'ID360_CREDENTIALS_REFUSED' });
    await bed.pass();
    await expect(create()).rejects.toMatchObject({ code: 'ID360_CREDENTIALS_REFUSED' });
    expect(bed.sim.control.loginAttempts()).toBe(1);

    // The right code: one login, then the work goes on with that token.
    await call(g, 'id360.session.twoFactor', { code: bed.sim.userAccount.twoFactorCode });
    expect(bed.sim.control.logins()).toBe(1);
    expect(await call(g, 'id360.session.state', {})).toEqual({ twoFactorNeeded: false });
    const { row } = await create();
    expect(row.status).toBe('NEW');
    expect(bed.sim.control.loginAttempts()).toBe(2);

    // The token dies (a genuine expiry): the used code is not replayed, the clerk is asked again.
    bed.sim.control.revokeTokens();
    await expect(call(g, 'id360.enrollments.journeyLink', { localId: row.localId })).resolves.toBeDefined(); // no ID360 call
    await expect(call(g, 'id360.enrollments.discontinue', { localId: row.localId })).rejects.toMatchObject({ code: 'ID360_TWO_FACTOR_REQUIRED' });
    expect(bed.sim.control.loginAttempts()).toBe(2);
    expect(await call(g, 'id360.session.state', {})).toEqual({ twoFactorNeeded: true });
  });

  it('an application account logs in without any code', async () => {
    bed = await startCustomBed();
    expect(await call(bed.guichet, 'id360.session.state', {})).toEqual({ twoFactorNeeded: false });
    await call(bed.guichet, 'id360.enrollments.create', { processUuid: OPENING_PROCESS, clientReference: 'DOSSIER-APP', person: {}, lock: [] });
    expect(bed.sim.control.logins()).toBe(1);
  });
});
