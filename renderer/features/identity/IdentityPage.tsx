import { PlaceholderPage } from '../../components/PlaceholderPage.js';

/** ID360 enrollments: placeholder until the identity feature lands here. */
export function IdentityPage() {
  return <PlaceholderPage page="identity" />;
}
