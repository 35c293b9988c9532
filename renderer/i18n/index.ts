import i18next from 'i18next';
import { formatByteSize } from '../../shared/format/byteSize.js';
import { initReactI18next } from 'react-i18next';
import { fr, type Messages } from './fr.js';

export type Locale = 'fr' | 'en';

/** The shell's namespace: the core's entries, main's core errors included (`app:hostErrors.…`). */
export const appNamespace = 'app';

/**
 * French is bundled with the first screen; every other language loads when it is chosen (its
 * catalogues are a sixth of the start-up script otherwise). See loadLanguage.
 */
export const resources = {
  fr: { [appNamespace]: fr },
} as const satisfies Partial<Record<Locale, { app: Messages }>>;

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'app';
    resources: { app: Messages };
  }
}

/** BCP 47 tag used for dates and numbers in each interface language. */
export const intlLocaleOf: Record<Locale, string> = { fr: 'fr-FR', en: 'en-GB' };

export function localeOf(language: string | undefined): Locale {
  return language === 'en' ? 'en' : 'fr';
}

// Resources are bundled, so initialisation is synchronous: the first render is already translated.
void i18next.use(initReactI18next).init({
  resources,
  lng: 'fr',
  fallbackLng: 'fr',
  supportedLngs: ['fr', 'en'],
  ns: [appNamespace],
  defaultNS: appNamespace,
  initAsync: false,
  // React escapes text itself; escaping twice would show “&amp;” to the clerk.
  interpolation: { escapeValue: false },
  returnNull: false,
  // No advertisement in the clerk's console (nor in every test run's output).
  showSupportNotice: false,
});

/**
 * Main sends plain values (docs/architecture.md#ipc-contract); the catalogues format them:
 * `{{limit, size}}` for a number of bytes, `{{at, isoDay}}` / `{{at, isoDateTime}}` for an ISO date,
 * `{{kinds, list}}` and `{{problems, sentences}}` for the lists a HostText's parts give.
 */
i18next.services.formatter?.add('size', (value: unknown, lng: string | undefined) => {
  const bytes = Number(value);
  if (!Number.isFinite(bytes)) return String(value);
  const locale = localeOf(lng);
  return formatByteSize(bytes, intlLocaleOf[locale], (unit, text) => (i18next.t as unknown as (key: string, options: object) => string)(`size.${unit}`, { lng: locale, value: text }));
});
function isoDateFormatter(options: Intl.DateTimeFormatOptions) {
  return (value: unknown, lng: string | undefined) => {
    const date = new Date(String(value));
    if (Number.isNaN(date.getTime())) return String(value);
    return new Intl.DateTimeFormat(intlLocaleOf[localeOf(lng)], options).format(date);
  };
}
i18next.services.formatter?.add('isoDay', isoDateFormatter({ dateStyle: 'short' }));
i18next.services.formatter?.add('isoDateTime', isoDateFormatter({ dateStyle: 'short', timeStyle: 'short' }));
/** `{{kinds, list}}`: names joined as the language does (« PDF ou XML », “PDF or XML”). */
i18next.services.formatter?.add('list', (value: unknown, lng: string | undefined) =>
  Array.isArray(value) ? new Intl.ListFormat(intlLocaleOf[localeOf(lng)], { type: 'disjunction' }).format(value.map(String)) : String(value),
);
/** `{{problems, sentences}}`: whole sentences, one after the other. */
i18next.services.formatter?.add('sentences', (value: unknown) => (Array.isArray(value) ? value.map(String).join(' ') : String(value)));

/** What still has to load for each language, by catalogue (a loader runs once; its promise is kept). */
const languageLoads: Record<Locale, Map<() => Promise<void>, Promise<void> | null>> = { fr: new Map(), en: new Map() };

/**
 * Registers a catalogue to load with `locale` (namespaceText.ts does it for each namespace). Registered
 * while that language is already shown (a page loaded later), it loads at once and the screen follows.
 */
export function addLanguageLoad(locale: Locale, load: () => Promise<void>): void {
  languageLoads[locale].set(load, null);
  if (i18next.language === locale) {
    void loadLanguage(locale).then(() => i18next.changeLanguage(locale));
  }
}

/** Loads every catalogue of a language (once each); resolves when they are all in i18next. */
export function loadLanguage(locale: Locale): Promise<void> {
  const loads = languageLoads[locale];
  return Promise.all(
    [...loads].map(([load, running]) => {
      if (running) return running;
      const started = load();
      loads.set(load, started);
      // A failed load (a lost host) is tried again on the next switch.
      started.catch(() => loads.set(load, null));
      return started;
    }),
  ).then(() => undefined);
}

addLanguageLoad('en', () => import('./en.js').then((m) => void i18next.addResourceBundle('en', appNamespace, m.en, true, true)));

/**
 * Switches the interface language once its catalogues are there, and keeps <html lang> in step for
 * screen readers and hyphenation.
 */
export async function applyLocale(locale: Locale): Promise<void> {
  await loadLanguage(locale);
  if (i18next.language !== locale) await i18next.changeLanguage(locale);
  document.documentElement.lang = locale;
}

export { i18next };
