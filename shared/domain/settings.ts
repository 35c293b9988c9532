import { z } from 'zod';
import { providerIds, providers, type ProviderId } from './providers.js';

/** Each provider's settings schema, as its descriptor declares it. */
export type ProviderSettingsSchemas = { [K in ProviderId]: (typeof providers)[K]['settings'] };
export const providerSettingsSchemas = Object.fromEntries(providerIds.map((id) => [id, providers[id].settings])) as ProviderSettingsSchemas;

function mapProviders<T>(build: (id: ProviderId) => T): Record<ProviderId, T> {
  return Object.fromEntries(providerIds.map((id) => [id, build(id)])) as Record<ProviderId, T>;
}

const providerDefaults = mapProviders((id) => providerSettingsSchemas[id].parse({})) as {
  [K in ProviderId]: z.output<ProviderSettingsSchemas[K]>;
};
const providersWithDefaults = mapProviders((id) => (providerSettingsSchemas[id] as z.ZodObject).default(providerDefaults[id] as never)) as unknown as {
  [K in ProviderId]: z.ZodDefault<ProviderSettingsSchemas[K]>;
};

/** Days the Archive keeps a provider's local copies (1 to 100 years); absent: « toujours ». */
export const archiveKeepDaysSchema = z.number().int().min(1).max(36_500);
/**
 * The Archive's retention, per provider (docs/architecture.md#archive): seedable by an administrator
 * like any setting (`{"archiveRetention": {"id360": 30}}`), `null` in a patch goes back to « toujours ».
 */
export const archiveRetentionSchema = z.object(mapProviders(() => archiveKeepDaysSchema.optional())) as z.ZodObject<{ [K in ProviderId]: z.ZodOptional<typeof archiveKeepDaysSchema> }>;

export const settingsSchema = z.object({
  locale: z.enum(['fr', 'en']).default('fr'),
  theme: z.enum(['system', 'light', 'dark']).default('system'),
  providers: z.object(providersWithDefaults).default(providerDefaults as never),
  archiveRetention: archiveRetentionSchema.default({}),
});
export type Settings = z.infer<typeof settingsSchema>;

export const defaultSettings: Settings = settingsSchema.parse({});

/**
 * In zod 4, `.partial()` keeps each field's `.default()`: parsing a patch that changes one field
 * would fill every other one with its default and silently reset it. A patch has the same fields,
 * with the defaults removed.
 */
function withoutDefault(schema: z.ZodType): z.ZodType {
  return schema instanceof z.ZodDefault ? (schema.unwrap() as z.ZodType) : schema;
}
/** An optional setting (SIREN, custom URL…) is cleared with `null`: JSON has no `undefined`. */
function patchField(field: z.ZodType): z.ZodType {
  const bare = withoutDefault(field);
  return (field instanceof z.ZodOptional ? bare.nullable() : bare).optional();
}
type PartialWithoutDefaults<T extends z.ZodRawShape> = z.ZodObject<{ [K in keyof T]: z.ZodOptional<z.ZodType<z.output<T[K]> | null>> }>;
function partialWithoutDefaults<T extends z.ZodRawShape>(object: z.ZodObject<T>): PartialWithoutDefaults<T> {
  const shape = Object.fromEntries(Object.entries(object.shape).map(([key, field]) => [key, patchField(field as z.ZodType)]));
  return z.object(shape) as unknown as PartialWithoutDefaults<T>;
}

const providerPatches = mapProviders((id) => partialWithoutDefaults(providerSettingsSchemas[id] as z.ZodObject).optional()) as unknown as {
  [K in ProviderId]: z.ZodOptional<PartialWithoutDefaults<ProviderSettingsSchemas[K]['shape']>>;
};

/** A partial update sent by the renderer or a pre-seed file, validated again after the merge. */
export const settingsPatchSchema = z.object({
  locale: z.enum(['fr', 'en']).optional(),
  theme: z.enum(['system', 'light', 'dark']).optional(),
  providers: z.object(providerPatches).optional(),
  archiveRetention: z.object(mapProviders(() => archiveKeepDaysSchema.nullable().optional())).optional(),
});
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;
