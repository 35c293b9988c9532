import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { i18next, intlLocaleOf, type Locale } from '../../../i18n/index.js';
import { readIpcFailure } from '../../../app/ipcFailure.js';
import { genericErrorKey } from '../../../../shared/ipc/errors.js';
import { defineNamespace } from '../../../i18n/namespaceText.js';
import { id360Fr, type Id360Messages } from './fr.js';
import { id360En } from './en.js';

export const id360Namespace = 'id360';
export const id360Resources: Record<Locale, Id360Messages> = { fr: id360Fr, en: id360En };
// Registered through the one i18n setup, so the catalogue tests cover this namespace too.
defineNamespace<Id360Messages>(id360Namespace, id360Resources);

type Leaves<T> = { [K in keyof T & string]: T[K] extends string ? K : `${K}.${Leaves<T[K]>}` }[keyof T & string];
/** Every key of the namespace: a typo is a compile error. */
export type Id360Key = Leaves<Id360Messages>;
export type Tx = (key: Id360Key, options?: Record<string, string | number | undefined | null>) => string;

export interface Id360Text {
  tx: Tx;
  /** A key built at run time (a status code, a field name), with a fallback when the catalogue has none. */
  txOr(key: string, fallback: string, options?: Record<string, string | number>): string;
  intlLocale: string;
}

function build(locale: Locale): Id360Text {
  const fixed = (i18next.getFixedT as unknown as (l: string, ns: string) => (k: string, o?: object) => string).call(i18next, locale, id360Namespace);
  return {
    tx: (key, options) => fixed(key, options),
    txOr: (key, fallback, options) => (i18next.getResource(locale, id360Namespace, key) !== undefined ? fixed(key, options) : fallback),
    intlLocale: intlLocaleOf[locale],
  };
}

/** Translator bound to the `id360` namespace; re-renders when the interface language changes. */
export function useId360Text(): Id360Text {
  const { i18n } = useTranslation();
  const locale: Locale = (i18n.resolvedLanguage ?? i18n.language) === 'en' ? 'en' : 'fr';
  return useMemo(() => build(locale), [locale]);
}

/**
 * The clerk's sentence for a failed call: main's catalogue entry (`id360:errors.…`, `app:hostErrors.…`)
 * in the interface language; when main gave none of its own, its code through this catalogue.
 */
export function failureText(text: Id360Text, error: unknown): string {
  const failure = readIpcFailure(error);
  const key = typeof error === 'object' && error !== null ? (error as { key?: unknown }).key : undefined;
  if (failure.message !== null && key !== genericErrorKey) return failure.message;
  return text.txOr(`errors.${failure.code}`, failure.message ?? text.tx('common.unexpected'));
}
