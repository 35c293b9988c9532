import { useState } from 'react';
import { PageHeading } from '../../components/PageHeading.js';
import { PdfViewerHost } from '../../components/viewer/PdfViewerHost.js';
import { UnreadableSecretsNotice } from '../../components/UnreadableSecretsNotice.js';
import type { EnrollmentRow } from '../../../shared/domain/id360.js';
import { useId360Text } from './i18n/index.js';
import { NewCheckForm } from './NewCheckForm.js';
import { JourneyLink, JourneyLinkUnknown } from './JourneyLink.js';
import { TrackerList } from './TrackerList.js';
import { ReportDialog } from './ReportDialog.js';
import { CaseOriginNotice } from '../../app/CaseOriginNotice.js';
import { TwoFactorPrompt } from './TwoFactorPrompt.js';

export function Id360Page() {
  const { tx } = useId360Text();
  const [created, setCreated] = useState<{ row: EnrollmentRow; url: string | null } | null>(null);
  const [opened, setOpened] = useState<EnrollmentRow | null>(null);
  const [refreshKey, setRefreshKey] = useState(0);
  // A check attached without its journey key has no link to show: where to find it instead.
  const createdLink = !created ? null : created.url ? <JourneyLink url={created.url} takeFocus /> : <JourneyLinkUnknown enrollmentId={created.row.enrollmentId} />;
  return (
    <div className="page page--wide id360-page" data-testid="page-id360">
      <PageHeading intro={tx('page.intro')}>{tx('page.title')}</PageHeading>
      <UnreadableSecretsNotice provider="id360" />
      <CaseOriginNotice provider="id360" />
      <TwoFactorPrompt recheck={refreshKey} onSignedIn={() => setRefreshKey((k) => k + 1)} />
      <div className="id360-page__top">
        <NewCheckForm
          onCreated={(row, url) => {
            setCreated({ row, url });
            setRefreshKey((k) => k + 1);
          }}
          onPending={() => setRefreshKey((k) => k + 1)}
        />
        {createdLink}
      </div>
      <TrackerList onOpen={setOpened} refreshKey={refreshKey} />
      {opened ? <ReportDialog row={opened} onClose={() => setOpened(null)} /> : null}
      <PdfViewerHost />
    </div>
  );
}
