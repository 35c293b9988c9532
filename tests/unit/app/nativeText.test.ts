import { describe, expect, it } from 'vitest';
import { menuTemplate, nativeLocaleOf, nativeTexts } from '../../../main/app/nativeText.js';

/** Electron's item type, as the template gives it (only main/app may import electron). */
type MenuItemConstructorOptions = ReturnType<typeof menuTemplate>[number];
import { describeStartupFailure } from '../../../main/host/startupFailure.js';
import { loadPreseedFile } from '../../../main/core/settings/preseed.js';
import { thrownBy } from '../../support/clerkText.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Every label of a menu template, depth first. */
function labels(items: readonly MenuItemConstructorOptions[]): string[] {
  return items.flatMap((item) => [
    ...(item.label ? [item.label] : []),
    ...(Array.isArray(item.submenu) ? labels(item.submenu as MenuItemConstructorOptions[]) : []),
  ]);
}

describe('the words Electron draws itself', () => {
  it('follows the interface language: the English menu has no French label', () => {
    for (const isMac of [true, false]) {
      const en = labels(menuTemplate('en', { isMac, devTools: true }));
      const fr = labels(menuTemplate('fr', { isMac, devTools: true }));
      expect(en).toHaveLength(fr.length);
      expect(en).toContain('Edit');
      expect(fr).toContain('Édition');
      expect(en.filter((label) => /[éèàùçÉ]|Fichier|Affichage|Fenêtre|Copier|Coller/.test(label))).toEqual([]);
    }
  });

  it('offers the same roles in both languages, developer tools only when asked', () => {
    const roles = (items: readonly MenuItemConstructorOptions[]): string[] =>
      items.flatMap((item) => [...(item.role ? [item.role] : []), ...(Array.isArray(item.submenu) ? roles(item.submenu as MenuItemConstructorOptions[]) : [])]);
    expect(roles(menuTemplate('en', { isMac: false, devTools: false }))).toEqual(roles(menuTemplate('fr', { isMac: false, devTools: false })));
    expect(roles(menuTemplate('en', { isMac: false, devTools: false }))).not.toContain('toggleDevTools');
    expect(roles(menuTemplate('en', { isMac: false, devTools: true }))).toContain('toggleDevTools');
  });

  it('reads the locale setting, French by default', () => {
    expect(nativeLocaleOf('en')).toBe('en');
    expect(nativeLocaleOf('en-GB')).toBe('en');
    expect(nativeLocaleOf('fr')).toBe('fr');
    expect(nativeLocaleOf(undefined)).toBe('fr');
    expect(nativeTexts.en.saveAs).toBe('Save as…');
  });
});

describe('a start-up failure', () => {
  it('names the code, the catalogue key, its values and each field with its own key: no French sentence from main', () => {
    const dir = mkdtempSync(join(tmpdir(), 'guichet-startup-'));
    try {
      const file = join(dir, 'config.json');
      writeFileSync(file, JSON.stringify({ providers: { parapheur: { siren: '12', sirn: 'x' } } }));
      const lines = describeStartupFailure(thrownBy(() => loadPreseedFile(file)));
      expect(lines[0]).toBe(`Guichet could not start: INVALID_CONFIG app:hostErrors.config.invalid ${JSON.stringify({ path: file, count: 1 })}`);
      expect(lines.slice(1)).toEqual(['  providers.parapheur.sirn: app:validation.unknownSetting']);

      writeFileSync(file, JSON.stringify({ providers: { parapheur: { siren: '12' } } }));
      expect(describeStartupFailure(thrownBy(() => loadPreseedFile(file))).slice(1)).toEqual(['  providers.parapheur.siren: app:validation.sirenDigits']);
      expect(describeStartupFailure(new Error('disk full'))).toEqual(['Guichet could not start: disk full']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
