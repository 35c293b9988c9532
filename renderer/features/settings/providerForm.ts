/**
 * A provider's settings form as plain data: draft ⇄ settings, local validation with the limits
 * taken from the shared schema (so the form can never disagree with main), and main's validation
 * issues mapped back onto the fields. The provider's fields come from its feature module; no React
 * and no bridge here, so it is unit-tested as is.
 */
import { z } from 'zod';
import { providerSettingsSchemas, type Settings, type SettingsPatch } from '../../../shared/domain/settings.js';
import { isAcceptedProviderUrl } from '../../../shared/domain/providerUrl.js';
import type { Environment } from '../../../shared/domain/providers.js';
import type { HostIssue } from '../../app/ipcFailure.js';
import type { LocalProblemKey, ProviderFieldSpec, ProviderFormSpec } from '../../app/featureModule.js';

export type { LocalProblemKey } from '../../app/featureModule.js';

/** What the inputs hold: strings as typed, so a half-typed number is never lost or coerced. */
export type ProviderDraft = { environment: Environment; customBaseUrl: string } & Record<string, string>;

/** A problem on one field: either ours (an i18n key) or main's (its French sentence, shown as is). */
export type FieldProblem =
  | { source: 'local'; key: LocalProblemKey; values?: Record<string, number> }
  | { source: 'host'; message: string };

export type FieldProblems = Partial<Record<string, FieldProblem>>;

/** The schema of one of the provider's settings, without its default or optional wrapper. */
function bareSchemaOf(spec: ProviderFormSpec, field: string): z.ZodType | undefined {
  let schema = (providerSettingsSchemas[spec.provider].shape as Record<string, z.ZodType>)[field];
  while (schema instanceof z.ZodDefault || schema instanceof z.ZodOptional) schema = schema.unwrap() as z.ZodType;
  return schema;
}

/** The bounds main enforces on a number setting. */
export function numberLimitsOf(spec: ProviderFormSpec, field: string): { min: number; max: number } {
  const schema = bareSchemaOf(spec, field);
  const number = schema instanceof z.ZodNumber ? schema : null;
  return { min: number?.minValue ?? 0, max: number?.maxValue ?? Number.MAX_SAFE_INTEGER };
}

/** Every number field's bounds, by field name. */
export function numberLimits(spec: ProviderFormSpec): Record<string, { min: number; max: number }> {
  return Object.fromEntries(spec.fields.filter((f) => f.kind === 'integer').map((f) => [f.name, numberLimitsOf(spec, f.name)]));
}

function maxLengthOf(spec: ProviderFormSpec, field: string): number | null {
  const schema = bareSchemaOf(spec, field);
  return schema instanceof z.ZodString ? schema.maxLength : null;
}

export function draftFromSettings(spec: ProviderFormSpec, settings: Settings): ProviderDraft {
  const saved = settings.providers[spec.provider] as Record<string, unknown> & { environment: Environment; customBaseUrl?: string };
  const draft: ProviderDraft = { environment: saved.environment, customBaseUrl: saved.customBaseUrl ?? '' };
  for (const field of spec.fields) {
    const value = saved[field.name];
    draft[field.name] = value === undefined || value === null ? '' : String(value);
  }
  return draft;
}

function fieldOrder(spec: ProviderFormSpec): string[] {
  return ['environment', 'customBaseUrl', ...spec.fields.map((f) => f.name)];
}

export function isDraftDirty(spec: ProviderFormSpec, draft: ProviderDraft, settings: Settings): boolean {
  const saved = draftFromSettings(spec, settings);
  return fieldOrder(spec).some((f) => (draft[f] ?? '').trim() !== (saved[f] ?? '').trim());
}


/** A field whose value the simulator imposes in Sandbox. */
export function isSandboxLocked(field: ProviderFieldSpec, environment: Environment): boolean {
  return environment === 'sandbox' && field.sandboxValue !== undefined;
}

type FieldResult = { ok: true; value: number | string | null } | { ok: false; problem: FieldProblem };

