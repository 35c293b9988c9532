import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { ArchiveItem, ArchiveVerifyReport } from '../../../shared/ipc/archive.js';
import type { ResponseOf } from '../../../shared/ipc/contract.js';
import { guichet } from '../../bridge/index.js';
import { PageHeading } from '../../components/PageHeading.js';
import { SearchField } from '../../components/SearchField.js';
import { EmptyState } from '../../components/EmptyState.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { OpenPdfButton } from '../../components/viewer/OpenPdfButton.js';
import { PdfViewerHost } from '../../components/viewer/PdfViewerHost.js';
import { openImage } from '../../components/viewer/viewerStore.js';
import { DownloadIcon } from '../../components/icons.js';
import { FileDragOut } from '../../components/FileDragOut.js';
import { formatDate, formatDateTime, formatSize } from '../../components/format.js';
import { readIpcFailure } from '../../app/ipcFailure.js';
import { useHostLinkStore } from '../../app/store/hostLinkStore.js';
import { pushToast } from '../../app/store/toastStore.js';
import { useArchiveText } from './i18n/index.js';
import { HighlightedText } from './HighlightedText.js';
import { RetentionSettings } from './RetentionSettings.js';
import { CaseBar, archiveItemsDragType, type CaseView } from './CaseBar.js';
import { CaseTimeline } from './CaseTimeline.js';

type Tx = ReturnType<typeof useArchiveText>['tx'];
type SearchPage = ResponseOf<'archive.search'>;

const pageSize = 100;
const searchDelayMs = 250;

function isPdf(item: ArchiveItem): boolean {
  return item.mediaType === 'application/pdf' || /\.pdf$/i.test(item.fileName);
}

/** Photos the viewer shows itself (ID360 document photos): the types Guichet read in their bytes. */
function isImage(item: ArchiveItem): boolean {
  return item.mediaType === 'image/jpeg' || item.mediaType === 'image/png';
}

/** The kind in the clerk's words, from the provider's part of the catalogue; a kind not listed reads « Fichier ». */
function kindText(item: ArchiveItem, tx: Tx): string {
  const key = `kinds.${item.provider}.${item.kind}`;
  const text = (tx as (k: string) => string)(key);
  return text === key ? tx('kinds.other') : text;
}

/**
 * The one Archive (issue 12): every provider's kept files in one virtualized list, searched in main
 * with SQLite FTS5 (the PDFs' text included), filtered by service. Local calls only: it works offline.
 */
