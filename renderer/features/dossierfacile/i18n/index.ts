import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { i18next, intlLocaleOf, type Locale } from '../../../i18n/index.js';
import { readIpcFailure } from '../../../app/ipcFailure.js';
import { defineNamespace, type CatalogueKey } from '../../../i18n/namespaceText.js';
import { dossierfacileFr, type DossierfacileMessages } from './fr.js';

export const dossierfacileNamespace = 'dossierfacile';
// Registered through the one i18n setup, so the catalogue tests cover this namespace too.
export const dossierfacileText = defineNamespace<DossierfacileMessages>(dossierfacileNamespace, {
  fr: dossierfacileFr,
  // Out of the start-up script (the namespace is there for the journal and Réglages): loaded with English.
  en: () => import('./en.js').then((m) => m.dossierfacileEn),
});

export type DfcKey = CatalogueKey<DossierfacileMessages>;
export type Tx = (key: DfcKey, options?: Record<string, string | number | undefined | null>) => string;

export interface DfcText {
  tx: Tx;
  /** A key built at run time (a status, a category), with a fallback when the catalogue has none. */
  txOr(key: string, fallback: string, options?: Record<string, string | number>): string;
  intlLocale: string;
}

function build(locale: Locale): DfcText {
  const fixed = (i18next.getFixedT as unknown as (l: string, ns: string) => (k: string, o?: object) => string).call(i18next, locale, dossierfacileNamespace);
  return {
    tx: (key, options) => fixed(key, options),
    txOr: (key, fallback, options) => (i18next.getResource(locale, dossierfacileNamespace, key) !== undefined ? fixed(key, options) : fallback),
    intlLocale: intlLocaleOf[locale],
  };
}

/** Translator bound to the `dossierfacile` namespace; re-renders when the interface language changes. */
export function useDfcText(): DfcText {
  const { i18n } = useTranslation();
  const locale: Locale = (i18n.resolvedLanguage ?? i18n.language) === 'en' ? 'en' : 'fr';
  return useMemo(() => build(locale), [locale]);
}

/** The clerk's sentence for a failed call: main's catalogue entry, else the host's words. */
export function failureText(text: DfcText, error: unknown): string {
  const failure = readIpcFailure(error);
  return failure.message ?? text.tx('common.unexpected');
}
