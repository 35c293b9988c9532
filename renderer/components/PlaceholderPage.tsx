import { useTranslation } from 'react-i18next';
import { PageHeading } from './PageHeading.js';
import { InfoIcon } from './icons.js';

export type PlaceholderPageId = 'parapheur' | 'archive';

/** A section whose feature is not built yet: says what it will be for, so the clerk is not lost. */
export function PlaceholderPage({ page }: { page: PlaceholderPageId }) {
  const { t } = useTranslation();
  return (
    <div className="page" data-testid={`page-${page}`}>
      <PageHeading intro={t(`pages.${page}.intro`)}>{t(`pages.${page}.title`)}</PageHeading>
      <p className="notice notice--info">
        <InfoIcon />
        <span>{t(`pages.${page}.comingSoon`)}</span>
      </p>
    </div>
  );
}
