import { describe, expect, it } from 'vitest';
import { defaultSettings, settingsPatchSchema, type Settings } from '../../../shared/domain/settings.js';
import { parapheurSettingsSchema } from '../../../shared/domain/parapheur.js';
import { parapheurSettingsForm as form } from '../../../renderer/features/parapheur/settings/settingsForm.js';
import { createIpcRouter } from '../../../main/core/ipc/router.js';
import { readHostIssues } from '../../../renderer/app/ipcFailure.js';
import {
  buildProviderPatch,
  draftFromSettings,
  firstProblemField,
  isDraftDirty,
  numberLimits,
  problemsFromHostIssues,
  type ProviderDraft,
} from '../../../renderer/features/settings/providerForm.js';

/** Outside Sandbox, where the organisation's own SIREN is typed (Sandbox imposes the simulator's). */
function parapheurDraft(overrides: Record<string, string> = {}): ProviderDraft {
  return { ...draftFromSettings(form, defaultSettings), environment: 'preprod', ...overrides };
}

describe('provider settings form', () => {
  it('takes its number limits from the shared schema', () => {
    for (const [field, { min, max }] of Object.entries(numberLimits(form))) {
      expect(parapheurSettingsSchema.partial().safeParse({ [field]: min }).success).toBe(true);
      expect(parapheurSettingsSchema.partial().safeParse({ [field]: max }).success).toBe(true);
      expect(parapheurSettingsSchema.partial().safeParse({ [field]: min - 1 }).success).toBe(false);
      expect(parapheurSettingsSchema.partial().safeParse({ [field]: max + 1 }).success).toBe(false);
    }
    // FAST asks for at least 30 minutes between two polls of one document.
    expect(numberLimits(form).pollIntervalMinutes!.min).toBe(30);
  });

  it('reads the saved settings into strings and back into a patch main accepts', () => {
    const settings: Settings = {
      ...defaultSettings,
      providers: {
        ...defaultSettings.providers,
        parapheur: { ...defaultSettings.providers.parapheur, environment: 'preprod', siren: '123456789', concurrency: 5 },
      },
    };
    const draft = draftFromSettings(form, settings);
    expect(draft).toMatchObject({ environment: 'preprod', siren: '123456789', concurrency: '5', pollIntervalMinutes: '30' });
    expect(isDraftDirty(form, draft, settings)).toBe(false);
    expect(isDraftDirty(form, { ...draft, concurrency: '6' }, settings)).toBe(true);

    const result = buildProviderPatch(form, { ...draft, siren: '552 100 554', concurrency: ' 4 ' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.patch).toEqual({
      providers: {
        parapheur: { environment: 'preprod', siren: '552100554', concurrency: 4, pollIntervalMinutes: 30, lateAfterDays: 5 },
      },
    });
    expect(settingsPatchSchema.safeParse(result.patch).success).toBe(true);
  });

  it('leaves the saved SIREN alone in Sandbox, where the simulator imposes its own', () => {
    const sandbox = buildProviderPatch(form, parapheurDraft({ environment: 'sandbox', siren: '12345' }));
    expect(sandbox.ok).toBe(true);
    if (!sandbox.ok) return;
    expect(sandbox.patch.providers?.parapheur).not.toHaveProperty('siren');
  });

  it('refuses what main would refuse, field by field', () => {
    const result = buildProviderPatch(
      form,
      parapheurDraft({ siren: '12345', concurrency: 'trois', pollIntervalMinutes: '10', lateAfterDays: '5' }),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual({
      siren: { source: 'local', key: 'siren' },
      concurrency: { source: 'local', key: 'integer' },
      pollIntervalMinutes: { source: 'local', key: 'range', values: { min: 30, max: 1440 } },
    });
    expect(firstProblemField(form, result.problems)).toBe('siren');
  });

  it('requires a full https address for the custom environment only', () => {
    const missing = buildProviderPatch(form, { ...draftFromSettings(form, defaultSettings), environment: 'custom' });
    expect(missing).toEqual({ ok: false, problems: { customBaseUrl: { source: 'local', key: 'customUrlRequired' } } });

    const notUrl = buildProviderPatch(form, {
      ...draftFromSettings(form, defaultSettings),
      environment: 'custom',
      customBaseUrl: 'ftp://exemple.fr',
    });
    expect(notUrl).toEqual({ ok: false, problems: { customBaseUrl: { source: 'local', key: 'url' } } });

    const plainHttp = buildProviderPatch(form, {
      ...draftFromSettings(form, defaultSettings),
      environment: 'custom',
      customBaseUrl: 'http://parapheur.ma-collectivite.fr/ws/',
    });
    expect(plainHttp).toEqual({ ok: false, problems: { customBaseUrl: { source: 'local', key: 'url' } } });

    const good = buildProviderPatch(form, {
      ...draftFromSettings(form, defaultSettings),
      environment: 'custom',
      customBaseUrl: ' https://api.exemple.fr/ ',
      siren: '552100554',
    });
    expect(good).toEqual({
      ok: true,
      patch: {
        providers: {
          parapheur: {
            environment: 'custom',
            customBaseUrl: 'https://api.exemple.fr/',
            siren: '552100554',
            concurrency: 3,
            pollIntervalMinutes: 30,
            lateAfterDays: 5,
          },
        },
      },
    });

    // Leaving "Personnalisé" keeps the saved URL: it is simply not part of the patch.
    const production = buildProviderPatch(form, {
      ...draftFromSettings(form, defaultSettings),
      environment: 'production',
      customBaseUrl: 'not even a url',
    });
    expect(production.ok && production.patch.providers?.parapheur).toEqual({
      environment: 'production',
      siren: null,
      concurrency: 3,
      pollIntervalMinutes: 30,
      lateAfterDays: 5,
    });
  });

  it('places the issues reported by main next to the right fields', async () => {
    // The real IPC router validates the patch against the shared contract before any handler runs.
    const router = createIpcRouter({ isTrustedOrigin: () => true }, { 'settings.update': () => defaultSettings });
    const result = await router.dispatch(
      'settings.update',
      { providers: { parapheur: { siren: '12', pollIntervalMinutes: 5, customBaseUrl: 'pas une adresse' } } },
      { isTopFrame: true, url: 'app://guichet/index.html' },
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;

    const { problems, other } = problemsFromHostIssues(form, readHostIssues(result.error.details));
    expect(Object.keys(problems).sort()).toEqual(['customBaseUrl', 'pollIntervalMinutes', 'siren']);
    expect(problems.siren).toEqual({ source: 'host', message: 'doit compter 9 chiffres' });
    expect(other).toEqual([]);
  });

  it('keeps issues it cannot place instead of dropping them', () => {
    const { problems, other } = problemsFromHostIssues(form, [
      { path: 'providers.parapheur.siren', message: 'clé de contrôle incorrecte' },
      { path: 'providers.autre.siren', message: 'autre fournisseur' },
      { path: '', message: 'Réglages illisibles.' },
    ]);
    expect(problems).toEqual({ siren: { source: 'host', message: 'clé de contrôle incorrecte' } });
    expect(other).toEqual(['autre fournisseur', 'Réglages illisibles.']);
  });
});

describe('clearing an optional setting', () => {
  it('survives JSON (the web host bridge) and really clears the stored value', async () => {
    const { createSettingsService } = await import('../../../main/core/settings/settingsService.js');
    let store: unknown = {};
    const service = createSettingsService({
      get store() {
        return store;
      },
      set store(v: unknown) {
        store = v;
      },
    });
    service.update({ providers: { parapheur: { siren: '213105554' } } });
    const cleared = buildProviderPatch(form, { ...draftFromSettings(form, service.get()), environment: 'preprod', siren: '' });
    expect(cleared.ok).toBe(true);
    if (!cleared.ok) return;
    const overTheWire = JSON.parse(JSON.stringify(cleared.patch));
    const parsed = settingsPatchSchema.parse(overTheWire);
    expect(service.update(parsed).providers.parapheur.siren).toBeUndefined();
  });
});

describe('a choice among fixed values (the ID360 account kind)', () => {
  it('reads the saved kind, saves the chosen one through main, and never sends a value main would refuse', async () => {
    const { id360SettingsForm } = await import('../../../renderer/features/id360/settings/settingsForm.js');
    const { createSettingsService } = await import('../../../main/core/settings/settingsService.js');
    let store: unknown = {};
    const service = createSettingsService({
      get store() {
        return store;
      },
      set store(v: unknown) {
        store = v;
      },
    });
    const draft = draftFromSettings(id360SettingsForm, service.get());
    expect(draft['accountKind']).toBe('application');
    const chosen = buildProviderPatch(id360SettingsForm, { ...draft, environment: 'preprod', accountKind: 'user' });
    expect(chosen.ok).toBe(true);
    if (!chosen.ok) return;
    expect(service.update(settingsPatchSchema.parse(JSON.parse(JSON.stringify(chosen.patch)))).providers.id360.accountKind).toBe('user');
    expect(isDraftDirty(id360SettingsForm, { ...draftFromSettings(id360SettingsForm, service.get()), accountKind: 'application' }, service.get())).toBe(true);
    const odd = buildProviderPatch(id360SettingsForm, { ...draft, environment: 'preprod', accountKind: 'admin' });
    expect(odd.ok && (odd.patch.providers as Record<string, Record<string, unknown>>)['id360']!['accountKind']).toBe('application');
  });
});
