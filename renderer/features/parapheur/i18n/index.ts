import { defineNamespace, type CatalogueKey, type NamespaceText } from '../../../i18n/namespaceText.js';
import { localeOf } from '../../../i18n/index.js';
import { parapheurFr, type ParapheurMessages } from './fr.js';

export type { TranslateOptions } from '../../../i18n/namespaceText.js';
export { localeOf };

const parapheur = defineNamespace<ParapheurMessages>('parapheur', {
  fr: parapheurFr,
  // Out of the start-up script: loaded when English is chosen.
  en: () => import('./en.js').then((m) => m.parapheurEn),
});

export const parapheurNamespace = parapheur.namespace;
export type ParapheurKey = CatalogueKey<ParapheurMessages>;
export type ParapheurText = NamespaceText<ParapheurKey>;
export type Tx = ParapheurText['tx'];
export const useParapheurText = parapheur.useText;
export const parapheurText = parapheur.text;
