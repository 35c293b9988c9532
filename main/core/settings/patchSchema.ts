import { z } from 'zod';
import { providerIds } from '../../../shared/domain/providers.js';
import { providerSettingsSchemas, settingsPatchSchema, type SettingsPatch } from '../../../shared/domain/settings.js';

const patchSchema = settingsPatchSchema;

export function parseSettingsPatch(
  input: unknown,
  params?: Parameters<typeof patchSchema.safeParse>[1],
): { success: true; data: SettingsPatch } | { success: false; error: z.ZodError } {
  const parsed = patchSchema.safeParse(input, params);
  // Same keys and field schemas as SettingsPatch by construction (checked by the unit tests).
  return parsed.success ? { success: true, data: parsed.data as SettingsPatch } : { success: false, error: parsed.error };
}

/** Keys a patch may carry, per level: used to name misspelt keys in an administrator's file. */
export const patchKeys = {
  topLevel: Object.keys(patchSchema.shape),
  providers: Object.fromEntries(providerIds.map((id) => [id, Object.keys(providerSettingsSchemas[id].shape)])) as Record<string, readonly string[]>,
};
