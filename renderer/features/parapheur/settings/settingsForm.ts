import { PARAPHEUR_SANDBOX_SIREN } from '../../../../shared/domain/parapheurVocabulary.js';
import type { ProviderFormSpec } from '../../../app/featureModule.js';

/** The FAST Parapheur settings fields: SIREN, upload concurrency, polling and lateness. */
export const parapheurSettingsForm: ProviderFormSpec = {
  provider: 'parapheur',
  fields: [
    {
      name: 'siren',
      kind: 'text',
      labelKey: 'settings.parapheur.siren',
      hintKey: 'settings.parapheur.sirenHint',
      inputMode: 'numeric',
      // Clerks often copy a SIREN with its spaces ("123 456 789"): accept them.
      clean: (raw) => raw.replace(/\s+/g, ''),
      problem: (value) => (/^\d{9}$/.test(value) ? null : 'siren'),
      sandboxValue: PARAPHEUR_SANDBOX_SIREN,
      sandboxNoteKey: 'settings.parapheur.sirenSandboxNote',
    },
    { name: 'concurrency', kind: 'integer', labelKey: 'settings.parapheur.concurrency', hintKey: 'settings.parapheur.concurrencyHint', inputMode: 'numeric', short: true },
    { name: 'pollIntervalMinutes', kind: 'integer', labelKey: 'settings.parapheur.pollInterval', hintKey: 'settings.parapheur.pollIntervalHint', inputMode: 'numeric', short: true },
    { name: 'lateAfterDays', kind: 'integer', labelKey: 'settings.parapheur.lateAfterDays', hintKey: 'settings.parapheur.lateAfterDaysHint', inputMode: 'numeric', short: true },
  ],
};
