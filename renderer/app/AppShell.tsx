import { useEffect, useRef, type ComponentType, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SectionId } from './sections.js';
import { useNavigationStore } from './store/navigationStore.js';
import { TopBar } from './TopBar.js';
import { SandboxBanner } from './SandboxBanner.js';
import { SideNavigation } from './SideNavigation.js';
import { ToastRegion } from './ToastRegion.js';
import { ParapheurPage } from '../features/parapheur/ParapheurPage.js';
import { IdentityPage } from '../features/identity/IdentityPage.js';
import { DossierFacilePage } from '../features/dossierfacile/DossierFacilePage.js';
import { ArchivePage } from '../features/archive/ArchivePage.js';
import { JournalPage } from '../features/journal/JournalPage.js';
import { SettingsPage } from '../features/settings/SettingsPage.js';

const pages: Record<SectionId, ComponentType> = {
  parapheur: ParapheurPage,
  identite: IdentityPage,
  dossierfacile: DossierFacilePage,
  archive: ArchivePage,
  journal: JournalPage,
  reglages: SettingsPage,
};

const mainId = 'contenu';

export function AppShell() {
  const { t } = useTranslation();
  const section = useNavigationStore((s) => s.section);
  const navigationCount = useNavigationStore((s) => s.navigationCount);
  const mainRef = useRef<HTMLElement>(null);
  const Page = pages[section];

  // After a navigation the clerk asked for, move focus to the new page's title (not on first load,
  // where the focus must stay at the top of the document for the skip link).
  useEffect(() => {
    if (navigationCount === 0) return;
    const heading = mainRef.current?.querySelector<HTMLElement>('h1');
    (heading ?? mainRef.current)?.focus();
  }, [navigationCount]);

  // The skip link focuses <main> itself: navigation is in memory, so the URL hash is left untouched.
  const skipToContent = (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    mainRef.current?.focus();
  };

  return (
    <div className="app-shell" data-testid="app-ready">
      <a className="skip-link" href={`#${mainId}`} onClick={skipToContent}>
        {t('app.skipToContent')}
      </a>
      <TopBar />
      <SandboxBanner />
      <div className="app-body">
        <SideNavigation />
        <main id={mainId} className="app-main" ref={mainRef} tabIndex={-1} data-section={section}>
          <Page />
        </main>
      </div>
      <ToastRegion />
    </div>
  );
}
