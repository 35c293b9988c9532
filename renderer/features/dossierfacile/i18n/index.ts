import { defineNamespace } from '../../../i18n/namespaceText.js';
import { dossierfacileFr, type DossierfacileMessages } from './fr.js';
import { dossierfacileEn } from './en.js';

/** Registered through the one i18n setup, so the catalogue tests cover this namespace too. */
export const dossierfacileText = defineNamespace<DossierfacileMessages>('dossierfacile', { fr: dossierfacileFr, en: dossierfacileEn });
