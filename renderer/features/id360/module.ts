import { lazy } from 'react';
import type { ProviderFeatureModule } from '../../app/featureModule.js';
import { IdentityIcon } from '../../components/icons.js';
import { id360SettingsForm } from './settings/settingsForm.js';

const loadPage = () => import('./Id360Page.js');
const Id360ProcessesEditor = lazy(() => import('./settings/ProcessesEditor.js').then((m) => ({ default: m.Id360ProcessesEditor })));
const Id360Page = lazy(() => loadPage().then((m) => ({ default: m.Id360Page })));

/** « Vérification d’identité »: its page loads on demand (the QR library with it). */
export const id360FeatureModule: ProviderFeatureModule = {
  id: 'id360',
  NavIcon: IdentityIcon,
  Page: Id360Page,
  prefetch: loadPage,
  settings: { form: id360SettingsForm, typedSecrets: ['id360.password', 'id360.relayKey'], SettingsSlot: Id360ProcessesEditor },
};
