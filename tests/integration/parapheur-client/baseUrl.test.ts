import { clerkText } from '../../support/clerkText.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulatorFixture, testConnectionWith, type SimulatorFixture } from './simulatorFixture.js';

/** What a clerk or an administrator types as the server address, against the real simulator (mutual TLS). */
let fx: SimulatorFixture;
beforeAll(async () => {
  fx = await startSimulatorFixture();
});
afterAll(async () => {
  await fx.stop();
});

describe('FAST server address', () => {
  it('reaches the API from the server root, with or without slashes, and with doubled slashes', async () => {
    const origin = new URL(fx.sim.baseUrl).origin;
    for (const baseUrl of [origin, `${origin}/`, `${origin}//`, `${origin}/parapheur-ws/rest/v1`, `${origin}//parapheur-ws//rest/v1//`]) {
      const result = await testConnectionWith(fx.connection({ baseUrl }));
      expect(result, baseUrl).toMatchObject({ ok: true });
    }
    const client = fx.client({ baseUrl: `${origin}//parapheur-ws/rest/v1` });
    expect((await client.exportUsersData()).length).toBeGreaterThan(0);
  });

  it('says which address FAST is expected at when the server answers 404', async () => {
    const origin = new URL(fx.sim.baseUrl).origin;
    const result = await testConnectionWith(fx.connection({ baseUrl: `${origin}/autre-service/` }));
    expect(result).toMatchObject({ ok: false, code: 'WRONG_ADDRESS' });
    expect(clerkText(result)).toMatch(/autre-service\/parapheur-ws\/rest\/v1\//);
    expect(clerkText(result)).toMatch(/se termine par \/parapheur-ws\/rest\/v1\//);
  });
});
