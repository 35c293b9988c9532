import { PlaceholderPage } from '../../components/PlaceholderPage.js';

/** DossierFacile Connect tenants' files: placeholder until the DossierFacile feature lands here. */
export function DossierFacilePage() {
  return <PlaceholderPage page="dossierfacile" />;
}
