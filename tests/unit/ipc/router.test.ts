import { describe, expect, it } from 'vitest';
import { createIpcRouter } from '../../../main/core/ipc/router.js';
import { createEventBus } from '../../../main/core/ipc/eventBus.js';
import { GuichetError } from '../../../shared/ipc/errors.js';
import { defaultSettings } from '../../../shared/domain/settings.js';

const own = { isTopFrame: true, url: 'app://guichet/index.html' };
const trusted = (url: string) => url.startsWith('app://guichet/');

function router() {
  return createIpcRouter(
    { isTrustedOrigin: trusted },
    {
      'settings.get': () => defaultSettings,
      'secrets.set': ({ key }) => {
        if (key === 'parapheur.caBundle') throw new GuichetError('VAULT_UNAVAILABLE', { key: 'app:hostErrors.vault.unreadableFile', params: { file: 'secrets.json' } });
        return { ok: true as const };
      },
      'journal.list': () => [{ id: 'not-a-number' }] as never,
      'secrets.clear': () => {
        throw new Error('boom at /home/agent/secret/path');
      },
    },
  );
}

describe('IPC router', () => {
  it('answers a known channel from the app’s own top frame', async () => {
    const result = await router().dispatch('settings.get', {}, own);
    expect(result).toEqual({ ok: true, value: defaultSettings });
  });

  it('rejects an unknown channel', async () => {
    const result = await router().dispatch('fs.readFile', { path: '/etc/passwd' }, own);
    expect(result).toMatchObject({ ok: false, error: { code: 'IPC_UNKNOWN_CHANNEL' } });
  });

  it('rejects a payload that does not match the schema, naming the field', async () => {
    const result = await router().dispatch('secrets.set', { key: 'parapheur.certificatePassword', value: 42 }, own);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('IPC_INVALID_PAYLOAD');
    expect(JSON.stringify(result.error.details)).toContain('value');
  });

  it('rejects a secret key that is not in the contract', async () => {
    const result = await router().dispatch('secrets.set', { key: 'anything', value: 'x' }, own);
    expect(result).toMatchObject({ ok: false, error: { code: 'IPC_INVALID_PAYLOAD' } });
  });

  it('rejects a foreign sender: a sub-frame, or a page from another origin', async () => {
    const r = router();
    await expect(r.dispatch('settings.get', {}, { isTopFrame: false, url: 'app://guichet/index.html' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'IPC_FORBIDDEN_SENDER' },
    });
    await expect(r.dispatch('settings.get', {}, { isTopFrame: true, url: 'https://evil.example/' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'IPC_FORBIDDEN_SENDER' },
    });
    // Even an unknown channel from a foreign sender gets the sender refusal, not a channel list.
    await expect(r.dispatch('nope', {}, { isTopFrame: true, url: 'file:///x' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'IPC_FORBIDDEN_SENDER' },
    });
  });

  it('passes a GuichetError through as {code, key, params}, no sentence, without stack', async () => {
    const result = await router().dispatch('secrets.set', { key: 'parapheur.caBundle', value: 'x' }, own);
    expect(result).toEqual({ ok: false, error: { code: 'VAULT_UNAVAILABLE', key: 'app:hostErrors.vault.unreadableFile', params: { file: 'secrets.json' } } });
  });

  it('hides unexpected errors behind a generic French message', async () => {
    const result = await router().dispatch('secrets.clear', { key: 'parapheur.caBundle' }, own);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('INTERNAL');
    expect(JSON.stringify(result.error)).not.toContain('/home/agent');
  });

  it('refuses to send a response that breaks the contract', async () => {
    const result = await router().dispatch('journal.list', {}, own);
    expect(result).toMatchObject({ ok: false, error: { code: 'IPC_INVALID_RESPONSE' } });
  });

  it('reports a channel of the contract that no handler serves', async () => {
    const result = await router().dispatch('app.info', {}, own);
    expect(result).toMatchObject({ ok: false, error: { code: 'IPC_UNKNOWN_CHANNEL' } });
  });
});

describe('event bus', () => {
  it('delivers contract-valid events and drops invalid ones', () => {
    const invalid: string[] = [];
    const bus = createEventBus((e) => invalid.push(e));
    const seen: unknown[] = [];
    bus.subscribe((event, payload) => seen.push([event, payload]));
    bus.emit('network.status', { online: false });
    bus.emit('network.status', { online: 'maybe' } as never);
    expect(seen).toEqual([['network.status', { online: false }]]);
    expect(invalid).toEqual(['network.status']);
  });
});
