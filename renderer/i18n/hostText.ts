import type { HostText } from '../../shared/ipc/errors.js';
import { i18next } from './index.js';

type LooseT = (key: string, options?: Record<string, unknown>) => string;

/**
 * A sentence main sent as a catalogue entry (`namespace:path` and plain values), in the interface
 * language. A key no catalogue knows (a newer main, a typo) falls back to the generic sentence
 * rather than showing the key to the clerk. Its parts (a cause, a list of problems) are translated
 * first and given to the sentence as the values of their placeholders (`{{cause}}`,
 * `{{problems, sentences}}`, `{{kinds, list}}`).
 */
export function translateHostText(text: HostText): string {
  const t = i18next.t.bind(i18next) as unknown as LooseT;
  if (!i18next.exists(text.key, text.params)) return t('app:hostErrors.unexpected');
  const parts: Record<string, string | string[]> = {};
  for (const [name, part] of Object.entries(text.parts ?? {})) {
    parts[name] = Array.isArray(part) ? part.map(translateHostText) : translateHostText(part);
  }
  return t(text.key, { ...text.params, ...parts });
}
