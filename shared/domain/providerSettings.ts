import { z } from 'zod';
import { isAcceptedProviderUrl } from './providerUrl.js';

export const environmentSchema = z.enum(['sandbox', 'preprod', 'production', 'custom']);
export type Environment = z.infer<typeof environmentSchema>;

export { isAcceptedProviderUrl } from './providerUrl.js';

/**
 * A provider address setting: https, or http towards this computer (a simulator). Messages are
 * catalogue entries, worded by the renderer (docs/architecture.md#ipc-contract).
 */
export const httpsUrl = z
  .string()
  .url({ message: 'app:validation.url' })
  .refine(isAcceptedProviderUrl, { message: 'app:validation.httpsRequired' });

/** The fields every provider's settings start with: where its calls go. */
export const providerConnectionFields = {
  environment: environmentSchema.default('sandbox'),
  customBaseUrl: httpsUrl.optional(),
};

/**
 * What every runtime (main, preload, renderer) knows of one provider: its settings with their
 * defaults, its published addresses, and the secrets it keeps in the vault. `sandbox` is resolved at
 * run time to the in-process simulator's ephemeral port; `custom` comes from the settings.
 */
export interface ProviderDescriptor<Id extends string, Settings extends z.ZodObject, Secret extends string> {
  readonly id: Id;
  readonly settings: Settings;
  readonly knownBaseUrls: { readonly preprod: string; readonly production: string };
  /** The renderer only ever learns whether each one is configured. */
  readonly secretKeys: readonly Secret[];
  /** Secrets Guichet imports by itself (a simulator's test identity): lost, they are imported again, not asked of the clerk. */
  readonly automaticSecretKeys?: readonly Secret[];
}

/** Keeps the literal types of a descriptor (ids, secret keys) for the registry to derive its unions from. */
export function describeProvider<const Id extends string, Settings extends z.ZodObject, const Secret extends string>(
  descriptor: ProviderDescriptor<Id, Settings, Secret>,
): ProviderDescriptor<Id, Settings, Secret> {
  return descriptor;
}
