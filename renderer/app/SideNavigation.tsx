import type { ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { sectionIds, type SectionId } from './sections.js';
import { useNavigationStore } from './store/navigationStore.js';
import { useAppInfoStore } from './store/appInfoStore.js';
import { featureModules } from './featureRegistry.js';
import { providerIds } from '../../shared/domain/providerIds.js';
import { ArchiveIcon, JournalIcon, SettingsIcon } from '../components/icons.js';

const sectionIcons: Record<SectionId, ComponentType> = {
  ...(Object.fromEntries(providerIds.map((id) => [id, featureModules[id].NavIcon])) as Record<(typeof providerIds)[number], ComponentType>),
  archive: ArchiveIcon,
  journal: JournalIcon,
  reglages: SettingsIcon,
};

export function SideNavigation() {
  const { t } = useTranslation();
  const section = useNavigationStore((s) => s.section);
  const goTo = useNavigationStore((s) => s.goTo);
  const info = useAppInfoStore((s) => s.info);
  return (
    <nav className="side-nav" aria-label={t('nav.label')}>
      <ul className="side-nav__list">
        {sectionIds.map((id) => {
          const Icon = sectionIcons[id];
          const active = id === section;
          return (
            <li key={id}>
              <button
                type="button"
                className={active ? 'side-nav__item side-nav__item--active' : 'side-nav__item'}
                aria-current={active ? 'page' : undefined}
                data-testid={`nav-${id}`}
                onClick={() => goTo(id)}
              >
                <Icon />
                <span>{t(`nav.${id}`)}</span>
              </button>
            </li>
          );
        })}
      </ul>
      {info ? (
        <p className="side-nav__footer">
          {t('app.version', { version: info.version })}
          <br />
          {t(`app.host.${info.host}`)}
        </p>
      ) : null}
    </nav>
  );
}
