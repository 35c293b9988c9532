import type { ProviderFormSpec } from '../../../app/featureModule.js';
import { isAcceptedProviderUrl } from '../../../../shared/domain/providerUrl.js';
import { DFC_SANDBOX_CLIENT_ID } from '../../../../shared/domain/dossierfacileVocabulary.js';

/** The DossierFacile settings fields: the partner client, the sign-in service, the return path, the sync pace. */
export const dossierfacileSettingsForm: ProviderFormSpec = {
  provider: 'dossierfacile',
  fields: [
    {
      name: 'clientId',
      kind: 'text',
      labelKey: 'settings.dossierfacile.clientId',
      hintKey: 'settings.dossierfacile.clientIdHint',
      sandboxValue: DFC_SANDBOX_CLIENT_ID,
      sandboxNoteKey: 'settings.dossierfacile.clientIdSandboxNote',
      clean: (raw) => raw.trim(),
    },
    {
      name: 'customSsoBaseUrl',
      kind: 'text',
      labelKey: 'settings.dossierfacile.customSsoBaseUrl',
      hintKey: 'settings.dossierfacile.customSsoBaseUrlHint',
      inputMode: 'url',
      clean: (raw) => raw.trim(),
      problem: (value) => (isAcceptedProviderUrl(value) ? null : 'url'),
    },
    { name: 'callbackPath', kind: 'text', labelKey: 'settings.dossierfacile.callbackPath', hintKey: 'settings.dossierfacile.callbackPathHint', clean: (raw) => raw.trim() },
    {
      name: 'webhookRelayUrl',
      kind: 'text',
      labelKey: 'settings.dossierfacile.webhookRelayUrl',
      hintKey: 'settings.dossierfacile.webhookRelayUrlHint',
      inputMode: 'url',
      clean: (raw) => raw.trim(),
      problem: (value) => (isAcceptedProviderUrl(value) ? null : 'url'),
    },
    { name: 'syncPeriodMinutes', kind: 'integer', labelKey: 'settings.dossierfacile.syncPeriod', hintKey: 'settings.dossierfacile.syncPeriodHint', inputMode: 'numeric', short: true },
  ],
};
