import { useState } from 'react';
import { PageHeading } from '../../components/PageHeading.js';
import { PdfViewerHost } from '../../components/viewer/PdfViewerHost.js';
import { UnreadableSecretsNotice } from '../../components/UnreadableSecretsNotice.js';
import { CaseOriginNotice } from '../../app/CaseOriginNotice.js';
import { PlusIcon } from '../../components/icons.js';
import type { DfcTenantRow } from '../../../shared/domain/dossierfacile.js';
import { useDfcText } from './i18n/index.js';
import { ConnectDialog } from './ConnectDialog.js';
import { TenantList } from './TenantList.js';
import { TenantFileDialog } from './TenantFileDialog.js';

/** « Dossiers locataires »: connect a tenant at the counter, the tenants kept, each one's file. */
export function DossierfacilePage() {
  const { tx } = useDfcText();
  const [connecting, setConnecting] = useState(false);
  const [reconnecting, setReconnecting] = useState<DfcTenantRow | null>(null);
  const [opened, setOpened] = useState<DfcTenantRow | null>(null);
  const [refreshKey, setRefreshKey] = useState(0);
  return (
    <div className="page page--wide dfc-page" data-testid="page-dossierfacile">
      <PageHeading intro={tx('page.intro')}>{tx('page.title')}</PageHeading>
      <UnreadableSecretsNotice provider="dossierfacile" />
      <CaseOriginNotice provider="dossierfacile" />
      <div className="dfc-page__actions">
        <button type="button" className="button button--primary" onClick={() => setConnecting(true)} data-testid="dfc-connect-open">
          <PlusIcon />
          {tx('connect.open')}
        </button>
      </div>
      <TenantList
        onOpen={setOpened}
        onReconnect={(row) => {
          setReconnecting(row);
          setConnecting(true);
        }}
        refreshKey={refreshKey}
      />
      {connecting ? (
        <ConnectDialog
          {...(reconnecting ? { reconnect: reconnecting } : {})}
          onClose={(connected) => {
            setConnecting(false);
            setReconnecting(null);
            if (connected) {
              setRefreshKey((k) => k + 1);
              setOpened(connected);
            }
          }}
        />
      ) : null}
      {opened ? (
        <TenantFileDialog
          row={opened}
          onClose={() => setOpened(null)}
          onReconnect={(row) => {
            setOpened(null);
            setReconnecting(row);
            setConnecting(true);
          }}
          onPurged={() => {
            setOpened(null);
            setRefreshKey((k) => k + 1);
          }}
        />
      ) : null}
      <PdfViewerHost />
    </div>
  );
}
