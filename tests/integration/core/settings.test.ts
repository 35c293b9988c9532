import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createFileSettingsBackend,
  createSettingsService,
  loadPreseedFile,
} from '../../../main/core/settings/index.js';
import { defaultSettings, type Settings } from '../../../shared/domain/settings.js';
import { GuichetError } from '../../../shared/ipc/errors.js';
import { useTempDirs } from './tempDirs.js';
import { clerkMessage } from '../../support/clerkText.js';

const tempDir = useTempDirs('settings');

function thrown(fn: () => unknown): GuichetError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(GuichetError);
    return error as GuichetError;
  }
  throw new Error('expected a GuichetError');
}

describe('settings service on the JSON file backend', () => {
  it('writes the file for the clerk\'s account only and leaves no temporary file behind', () => {
    const dir = tempDir();
    createSettingsService(createFileSettingsBackend(dir)).update({ theme: 'dark' });
    expect(readdirSync(dir)).toEqual(['settings.json']);
    if (process.platform !== 'win32') expect(statSync(join(dir, 'settings.json')).mode & 0o777).toBe(0o600);
  });

  it('starts from the defaults when the stored document is not an object', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'settings.json'), '[1, 2]');
    expect(createSettingsService(createFileSettingsBackend(dir)).get()).toEqual(defaultSettings);
  });

  it('starts from the defaults', () => {
    const service = createSettingsService(createFileSettingsBackend(tempDir()));
    expect(service.get()).toEqual(defaultSettings);
  });

  it('persists an update across a new service on the same folder, merging provider objects', () => {
    const dir = tempDir();
    const changes: Settings[] = [];
    const first = createSettingsService(createFileSettingsBackend(dir), { onChange: (s) => changes.push(s) });
    first.update({ theme: 'dark', providers: { parapheur: { siren: '213105554' } } });
    const updated = first.update({ providers: { parapheur: { concurrency: 5 } } });

    expect(updated.providers.parapheur).toMatchObject({ siren: '213105554', concurrency: 5, environment: 'sandbox' });
    expect(changes).toHaveLength(2);
    expect(changes[1]).toEqual(updated);
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')).providers.parapheur.siren).toBe('213105554');

    const second = createSettingsService(createFileSettingsBackend(dir));
    expect(second.get()).toEqual(updated);
    expect(second.get().theme).toBe('dark');
  });

  it('rejects an invalid update, naming the field, and keeps the previous values', () => {
    const dir = tempDir();
    const service = createSettingsService(createFileSettingsBackend(dir));
    const error = thrown(() => service.update({ providers: { parapheur: { siren: '12345' } } }));
    expect(error.code).toBe('INVALID_INPUT');
    expect(clerkMessage(error)).toBe('Réglage invalide : providers.parapheur.siren — doit compter 9 chiffres');
    expect(clerkMessage(error, 'en')).toBe('Invalid setting: providers.parapheur.siren — must have 9 digits');

    // zod's generic checks travel as codes with their bounds, worded by the renderer.
    const bounds = thrown(() => service.update({ providers: { parapheur: { pollIntervalMinutes: 5 } } }));
    expect(clerkMessage(bounds)).toBe('Réglage invalide : providers.parapheur.pollIntervalMinutes — trop petit : au moins 30');
    expect(clerkMessage(bounds, 'en')).toBe('Invalid setting: providers.parapheur.pollIntervalMinutes — too small: at least 30');

    expect(service.get()).toEqual(defaultSettings);
    expect(createSettingsService(createFileSettingsBackend(dir)).get()).toEqual(defaultSettings);
  });

  it('falls back to the default of each damaged stored field without losing the others', () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'settings.json'),
      JSON.stringify({
        locale: 'de',
        theme: 'dark',
        providers: { parapheur: { siren: 'abc', concurrency: 4, pollIntervalMinutes: 'souvent' }, id360: 'n/a' },
      }),
    );
    const settings = createSettingsService(createFileSettingsBackend(dir)).get();
    expect(settings.locale).toBe('fr');
    expect(settings.theme).toBe('dark');
    expect(settings.providers.parapheur.concurrency).toBe(4);
    expect(settings.providers.parapheur.pollIntervalMinutes).toBe(30);
    expect(settings.providers.parapheur.siren).toBeUndefined();
    // A provider this version does not offer is left out, not kept half-read.
    expect(Object.keys(settings.providers)).toEqual(['parapheur', 'id360', 'dossierfacile']);
  });

  it('does not crash on a settings file that is not JSON', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'settings.json'), '{ cassé');
    expect(createSettingsService(createFileSettingsBackend(dir)).get()).toEqual(defaultSettings);
  });

  it('applies the administrator pre-seed on every start, over the stored values', () => {
    const dir = tempDir();
    const preseedFile = join(dir, 'guichet-config.json');
    writeFileSync(
      preseedFile,
      JSON.stringify({
        $comment: 'Mairie de Test',
        providers: { parapheur: { environment: 'production', siren: '732829320' } },
      }),
    );
    const preseed = loadPreseedFile(preseedFile);

    const first = createSettingsService(createFileSettingsBackend(dir), { preseed });
    expect(first.get().providers.parapheur).toMatchObject({ environment: 'production', siren: '732829320' });
    first.update({ theme: 'light', providers: { parapheur: { siren: '552100554', concurrency: 2 } } });

    const second = createSettingsService(createFileSettingsBackend(dir), { preseed });
    expect(second.get().theme).toBe('light');
    expect(second.get().providers.parapheur).toMatchObject({ environment: 'production', siren: '732829320', concurrency: 2 });
  });
});

