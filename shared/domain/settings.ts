import { z } from 'zod';
import { environmentSchema } from './providers.js';
import { isValidSiren } from './siren.js';

const httpsUrl = z
  .string()
  .url({ message: 'doit être une URL complète (https://…)' })
  .refine((u) => /^https?:\/\//i.test(u), { message: 'doit commencer par https://' });

const providerConnection = {
  environment: environmentSchema.default('sandbox'),
  customBaseUrl: httpsUrl.optional(),
};

export const parapheurSettingsSchema = z.object({
  ...providerConnection,
  /** SIREN of the subscriber: configuration, sent in paths, never authentication. */
  siren: z
    .string()
    .regex(/^\d{9}$/, { message: 'doit compter 9 chiffres' })
    .refine((v) => !/^\d{9}$/.test(v) || isValidSiren(v), { message: 'clé de contrôle incorrecte : vérifiez le SIREN (faute de frappe ?)' })
    .optional(),
  /** Parallel uploads. */
  concurrency: z.number().int().min(1).max(8).default(3),
  /** Minutes between two history polls of one document; FAST asks for at least 30. */
  pollIntervalMinutes: z.number().int().min(30).max(24 * 60).default(30),
  /** A document waiting longer than this at one step is flagged late. */
  lateAfterDays: z.number().int().min(1).max(365).default(5),
  /** Stop polling a document after this many days without an end. */
  giveUpAfterDays: z.number().int().min(1).max(3650).default(30),
  /** Multipart part name of the file on the predefined-circuit upload (docs/providers/fast-parapheur.md#upload-parts). */
  uploadFileField: z.enum(['content', 'doc']).default('content'),
});

export const id360SettingsSchema = z.object({
  ...providerConnection,
  username: z.string().max(200).optional(),
});

export const dossierfacileSettingsSchema = z.object({
  ...providerConnection,
  clientId: z.string().max(200).optional(),
});

export const settingsSchema = z.object({
  locale: z.enum(['fr', 'en']).default('fr'),
  theme: z.enum(['system', 'light', 'dark']).default('system'),
  providers: z
    .object({
      parapheur: parapheurSettingsSchema.default(parapheurSettingsSchema.parse({})),
      id360: id360SettingsSchema.default(id360SettingsSchema.parse({})),
      dossierfacile: dossierfacileSettingsSchema.default(dossierfacileSettingsSchema.parse({})),
    })
    .default({
      parapheur: parapheurSettingsSchema.parse({}),
      id360: id360SettingsSchema.parse({}),
      dossierfacile: dossierfacileSettingsSchema.parse({}),
    }),
});
export type Settings = z.infer<typeof settingsSchema>;
export type ParapheurSettings = z.infer<typeof parapheurSettingsSchema>;

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
function partialWithoutDefaults<T extends z.ZodRawShape>(object: z.ZodObject<T>) {
  const shape = Object.fromEntries(Object.entries(object.shape).map(([key, field]) => [key, patchField(field as z.ZodType)]));
  return z.object(shape) as unknown as z.ZodObject<{ [K in keyof T]: z.ZodOptional<z.ZodType<z.output<T[K]> | null>> }>;
}

/** A partial update sent by the renderer or a pre-seed file, validated again after the merge. */
export const settingsPatchSchema = z
  .object({
    locale: z.enum(['fr', 'en']).optional(),
    theme: z.enum(['system', 'light', 'dark']).optional(),
    providers: z
      .object({
        parapheur: partialWithoutDefaults(parapheurSettingsSchema).optional(),
        id360: partialWithoutDefaults(id360SettingsSchema).optional(),
        dossierfacile: partialWithoutDefaults(dossierfacileSettingsSchema).optional(),
      })
      .optional(),
  });
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;
