import { PlaceholderPage } from '../../components/PlaceholderPage.js';

/** FAST Parapheur deposits and tracking: placeholder until the Parapheur feature lands here. */
export function ParapheurPage() {
  return <PlaceholderPage page="parapheur" />;
}
