/**
 * The provider settings form as plain data: draft ⇄ settings, local validation with the limits
 * taken from the shared schema (so the form can never disagree with main), and main's validation
 * issues mapped back onto the fields. No React and no bridge here, so it is unit-tested as is.
 */
import {
  parapheurSettingsSchema,
  id360SettingsSchema,
  dossierfacileSettingsSchema,
  type Settings,
  type SettingsPatch,
} from '../../../shared/domain/settings.js';
import type { Environment, ProviderId } from '../../../shared/domain/providers.js';
import type { HostIssue } from '../../app/ipcFailure.js';

export type TextField = 'customBaseUrl' | 'siren' | 'concurrency' | 'pollIntervalMinutes' | 'lateAfterDays' | 'username' | 'clientId';
export type FormField = 'environment' | TextField;

/** What the inputs hold: strings as typed, so a half-typed number is never lost or coerced. */
export type ProviderDraft = { environment: Environment } & Record<TextField, string>;

/** Fields shown for each provider, beside environment and base URL. */
export const providerSpecificFields: Record<ProviderId, readonly TextField[]> = {
  parapheur: ['siren', 'concurrency', 'pollIntervalMinutes', 'lateAfterDays'],
  id360: ['username'],
  dossierfacile: ['clientId'],
};

export type NumberField = 'concurrency' | 'pollIntervalMinutes' | 'lateAfterDays';

function boundsOf(field: NumberField): { min: number; max: number } {
  const schema = parapheurSettingsSchema.shape[field].unwrap();
  return { min: schema.minValue ?? 0, max: schema.maxValue ?? Number.MAX_SAFE_INTEGER };
}

export const numberLimits: Record<NumberField, { min: number; max: number }> = {
  concurrency: boundsOf('concurrency'),
  pollIntervalMinutes: boundsOf('pollIntervalMinutes'),
  lateAfterDays: boundsOf('lateAfterDays'),
};

export const textMaxLength = {
  username: id360SettingsSchema.shape.username.unwrap().maxLength ?? 200,
  clientId: dossierfacileSettingsSchema.shape.clientId.unwrap().maxLength ?? 200,
} as const;

export type LocalProblemKey = 'customUrlRequired' | 'url' | 'siren' | 'integer' | 'range' | 'tooLong';

/** A problem on one field: either ours (an i18n key) or main's (its French sentence, shown as is). */
export type FieldProblem =
  | { source: 'local'; key: LocalProblemKey; values?: Record<string, number> }
  | { source: 'host'; message: string };

export type FieldProblems = Partial<Record<FormField, FieldProblem>>;

export function draftFromSettings(provider: ProviderId, settings: Settings): ProviderDraft {
  const draft: ProviderDraft = {
    environment: settings.providers[provider].environment,
    customBaseUrl: settings.providers[provider].customBaseUrl ?? '',
    siren: '',
    concurrency: '',
    pollIntervalMinutes: '',
    lateAfterDays: '',
    username: '',
    clientId: '',
  };
  if (provider === 'parapheur') {
    const p = settings.providers.parapheur;
    draft.siren = p.siren ?? '';
    draft.concurrency = String(p.concurrency);
    draft.pollIntervalMinutes = String(p.pollIntervalMinutes);
    draft.lateAfterDays = String(p.lateAfterDays);
  } else if (provider === 'id360') {
    draft.username = settings.providers.id360.username ?? '';
  } else {
    draft.clientId = settings.providers.dossierfacile.clientId ?? '';
  }
  return draft;
}

export function isDraftDirty(provider: ProviderId, draft: ProviderDraft, settings: Settings): boolean {
  const saved = draftFromSettings(provider, settings);
  const fields: FormField[] = ['environment', 'customBaseUrl', ...providerSpecificFields[provider]];
  return fields.some((f) => draft[f].trim() !== saved[f].trim());
}

