import fs from 'node:fs';
import path from 'node:path';
import type { SettingsBackend } from './settingsService.js';

/**
 * Settings file for plain-Node hosts (web host, tests): `<dir>/settings.json`. The Electron build
 * passes an electron-store instance, which has the same `.store` accessor.
 *
 * A plain JSON file rather than `conf` (what electron-store wraps): the settings service validates
 * every field itself with the settings schemas, so conf's JSON-schema engine (ajv and its formats,
 * some 400 KB of code) only cost the web host's start-up. What conf gave is kept here: a file that
 * is not JSON starts again from defaults (the service would fall back to them anyway), writes are
 * atomic (a temporary file renamed over the old one, so a crash leaves the old or the new file,
 * never half of one), and the file is readable by the clerk's account only (it names the clerk's
 * providers and service).
 */
export function createFileSettingsBackend(dir: string): SettingsBackend {
  const file = path.join(dir, 'settings.json');
  let cached: unknown = readFile(file);
  return {
    get store(): unknown {
      return cached;
    },
    set store(value: unknown) {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      const temporary = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(temporary, `${JSON.stringify(value, null, '\t')}\n`, { mode: 0o600 });
      fs.renameSync(temporary, file);
      cached = value;
    },
  };
}

function readFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : {};
  } catch {
    return {};
  }
}
