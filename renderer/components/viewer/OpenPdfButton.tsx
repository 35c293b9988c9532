import type { ReactNode } from 'react';
import { guichet } from '../../bridge/index.js';
import { DocumentIcon } from '../icons.js';
import { openPdf } from './viewerStore.js';

interface OpenPdfButtonProps {
  /** SHA-256 of the stored PDF. */
  blob: string;
  /** Title of the viewer and name proposed by « Enregistrer ». */
  fileName: string;
  children: ReactNode;
  ariaLabel?: string;
  testId?: string;
  primary?: boolean;
}

/** Opens a stored PDF in the built-in viewer. */
export function OpenPdfButton({ blob, fileName, children, ariaLabel, testId, primary = false }: OpenPdfButtonProps) {
  return (
    <button
      type="button"
      className={primary ? 'button button--primary button--small' : 'button button--secondary button--small'}
      aria-label={ariaLabel}
      data-testid={testId}
      onClick={() => openPdf({ url: guichet.blobUrl(blob, fileName), title: fileName, downloadName: fileName })}
    >
      <DocumentIcon />
      {children}
    </button>
  );
}
