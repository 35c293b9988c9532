import { lazy } from 'react';
import type { ProviderFeatureModule } from '../../app/featureModule.js';
import { SignatureIcon } from '../../components/icons.js';
import { ParapheurPage } from './ParapheurPage.js';
import { parapheurSettingsForm } from './settings/settingsForm.js';
import { loadDepositDialog } from './deposit/lazyDepositDialog.js';

// Réglages only: loaded with the settings page, not with the first screen.
const loadSettingsSlots = () => import('./settings/settingsSlots.js');
const ParapheurCertificateSlot = lazy(() => loadSettingsSlots().then((m) => ({ default: m.ParapheurCertificateSlot })));
const ParapheurSandboxDataSlot = lazy(() => loadSettingsSlots().then((m) => ({ default: m.ParapheurSandboxDataSlot })));

/**
 * The first screen: its page is in the start-up bundle, not loaded on demand. What it opens later (the
 * deposit dialog, the settings slots) is fetched right after the first paint.
 */
export const parapheurFeatureModule: ProviderFeatureModule = {
  id: 'parapheur',
  NavIcon: SignatureIcon,
  Page: ParapheurPage,
  prefetch: () => Promise.all([loadDepositDialog(), loadSettingsSlots()]),
  // No typed secret: the certificate's password is given with its file, in the one import form.
  settings: { form: parapheurSettingsForm, typedSecrets: [], SecretSlot: ParapheurCertificateSlot, DataSlot: ParapheurSandboxDataSlot },
};