export function ArchivePage() {
  const { tx, intlLocale } = useArchiveText();
  const { t } = useTranslation();
  const id = useId();
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const [provider, setProvider] = useState('');
  const [items, setItems] = useState<ArchiveItem[] | null>(null);
  const [total, setTotal] = useState<{ count: number; capped: boolean; pendingText: number }>({ count: 0, capped: false, pendingText: 0 });
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const [reload, setReload] = useState(0);
  const [providers, setProviders] = useState<string[]>([]);
  const [caseView, setCaseView] = useState<CaseView>(null);
  const [caseTitle, setCaseTitle] = useState<string | null>(null);
  const [ownerPurge, setOwnerPurge] = useState<ArchiveItem | null>(null);
  const relinks = useHostLinkStore((s) => s.relinks);
  const loadingMore = useRef(false);

  useEffect(() => {
    const timer = setTimeout(() => setQuery(search), searchDelayMs);
    return () => clearTimeout(timer);
  }, [search]);

  const request = useCallback(
    (offset: number, limit: number) =>
      guichet.invoke('archive.search', {
        query,
        providers: provider ? [provider] : undefined,
        caseId: caseView?.mode === 'items' ? caseView.caseId : undefined,
        suggestionsFor: caseView?.mode === 'suggestions' ? caseView.caseId : undefined,
        limit,
        offset,
      }),
    [query, provider, caseView],
  );

  const apply = useCallback((page: SearchPage) => {
    setTotal({ count: page.total, capped: page.totalCapped, pendingText: page.pendingText });
    setError(null);
  }, []);

  // First page at each search, filter change, archive change and host relink.
  useEffect(() => {
    let cancelled = false;
    request(0, pageSize).then(
      (page) => {
        if (cancelled) return;
        setItems(page.items);
        apply(page);
      },
      (e: unknown) => {
        if (cancelled) return;
        setItems((current) => current ?? []);
        setError(readIpcFailure(e).message ?? t('errors.unexpected'));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [request, apply, reload, relinks, t]);

  useEffect(() => guichet.on('archive.changed', () => setReload((n) => n + 1)), []);
  useEffect(() => {
    guichet.invoke('archive.retention.get', {}).then(
      (list) => setProviders(list.map((r) => r.provider)),
      () => setProviders([]),
    );
  }, [relinks]);

  const loadMore = useCallback(() => {
    if (loadingMore.current || !items || items.length >= total.count) return;
    loadingMore.current = true;
    request(items.length, pageSize)
      .then(
        (page) => {
          setItems((current) => {
            // An item archived meanwhile shifts the pages by one: never show one twice.
            const shown = new Set((current ?? []).map((c) => c.id));
            return [...(current ?? []), ...page.items.filter((i) => !shown.has(i.id))];
          });
          apply(page);
        },
        (e: unknown) => setError(readIpcFailure(e).message ?? t('errors.unexpected')),
      )
      .finally(() => {
        loadingMore.current = false;
      });
  }, [items, total.count, request, apply, t]);

  const toggle = useCallback((itemId: number) => {
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(itemId)) next.delete(itemId);
      else next.add(itemId);
      return next;
    });
  }, []);

  const { i18n } = useTranslation();
  // The registry's provider names live in the app catalogue; a provider it does not name shows its id.
  const providerName = (p: string): string => (i18n.exists(`providers.${p}`) ? (t as unknown as (k: string) => string)(`providers.${p}`) : p);

  return (
    <div className="page page--fill archive" data-testid="page-archive">
      <PageHeading intro={tx('intro')}>{tx('title')}</PageHeading>
      <section className="archive-filters" aria-label={tx('search')}>
        <SearchField
          className="archive-filters__search"
          label={tx('search')}
          value={search}
          placeholder={tx('searchHint')}
          testId="archive-search"
          maxLength={300}
          onChange={(value) => setSearch(value)}
        />
        <div className="field field--compact">
          <label className="field__label" htmlFor={`${id}-provider`}>
            {tx('provider')}
          </label>
          <select id={`${id}-provider`} className="select" value={provider} data-testid="archive-filter-provider" onChange={(e) => setProvider(e.target.value)}>
            <option value="">{tx('allProviders')}</option>
            {providers.map((p) => (
              <option key={p} value={p}>
                {providerName(p)}
              </option>
            ))}
          </select>
        </div>
        <ArchiveActions
          selected={selected}
          caseScope={caseView?.mode === 'items' ? { caseId: caseView.caseId, count: total.count } : null}
          onClear={() => setSelected(new Set())}
          tx={tx}
          intlLocale={intlLocale}
        />
      </section>
      <CaseBar
        query={query}
        view={caseView}
        onView={(view) => {
          setCaseView(view);
          setSelected(new Set());
          if (view) void guichet.invoke('archive.cases.list', { query: '' }).then((list) => setCaseTitle(list.find((c) => c.id === view.caseId)?.title ?? null));
        }}
        selected={[...selected]}
        onAttached={() => {
          setSelected(new Set());
          setReload((n) => n + 1);
        }}
        reload={reload}
        providers={providers}
      />
      {caseView && caseTitle ? (
        <p className="archive-cases__intro muted" data-testid="archive-case-intro">
          {caseView.mode === 'items' ? tx('cases.timelineIntro', { title: caseTitle }) : tx('cases.suggestionsIntro', { title: caseTitle })}
        </p>
      ) : null}
      {caseView?.mode === 'items' ? <CaseTimeline caseId={caseView.caseId} reload={reload} /> : null}

      {error ? (
        <p className="notice notice--warning" role="alert">
          {tx('unavailable', { message: error })}
        </p>
      ) : null}
      {items === null ? (
        <p className="muted" role="status">
          {tx('loading')}
        </p>
      ) : (
        <p className="archive-count muted" role="status" data-testid="archive-count">
          {total.capped ? tx('countCapped', { count: total.count }) : tx('count', { count: total.count })}
          {selected.size > 0 ? ` · ${tx('selectedCount', { count: selected.size })}` : ''}
          {total.pendingText > 0 ? ` · ${tx('pendingText', { count: total.pendingText })}` : ''}
        </p>
      )}
      {items !== null && items.length === 0 && !error ? (
        query.trim() || provider || caseView ? (
          <p className="notice notice--info" data-testid="archive-no-match">
            {tx('noMatch')}
          </p>
        ) : (
          <EmptyState testId="archive-empty">{tx('empty')}</EmptyState>
        )
      ) : null}
      {items !== null && items.length > 0 ? (
        <ArchiveList
          items={items}
          total={total.count}
          selected={selected}
          onToggle={toggle}
          onPurgeOwner={setOwnerPurge}
          onNearEnd={loadMore}
          tx={tx}
          intlLocale={intlLocale}
          providerName={providerName}
        />
      ) : null}
      {ownerPurge ? <OwnerPurgeDialog item={ownerPurge} onDone={() => setOwnerPurge(null)} tx={tx} /> : null}
      <RetentionSettings providerName={providerName} />
      <PdfViewerHost />
    </div>
  );
}

