import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fr } from '../../../renderer/i18n/fr.js';
import { en } from '../../../renderer/i18n/en.js';

const rendererDir = fileURLToPath(new URL('../../../renderer/', import.meta.url));

function flatten(tree: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree as Record<string, unknown>)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1] ?? '').sort();
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

const frKeys = flatten(fr);
const enKeys = flatten(en);

describe('interface languages', () => {
  it('fr and en have exactly the same keys', () => {
    const missingInEn = [...frKeys.keys()].filter((k) => !enKeys.has(k));
    const extraInEn = [...enKeys.keys()].filter((k) => !frKeys.has(k));
    expect(missingInEn).toEqual([]);
    expect(extraInEn).toEqual([]);
  });

  it('no message is empty', () => {
    const empty = [...frKeys, ...enKeys].filter(([, v]) => v.trim() === '').map(([k]) => k);
    expect(empty).toEqual([]);
  });

  it('each message uses the same {{placeholders}} in both languages', () => {
    const mismatched = [...frKeys]
      .filter(([key, text]) => placeholders(text).join() !== placeholders(enKeys.get(key) ?? '').join())
      .map(([key]) => key);
    expect(mismatched).toEqual([]);
  });

  it('every plural has its "other" form', () => {
    const orphans = [...frKeys.keys()].filter((k) => k.endsWith('_one') && !frKeys.has(k.replace(/_one$/, '_other')));
    expect(orphans).toEqual([]);
  });

  it('every literal key passed to t() exists', () => {
    const pluralBases = new Set([...frKeys.keys()].filter((k) => /_(one|other)$/.test(k)).map((k) => k.replace(/_(one|other)$/, '')));
    const unknown: string[] = [];
    for (const file of sourceFiles(rendererDir)) {
      const source = readFileSync(file, 'utf8');
      for (const match of source.matchAll(/\bt\(\s*'([^']+)'/g)) {
        const key = match[1] ?? '';
        if (!frKeys.has(key) && !pluralBases.has(key)) unknown.push(`${relative(rendererDir, file)}: ${key}`);
      }
    }
    expect(unknown).toEqual([]);
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
