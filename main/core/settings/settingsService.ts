import type { z } from 'zod';
import { providerIds } from '../../../shared/domain/providers.js';
import { archiveRetentionSchema, providerSettingsSchemas, settingsSchema, type Settings, type SettingsPatch } from '../../../shared/domain/settings.js';
import { GuichetError } from '../../../shared/ipc/errors.js';
import { parseSettingsPatch } from './patchSchema.js';
import { toSettingIssues } from './settingsIssues.js';

/** The common API of the JSON file backend and `electron-store`: the whole document through one accessor. */
export interface SettingsBackend {
  get store(): unknown;
  set store(value: unknown);
}

export interface SettingsServiceOptions {
  /** Administrator's values (managed deployments), applied over the stored ones at every start. */
  preseed?: SettingsPatch;
  onChange?: (settings: Settings) => void;
}

export interface SettingsService {
  get(): Settings;
  update(patch: SettingsPatch): Settings;
}

export function createSettingsService(backend: SettingsBackend, options: SettingsServiceOptions = {}): SettingsService {
  let current = readStored(backend.store);
  if (options.preseed) {
    const seeded = settingsSchema.safeParse(mergeSettings(current, options.preseed));
    if (!seeded.success) {
      const issues = toSettingIssues(seeded.error);
      throw new GuichetError('INVALID_CONFIG', { key: 'app:hostErrors.config.imposedInvalid', params: { count: issues.length }, details: { issues } });
    }
    current = seeded.data;
  }
  backend.store = current;

  return {
    get: () => structuredClone(current),

    update(patch) {
      const parsedPatch = parseSettingsPatch(patch);
      if (!parsedPatch.success) throw invalidSetting(parsedPatch.error);
      const next = settingsSchema.safeParse(mergeSettings(current, parsedPatch.data));
      if (!next.success) throw invalidSetting(next.error);
      backend.store = next.data;
      current = next.data;
      options.onChange?.(structuredClone(current));
      return structuredClone(current);
    },
  };
}

/** Provider objects are merged field by field; `null` (or `undefined`) in a patch clears an optional setting. */
function withoutNulls<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as T;
}

export function mergeSettings(base: Settings, patch: SettingsPatch): unknown {
  return {
    locale: patch.locale ?? base.locale,
    theme: patch.theme ?? base.theme,
    providers: Object.fromEntries(providerIds.map((id) => [id, withoutNulls({ ...base.providers[id], ...patch.providers?.[id] })])),
    archiveRetention: withoutNulls({ ...base.archiveRetention, ...patch.archiveRetention }),
  };
}

/**
 * Reads what is on disk field by field: a value that no longer validates (hand-edited file,
 * older version with other rules) falls back to its default without losing its neighbours.
 */
export function readStored(raw: unknown): Settings {
  const stored = asRecord(raw);
  const providers = asRecord(stored.providers);
  const assembled = {
    locale: fieldOrDefault(settingsSchema.shape.locale, stored.locale),
    theme: fieldOrDefault(settingsSchema.shape.theme, stored.theme),
    providers: Object.fromEntries(providerIds.map((id) => [id, objectFieldwise(providerSettingsSchemas[id], providers[id])])),
    archiveRetention: objectFieldwise(archiveRetentionSchema, stored.archiveRetention),
  };
  return settingsSchema.parse(assembled);
}

function objectFieldwise(schema: z.ZodObject, raw: unknown): Record<string, unknown> {
  const stored = asRecord(raw);
  const out: Record<string, unknown> = {};
  for (const [key, fieldSchema] of Object.entries(schema.shape)) {
    const value = fieldOrDefault(fieldSchema as z.ZodType, stored[key]);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

function fieldOrDefault(schema: z.ZodType, value: unknown): unknown {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const fallback = schema.safeParse(undefined);
  return fallback.success ? fallback.data : undefined;
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Each issue names its field and a catalogue entry; the renderer words the list (renderer/app/ipcFailure.ts). */
function invalidSetting(error: z.ZodError): GuichetError {
  const issues = toSettingIssues(error);
  return new GuichetError('INVALID_INPUT', { key: 'app:hostErrors.settings.invalid', params: { count: issues.length }, details: { issues } });
}