/** The purge of everything kept about what the item belongs to, for the providers the catalogue words it for. */
function purgeOwnerText(item: ArchiveItem, tx: Tx): string | null {
  const key = `actions.purgeOwner.${item.provider}`;
  const text = (tx as (k: string) => string)(key);
  return text === key ? null : text;
}

function environmentText(environment: string, tx: Tx): string {
  const key = `environments.${environment}`;
  const text = (tx as (k: string) => string)(key);
  return text === key ? environment : text;
}

function ArchiveList(props: {
  items: ArchiveItem[];
  total: number;
  selected: ReadonlySet<number>;
  onToggle(id: number): void;
  onPurgeOwner(item: ArchiveItem): void;
  onNearEnd(): void;
  tx: Tx;
  intlLocale: string;
  providerName(p: string): string;
}) {
  const { items, total, selected, onToggle, onPurgeOwner, onNearEnd, tx, intlLocale, providerName } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 96,
    overscan: 8,
    getItemKey: (index) => items[index]?.id ?? index,
  });
  const virtualItems = virtualizer.getVirtualItems();
  const last = virtualItems.at(-1)?.index ?? 0;
  useEffect(() => {
    if (last >= items.length - 20) onNearEnd();
  }, [last, items.length, onNearEnd]);

  return (
    // Focusable so that keyboard users can scroll it with the arrow keys.
    <div className="archive__scroll" ref={scrollRef} tabIndex={0} role="region" aria-label={tx('listLabel')}>
      <div role="list" className="archive__list" data-testid="archive-list" style={{ height: virtualizer.getTotalSize() }}>
        {virtualItems.map((v) => {
          const item = items[v.index];
          if (!item) return null;
          return (
            <div
              key={v.key}
              role="listitem"
              aria-posinset={v.index + 1}
              aria-setsize={total}
              className={v.index % 2 === 1 ? 'archive__row archive__row--alt' : 'archive__row'}
              data-index={v.index}
              data-testid="archive-item"
              data-item-id={item.id}
              data-provider={item.provider}
              data-kind={item.kind}
              data-environment={item.environment}
              data-title={item.title}
              // Dragged onto a case of the case bar, the row (with the rest of the selection, if it is
              // selected) joins that case; « Ajouter la sélection au dossier… » does the same by keyboard.
              draggable
              onDragStart={(event) => {
                const ids = selected.has(item.id) ? [...selected] : [item.id];
                event.dataTransfer.setData(archiveItemsDragType, JSON.stringify(ids));
                event.dataTransfer.effectAllowed = 'copyMove';
              }}
              ref={virtualizer.measureElement}
              style={{ transform: `translateY(${v.start}px)` }}
            >
              <ArchiveRow item={item} selected={selected.has(item.id)} onToggle={onToggle} onPurgeOwner={onPurgeOwner} tx={tx} intlLocale={intlLocale} providerName={providerName} />
            </div>
          );
        })}
      </div>
    </div>
  );
}