describe('loadPreseedFile', () => {
  it('names the file and the field of a schema error', () => {
    const file = join(tempDir(), 'config.json');
    writeFileSync(file, JSON.stringify({ providers: { parapheur: { siren: '12' } } }));
    const error = thrown(() => loadPreseedFile(file));
    expect(error.code).toBe('INVALID_CONFIG');
    expect(clerkMessage(error)).toContain(file);
    expect(clerkMessage(error)).toContain('providers.parapheur.siren — doit compter 9 chiffres');
    expect(clerkMessage(error, 'en')).toContain('providers.parapheur.siren — must have 9 digits');
  });

  it('names a misspelt key instead of ignoring it', () => {
    const file = join(tempDir(), 'config.json');
    writeFileSync(file, JSON.stringify({ theme: 'dark', providers: { parapheur: { sirn: '213105554' }, docusign: {} } }));
    const error = thrown(() => loadPreseedFile(file));
    expect(error.code).toBe('INVALID_CONFIG');
    expect(clerkMessage(error)).toContain('providers.parapheur.sirn — réglage inconnu');
    expect(clerkMessage(error)).toContain('providers.docusign — réglage inconnu');
  });

  it('reports bad JSON and a missing file with the path', () => {
    const dir = tempDir();
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{ "theme": "dark", }');
    const badError = thrown(() => loadPreseedFile(bad));
    expect(badError.code).toBe('INVALID_CONFIG');
    expect(clerkMessage(badError)).toMatch(/n’est pas un JSON valide/);
    expect(clerkMessage(badError)).toContain(bad);

    const missing = join(dir, 'absent.json');
    const missingError = thrown(() => loadPreseedFile(missing));
    expect(missingError.code).toBe('INVALID_CONFIG');
    expect(clerkMessage(missingError)).toContain(missing);
    expect(clerkMessage(missingError)).toMatch(/introuvable/);
  });

  it('accepts a UTF-8 file with a byte-order mark', () => {
    const file = join(tempDir(), 'config.json');
    writeFileSync(file, `\uFEFF${JSON.stringify({ locale: 'en' })}`);
    expect(loadPreseedFile(file)).toEqual({ locale: 'en' });
  });
});
