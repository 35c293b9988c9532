import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { providerIds } from '../../../shared/domain/providerIds.js';
import { useSettingsStore } from '../../app/store/settingsStore.js';
import { refreshSecretsStatus } from '../../app/hostSession.js';
import { featureModules } from '../../app/featureRegistry.js';
import { PageHeading } from '../../components/PageHeading.js';
import { GeneralSettingsPanel } from './GeneralSettingsPanel.js';
import { ProviderSettingsPanel } from './ProviderSettingsPanel.js';
import { UnreadableSecretsNotice } from '../../components/UnreadableSecretsNotice.js';

const tabIds = ['general', ...providerIds] as const;
type TabId = (typeof tabIds)[number];

/**
 * Tabs follow the WAI-ARIA pattern: one tab stop for the whole tab list, arrows/Home/End move and
 * activate, Tab goes on into the panel.
 */
export function SettingsPage() {
  const { t } = useTranslation();
  const settings = useSettingsStore((s) => s.settings);
  const [active, setActive] = useState<TabId>('general');
  const tabRefs = useRef<Partial<Record<TabId, HTMLButtonElement | null>>>({});

  useEffect(() => {
    void refreshSecretsStatus();
  }, []);

  const select = (tab: TabId, focus: boolean) => {
    setActive(tab);
    if (focus) tabRefs.current[tab]?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = tabIds.indexOf(active);
    const last = tabIds.length - 1;
    const target =
      event.key === 'ArrowRight' || event.key === 'ArrowDown'
        ? tabIds[index === last ? 0 : index + 1]
        : event.key === 'ArrowLeft' || event.key === 'ArrowUp'
          ? tabIds[index === 0 ? last : index - 1]
          : event.key === 'Home'
            ? tabIds[0]
            : event.key === 'End'
              ? tabIds[last]
              : undefined;
    if (target === undefined) return;
    event.preventDefault();
    select(target, true);
  };

  return (
    <div className="page" data-testid="page-reglages">
      <PageHeading intro={t('settings.intro')}>{t('settings.title')}</PageHeading>
      <UnreadableSecretsNotice />
      <div className="tabs">
        <div role="tablist" aria-label={t('settings.tabsLabel')} className="tabs__list" onKeyDown={onKeyDown}>
          {tabIds.map((tab) => (
            <button
              key={tab}
              type="button"
              role="tab"
              id={`settings-tab-${tab}`}
              aria-selected={tab === active}
              // Only the active tab's panel exists, so only it may be referenced.
              aria-controls={tab === active ? `settings-panel-${tab}` : undefined}
              tabIndex={tab === active ? 0 : -1}
              className={tab === active ? 'tabs__tab tabs__tab--active' : 'tabs__tab'}
              data-testid={`settings-tab-${tab}`}
              ref={(el) => {
                tabRefs.current[tab] = el;
              }}
              onClick={() => select(tab, false)}
            >
              {t(`settings.tabs.${tab}`)}
            </button>
          ))}
        </div>
        {settings ? (
          <div
            role="tabpanel"
            id={`settings-panel-${active}`}
            aria-labelledby={`settings-tab-${active}`}
            className="tabs__panel"
            data-testid={`settings-panel-${active}`}
          >
            {active === 'general' ? (
              <GeneralSettingsPanel settings={settings} />
            ) : (
              // Keyed so that switching provider starts from that provider's saved values.
              <ProviderSettingsPanel key={active} spec={featureModules[active].settings} settings={settings} />
            )}
          </div>
        ) : null}
      </div>
    </div>
  );
}
