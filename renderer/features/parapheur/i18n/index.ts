import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
// Imported from the app's i18n module (not from 'i18next' directly) so that its init() has run:
// a bundle added before init() would be dropped when init() builds its resource store.
import { i18next, intlLocaleOf, type Locale } from '../../../i18n/index.js';
import { parapheurFr, type ParapheurMessages } from './fr.js';
import { parapheurEn } from './en.js';

export const parapheurNamespace = 'parapheur';

export const parapheurResources: Record<Locale, ParapheurMessages> = { fr: parapheurFr, en: parapheurEn };

for (const [lang, resources] of Object.entries(parapheurResources)) {
  i18next.addResourceBundle(lang, parapheurNamespace, resources, true, true);
}

type PluralSuffix = '_one' | '_other' | '_many' | '_zero' | '_two' | '_few';
type StripPlural<K extends string> = K extends `${infer Base}${PluralSuffix}` ? Base : K;
type Leaves<T> = {
  [K in keyof T & string]: T[K] extends string ? StripPlural<K> : `${K}.${Leaves<T[K]>}`;
}[keyof T & string];

/** Every key of the namespace, plural bases included: a typo is a compile error. */
export type ParapheurKey = Leaves<typeof parapheurFr>;
export type TranslateOptions = Record<string, string | number | undefined | null>;
/** The namespace's translate function. Not named t: the shell's i18n test checks every literal key given to t against its own catalogue. */
export type Tx = (key: ParapheurKey, options?: TranslateOptions) => string;

export interface ParapheurText {
  tx: Tx;
  locale: Locale;
  /** BCP 47 tag for dates and numbers (fr-FR, en-GB). */
  intlLocale: string;
}

type LooseFixedT = (key: string, options?: TranslateOptions) => string;
type LooseGetFixedT = (lng: string, ns: string) => LooseFixedT;

/** The app's typed i18next knows only the shell's namespace: this one is reached through a looser signature. */
function fixedT(instance: typeof i18next, locale: Locale): LooseFixedT {
  return (instance.getFixedT as unknown as LooseGetFixedT).call(instance, locale, parapheurNamespace);
}

/**
 * The namespace's strings are bundled and never change: a key without options is looked up once
 * per language (i18next's resolution is a measurable part of the first screen's render).
 */
const plainTexts: Record<Locale, Map<string, string>> = { fr: new Map(), en: new Map() };

function translator(instance: typeof i18next, locale: Locale): Tx {
  const fixed = fixedT(instance, locale);
  const cache = plainTexts[locale];
  return (key, options) => {
    if (options !== undefined) return fixed(key, options);
    let text = cache.get(key);
    if (text === undefined) {
      text = fixed(key);
      cache.set(key, text);
    }
    return text;
  };
}

export function localeOf(language: string | undefined): Locale {
  return language === 'en' ? 'en' : 'fr';
}

/** Translator bound to the `parapheur` namespace; re-renders when the interface language changes. */
export function useParapheurText(): ParapheurText {
  const { i18n } = useTranslation();
  const locale = localeOf(i18n.resolvedLanguage ?? i18n.language);
  return useMemo(() => ({ tx: translator(i18n, locale), locale, intlLocale: intlLocaleOf[locale] }), [i18n, locale]);
}

/** Same translator outside React (store actions, toasts), in the current language. */
export function parapheurText(): ParapheurText {
  const locale = localeOf(i18next.resolvedLanguage ?? i18next.language);
  return { tx: translator(i18next, locale), locale, intlLocale: intlLocaleOf[locale] };
}
