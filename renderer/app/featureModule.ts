import type { ComponentType } from 'react';
import type { ParseKeys } from 'i18next';
import type { ProviderId, SecretKey } from '../../shared/domain/providers.js';

/** A problem the settings form finds before asking main, as an i18n key of `settings.errors`. */
export type LocalProblemKey = 'customUrlRequired' | 'url' | 'siren' | 'integer' | 'range' | 'tooLong';

/**
 * One field of a provider's settings form, beside the environment and the custom address. Limits
 * (min, max, max length) are read from the provider's shared settings schema, so the form can never
 * disagree with main.
 */
export interface ProviderFieldSpec {
  /** The setting's key in the provider's schema. */
  readonly name: string;
  /** `choice`: one of `options`, shown as a radio group (the value saved as is). */
  readonly kind: 'integer' | 'text' | 'choice';
  /** Choice: the values main accepts, each with its label and an optional line under it. */
  readonly options?: readonly { readonly value: string; readonly labelKey: ParseKeys; readonly hintKey?: ParseKeys }[];
  readonly labelKey: ParseKeys;
  readonly hintKey?: ParseKeys;
  readonly inputMode?: 'numeric' | 'text' | 'url';
  readonly short?: boolean;
  /**
   * Text: the value the simulator imposes in Sandbox, shown read-only there with `sandboxNoteKey`;
   * the saved value is kept for the other environments.
   */
  readonly sandboxValue?: string;
  readonly sandboxNoteKey?: ParseKeys;
  /** Text: how a pasted value is cleaned before it is checked and saved. */
  clean?(raw: string): string;
  /** Text: a check made before main's. */
  problem?(value: string): LocalProblemKey | null;
}

/** The provider's settings form as plain data (unit-tested without React). */
export interface ProviderFormSpec {
  readonly provider: ProviderId;
  readonly fields: readonly ProviderFieldSpec[];
}

export interface ProviderSettingsSpec {
  readonly form: ProviderFormSpec;
  /** Secrets typed in the panel (a password, a client secret). */
  readonly typedSecrets: readonly SecretKey[];
  /** A secret that is not typed (a certificate file), shown before the typed ones. */
  readonly SecretSlot?: ComponentType;
  /** Settings that are not one field (a list the clerk edits), in their own section after the connection form. */
  readonly SettingsSlot?: ComponentType;
  /** The provider's own data kept on this computer (the demonstration's, to clear), after the connection test. */
  readonly DataSlot?: ComponentType;
}

/**
 * What the renderer needs from one provider feature: its navigation entry, its page and its
 * settings panel. The shell, the navigation and the settings page iterate over the registry of these
 * (renderer/app/featureRegistry.ts) and never name a provider.
 */
export interface ProviderFeatureModule {
  readonly id: ProviderId;
  readonly NavIcon: ComponentType;
  readonly Page: ComponentType;
  /** Fetches a lazily loaded page in the background after the first paint. */
  readonly prefetch?: () => Promise<unknown>;
  readonly settings: ProviderSettingsSpec;
}
