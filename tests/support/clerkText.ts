/**
 * The sentence a clerk reads for what main sent, through the renderer's own catalogues and
 * translator: tests assert the words shown, not a copy of them kept in main.
 */
import type { HostText } from '../../shared/ipc/errors.js';
import { i18next, type Locale } from '../../renderer/i18n/index.js';
import '../../renderer/features/parapheur/i18n/index.js';
import { translateHostText } from '../../renderer/i18n/hostText.js';

export function clerkText(text: HostText, locale: Locale = 'fr'): string {
  const previous = i18next.language;
  if (previous !== locale) void i18next.changeLanguage(locale);
  try {
    return translateHostText(text);
  } finally {
    if (previous !== locale) void i18next.changeLanguage(previous);
  }
}

/** What a thrown error (a GuichetError, or an IPC error) says to the clerk, in French by default. */
export function clerkMessage(error: unknown, locale: Locale = 'fr'): string {
  const record = error as { key?: unknown; params?: HostText['params'] } | null;
  if (typeof record?.key !== 'string') throw new Error(`not an error for the clerk: ${String(error)}`);
  return clerkText({ key: record.key, params: record.params }, locale);
}

/** The error `run` throws (the test fails if it does not throw). */
export function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}
