import { z } from 'zod';

/**
 * Zod's French locale for the generic checks (types, enums, bounds); the schemas' own messages
 * ("doit compter 9 chiffres") take precedence over it.
 */
export const frenchErrors = { error: z.locales.fr().localeError };

export interface SettingIssue {
  path: string;
  message: string;
}

export function toSettingIssues(error: z.ZodError): SettingIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(racine)',
    message: issue.message,
  }));
}

/** "providers.parapheur.siren — doit compter 9 chiffres ; theme — …" */
export function describeIssues(issues: readonly SettingIssue[]): string {
  return issues.map((issue) => `${issue.path} — ${issue.message}`).join(' ; ');
}
