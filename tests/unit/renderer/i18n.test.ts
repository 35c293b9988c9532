import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fr } from '../../../renderer/i18n/fr.js';
import { en } from '../../../renderer/i18n/en.js';
import { appNamespace, loadLanguage } from '../../../renderer/i18n/index.js';
import { registeredNamespaces } from '../../../renderer/i18n/namespaceText.js';
import { clerkMessage, clerkText } from '../../support/clerkText.js';

const rootDir = fileURLToPath(new URL('../../../', import.meta.url));
const rendererDir = join(rootDir, 'renderer');

// Every feature's catalogue registers itself through renderer/i18n/namespaceText.ts: load them all.
for (const feature of readdirSync(join(rendererDir, 'features'))) {
  const entry = join(rendererDir, 'features', feature, 'i18n', 'index.ts');
  if (existsSync(entry)) await import(entry);
}
// English is loaded on demand in the app: every catalogue, both languages.
await loadLanguage('en');

function flatten(tree: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree as Record<string, unknown>)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

/** `{{name}}` and `{{name, format}}` both name the value `name`. */
function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*(\w+)\s*(?:,[^}]*)?\}\}/g)].map((m) => m[1] ?? '').sort();
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...sourceFiles(full));
    else if (/\.tsx?$/.test(name)) out.push(full);
  }
  return out;
}

const catalogues = new Map<string, { fr: Map<string, string>; en: Map<string, string> }>([
  [appNamespace, { fr: flatten(fr), en: flatten(en) }],
  ...[...registeredNamespaces].map(([ns, c]) => [ns, { fr: flatten(c.fr ?? {}), en: flatten(c.en ?? {}) }] as const),
]);
const frKeys = catalogues.get(appNamespace)!.fr;

function pluralBases(keys: Map<string, string>): Set<string> {
  return new Set([...keys.keys()].filter((k) => /_(one|other)$/.test(k)).map((k) => k.replace(/_(one|other)$/, '')));
}

/** Whether `ns:path` (or a plural base of it) is in the French catalogue of its namespace. */
function knownKey(key: string): boolean {
  const [ns, path] = key.split(':') as [string, string];
  const keys = catalogues.get(ns)?.fr;
  return keys !== undefined && (keys.has(path) || pluralBases(keys).has(path));
}

