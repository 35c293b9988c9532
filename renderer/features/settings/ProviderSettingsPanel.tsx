import { Fragment, Suspense, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Settings } from '../../../shared/domain/settings.js';
import { knownBaseUrls, type Environment, type ProviderId } from '../../../shared/domain/providers.js';
import type { ProviderSettingsSpec } from '../../app/featureModule.js';
import { saveSettings } from '../../app/hostSession.js';
import { readHostIssues, readIpcFailure } from '../../app/ipcFailure.js';
import { RadioGroupField, SelectField, TextField } from '../../components/Field.js';
import { SaveBar } from './SaveBar.js';
import { SecretField } from './SecretField.js';
import { ConnectionTest } from './ConnectionTest.js';
import {
  buildProviderPatch,
  draftFromSettings,
  firstProblemField,
  isDraftDirty,
  isSandboxLocked,
  numberLimitsOf,
  problemsFromHostIssues,
  type FieldProblem,
  type FieldProblems,
  type ProviderDraft,
} from './providerForm.js';

const environments: readonly Environment[] = ['sandbox', 'preprod', 'production', 'custom'];

/** `settings-parapheur-poll-interval-minutes`: ids and test hooks share one spelling. */
function fieldId(provider: ProviderId, field: string): string {
  return `settings-${provider}-${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** One provider's settings: where its calls go, its own fields, its secrets and a connection test. */
export function ProviderSettingsPanel({ spec, settings }: { spec: ProviderSettingsSpec; settings: Settings }) {
  const { t } = useTranslation();
  const { form, typedSecrets, SecretSlot, SettingsSlot, DataSlot } = spec;
  const provider = form.provider;
  const [draft, setDraft] = useState<ProviderDraft>(() => draftFromSettings(form, settings));
  const [problems, setProblems] = useState<FieldProblems>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const dirty = isDraftDirty(form, draft, settings);

  const problemText = (problem: FieldProblem | undefined): string | null => {
    if (!problem) return null;
    return problem.source === 'host' ? problem.message : t(`settings.errors.${problem.key}`, problem.values ?? {});
  };

  const update = (field: string, value: string) => {
    setDraft((d) => ({ ...d, [field]: value }));
    // The problem concerned the old value: drop it as soon as the clerk edits the field.
    setProblems((p) => (p[field] ? { ...p, [field]: undefined } : p));
  };

  const showProblems = (next: FieldProblems, message: string) => {
    setProblems(next);
    setFormError(message);
    const first = firstProblemField(form, next);
    if (first) document.getElementById(fieldId(provider, first))?.focus();
  };

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const built = buildProviderPatch(form, draft);
    if (!built.ok) {
      showProblems(built.problems, t('settings.fixErrors'));
      return;
    }
    setSaving(true);
    setFormError(null);
    try {
      const saved = await saveSettings(built.patch);
      setDraft(draftFromSettings(form, saved));
      setProblems({});
    } catch (error) {
      const failure = readIpcFailure(error);
      const mapped = problemsFromHostIssues(form, readHostIssues(failure.details));
      const hasFieldProblems = Object.values(mapped.problems).some(Boolean);
      // Main's sentence already lists every issue it names (renderer/app/ipcFailure.ts): repeat only those no field shows.
      const message =
        hasFieldProblems || failure.message === null
          ? [hasFieldProblems ? t('settings.fixErrors') : t('errors.unexpected'), ...mapped.other].join(' ')
          : failure.message;
      showProblems(mapped.problems, message);
    } finally {
      setSaving(false);
    }
  };

  const field = (
    name: string,
    label: string,
    extra: { hint?: string; inputMode?: 'numeric' | 'text' | 'url'; required?: boolean; short?: boolean; imposed?: string } = {},
  ) => (
    <TextField
      id={fieldId(provider, name)}
      testId={fieldId(provider, name)}
      label={label}
      value={extra.imposed ?? draft[name] ?? ''}
      readOnly={extra.imposed !== undefined}
      onChange={(v) => update(name, v)}
      error={problemText(problems[name])}
      hint={extra.hint}
      inputMode={extra.inputMode}
      required={extra.required}
      className={extra.short ? 'input--short' : undefined}
    />
  );

  const environmentHint =
    draft.environment === 'sandbox'
      ? t('settings.connection.sandboxHint')
      : draft.environment === 'custom'
        ? undefined
        : t('settings.connection.knownUrlHint', { url: knownBaseUrls[provider][draft.environment] });

  const titleId = `settings-${provider}-title`;
  const connectionTitleId = `settings-${provider}-connection-title`;
  const secretsTitleId = `settings-${provider}-secrets-title`;

  return (
    <div className="settings-panel">
      <h2 id={titleId} className="settings-panel__title">
        {t(`settings.${provider}.title`)}
      </h2>

      <section className="settings-section" aria-labelledby={connectionTitleId}>
        <h3 id={connectionTitleId} className="settings-section__title">
          {t('settings.connection.title')}
        </h3>
        <form className="settings-form" onSubmit={(e) => void onSubmit(e)} noValidate>
          <SelectField<Environment>
            id={fieldId(provider, 'environment')}
            testId={fieldId(provider, 'environment')}
            label={t('settings.connection.environment')}
            value={draft.environment}
            hint={environmentHint}
            error={problemText(problems.environment)}
            onChange={(environment) => {
              setDraft((d) => ({ ...d, environment }));
              setProblems((p) => ({ ...p, environment: undefined, customBaseUrl: undefined }));
            }}
            options={environments.map((value) => ({ value, label: t(`settings.connection.environments.${value}`) }))}
          />
          {draft.environment === 'production' ? (
            <p className="notice notice--warning" data-testid={`settings-${provider}-production-warning`}>
              {t('settings.connection.productionWarning')}
            </p>
          ) : null}
          {draft.environment === 'custom'
            ? field('customBaseUrl', t('settings.connection.customBaseUrl'), {
                hint: t('settings.connection.customBaseUrlHint'),
                inputMode: 'url',
                required: true,
              })
            : null}
          {form.fields.map((f) => (
            <Fragment key={f.name}>
              {f.kind === 'choice' ? (
                <RadioGroupField
                  id={fieldId(provider, f.name)}
                  testId={fieldId(provider, f.name)}
                  label={t(f.labelKey)}
                  hint={f.hintKey ? t(f.hintKey) : undefined}
                  value={draft[f.name] || (f.options?.[0]?.value ?? '')}
                  error={problemText(problems[f.name])}
                  options={(f.options ?? []).map((o) => ({ value: o.value, label: t(o.labelKey), hint: o.hintKey ? t(o.hintKey) : undefined }))}
                  onChange={(v) => update(f.name, v)}
                />
              ) : (
              field(f.name, t(f.labelKey), {
                hint:
                  isSandboxLocked(f, draft.environment) && f.sandboxNoteKey
                    ? t(f.sandboxNoteKey)
                    : f.hintKey
                      ? t(f.hintKey, f.kind === 'integer' ? numberLimitsOf(form, f.name) : {})
                      : undefined,
                imposed: isSandboxLocked(f, draft.environment) ? f.sandboxValue : undefined,
                inputMode: f.inputMode,
                short: f.short,
              })
              )}
            </Fragment>
          ))}
          <SaveBar saving={saving} dirty={dirty} error={formError} />
        </form>
      </section>

      {SettingsSlot ? (
        <Suspense fallback={null}>
          <SettingsSlot />
        </Suspense>
      ) : null}

      <section className="settings-section" aria-labelledby={secretsTitleId}>
        <h3 id={secretsTitleId} className="settings-section__title">
          {t('settings.secrets.title')}
        </h3>
        <p className="muted">{t('settings.secrets.intro')}</p>
        {SecretSlot ? (
          <Suspense fallback={null}>
            <SecretSlot />
          </Suspense>
        ) : null}
        {typedSecrets.map((key) => (
          <SecretField key={key} secretKey={key} />
        ))}
      </section>

      <ConnectionTest provider={provider} hasUnsavedChanges={dirty} />

      {DataSlot ? (
        <section className="settings-section" aria-labelledby={`settings-${provider}-data-title`}>
          <h3 id={`settings-${provider}-data-title`} className="settings-section__title">
            {t('settings.data.title')}
          </h3>
          <Suspense fallback={null}>
            <DataSlot />
          </Suspense>
        </section>
      ) : null}
    </div>
  );
}