function ArchiveRow({
  item,
  selected,
  onToggle,
  onPurgeOwner,
  tx,
  intlLocale,
  providerName,
}: {
  item: ArchiveItem;
  selected: boolean;
  onToggle(id: number): void;
  onPurgeOwner(item: ArchiveItem): void;
  tx: Tx;
  intlLocale: string;
  providerName(p: string): string;
}) {
  const id = useId();
  const now = Date.now();
  const until = item.availableUntil;
  return (
    <>
      <input id={`${id}-select`} type="checkbox" className="archive__check" checked={selected} onChange={() => onToggle(item.id)} aria-label={tx('select', { title: item.title })} data-testid="archive-select" />
      <div className="archive__main">
        <p className="archive__title">
          <HighlightedText parts={item.titleParts} />
        </p>
        <p className="archive__meta">
          <span className="archive__kind">{kindText(item, tx)}</span>
          <span>{providerName(item.provider)}</span>
          {/* Demonstration and test files sit next to real ones: each says where it came from. */}
          {item.environment !== 'production' ? <span className="archive__environment">{environmentText(item.environment, tx)}</span> : null}
          <span>{tx('meta.archivedAt', { date: formatDateTime(item.archivedAt, intlLocale) ?? '' })}</span>
          {item.size !== null ? <span>{formatSize(item.size, intlLocale)}</span> : null}
          {item.textPages ? <span>{tx('meta.pages', { count: item.textPages })}</span> : null}
          {item.reference[0] ? <span className="mono">{tx('meta.reference', { reference: item.reference[0] })}</span> : null}
        </p>
        {item.snippetParts && item.snippetParts.some((p) => p.hit) ? (
          <p className="archive__snippet" data-testid="archive-snippet">
            <span className="visually-hidden">{tx('foundIn')} </span>
            <HighlightedText parts={item.snippetParts} />
          </p>
        ) : null}
        {until ? (
          <p className="archive__note">
            {Date.parse(until) > now
              ? tx('meta.availableUntil', { date: formatDate(until, intlLocale) ?? '' })
              : tx('meta.noLongerAvailable', { date: formatDate(until, intlLocale) ?? '' })}
          </p>
        ) : null}
        {item.textState === 'none' ? <p className="archive__note" data-testid="archive-scanned">{tx('meta.scanned')}</p> : null}
        {item.textState === 'failed' ? <p className="archive__note">{tx('meta.textFailed')}</p> : null}
      </div>
      <div className="archive__actions">
        <FileDragOut
          sha256={item.sha256}
          fileName={item.fileName}
          mediaType={item.mediaType}
          compact
          label={tx('dragOutLabel', { title: item.title })}
          title={tx('dragOut')}
          testId="archive-drag-out"
          startNativeDrag={() => guichet.invoke('archive.dragOut', { id: item.id })}
          onError={(e: unknown) => pushToast({ level: 'error', title: readIpcFailure(e).message ?? tx('dragOutFailed') })}
        />
        {/* A DossierFacile tenant's whole file and pieces: the purge « par locataire » (docs/architecture.md#archive). */}
        {purgeOwnerText(item, tx) ? (
          <button type="button" className="button button--text button--small" data-testid="archive-purge-owner" onClick={() => onPurgeOwner(item)}>
            {purgeOwnerText(item, tx)}
          </button>
        ) : null}
        {isImage(item) ? (
          <button
            type="button"
            className="button button--secondary button--small"
            aria-label={tx('openLabel', { title: item.title })}
            data-testid="archive-open-image"
            onClick={() => openImage({ url: guichet.blobUrl(item.sha256, item.fileName), title: item.title, downloadName: item.fileName })}
          >
            {tx('open')}
          </button>
        ) : isPdf(item) ? (
          <OpenPdfButton blob={item.sha256} fileName={item.fileName} ariaLabel={tx('openLabel', { title: item.title })} testId="archive-open">
            {tx('open')}
          </OpenPdfButton>
        ) : (
          <a
            className="button button--secondary button--small"
            href={guichet.blobUrl(item.sha256, item.fileName)}
            download={item.fileName}
            aria-label={tx('downloadLabel', { title: item.title })}
            data-testid="archive-download"
          >
            <DownloadIcon />
            {tx('download')}
          </a>
        )}
      </div>
    </>
  );
}

