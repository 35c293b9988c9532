import Conf from 'conf';
import type { SettingsBackend } from './settingsService.js';

/**
 * Settings file for plain-Node hosts (web host, tests): `<dir>/settings.json`. The Electron
 * build passes an electron-store instance, which has the same `.store` accessor.
 */
export function createConfBackend(dir: string): SettingsBackend {
  const conf = new Conf<Record<string, unknown>>({
    cwd: dir,
    configName: 'settings',
    // A hand-damaged file must not stop the application: it starts again from defaults,
    // which the settings service would fall back to anyway.
    clearInvalidConfig: true,
    // Preferences name the clerk's providers and service: readable by the clerk's account only.
    configFileMode: 0o600,
  });
  return {
    get store(): unknown {
      return conf.store;
    },
    set store(value: unknown) {
      conf.store = value as Record<string, unknown>;
    },
  };
}