describe('interface languages', () => {
  it('every feature with a catalogue registered it (parapheur, id360 and dossierfacile among them)', () => {
    expect([...catalogues.keys()]).toEqual(expect.arrayContaining([appNamespace, 'parapheur', 'id360', 'dossierfacile']));
  });

  for (const [ns, { fr: frOf, en: enOf }] of catalogues) {
    describe(`namespace ${ns}`, () => {
      it('fr and en have exactly the same keys', () => {
        expect([...frOf.keys()].filter((k) => !enOf.has(k))).toEqual([]);
        expect([...enOf.keys()].filter((k) => !frOf.has(k))).toEqual([]);
      });

      it('no message is empty', () => {
        expect([...frOf, ...enOf].filter(([, v]) => v.trim() === '').map(([k]) => k)).toEqual([]);
      });

      it('each message uses the same {{placeholders}} in both languages', () => {
        const mismatched = [...frOf]
          .filter(([key, text]) => placeholders(text).join() !== placeholders(enOf.get(key) ?? '').join())
          .map(([key]) => key);
        expect(mismatched).toEqual([]);
      });

      it('every plural has its "other" form', () => {
        expect([...frOf.keys()].filter((k) => k.endsWith('_one') && !frOf.has(k.replace(/_one$/, '_other')))).toEqual([]);
      });
    });
  }

  it('every literal key passed to t() exists', () => {
    const bases = pluralBases(frKeys);
    const unknown: string[] = [];
    for (const file of sourceFiles(rendererDir)) {
      const source = readFileSync(file, 'utf8');
      for (const match of source.matchAll(/\bt\(\s*'([^']+)'/g)) {
        const key = match[1] ?? '';
        const known = key.includes(':') ? knownKey(key) : frKeys.has(key) || bases.has(key);
        if (!known) unknown.push(`${relative(rendererDir, file)}: ${key}`);
      }
    }
    expect(unknown).toEqual([]);
  });

  it('every catalogue key main, the preload and the bridge can send exists, in both languages', () => {
    const namespaces = [...catalogues.keys()].join('|');
    const keyLiteral = new RegExp(`['\`]((?:${namespaces}):[A-Za-z0-9_.]+)['\`]`, 'g');
    const sent = new Map<string, string>();
    for (const dir of ['main', 'shared', 'preload', 'renderer/bridge']) {
      for (const file of sourceFiles(join(rootDir, dir))) {
        for (const match of readFileSync(file, 'utf8').matchAll(keyLiteral)) sent.set(match[1] ?? '', relative(rootDir, file));
      }
    }
    expect(sent.size).toBeGreaterThan(50);
    const missing = [...sent].filter(([key]) => {
      const [ns, path] = key.split(':') as [string, string];
      const c = catalogues.get(ns);
      return !(c?.fr.has(path) || pluralBases(c?.fr ?? new Map()).has(path)) || !(c?.en.has(path) || pluralBases(c?.en ?? new Map()).has(path));
    });
    expect(missing.map(([key, file]) => `${file}: ${key}`)).toEqual([]);
  });

  it('formats main’s plain values in the clerk’s language: sizes and dates', () => {
    const tooLarge = { key: 'app:hostErrors.files.tooLarge', params: { name: 'a.pdf', limit: 2 * 1024 ** 3 } };
    expect(clerkText(tooLarge, 'fr')).toBe('« a.pdf » dépasse la taille maximale (2 Go).');
    expect(clerkText(tooLarge, 'en')).toBe('“a.pdf” exceeds the maximum size (2 GB).');
    const expired = { key: 'app:hostErrors.certificate.expired', params: { date: '2023-03-12T10:00:00.000Z' } };
    expect(clerkText(expired, 'fr')).toMatch(/expiré le 12\/03\/2023\./);
    expect(clerkText(expired, 'en')).toMatch(/expired on 12\/03\/2023\./);
  });

  it('words journal summaries and validation issues main stores as keys, in the clerk’s language', () => {
    const finished = { key: 'id360:journal.finished', params: { reference: 'D-42', status: 'OK' } };
    expect(clerkText(finished, 'fr')).toBe('Vérification d’identité D-42 terminée : Identité vérifiée');
    expect(clerkText(finished, 'en')).toBe('Identity check D-42 finished: Identity verified');
    const tooMany = { key: 'app:hostErrors.zip.tooManyEntriesCounted', params: { entries: 10_001, max: 10_000 } };
    expect(clerkText(tooMany, 'en')).toBe('The archive is refused: it contains too many files (10,001); at most 10,000 are accepted.');
    const invalid = { code: 'INVALID_INPUT', key: 'app:hostErrors.settings.invalid', params: { count: 2 }, details: { issues: [{ path: '', key: 'app:validation.unknownKeys', params: { keys: 'colour' } }, { path: 'theme', key: 'app:validation.oneOf', params: { values: 'system, light, dark' } }] } };
    expect(clerkMessage(invalid, 'en')).toBe('Invalid settings: all settings — unknown setting(s): colour ; theme — must be one of: system, light, dark');
    expect(clerkMessage(invalid, 'fr')).toBe('Réglages invalides : ensemble des réglages — réglage(s) inconnu(s) : colour ; theme — doit être l’une des valeurs : system, light, dark');
  });

  it('shows the generic sentence, never the key, for a key no catalogue has', () => {
    expect(clerkText({ key: 'app:hostErrors.noSuchEntry' }, 'en')).toBe(clerkText({ key: 'app:hostErrors.unexpected' }, 'en'));
  });

  it('components carry no hard-coded visible text (everything goes through t())', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(rendererDir).filter((f) => f.endsWith('.tsx'))) {
      const source = readFileSync(file, 'utf8');
      // Text between a JSX tag's end and the next tag/expression: `<p>Bonjour</p>` but not `<p>{t('…')}</p>`.
      for (const match of source.matchAll(/>([^<>{}()=;&|]*[A-Za-zÀ-ÿ]{2,}[^<>{}()=;&|]*)</g)) {
        const text = (match[1] ?? '').trim();
        if (text !== '') offenders.push(`${relative(rendererDir, file)}: ${text}`);
      }
      // Visible attributes given as string literals.
      for (const match of source.matchAll(/\b(aria-label|title|placeholder|alt)="([^"]*[A-Za-zÀ-ÿ][^"]*)"/g)) {
        offenders.push(`${relative(rendererDir, file)}: ${match[1]}="${match[2]}"`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
