/**
 * The sentence a clerk reads for what main sent, through the renderer's own catalogues and
 * translator: tests assert the words shown, not a copy of them kept in main.
 */
import type { HostText } from '../../shared/ipc/errors.js';
import { i18next, loadLanguage, type Locale } from '../../renderer/i18n/index.js';
import '../../renderer/features/parapheur/i18n/index.js';
import '../../renderer/features/id360/i18n/index.js';
import '../../renderer/features/dossierfacile/i18n/index.js';
import { translateHostText } from '../../renderer/i18n/hostText.js';
import { readIpcFailure } from '../../renderer/app/ipcFailure.js';

// English loads on demand in the app (renderer/i18n/index.ts): tests read both languages at any time.
await loadLanguage('en');

function inLocale<T>(locale: Locale, run: () => T): T {
  const previous = i18next.language;
  if (previous !== locale) void i18next.changeLanguage(locale);
  try {
    return run();
  } finally {
    if (previous !== locale) void i18next.changeLanguage(previous);
  }
}

export function clerkText(text: HostText, locale: Locale = 'fr'): string {
  return inLocale(locale, () => translateHostText(text));
}

/**
 * What a thrown error (a GuichetError, or an IPC error) says to the clerk, in French by default,
 * read the way the page reads it (renderer/app/ipcFailure.ts): validation issues in `details`
 * are worded and listed too.
 */
export function clerkMessage(error: unknown, locale: Locale = 'fr'): string {
  const record = error as { code?: unknown; key?: unknown; params?: unknown; details?: unknown } | null;
  if (typeof record?.key !== 'string') throw new Error(`not an error for the clerk: ${String(error)}`);
  const failure = { code: typeof record.code === 'string' ? record.code : 'INTERNAL', key: record.key, params: record.params, details: record.details };
  return inLocale(locale, () => readIpcFailure(failure).message ?? '');
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

/** What the error `run` throws says to the clerk (the test fails if it does not throw). */
export function saidBy(run: () => unknown, locale: Locale = 'fr'): string {
  return clerkMessage(thrownBy(run), locale);
}
