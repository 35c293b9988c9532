import { lazy } from 'react';
import type { ProviderFeatureModule } from '../../app/featureModule.js';
import { FolderIcon } from '../../components/icons.js';
import { dossierfacileSettingsForm } from './settings/settingsForm.js';
// The catalogue is registered at start: the journal and Réglages show what main says about DossierFacile.
import './i18n/index.js';

const loadPage = () => import('./DossierfacilePage.js');
const DfcPartnerSettingsSection = lazy(() => import('./settings/PartnerSettingsSection.js').then((m) => ({ default: m.DfcPartnerSettingsSection })));
const DossierfacilePage = lazy(() => loadPage().then((m) => ({ default: m.DossierfacilePage })));

/** « Dossiers locataires »: its page loads on demand. */
export const dossierfacileFeatureModule: ProviderFeatureModule = {
  id: 'dossierfacile',
  NavIcon: FolderIcon,
  Page: DossierfacilePage,
  prefetch: loadPage,
  settings: { form: dossierfacileSettingsForm, typedSecrets: ['dossierfacile.clientSecret', 'dossierfacile.callbackApiKey'], SettingsSlot: DfcPartnerSettingsSection },
};
