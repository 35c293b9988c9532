import type { ProviderFormSpec } from '../../../app/featureModule.js';
import { isAcceptedProviderUrl } from '../../../../shared/domain/providerUrl.js';

/** The ID360 settings fields: the account and its kind, the journey's host, the polling pace, the relay. */
export const id360SettingsForm: ProviderFormSpec = {
  provider: 'id360',
  fields: [
    { name: 'username', kind: 'text', labelKey: 'settings.id360.username', hintKey: 'settings.id360.usernameHint', clean: (raw) => raw.trim() },
    {
      // What ID360 lets each kind read, and for how long (docs/providers/id360.md#retention), and
      // whether the login asks for a code (docs/providers/id360.md#session).
      name: 'accountKind',
      kind: 'choice',
      labelKey: 'settings.id360.accountKind',
      hintKey: 'settings.id360.accountKindHint',
      options: [
        { value: 'application', labelKey: 'settings.id360.accountKinds.application', hintKey: 'settings.id360.accountKinds.applicationHint' },
        { value: 'user', labelKey: 'settings.id360.accountKinds.user', hintKey: 'settings.id360.accountKinds.userHint' },
      ],
    },
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
