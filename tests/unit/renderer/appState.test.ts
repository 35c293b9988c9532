import { describe, expect, it } from 'vitest';
import { GuichetError } from '../../../shared/ipc/errors.js';
import { readHostIssues, readIpcFailure } from '../../../renderer/app/ipcFailure.js';
import { appendToast, toastLifetimeMs, type Toast } from '../../../renderer/app/store/toastStore.js';
import { isOnline } from '../../../renderer/app/store/networkStore.js';
import { simulatedProviders } from '../../../renderer/app/store/endpointsStore.js';
import { defaultSettings } from '../../../shared/domain/settings.js';
import { sectionIds } from '../../../renderer/app/sections.js';

describe('app state rules', () => {
  it('lists the sections in the agreed navigation order', () => {
    expect(sectionIds).toEqual(['parapheur', 'id360', 'dossierfacile', 'archive', 'journal', 'reglages']);
  });

  it('shows the host French message as is, and never a raw JS error', () => {
    const fromHost = readIpcFailure(new GuichetError('OFFLINE', 'Pas de connexion : réessayez plus tard.', { retry: true }));
    expect(fromHost).toEqual({ code: 'OFFLINE', message: 'Pas de connexion : réessayez plus tard.', details: { retry: true } });

    expect(readIpcFailure(new TypeError('Failed to fetch')).message).toBeNull();
    expect(readIpcFailure('boom')).toEqual({ code: 'INTERNAL', message: null, details: undefined });
  });

  it('reads validation issues whatever the path spelling', () => {
    expect(
      readHostIssues({
        issues: [
          { path: 'providers.parapheur.siren', message: 'a' },
          { path: ['providers', 'id360', 'username'], message: 'b' },
          { path: 'x' },
          'nonsense',
        ],
      }),
    ).toEqual([
      { path: 'providers.parapheur.siren', message: 'a' },
      { path: 'providers.id360.username', message: 'b' },
    ]);
    expect(readHostIssues(undefined)).toEqual([]);
  });

  it('keeps the latest toasts; only errors stay until closed (a refusal is kept by its row and the journal)', () => {
    let list: Toast[] = [];
    for (let id = 1; id <= 6; id++) list = appendToast(list, { id, level: 'info', title: `t${id}` }, 4);
    expect(list.map((t) => t.id)).toEqual([3, 4, 5, 6]);
    expect(toastLifetimeMs('success')).toBeGreaterThan(0);
    expect(toastLifetimeMs('error')).toBeNull();
    expect(toastLifetimeMs('warning')).toBeGreaterThan(toastLifetimeMs('success')!);
  });

  it('is offline as soon as the page or main says so', () => {
    expect(isOnline({ browserOnline: true, hostOnline: null })).toBe(true);
    expect(isOnline({ browserOnline: true, hostOnline: true })).toBe(true);
    expect(isOnline({ browserOnline: false, hostOnline: true })).toBe(false);
    expect(isOnline({ browserOnline: true, hostOnline: false })).toBe(false);
  });

  it('enters Sandbox mode when any provider is simulated', () => {
    expect(simulatedProviders(defaultSettings)).toContain('parapheur');
    const preprod = { ...defaultSettings, providers: { ...defaultSettings.providers, parapheur: { ...defaultSettings.providers.parapheur, environment: 'preprod' as const } } };
    expect(simulatedProviders(preprod)).not.toContain('parapheur');
    expect(simulatedProviders(null)).toEqual([]);
  });
});
