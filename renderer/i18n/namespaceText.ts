import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { addLanguageLoad, i18next, intlLocaleOf, localeOf, type Locale } from './index.js';

type PluralSuffix = '_one' | '_other' | '_many' | '_zero' | '_two' | '_few';
type StripPlural<K extends string> = K extends `${infer Base}${PluralSuffix}` ? Base : K;
/** Every key of a catalogue, plural bases included: a typo is a compile error. */
export type CatalogueKey<T> = {
  [K in keyof T & string]: T[K] extends string ? StripPlural<K> : `${K}.${CatalogueKey<T[K]>}`;
}[keyof T & string];

export type TranslateOptions = Record<string, string | number | boolean | undefined | null>;

export interface NamespaceText<Key extends string> {
  /** The namespace's translate function (not named t: the i18n test reads every t(…) literal as a shell key). */
  tx: (key: Key, options?: TranslateOptions) => string;
  locale: Locale;
  /** BCP 47 tag for dates and numbers (fr-FR, en-GB). */
  intlLocale: string;
}

type LooseFixedT = (key: string, options?: TranslateOptions) => string;
type LooseGetFixedT = (lng: string, ns: string) => LooseFixedT;

/**
 * Every namespace a feature registered, with its catalogues as far as loaded: the catalogue test walks
 * this list (after loadLanguage for each language).
 */
export const registeredNamespaces = new Map<string, Partial<Record<Locale, object>>>();

/** A catalogue, or how to load it when its language is chosen (a dynamic import: its own chunk). */
export type CatalogueSource<Messages> = Messages | (() => Promise<Messages>);

/**
 * The one way a feature adds its catalogue: registers both languages under `namespace` and returns
 * its typed translators. The French catalogue's shape is the type the English one must match. A
 * namespace of the first screen gives its English catalogue as a loader, kept out of the start-up script.
 */
export function defineNamespace<Messages extends object>(namespace: string, catalogues: { fr: Messages; en: CatalogueSource<Messages> }) {
  type Key = CatalogueKey<Messages>;
  const known: Partial<Record<Locale, object>> = {};
  registeredNamespaces.set(namespace, known);
  // The namespace's strings never change once there: a key without options is looked up once per
  // language (i18next's resolution is a measurable part of the first screen's render).
  const plainTexts: Record<Locale, Map<string, string>> = { fr: new Map(), en: new Map() };
  const add = (lang: Locale, bundle: Messages) => {
    known[lang] = bundle;
    i18next.addResourceBundle(lang, namespace, bundle, true, true);
    // Anything read before (the fallback's words) gives way to the language's own.
    plainTexts[lang].clear();
  };
  for (const lang of ['fr', 'en'] as const) {
    const source = catalogues[lang];
    if (typeof source === 'function') addLanguageLoad(lang, () => source().then((bundle) => add(lang, bundle)));
    else add(lang, source);
  }

  function translator(instance: typeof i18next, locale: Locale): NamespaceText<Key>['tx'] {
    const fixed = (instance.getFixedT as unknown as LooseGetFixedT).call(instance, locale, namespace);
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

  /** Translator bound to the namespace; re-renders when the interface language changes. */
  function useText(): NamespaceText<Key> {
    const { i18n } = useTranslation();
    const locale = localeOf(i18n.resolvedLanguage ?? i18n.language);
    return useMemo(() => ({ tx: translator(i18n, locale), locale, intlLocale: intlLocaleOf[locale] }), [i18n, locale]);
  }

  /** Same translator outside React (store actions, toasts), in the current language. */
  function text(): NamespaceText<Key> {
    const locale = localeOf(i18next.resolvedLanguage ?? i18next.language);
    return { tx: translator(i18next, locale), locale, intlLocale: intlLocaleOf[locale] };
  }

  return { namespace, useText, text };
}
