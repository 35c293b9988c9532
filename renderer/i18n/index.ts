import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { fr, type Messages } from './fr.js';
import { en } from './en.js';

export type Locale = 'fr' | 'en';

export const resources = {
  fr: { translation: fr },
  en: { translation: en },
} as const satisfies Record<Locale, { translation: Messages }>;

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Messages };
  }
}

/** BCP 47 tag used for dates and numbers in each interface language. */
export const intlLocaleOf: Record<Locale, string> = { fr: 'fr-FR', en: 'en-GB' };

// Resources are bundled, so initialisation is synchronous: the first render is already translated.
void i18next.use(initReactI18next).init({
  resources,
  lng: 'fr',
  fallbackLng: 'fr',
  supportedLngs: ['fr', 'en'],
  defaultNS: 'translation',
  initAsync: false,
  // React escapes text itself; escaping twice would show “&amp;” to the clerk.
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** Switches the interface language and keeps <html lang> in step for screen readers and hyphenation. */
export function applyLocale(locale: Locale): void {
  if (i18next.language !== locale) void i18next.changeLanguage(locale);
  document.documentElement.lang = locale;
}

export { i18next };
