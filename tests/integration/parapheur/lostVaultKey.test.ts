import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Guichet } from '../../../main/composition.js';
import { call, startTestGuichet, tempDir } from './guichetHarness.js';

const dirs: string[] = [];
let running: Guichet | null = null;
afterEach(async () => {
  await running?.stop();
  running = null;
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('a lost vault key', () => {
  it('is said clearly, the clerk’s secrets read as missing, and the Sandbox works again by itself', async () => {
    const dataDir = tempDir('guichet-lostkey-');
    dirs.push(dataDir);
    running = await startTestGuichet(dataDir);
    // The simulator's identity is imported on first use; the clerk also saved an ID360 password.
    expect((await call(running, 'providers.testConnection', { provider: 'parapheur' })).ok).toBe(true);
    await call(running, 'secrets.set', { key: 'parapheur.caBundle', value: 'mot-de-passe-id360' });
    expect(await call(running, 'secrets.status', {})).toMatchObject({ 'parapheur.sandboxCertificate': true, 'parapheur.caBundle': true });
    expect(await call(running, 'secrets.unreadable', {})).toBeNull();
    await running.stop();
    running = null;

    fs.rmSync(path.join(dataDir, 'vault.key'));
    running = await startTestGuichet(dataDir);

    // Said, with a code the window turns into French, and only for what the clerk must type again.
    const notice = await call(running, 'secrets.unreadable', {});
    expect(notice).toMatchObject({ code: 'VAULT_SECRETS_UNREADABLE', keys: ['parapheur.caBundle'] });
    expect((await call(running, 'secrets.status', {}))['parapheur.caBundle']).toBe(false);
    // The Sandbox re-imports its test certificate by itself and connects again.
    expect((await call(running, 'providers.testConnection', { provider: 'parapheur' })).ok).toBe(true);
    expect((await call(running, 'secrets.status', {}))['parapheur.sandboxCertificate']).toBe(true);
    // The unreadable file is kept aside, and the journal says what happened.
    expect(fs.readdirSync(dataDir).some((name) => /^secrets\.aes-256-gcm-file\.json\.unreadable-/.test(name))).toBe(true);
    const journal = await call(running, 'journal.list', { limit: 50 });
    expect(journal.some((entry) => entry.action === 'secrets.unreadable')).toBe(true);

    await call(running, 'secrets.set', { key: 'parapheur.caBundle', value: 'ressaisi' });
    expect(await call(running, 'secrets.unreadable', {})).toBeNull();
  });
});
