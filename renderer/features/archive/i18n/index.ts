import { defineNamespace } from '../../../i18n/namespaceText.js';
import { archiveFr, type ArchiveMessages } from './fr.js';
import { archiveEn } from './en.js';

/** The Archive's catalogue, registered through the one i18n setup (the catalogue tests cover it). */
export const archiveText = defineNamespace<ArchiveMessages>('archive', { fr: archiveFr, en: archiveEn });
export const useArchiveText = archiveText.useText;
