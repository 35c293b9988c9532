import { useEffect, useId, useMemo, useState } from 'react';
import type { DocumentRow } from '../../../../shared/domain/parapheur.js';
import type { ResponseOf } from '../../../../shared/ipc/contract.js';
import { guichet } from '../../../bridge/index.js';
import { PageHeading } from '../../../components/PageHeading.js';
import { SearchField } from '../../../components/SearchField.js';
import { OpenPdfButton } from '../../../components/viewer/OpenPdfButton.js';
import { PdfViewerHost } from '../../../components/viewer/PdfViewerHost.js';
import { useParapheurText, type Tx } from '../i18n/index.js';
import { useHostLinkStore } from '../../../app/store/hostLinkStore.js';
import { archivedPhases, circuitNameOf, fdcFileName, signedFileName } from '../documentFormat.js';
import { formatDateTime, formatSize } from '../../../components/format.js';
import { failureText } from '../ui/feedback.js';
import { PhaseBadge } from '../ui/PhaseBadge.js';
import { DownloadIcon } from '../../../components/icons.js';
import { matchesArchiveSearch, collectedMatchesSearch } from './archiveSearch.js';
import { EmptyState } from '../../../components/EmptyState.js';

type Collected = ResponseOf<'parapheur.collect.list'>[number];

/** Rows shown before « afficher plus »: the page stays light with thousands of archived files. */
const chunk = 200;
const listLimit = 5000;

/** Every signed document of the ledger, page after page (main answers 5 000 rows at most per call). */
async function loadArchivedDocuments(): Promise<DocumentRow[]> {
  const out: DocumentRow[] = [];
  for (let offset = 0; ; offset += listLimit) {
    const page = await guichet.invoke('parapheur.documents.list', { phases: [...archivedPhases], sort: 'recent', limit: listLimit, offset });
    out.push(...page.items.filter((r) => r.signedBlob || r.fdcBlob));
    if (page.items.length < listLimit || offset + listLimit >= page.total) return out;
  }
}

/**
 * Offline review: only local calls (the ledger and the collected files on disk), so everything
 * here opens with the network off.
 */