/**
 * Export, purge and check. Export and purge take the selection; with nothing selected in an open case,
 * the whole case.
 */
function ArchiveActions(props: { selected: ReadonlySet<number>; caseScope: { caseId: number; count: number } | null; onClear(): void; tx: Tx; intlLocale: string }) {
  const { selected, caseScope, onClear, tx, intlLocale } = props;
  const { t } = useTranslation();
  const [exporting, setExporting] = useState(false);
  const [zip, setZip] = useState<ResponseOf<'archive.export'> | null>(null);
  const [folder, setFolder] = useState<ResponseOf<'archive.exportFolder'> | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [purging, setPurging] = useState(false);
  const [purgeError, setPurgeError] = useState<string | null>(null);
  const [verifying, setVerifying] = useState(false);
  const [report, setReport] = useState<ArchiveVerifyReport | null>(null);
  const ids = [...selected];
  const wholeCase = ids.length === 0 && caseScope !== null && caseScope.count > 0;
  const scope = ids.length > 0 ? { ids } : wholeCase ? { caseId: caseScope.caseId } : null;
  const scopeCount = ids.length > 0 ? ids.length : (caseScope?.count ?? 0);
  const failure = (e: unknown) => readIpcFailure(e).message ?? t('errors.unexpected');

  return (
    <div className="archive-actions">
      <button
        type="button"
        className="button button--secondary button--small"
        disabled={scope === null || exporting}
        aria-busy={exporting}
        data-testid="archive-export"
        onClick={() => {
          setExporting(true);
          setZip(null);
          setFolder(null);
          guichet
            .invoke('archive.export', scope!)
            .then(setZip, (e: unknown) => pushToast({ level: 'error', title: failure(e) }))
            .finally(() => setExporting(false));
        }}
      >
        {exporting ? tx('actions.exporting') : wholeCase ? tx('actions.exportCase') : tx('actions.export')}
      </button>
      <button
        type="button"
        className="button button--secondary button--small"
        disabled={scope === null || exporting}
        data-testid="archive-export-folder"
        onClick={() => {
          setExporting(true);
          setZip(null);
          setFolder(null);
          guichet
            .invoke('archive.exportFolder', scope!)
            .then((r) => setFolder(r.saved ? r : null), (e: unknown) => pushToast({ level: 'error', title: failure(e) }))
            .finally(() => setExporting(false));
        }}
      >
        {wholeCase ? tx('actions.exportCaseFolder') : tx('actions.exportFolder')}
      </button>
      <button type="button" className="button button--secondary button--small" disabled={scope === null} data-testid="archive-purge" onClick={() => setConfirming(true)}>
        {wholeCase ? tx('actions.purgeCase') : tx('actions.purge')}
      </button>
      {ids.length > 0 ? (
        <button type="button" className="button button--text button--small" onClick={onClear}>
          {tx('clearSelection')}
        </button>
      ) : null}
      <button
        type="button"
        className="button button--secondary button--small"
        disabled={verifying}
        aria-busy={verifying}
        data-testid="archive-verify"
        onClick={() => {
          setVerifying(true);
          setReport(null);
          guichet
            .invoke('archive.verify', {})
            .then(setReport, (e: unknown) => pushToast({ level: 'error', title: failure(e) }))
            .finally(() => setVerifying(false));
        }}
      >
        {verifying ? tx('actions.verifying') : tx('actions.verify')}
      </button>
      {zip ? (
        <p className="archive-actions__result" role="status">
          {tx('actions.exported', { count: zip.count, size: formatSize(zip.size, intlLocale) })}{' '}
          <a href={guichet.blobUrl(zip.blob, zip.fileName)} download={zip.fileName} data-testid="archive-zip-download">
            {tx('actions.downloadZip')}
          </a>
        </p>
      ) : null}
      {folder?.path ? (
        <p className="archive-actions__result" role="status" data-testid="archive-folder-result">
          {folder.chosen ? tx('actions.exportedFolder', { count: folder.count }) : tx('actions.exportedDownloads', { count: folder.count })}{' '}
          <span className="mono archive-actions__path">{folder.path}</span>
        </p>
      ) : null}
      {report ? (
        <div className={report.missing.length + report.altered.length === 0 ? 'notice notice--success' : 'notice notice--warning'} role="status" data-testid="archive-verify-report">
          <p>
            {report.missing.length + report.altered.length === 0
              ? tx('actions.verifiedOk', { count: report.checked })
              : tx('actions.verifiedProblems', { checked: report.checked, missing: report.missing.length, altered: report.altered.length })}
          </p>
          {report.missing.length + report.altered.length > 0 ? (
            <ul>
              {report.missing.slice(0, 20).map((m) => (
                <li key={`m${m.id}`}>{tx('actions.missing', { title: m.title })}</li>
              ))}
              {report.altered.slice(0, 20).map((m) => (
                <li key={`a${m.id}`}>{tx('actions.altered', { title: m.title })}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {confirming ? (
        <ConfirmDialog
          title={tx('actions.purgeTitle', { count: scopeCount })}
          body={tx('actions.purgeBody')}
          confirmLabel={tx('actions.purgeConfirm')}
          cancelLabel={tx('actions.cancel')}
          danger
          busy={purging}
          error={purgeError}
          testId="archive-purge-confirm"
          onCancel={() => {
            setConfirming(false);
            setPurgeError(null);
          }}
          onConfirm={() => {
            setPurging(true);
            setPurgeError(null);
            guichet
              .invoke('archive.purge', scope!)
              .then(
                (r) => {
                  setConfirming(false);
                  onClear();
                  pushToast({ level: 'success', title: tx('actions.purged', { count: r.purged }) });
                },
                (e: unknown) => setPurgeError(failure(e)),
              )
              .finally(() => setPurging(false));
          }}
        />
      ) : null}
    </div>
  );
}

/** Confirms, then deletes the local copies of everything kept about the item's tenant (or check, or document). */
function OwnerPurgeDialog({ item, onDone, tx }: { item: ArchiveItem; onDone(): void; tx: Tx }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <ConfirmDialog
      title={tx('actions.purgeOwnerTitle', { title: item.title })}
      body={tx('actions.purgeOwnerBody')}
      confirmLabel={tx('actions.purgeConfirm')}
      cancelLabel={tx('actions.cancel')}
      danger
      busy={busy}
      error={error}
      testId="archive-purge-owner-confirm"
      onCancel={onDone}
      onConfirm={() => {
        setBusy(true);
        setError(null);
        guichet
          .invoke('archive.purge', { ownerOf: item.id })
          .then(
            (r) => {
              pushToast({ level: 'success', title: tx('actions.purged', { count: r.purged }) });
              onDone();
            },
            (e: unknown) => setError(readIpcFailure(e).message ?? t('errors.unexpected')),
          )
          .finally(() => setBusy(false));
      }}
    />
  );
}
