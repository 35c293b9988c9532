import { useTranslation } from 'react-i18next';

/** The save button of a settings form, with the unsaved-changes note and the form-level error. */
export function SaveBar({ saving, dirty, error }: { saving: boolean; dirty: boolean; error: string | null }) {
  const { t } = useTranslation();
  return (
    <div className="save-bar">
      <button type="submit" className="button button--primary" disabled={saving} aria-busy={saving} data-testid="settings-save">
        {saving ? t('settings.saving') : t('settings.save')}
      </button>
      {dirty && !error ? <span className="muted">{t('settings.unsavedChanges')}</span> : null}
      {error ? (
        <p className="field-error" role="alert" data-testid="settings-form-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
