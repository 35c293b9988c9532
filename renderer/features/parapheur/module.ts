import type { ProviderFeatureModule } from '../../app/featureModule.js';
import { SignatureIcon } from '../../components/icons.js';
import { ParapheurPage } from './ParapheurPage.js';
import { ParapheurSandboxDataSlot } from './settings/SandboxDataSlot.js';
import { ParapheurCertificateSlot } from './settings/CertificateSlot.js';
import { parapheurSettingsForm } from './settings/settingsForm.js';

/** The first screen: its page is in the start-up bundle, not loaded on demand. */
export const parapheurFeatureModule: ProviderFeatureModule = {
  id: 'parapheur',
  NavIcon: SignatureIcon,
  Page: ParapheurPage,
  // No typed secret: the certificate's password is given with its file, in the one import form.
  settings: { form: parapheurSettingsForm, typedSecrets: [], SecretSlot: ParapheurCertificateSlot, DataSlot: ParapheurSandboxDataSlot },
};
