import { lazy, Suspense, useEffect, useRef, type ComponentType, type MouseEvent, type ReactNode, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppSectionId, SectionId } from './sections.js';
import { useNavigationStore } from './store/navigationStore.js';
import { TopBar } from './TopBar.js';
import { SandboxBanner } from './SandboxBanner.js';
import { HostLinkBanner } from './HostLinkBanner.js';
import { SideNavigation } from './SideNavigation.js';
import { ToastRegion } from './ToastRegion.js';
import { featureModules } from './featureRegistry.js';
import { providerIds } from '../../shared/domain/providerIds.js';

interface PageLoader {
  (): Promise<{ default: ComponentType }>;
}

// The first screen (the first provider's page) is in the start-up bundle; the others load on demand,
// and are fetched in the background right after the first paint so that switching stays instant.
const loaders = {
  archive: () => import('../features/archive/ArchivePage.js').then((m) => ({ default: m.ArchivePage })),
  journal: () => import('../features/journal/JournalPage.js').then((m) => ({ default: m.JournalPage })),
  reglages: () => import('../features/settings/SettingsPage.js').then((m) => ({ default: m.SettingsPage })),
} satisfies Record<AppSectionId, PageLoader>;

const pages: Record<SectionId, ComponentType> = {
  ...(Object.fromEntries(providerIds.map((id) => [id, featureModules[id].Page])) as Record<(typeof providerIds)[number], ComponentType>),
  archive: lazy(loaders.archive),
  journal: lazy(loaders.journal),
  reglages: lazy(loaders.reglages),
};

/**
 * After a navigation the clerk asked for, moves focus to the new page's title (not on first load,
 * where the focus must stay at the top of the document for the skip link). Inside the Suspense
 * boundary, so it runs once the page is really there.
 */
function FocusOnArrival({ count, mainRef, children }: { count: number; mainRef: RefObject<HTMLElement | null>; children: ReactNode }) {
  useEffect(() => {
    if (count === 0) return;
    const heading = mainRef.current?.querySelector<HTMLElement>('h1');
    (heading ?? mainRef.current)?.focus();
  }, [count, mainRef]);
  return children;
}

const mainId = 'contenu';

export function AppShell() {
  const { t } = useTranslation();
  const section = useNavigationStore((s) => s.section);
  const navigationCount = useNavigationStore((s) => s.navigationCount);
  const mainRef = useRef<HTMLElement>(null);
  const Page = pages[section];

  useEffect(() => {
    // Start-up milestone read by bench/startup.ts: the shell is on screen (effects run after its commit).
    performance.mark('guichet:shell');
    const prefetch = () =>
      [...Object.values(loaders), ...providerIds.map((id) => featureModules[id].prefetch)].forEach((load) => void load?.().catch(() => undefined));
    const timer = setTimeout(prefetch, 300);
    return () => clearTimeout(timer);
  }, []);

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
      <HostLinkBanner />
      <SandboxBanner />
      <div className="app-body">
        <SideNavigation />
        <main id={mainId} className="app-main" ref={mainRef} tabIndex={-1} data-section={section}>
          <Suspense fallback={null}>
            <FocusOnArrival count={navigationCount} mainRef={mainRef}>
              <Page />
            </FocusOnArrival>
          </Suspense>
        </main>
      </div>
      <ToastRegion />
    </div>
  );
}
