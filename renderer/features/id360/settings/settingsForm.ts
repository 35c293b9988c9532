import type { ProviderFormSpec } from '../../../app/featureModule.js';
import { isAcceptedProviderUrl } from '../../../../shared/domain/providerUrl.js';

/** The ID360 settings fields: the application account, the journey's host, the polling pace, the relay. */
export const id360SettingsForm: ProviderFormSpec = {
  provider: 'id360',
  fields: [
    { name: 'username', kind: 'text', labelKey: 'settings.id360.username', hintKey: 'settings.id360.usernameHint', clean: (raw) => raw.trim() },
    {
      name: 'customUiBaseUrl',
      kind: 'text',
      labelKey: 'settings.id360.customUiBaseUrl',
      hintKey: 'settings.id360.customUiBaseUrlHint',
      inputMode: 'url',
      clean: (raw) => raw.trim(),
      problem: (value) => (isAcceptedProviderUrl(value) ? null : 'url'),
    },
    { name: 'pollIntervalMinutes', kind: 'integer', labelKey: 'settings.id360.pollInterval', hintKey: 'settings.id360.pollIntervalHint', inputMode: 'numeric', short: true },
    {
      name: 'callbackRelayUrl',
      kind: 'text',
      labelKey: 'settings.id360.callbackRelayUrl',
      hintKey: 'settings.id360.callbackRelayUrlHint',
      inputMode: 'url',
      clean: (raw) => raw.trim(),
      problem: (value) => (isAcceptedProviderUrl(value) ? null : 'url'),
    },
  ],
};
