import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolvePreseedPath } from '../../../main/core/settings/preseed.js';
import { createSettingsService, type SettingsBackend } from '../../../main/core/settings/settingsService.js';
import { parseSettingsPatch, patchKeys } from '../../../main/core/settings/patchSchema.js';
import { defaultSettings, settingsPatchSchema } from '../../../shared/domain/settings.js';
import { clerkMessage, thrownBy } from '../../support/clerkText.js';

/** The same `.store` accessor as conf/electron-store, kept in memory. */
function memoryBackend(initial: unknown = {}): SettingsBackend & { writes: number } {
  let value = structuredClone(initial);
  return {
    writes: 0,
    get store() {
      return structuredClone(value);
    },
    set store(next: unknown) {
      this.writes += 1;
      value = structuredClone(next);
    },
  };
}

describe('resolvePreseedPath', () => {
  it('prefers --config over GUICHET_CONFIG, in both spellings', () => {
    expect(resolvePreseedPath(['--config', 'a.json'], { GUICHET_CONFIG: 'b.json' })).toBe(resolve('a.json'));
    expect(resolvePreseedPath(['app.js', '--config=/etc/guichet.json'], {})).toBe('/etc/guichet.json');
    expect(resolvePreseedPath([], { GUICHET_CONFIG: ' /srv/g.json ' })).toBe('/srv/g.json');
    expect(resolvePreseedPath(['--verbose'], {})).toBeNull();
    expect(resolvePreseedPath([], { GUICHET_CONFIG: '' })).toBeNull();
  });

  it('refuses --config without a path', () => {
    for (const argv of [['--config'], ['--config', '--verbose'], ['--config=']]) {
      const error = thrownBy(() => resolvePreseedPath(argv, {}));
      expect(clerkMessage(error)).toMatch(/--config doit être suivie/);
      expect(clerkMessage(error, 'en')).toMatch(/--config option must be followed/);
    }
  });
});

describe('settings service', () => {
  it('returns copies: mutating a result does not change the settings', () => {
    const service = createSettingsService(memoryBackend());
    const s = service.get();
    s.providers.parapheur.concurrency = 8;
    expect(service.get()).toEqual(defaultSettings);
  });

  it('clears an optional field given as undefined, and resets a defaulted one', () => {
    const service = createSettingsService(memoryBackend());
    service.update({ providers: { parapheur: { environment: 'custom', customBaseUrl: 'https://fast.example.fr/api/' } } });
    const cleared = service.update({ providers: { parapheur: { customBaseUrl: undefined } } });
    expect(cleared.providers.parapheur).toEqual({ ...defaultSettings.providers.parapheur, environment: 'custom' });
  });

  it('reports every invalid field of one update', () => {
    const service = createSettingsService(memoryBackend());
    const error = thrownBy(() => service.update({ theme: 'pink' as never, providers: { parapheur: { customBaseUrl: 'ftp://x' } } }));
    expect(error).toMatchObject({
      code: 'INVALID_INPUT',
      details: { issues: [{ path: 'theme', key: 'app:validation.oneOf' }, { path: 'providers.parapheur.customBaseUrl', key: 'app:validation.httpsRequired' }] },
    });
    expect(clerkMessage(error)).toMatch(/^Réglages invalides : theme — doit être l’une des valeurs : system, light, dark ; providers\.parapheur\.customBaseUrl — doit commencer par https:\/\//);
    expect(clerkMessage(error, 'en')).toMatch(/^Invalid settings: theme — must be one of: system, light, dark ; providers\.parapheur\.customBaseUrl — must start with https:\/\//);
  });

  it('takes provider URLs in https only, plain http only towards this computer (simulators)', () => {
    const service = createSettingsService(memoryBackend());
    for (const url of ['http://parapheur.ma-collectivite.fr/ws/', 'http://10.0.0.5/ws/', 'http://127.0.0.1.evil.example/ws/']) {
      const error = thrownBy(() => service.update({ providers: { parapheur: { environment: 'custom', customBaseUrl: url } } }));
      expect(clerkMessage(error)).toMatch(/customBaseUrl — doit commencer par https:\/\//);
    }
    expect(service.get().providers.parapheur.customBaseUrl).toBeUndefined();
    for (const url of ['https://parapheur.ma-collectivite.fr/ws/', 'http://127.0.0.1:8443/ws/', 'http://localhost:9000/', 'http://[::1]:9000/']) {
      expect(service.update({ providers: { parapheur: { environment: 'custom', customBaseUrl: url } } }).providers.parapheur.customBaseUrl).toBe(url);
    }
  });

  it('drops a stored plain-http custom URL to a remote host when reading the settings file', () => {
    const backend = memoryBackend({ providers: { parapheur: { environment: 'custom', customBaseUrl: 'http://parapheur.ma-collectivite.fr/ws/' } } });
    expect(createSettingsService(backend).get().providers.parapheur.customBaseUrl).toBeUndefined();
  });

  it('refuses a pre-seed that does not validate once merged', () => {
    expect(() =>
      createSettingsService(memoryBackend(), { preseed: { providers: { parapheur: { siren: 'x' } } } }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG' }));
  });
});

describe('settings patch parsing', () => {
  it('does not fill the fields a patch leaves out (unlike the shared schema in zod 4)', () => {
    const parsed = parseSettingsPatch({ providers: { parapheur: { concurrency: 5 } } });
    expect(parsed).toEqual({ success: true, data: { providers: { parapheur: { concurrency: 5 } } } });
    expect(parseSettingsPatch({})).toEqual({ success: true, data: {} });
  });

  it('accepts exactly the keys of the shared patch schema', () => {
    expect(patchKeys.topLevel.sort()).toEqual(Object.keys(settingsPatchSchema.shape).sort());
    const providersShape = settingsPatchSchema.shape.providers.unwrap().shape;
    expect(Object.keys(patchKeys.providers).sort()).toEqual(Object.keys(providersShape).sort());
    for (const [provider, schema] of Object.entries(providersShape)) {
      expect([...(patchKeys.providers[provider] ?? [])].sort()).toEqual(Object.keys(schema.unwrap().shape).sort());
    }
  });

  it('keeps the other fields when a provider field is updated', () => {
    const service = createSettingsService(memoryBackend());
    service.update({ theme: 'dark', providers: { parapheur: { environment: 'preprod', lateAfterDays: 9 } } });
    const next = service.update({ providers: { parapheur: { concurrency: 5 } } });
    expect(next.theme).toBe('dark');
    expect(next.providers.parapheur).toMatchObject({ environment: 'preprod', lateAfterDays: 9, concurrency: 5 });
  });
});
