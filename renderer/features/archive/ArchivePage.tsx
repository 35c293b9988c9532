import { PlaceholderPage } from '../../components/PlaceholderPage.js';

/** Offline review of everything already downloaded: placeholder until the archive feature lands here. */
export function ArchivePage() {
  return <PlaceholderPage page="archive" />;
}
