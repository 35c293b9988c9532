import type { HostText } from '../../shared/ipc/errors.js';
import { translateHostText } from '../i18n/hostText.js';

/**
 * What the renderer can safely read from a rejected `guichet.invoke`: the bridge rejects with an
 * Error carrying `{ code, key, params, details }`, a catalogue entry translated here in the current
 * language. Anything else (a programming error, a lost connection) has no such entry and is shown
 * with the generic text of the current language instead.
 */
export interface IpcFailure {
  code: string;
  /** The host's sentence for the clerk, translated, or null when there is none to show. */
  message: string | null;
  details: unknown;
}

export function readIpcFailure(error: unknown): IpcFailure {
  if (typeof error === 'object' && error !== null) {
    const record = error as { code?: unknown; key?: unknown; params?: unknown; details?: unknown };
    const code = typeof record.code === 'string' ? record.code : 'INTERNAL';
    // Without a code and a key it is a raw JS error (e.g. "Failed to fetch"), not a sentence for the clerk.
    const params = typeof record.params === 'object' && record.params !== null ? (record.params as HostText['params']) : undefined;
    const message =
      typeof record.code === 'string' && typeof record.key === 'string'
        ? translateHostText({ key: record.key, params: withIssues(params, record.details) })
        : null;
    return { code, message, details: record.details };
  }
  return { code: 'INTERNAL', message: null, details: undefined };
}

/** A validation failure names its problems in `details.issues`: its sentence lists them (`{{issues}}`), worded here. */
function withIssues(params: HostText['params'], details: unknown): HostText['params'] {
  const issues = readHostIssues(details);
  if (issues.length === 0) return params;
  return { ...params, issues: describeHostIssues(issues) };
}

/** "providers.parapheur.siren — doit compter 9 chiffres ; theme — …", in the interface language. */
export function describeHostIssues(issues: readonly HostIssue[]): string {
  return issues.map((issue) => `${issue.path || translateHostText({ key: 'app:validation.root' })} — ${issue.message}`).join(' ; ');
}

/**
 * One validation problem reported by main, as main/core/ipc/validationIssues.ts shapes them:
 * `{ path: 'a.b', key, params }`, worded here in the interface language (`message`). An issue that
 * still carries a sentence (`message`, the remnant issue 8 removes) is shown as is.
 */
export interface HostIssue {
  path: string;
  message: string;
}

export function readHostIssues(details: unknown): HostIssue[] {
  if (typeof details !== 'object' || details === null) return [];
  const issues = (details as { issues?: unknown }).issues;
  if (!Array.isArray(issues)) return [];
  const out: HostIssue[] = [];
  for (const issue of issues) {
    if (typeof issue !== 'object' || issue === null) continue;
    const { path, message, key, params } = issue as { path?: unknown; message?: unknown; key?: unknown; params?: unknown };
    const joined = Array.isArray(path) ? path.map(String).join('.') : typeof path === 'string' ? path : '';
    if (typeof key === 'string') {
      const values = typeof params === 'object' && params !== null ? (params as HostText['params']) : undefined;
      out.push({ path: joined, message: translateHostText({ key, params: values }) });
    } else if (typeof message === 'string') {
      out.push({ path: joined, message });
    }
  }
  return out;
}
