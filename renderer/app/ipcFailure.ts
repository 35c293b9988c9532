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
      typeof record.code === 'string' && typeof record.key === 'string' ? translateHostText({ key: record.key, params }) : null;
    return { code, message, details: record.details };
  }
  return { code: 'INTERNAL', message: null, details: undefined };
}

/** One validation problem reported by main, as the IPC router shapes them: `{ path: 'a.b', message }`. */
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
    const { path, message } = issue as { path?: unknown; message?: unknown };
    if (typeof message !== 'string') continue;
    const joined = Array.isArray(path) ? path.map(String).join('.') : typeof path === 'string' ? path : '';
    out.push({ path: joined, message });
  }
  return out;
}