function isHttpUrl(value: string): boolean {
  if (!/^https?:\/\//i.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

type IntegerResult = { ok: true; value: number } | { ok: false; problem: FieldProblem };

function readInteger(raw: string, field: NumberField): IntegerResult {
  const text = raw.trim();
  const { min, max } = numberLimits[field];
  if (!/^-?\d+$/.test(text)) return { ok: false, problem: { source: 'local', key: 'integer' } };
  const value = Number(text);
  if (value < min || value > max) return { ok: false, problem: { source: 'local', key: 'range', values: { min, max } } };
  return { ok: true, value };
}

/** An emptied optional text field is sent as `null`, meaning "no value" to main (JSON has no `undefined`). */
function optionalText(raw: string): string | null {
  const text = raw.trim();
  return text === '' ? null : text;
}

export type PatchResult = { ok: true; patch: SettingsPatch } | { ok: false; problems: FieldProblems };

/** Checks the draft and turns it into the patch for `settings.update`, touching only this provider. */
export function buildProviderPatch(provider: ProviderId, draft: ProviderDraft): PatchResult {
  const problems: FieldProblems = {};
  const connection: { environment: Environment; customBaseUrl?: string } = { environment: draft.environment };

  const baseUrl = draft.customBaseUrl.trim();
  if (draft.environment === 'custom') {
    if (baseUrl === '') problems.customBaseUrl = { source: 'local', key: 'customUrlRequired' };
    else if (!isHttpUrl(baseUrl)) problems.customBaseUrl = { source: 'local', key: 'url' };
    else connection.customBaseUrl = baseUrl;
  }
  // Outside "Personnalisé" the saved custom URL is left alone, so switching back restores it.

  let patch: SettingsPatch;
  if (provider === 'parapheur') {
    // Clerks often copy a SIREN with its spaces ("123 456 789"): accept them.
    const siren = draft.siren.replace(/\s+/g, '');
    if (siren !== '' && !/^\d{9}$/.test(siren)) problems.siren = { source: 'local', key: 'siren' };
    const numbers: Partial<Record<NumberField, number>> = {};
    for (const field of ['concurrency', 'pollIntervalMinutes', 'lateAfterDays'] as const) {
      const result = readInteger(draft[field], field);
      if (result.ok) numbers[field] = result.value;
      else problems[field] = result.problem;
    }
    patch = { providers: { parapheur: { ...connection, siren: siren === '' ? null : siren, ...numbers } } };
  } else if (provider === 'id360') {
    const username = optionalText(draft.username);
    if (username !== null && username.length > textMaxLength.username) {
      problems.username = { source: 'local', key: 'tooLong', values: { max: textMaxLength.username } };
    }
    patch = { providers: { id360: { ...connection, username } } };
  } else {
    const clientId = optionalText(draft.clientId);
    if (clientId !== null && clientId.length > textMaxLength.clientId) {
      problems.clientId = { source: 'local', key: 'tooLong', values: { max: textMaxLength.clientId } };
    }
    patch = { providers: { dossierfacile: { ...connection, clientId } } };
  }

  return Object.keys(problems).length > 0 ? { ok: false, problems } : { ok: true, patch };
}

const formFields: readonly FormField[] = [
  'environment',
  'customBaseUrl',
  'siren',
  'concurrency',
  'pollIntervalMinutes',
  'lateAfterDays',
  'username',
  'clientId',
];

/**
 * Places main's validation issues on this provider's fields. Paths come either from the patch
 * (`providers.parapheur.siren`) or from a provider-level check (`siren`); anything that does not
 * name one of our fields is returned in `other` so it is still shown, never dropped.
 */
export function problemsFromHostIssues(
  provider: ProviderId,
  issues: readonly HostIssue[],
): { problems: FieldProblems; other: string[] } {
  const problems: FieldProblems = {};
  const other: string[] = [];
  const prefix = `providers.${provider}.`;
  for (const issue of issues) {
    const path = issue.path.startsWith(prefix) ? issue.path.slice(prefix.length) : issue.path;
    const field = formFields.find((f) => f === path);
    if (field && !problems[field]) problems[field] = { source: 'host', message: issue.message };
    else if (!field) other.push(issue.message);
  }
  return { problems, other };
}

/** The order fields appear on screen: the first one with a problem gets the focus. */
export function firstProblemField(provider: ProviderId, problems: FieldProblems): FormField | null {
  const order: FormField[] = ['environment', 'customBaseUrl', ...providerSpecificFields[provider]];
  return order.find((f) => problems[f] !== undefined) ?? null;
}
