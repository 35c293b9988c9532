import { lazy, Suspense, useEffect } from 'react';
import { create } from 'zustand';
import { guichet } from '../../bridge/index.js';
import { PageHeading } from '../../components/PageHeading.js';
import { PdfViewerHost } from '../../components/viewer/PdfViewerHost.js';
import { UnreadableSecretsNotice } from '../../components/UnreadableSecretsNotice.js';
import { useParapheurText } from './i18n/index.js';
import { TabList, panelId, tabId } from '../../components/TabList.js';
import { DepositTab } from './deposit/DepositTab.js';
import { CaseOriginNotice } from '../../app/CaseOriginNotice.js';
import { useCaseOriginFor } from '../../app/store/caseOriginStore.js';

// The deposit tab is what opens first; the others load on demand (prefetched just after start-up).
const loadDocuments = () => import('./documents/DocumentsTab.js').then((m) => ({ default: m.DocumentsTab }));
const loadCollect = () => import('./collect/CollectTab.js').then((m) => ({ default: m.CollectTab }));
const loadUsers = () => import('./users/UsersTab.js').then((m) => ({ default: m.UsersTab }));
const DocumentsTab = lazy(loadDocuments);
const CollectTab = lazy(loadCollect);
const UsersTab = lazy(loadUsers);
import { listenToUploads, useUploadProgressStore } from './deposit/uploadProgressStore.js';

const tabs = ['deposit', 'documents', 'collect', 'users'] as const;
type ParapheurTab = (typeof tabs)[number];

/** The open sub-tab survives a trip to another section. */
const useParapheurTab = create<{ tab: ParapheurTab; setTab(tab: ParapheurTab): void }>()((set) => ({
  tab: 'deposit',
  setTab: (tab) => set({ tab }),
}));

let seeded = false;

/** Deposits still on their way from an earlier session come back into the progress panel. */
async function seedUploads() {
  if (seeded) return;
  seeded = true;
  try {
    const { items } = await guichet.invoke('parapheur.documents.list', { phases: ['en_attente', 'erreur'], sort: 'recent', limit: 500, offset: 0 });
    useUploadProgressStore.getState().seed(items);
  } catch {
    // Not essential: the Documents tab lists them anyway, and live events fill the panel.
    seeded = false;
  }
}

export function ParapheurPage() {
  const { tx } = useParapheurText();
  const tab = useParapheurTab((s) => s.tab);
  const setTab = useParapheurTab((s) => s.setTab);
  // Sent here from an Archive case to deposit a document: the deposit tab opens.
  const fromCase = useCaseOriginFor('parapheur');
  useEffect(() => {
    if (fromCase) setTab('deposit');
  }, [fromCase, setTab]);

  useEffect(() => {
    listenToUploads();
    void seedUploads();
    const timer = setTimeout(() => {
      for (const load of [loadDocuments, loadCollect, loadUsers]) void load().catch(() => undefined);
    }, 300);
    return () => clearTimeout(timer);
  }, []);

  return (
    // The documents tab fills the window: its list and its detail pane scroll side by side, each on
    // its own, instead of inside the page's scroll.
    <div className={tab === 'documents' ? 'page page--wide parapheur-page parapheur-page--fill' : 'page page--wide parapheur-page'} data-testid="page-parapheur">
      {/* The introduction is for filing; on the documents tab its lines go to the list. */}
      <PageHeading intro={tab === 'documents' ? undefined : tx('page.intro')}>{tx('page.title')}</PageHeading>
      <UnreadableSecretsNotice provider="parapheur" />
      <CaseOriginNotice provider="parapheur" />
      <TabList ids={tabs} active={tab} label={tx('page.tabsLabel')} prefix="parapheur" labelOf={(id) => tx(`page.tabs.${id}`)} onSelect={setTab} />
      <div role="tabpanel" id={panelId('parapheur', tab)} aria-labelledby={tabId('parapheur', tab)} className="tabs__panel parapheur-page__panel">
        {tab === 'deposit' ? <DepositTab /> : null}
        <Suspense fallback={null}>
          {tab === 'documents' ? <DocumentsTab /> : null}
          {tab === 'collect' ? <CollectTab /> : null}
          {tab === 'users' ? <UsersTab /> : null}
        </Suspense>
      </div>
      <PdfViewerHost />
    </div>
  );
}