export function ArchivePage() {
  const { tx, intlLocale } = useParapheurText();
  const id = useId();
  const [documents, setDocuments] = useState<DocumentRow[] | null>(null);
  const [collected, setCollected] = useState<Collected[] | null>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const [search, setSearch] = useState('');
  const [shownDocs, setShownDocs] = useState(chunk);
  const [shownCollected, setShownCollected] = useState(chunk);
  const relinks = useHostLinkStore((s) => s.relinks);

  useEffect(() => {
    let cancelled = false;
    const fail = (error: unknown) => {
      if (!cancelled) setErrors((list) => [...list, failureText(error, tx)]);
    };
    loadArchivedDocuments().then((d) => !cancelled && setDocuments(d), (e: unknown) => {
      fail(e);
      if (!cancelled) setDocuments([]);
    });
    guichet.invoke('parapheur.collect.list', {}).then((c) => !cancelled && setCollected(c), (e: unknown) => {
      fail(e);
      if (!cancelled) setCollected([]);
    });
    return () => {
      cancelled = true;
    };
    // Loaded once per visit, and again when the page finds its host back; a language switch does not need a reload.
  }, [relinks]);

  const docMatches = useMemo(() => (documents ?? []).filter((d) => matchesArchiveSearch(d, search)), [documents, search]);
  const collectedMatches = useMemo(
    () => (collected ?? []).filter((c) => collectedMatchesSearch(c, tx(`collect.kinds.${c.kind}`), search)),
    [collected, search, tx],
  );
  const loading = documents === null || collected === null;

  return (
    <div className="page page--wide archive-page" data-testid="page-archive">
      <PageHeading intro={tx('archive.intro')}>{tx('archive.title')}</PageHeading>
      <SearchField
        className="archive-page__search"
        label={tx('archive.search')}
        value={search}
        placeholder={tx('archive.searchHint')}
        testId="archive-search"
        onChange={(value) => {
          setSearch(value);
          setShownDocs(chunk);
          setShownCollected(chunk);
        }}
      />
      {loading ? (
        <p className="muted" role="status">
          {tx('archive.loading')}
        </p>
      ) : null}
      {errors.map((message) => (
        <p key={message} className="notice notice--warning" role="alert">
          {tx('archive.unavailable', { message })}
        </p>
      ))}

      <section className="archive-section" aria-labelledby={`${id}-signed`}>
        <h2 id={`${id}-signed`} className="section-head__title">
          {tx('archive.signedTitle')}
        </h2>
        {documents !== null ? (
          <p className="muted" role="status">
            {tx('archive.count', { count: docMatches.length })}
          </p>
        ) : null}
        {documents !== null && documents.length === 0 ? <EmptyState>{tx('archive.signedEmpty')}</EmptyState> : null}
        {documents !== null && documents.length > 0 && docMatches.length === 0 ? <p className="notice notice--info">{tx('archive.noMatch')}</p> : null}
        {docMatches.length > 0 ? (
          <div className="table-scroll">
            <table className="data-table" data-testid="archive-signed">
              <thead>
                <tr>
                  <th scope="col">{tx('archive.columns.name')}</th>
                  <th scope="col">{tx('archive.columns.circuit')}</th>
                  <th scope="col">{tx('archive.columns.finished')}</th>
                  <th scope="col">{tx('archive.columns.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {docMatches.slice(0, shownDocs).map((d) => (
                  <SignedRow key={d.localId} row={d} tx={tx} intlLocale={intlLocale} />
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        {docMatches.length > shownDocs ? (
          <button type="button" className="button button--secondary button--small" onClick={() => setShownDocs((n) => n + chunk)}>
            {tx('archive.showMore', { count: docMatches.length - shownDocs })}
          </button>
        ) : null}
      </section>

      <section className="archive-section" aria-labelledby={`${id}-collected`}>
        <h2 id={`${id}-collected`} className="section-head__title">
          {tx('archive.collectedTitle')}
        </h2>
        {collected !== null ? (
          <p className="muted" role="status">
            {tx('archive.count', { count: collectedMatches.length })}
          </p>
        ) : null}
        {collected !== null && collected.length === 0 ? <EmptyState>{tx('archive.collectedEmpty')}</EmptyState> : null}
        {collected !== null && collected.length > 0 && collectedMatches.length === 0 ? <p className="notice notice--info">{tx('archive.noMatch')}</p> : null}
        {collectedMatches.length > 0 ? (
          <div className="table-scroll">
            <table className="data-table" data-testid="archive-collected">
              <thead>
                <tr>
                  <th scope="col">{tx('archive.columns.kind')}</th>
                  <th scope="col">{tx('archive.columns.documentId')}</th>
                  <th scope="col">{tx('archive.columns.collectedAt')}</th>
                  <th scope="col">{tx('archive.columns.size')}</th>
                  <th scope="col">{tx('archive.columns.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {collectedMatches.slice(0, shownCollected).map((c) => {
                  const kind = tx(`collect.kinds.${c.kind}`);
                  return (
                    <tr key={`${c.kind}-${c.documentId}`} data-testid="archive-collected-row" data-kind={c.kind} data-document-id={c.documentId}>
                      <td>{kind}</td>
                      <td className="mono">{c.documentId}</td>
                      <td>{formatDateTime(c.collectedAt, intlLocale)}</td>
                      <td>{formatSize(c.size, intlLocale)}</td>
                      <td>
                        <a
                          className="button button--secondary button--small"
                          href={guichet.blobUrl(c.blob, tx('archive.collectedName', { kind: c.kind, id: c.documentId }))}
                          download={tx('archive.collectedName', { kind: c.kind, id: c.documentId })}
                          aria-label={tx('archive.downloadLabel', { kind, id: c.documentId })}
                          data-testid="archive-download"
                        >
                          <DownloadIcon />
                          {tx('archive.download')}
                        </a>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        ) : null}
        {collectedMatches.length > shownCollected ? (
          <button type="button" className="button button--secondary button--small" onClick={() => setShownCollected((n) => n + chunk)}>
            {tx('archive.showMore', { count: collectedMatches.length - shownCollected })}
          </button>
        ) : null}
      </section>
      <PdfViewerHost />
    </div>
  );
}

function SignedRow({ row, tx, intlLocale }: { row: DocumentRow; tx: Tx; intlLocale: string }) {
  const signedName = signedFileName(row.originalName, tx);
  const fdcName = fdcFileName(row.originalName, tx);
  return (
    <tr data-testid="archive-signed-row" data-name={row.originalName} data-phase={row.phase}>
      <th scope="row">
        <span className="archive-name">{row.originalName}</span>
        {row.label ? <span className="archive-label muted">{row.label}</span> : null}
        <PhaseBadge row={row} tx={tx} />
      </th>
      <td>{circuitNameOf(row, tx)}</td>
      <td>{formatDateTime(row.finishedAt, intlLocale) ?? tx('common.none')}</td>
      <td>
        <div className="button-row button-row--tight">
          {row.signedBlob ? (
            <OpenPdfButton blob={row.signedBlob} fileName={signedName} ariaLabel={tx('archive.openSignedLabel', { name: row.originalName })} testId="archive-open-signed">
              {tx('archive.openSigned')}
            </OpenPdfButton>
          ) : null}
          {row.fdcBlob ? (
            <OpenPdfButton blob={row.fdcBlob} fileName={fdcName} ariaLabel={tx('archive.openFdcLabel', { name: row.originalName })} testId="archive-open-fdc">
              {tx('archive.openFdc')}
            </OpenPdfButton>
          ) : null}
        </div>
      </td>
    </tr>
  );
}