function readInteger(spec: ProviderFormSpec, raw: string, field: string): FieldResult {
  const text = raw.trim();
  const { min, max } = numberLimitsOf(spec, field);
  if (!/^-?\d+$/.test(text)) return { ok: false, problem: { source: 'local', key: 'integer' } };
  const value = Number(text);
  if (value < min || value > max) return { ok: false, problem: { source: 'local', key: 'range', values: { min, max } } };
  return { ok: true, value };
}

/** An emptied optional text field is sent as `null`, meaning "no value" to main (JSON has no `undefined`). */
function readText(spec: ProviderFormSpec, raw: string, field: ProviderFieldSpec): FieldResult {
  const text = (field.clean ? field.clean(raw) : raw).trim();
  if (text === '') return { ok: true, value: null };
  const problem = field.problem?.(text);
  if (problem) return { ok: false, problem: { source: 'local', key: problem } };
  const max = maxLengthOf(spec, field.name);
  if (max !== null && text.length > max) return { ok: false, problem: { source: 'local', key: 'tooLong', values: { max } } };
  return { ok: true, value: text };
}

/** A choice always holds one of its options: anything else (never saved yet) reads as the first. */
function readChoice(raw: string, field: ProviderFieldSpec): FieldResult {
  const options = field.options ?? [];
  const value = options.find((o) => o.value === raw.trim())?.value ?? options[0]?.value ?? null;
  return { ok: true, value };
}

export type PatchResult = { ok: true; patch: SettingsPatch } | { ok: false; problems: FieldProblems };

/** Checks the draft and turns it into the patch for `settings.update`, touching only this provider. */
export function buildProviderPatch(spec: ProviderFormSpec, draft: ProviderDraft): PatchResult {
  const problems: FieldProblems = {};
  const values: Record<string, unknown> = { environment: draft.environment };

  const baseUrl = draft.customBaseUrl.trim();
  if (draft.environment === 'custom') {
    if (baseUrl === '') problems.customBaseUrl = { source: 'local', key: 'customUrlRequired' };
    else if (!isAcceptedProviderUrl(baseUrl)) problems.customBaseUrl = { source: 'local', key: 'url' };
    else values.customBaseUrl = baseUrl;
  }
  // Outside "Personnalisé" the saved custom URL is left alone, so switching back restores it.

  for (const field of spec.fields) {
    // Imposed by the simulator and shown read-only: the saved value stays as it is for the other environments.
    if (isSandboxLocked(field, draft.environment)) continue;
    const raw = draft[field.name] ?? '';
    const result = field.kind === 'integer' ? readInteger(spec, raw, field.name) : field.kind === 'choice' ? readChoice(raw, field) : readText(spec, raw, field);
    if (result.ok) values[field.name] = result.value;
    else problems[field.name] = result.problem;
  }

  if (Object.keys(problems).length > 0) return { ok: false, problems };
  return { ok: true, patch: { providers: { [spec.provider]: values } } as SettingsPatch };
}

/**
 * Places main's validation issues on this provider's fields. Paths come either from the patch
 * (`providers.parapheur.siren`) or from a provider-level check (`siren`); anything that does not
 * name one of our fields is returned in `other` so it is still shown, never dropped.
 */
export function problemsFromHostIssues(spec: ProviderFormSpec, issues: readonly HostIssue[]): { problems: FieldProblems; other: string[] } {
  const problems: FieldProblems = {};
  const other: string[] = [];
  const prefix = `providers.${spec.provider}.`;
  const fields = fieldOrder(spec);
  for (const issue of issues) {
    const path = issue.path.startsWith(prefix) ? issue.path.slice(prefix.length) : issue.path;
    const field = fields.find((f) => f === path);
    if (field && !problems[field]) problems[field] = { source: 'host', message: issue.message };
    else if (!field) other.push(issue.message);
  }
  return { problems, other };
}

/** The order fields appear on screen: the first one with a problem gets the focus. */
export function firstProblemField(spec: ProviderFormSpec, problems: FieldProblems): string | null {
  return fieldOrder(spec).find((f) => problems[f] !== undefined) ?? null;
}
