import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { readCaBundle } from '../http/caBundle.js';
import type { SettingsPatch } from '../../../shared/domain/settings.js';
import { GuichetError } from '../../../shared/ipc/errors.js';
import { parseSettingsPatch, patchKeys } from './patchSchema.js';
import { toSettingIssues, type SettingIssue } from './settingsIssues.js';

export { resolvePreseedPath } from './preseedPath.js';

/**
 * Reads and validates the administrator's settings file. It is read once at start-up (a few
 * hundred bytes), so a synchronous read keeps start-up ordering simple.
 */
export function loadPreseedFile(path: string): SettingsPatch {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new GuichetError('INVALID_CONFIG', {
      key: code === 'ENOENT' ? 'app:hostErrors.config.notFound' : 'app:hostErrors.config.unreadable',
      params: { path, code: code ?? null },
      details: { path, code },
    });
  }

  let raw: unknown;
  try {
    // Notepad on Windows saves UTF-8 with a byte-order mark, which JSON.parse refuses.
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    // JSON.parse's own words (position of the fault) are English whatever the locale: a detail, not the sentence.
    throw new GuichetError('INVALID_CONFIG', { key: 'app:hostErrors.config.notJson', params: { path }, details: { path, cause: (error as Error).message } });
  }

  withCaBundleRead(raw, path);
  const unknown = unknownKeys(raw);
  if (unknown.length > 0) {
    throw invalidConfig(
      path,
      unknown.map((key) => ({ path: key, key: 'app:validation.unknownSetting' })),
    );
  }

  const parsed = parseSettingsPatch(raw);
  if (!parsed.success) throw invalidConfig(path, toSettingIssues(parsed.error));
  return parsed.data;
}

/**
 * `providers.parapheur.caBundleFile`: the path of the FAST server's certificate authority (relative
 * to the configuration file), read now and kept as the `caBundle` setting, so that Guichet never
 * depends on a file an administrator may move later. A PEM inside a JSON string is easy to break.
 */
function withCaBundleRead(raw: unknown, configPath: string): void {
  if (!isRecord(raw) || !isRecord(raw.providers) || !isRecord(raw.providers.parapheur)) return;
  const parapheur = raw.providers.parapheur;
  if (!('caBundleFile' in parapheur)) {
    // Given inline: each certificate is read now, so that a broken one is reported at start-up.
    if (typeof parapheur.caBundle === 'string' && parapheur.caBundle.includes('-----BEGIN CERTIFICATE-----')) {
      try {
        parapheur.caBundle = readCaBundle(parapheur.caBundle).pem;
      } catch {
        throw invalidConfig(configPath, [{ path: 'providers.parapheur.caBundle', key: 'app:validation.caBundleUnreadable' }]);
      }
    }
    return;
  }
  const file = parapheur.caBundleFile;
  delete parapheur.caBundleFile;
  const key = 'providers.parapheur.caBundleFile';
  if (typeof file !== 'string' || file.trim() === '') {
    throw invalidConfig(configPath, [{ path: key, key: 'app:validation.caBundleFilePath' }]);
  }
  if (parapheur.caBundle !== undefined) {
    throw invalidConfig(configPath, [{ path: key, key: 'app:validation.caBundleBoth' }]);
  }
  const caPath = resolve(dirname(configPath), file.trim());
  let data: Buffer;
  try {
    data = readFileSync(caPath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw invalidConfig(configPath, [
      code === 'ENOENT'
        ? { path: key, key: 'app:validation.caFileNotFound', params: { file: caPath } }
        : { path: key, key: 'app:validation.caFileUnreadable', params: { file: caPath, code: code ?? null } },
    ]);
  }
  try {
    parapheur.caBundle = readCaBundle(data).pem;
  } catch {
    throw invalidConfig(configPath, [{ path: key, key: 'app:validation.caFileNoCertificate', params: { file: caPath } }]);
  }
}

function invalidConfig(path: string, issues: SettingIssue[]): GuichetError {
  return new GuichetError('INVALID_CONFIG', { key: 'app:hostErrors.config.invalid', params: { path, count: issues.length }, details: { path, issues } });
}

/**
 * A misspelt key in an administrator's file would otherwise be dropped silently and the
 * setting it meant to impose never applied. Keys starting with "$" ($schema, $comment) are allowed.
 */
function unknownKeys(raw: unknown): string[] {
  if (!isRecord(raw)) return [];
  const found: string[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (key.startsWith('$')) continue;
    if (!patchKeys.topLevel.includes(key)) found.push(key);
    else if (key === 'providers' && isRecord(value)) {
      for (const [provider, fields] of Object.entries(value)) {
        const known = Object.hasOwn(patchKeys.providers, provider) ? patchKeys.providers[provider] : undefined;
        if (!known) {
          found.push(`providers.${provider}`);
          continue;
        }
        if (!isRecord(fields)) continue;
        for (const field of Object.keys(fields)) {
          if (!known.includes(field)) found.push(`providers.${provider}.${field}`);
        }
      }
    }
  }
  return found;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
