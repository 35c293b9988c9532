import type { ProviderFeatureModule } from '../../app/featureModule.js';
import { SignatureIcon } from '../../components/icons.js';
import { ParapheurPage } from './ParapheurPage.js';
import { ParapheurCertificateSlot } from './settings/CertificateSlot.js';
import { parapheurSettingsForm } from './settings/settingsForm.js';

/** The first screen: its page is in the start-up bundle, not loaded on demand. */
export const parapheurFeatureModule: ProviderFeatureModule = {
  id: 'parapheur',
  NavIcon: SignatureIcon,
  Page: ParapheurPage,
  settings: { form: parapheurSettingsForm, typedSecrets: ['parapheur.certificatePassword'], SecretSlot: ParapheurCertificateSlot },
};
