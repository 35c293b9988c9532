import { isGuichetError } from '../../shared/ipc/errors.js';

/**
 * Why Guichet could not start, for whoever launched it (a console, Electron's error box): the error's
 * code, its catalogue key with its values, and each field a validation names with its own key. Main
 * writes no sentence (docs/architecture.md#ipc-contract); the keys are worded in
 * renderer/i18n/host.fr.ts (`app:hostErrors.config.…`, `app:validation.…`).
 */
export function describeStartupFailure(error: unknown): string[] {
  if (!isGuichetError(error)) return [`Guichet could not start: ${error instanceof Error ? error.message : String(error)}`];
  const lines = [`Guichet could not start: ${error.code} ${error.key}${error.params ? ` ${JSON.stringify(error.params)}` : ''}`];
  const issues = (error.details as { issues?: unknown } | undefined)?.issues;
  if (Array.isArray(issues)) {
    for (const issue of issues as { path?: unknown; key?: unknown; params?: unknown }[]) {
      const params = issue.params === undefined ? '' : ` ${JSON.stringify(issue.params)}`;
      lines.push(`  ${String(issue.path) || '(root)'}: ${String(issue.key)}${params}`);
    }
  }
  return lines;
}
