import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Settings } from '../../../shared/domain/settings.js';
import { saveSettings } from '../../app/hostSession.js';
import { readIpcFailure } from '../../app/ipcFailure.js';
import { SelectField } from '../../components/Field.js';
import { SaveBar } from './SaveBar.js';

type Locale = Settings['locale'];
type Theme = Settings['theme'];

export function GeneralSettingsPanel({ settings }: { settings: Settings }) {
  const { t } = useTranslation();
  const [locale, setLocale] = useState<Locale>(settings.locale);
  const [theme, setTheme] = useState<Theme>(settings.theme);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const dirty = locale !== settings.locale || theme !== settings.theme;

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSaving(true);
    setError(null);
    try {
      await saveSettings({ locale, theme });
    } catch (e) {
      setError(readIpcFailure(e).message ?? t('errors.unexpected'));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="settings-form" onSubmit={(e) => void onSubmit(e)} noValidate>
      <h2 className="settings-panel__title">{t('settings.general.title')}</h2>
      <SelectField<Locale>
        id="settings-locale"
        testId="settings-locale"
        label={t('settings.general.language')}
        value={locale}
        onChange={setLocale}
        options={[
          // Each language is named in itself, so a clerk who picked the wrong one can find theirs.
          { value: 'fr', label: t('settings.general.languages.fr') },
          { value: 'en', label: t('settings.general.languages.en') },
        ]}
      />
      <SelectField<Theme>
        id="settings-theme"
        testId="settings-theme"
        label={t('settings.general.theme')}
        hint={t('settings.general.themeHint')}
        value={theme}
        onChange={setTheme}
        options={[
          { value: 'system', label: t('settings.general.themes.system') },
          { value: 'light', label: t('settings.general.themes.light') },
          { value: 'dark', label: t('settings.general.themes.dark') },
        ]}
      />
      <SaveBar saving={saving} dirty={dirty} error={error} />
    </form>
  );
}
