import type { DocumentOutputRole } from '../../../../../shared/domain/parapheur.js';
import { guichet } from '../../../../bridge/index.js';
import { formatSize } from '../../../../components/format.js';
import { DownloadIcon } from '../../../../components/icons.js';
import { OpenPdfButton } from '../../../../components/viewer/OpenPdfButton.js';
import type { Tx } from '../../i18n/index.js';
import { baseName, isPdfName } from './blobLinks.js';

/** A stored file listed in the detail: a deposited annex, or a file of FAST's ZIP answer. */
interface StoredFile {
  name: string;
  size: number;
  sha256: string;
  role?: DocumentOutputRole;
}

interface StoredFilesProps {
  tx: Tx;
  intlLocale: string;
  files: readonly StoredFile[];
  /** Id of the section title. */
  titleId: string;
  title: string;
  /** Test hooks of the list and of each item. */
  listTestId: 'document-annexes' | 'document-outputs';
  testId: 'document-annex' | 'document-output';
}

/** Annexes and files received from FAST: name, size, « Ouvrir » for a PDF, download link for all. */
export function StoredFiles({ tx, intlLocale, files, titleId, title, testId, listTestId }: StoredFilesProps) {
  return (
    <section aria-labelledby={titleId} className="doc-detail__files">
      <h3 id={titleId} className="doc-detail__subtitle">
        {title}
      </h3>
      <ul className="doc-files" data-testid={listTestId}>
        {files.map((f, i) => (
          <li key={`${i}-${f.name}`} className="doc-files__item" data-testid={testId} data-name={f.name} data-role={f.role}>
            <span className="doc-files__name">{f.name}</span>
            <span className="doc-files__meta muted">
              {f.role ? `${tx(`detail.outputRoles.${f.role}`)} · ` : ''}
              {formatSize(f.size, intlLocale)}
            </span>
            <span className="doc-files__actions">
              {isPdfName(f.name) ? (
                <OpenPdfButton blob={f.sha256} fileName={baseName(f.name)} ariaLabel={tx('detail.fileOpenLabel', { name: f.name })}>
                  {tx('detail.fileOpen')}
                </OpenPdfButton>
              ) : null}
              <a
                className="button button--secondary button--small"
                href={guichet.blobUrl(f.sha256, baseName(f.name))}
                download={baseName(f.name)}
                aria-label={tx('detail.fileDownloadLabel', { name: f.name })}
              >
                <DownloadIcon />
                {tx('detail.fileDownload')}
              </a>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
