import { useCallback, useEffect, useId, useState } from 'react';
import { guichet } from '../../bridge/index.js';
import { ModalDialog } from '../../components/ModalDialog.js';
import { OpenPdfButton } from '../../components/viewer/OpenPdfButton.js';
import { openImage } from '../../components/viewer/viewerStore.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { TextField } from '../../components/Field.js';
import { useEndpointsStore } from '../../app/store/endpointsStore.js';
import type { EnrollmentRow, KeptFileView, ReportView } from '../../../shared/domain/id360.js';
import { failureText, useId360Text, type Id360Text } from './i18n/index.js';
import { codeText, statusLabel } from './TrackerList.js';
import { JourneyLink, JourneyLinkUnknown } from './JourneyLink.js';

const openStatuses = new Set(['NEW', 'STARTED']);
interface Action {
  (): Promise<unknown>;
}

function fileLabel(text: Id360Text, f: KeptFileView): string {
  const type = text.txOr(`documentTypes.${f.kind === 'document' ? f.documentType : f.kind}`, f.documentName || f.documentType || f.kind);
  return f.kind === 'document' ? text.tx('documentTypes.page', { type, page: f.page + 1 }) : type;
}

/** ID360 names steps after its modules, numbered when repeated (`liveness$0`): the clerk reads what was checked. */
function stepText(text: Id360Text, s: { name: string; status: string | null }): string {
  const module = s.name.replace(/\$\d+$/, '');
  const name = text.txOr(`steps.${module}`, text.tx('steps.other', { name: module }));
  const result = s.status ? text.txOr(`steps.result.${s.status}`, s.status) : text.tx('common.none');
  return `${name} : ${result}`;
}


/**
 * A check whose create call got no readable answer (docs/providers/id360.md#lost-create): the clerk
 * looks for its reference in ID360's console, then attaches the file found there, or says there is
 * none (and only then is it created).
 */
function UncertainCreation({ text, reference, busy, onResolve }: { text: Id360Text; reference: string; busy: boolean; onResolve(enrollmentId: string | null): void }) {
  const { tx } = text;
  const [number, setNumber] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <section className="notice notice--warning id360-report__uncertain" data-testid="id360-uncertain" aria-labelledby="id360-uncertain-title">
      <h3 id="id360-uncertain-title">{tx('detail.uncertainTitle')}</h3>
      <p>{tx('detail.uncertainBody', { reference })}</p>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const digits = number.trim();
          if (!/^\d{1,12}$/.test(digits)) {
            setProblem(tx('detail.uncertainFoundInvalid'));
            return;
          }
          setProblem(null);
          onResolve(digits);
        }}
      >
        <TextField
          id="id360-uncertain-number"
          testId="id360-uncertain-number"
          label={tx('detail.uncertainFound')}
          hint={tx('detail.uncertainFoundHint', { reference })}
          value={number}
          onChange={setNumber}
          error={problem}
        />
        <div className="button-row">
          <button type="submit" className="button button--primary" disabled={busy} data-testid="id360-uncertain-attach">
            {tx('detail.uncertainAttach')}
          </button>
          <button type="button" className="button button--secondary" disabled={busy} data-testid="id360-uncertain-none" onClick={() => onResolve(null)}>
            {tx('detail.uncertainNone')}
          </button>
        </div>
      </form>
    </section>
  );
}

export function ReportDialog({ row: initial, onClose }: { row: EnrollmentRow; onClose(): void }) {
  const text = useId360Text();
  const { tx, intlLocale } = text;
  const titleId = useId();
  const [report, setReport] = useState<ReportView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [link, setLink] = useState<string | null>(null);
  const sandbox = useEndpointsStore((s) => s.endpoints.find((e) => e.provider === 'id360')?.simulated ?? false);
  const date = new Intl.DateTimeFormat(intlLocale, { dateStyle: 'long' });

  const load = useCallback(() => {
    guichet
      .invoke('id360.report.view', { localId: initial.localId })
      .then((r) => {
        setReport(r);
        setError(null);
      })
      .catch((e: unknown) => setError(failureText(text, e)));
  }, [initial.localId, text]);

  useEffect(() => {
    load();
    return guichet.on('id360.enrollment.changed', (row) => {
      if (row.localId === initial.localId) load();
    });
  }, [initial.localId, load]);

  const row = report?.row ?? initial;
  const open = openStatuses.has(row.status);

  async function act(run: Action) {
    setBusy(true);
    try {
      await run();
      load();
    } catch (e) {
      setError(failureText(text, e));
    } finally {
      setBusy(false);
    }
  }

  const pdf = report?.files.find((f) => f.kind === 'report_pdf' && f.sha256);
  // Documents go with providerUntil; a user account reads a finished OK / KO report longer (reportsUntil).
  const until = new Date(row.providerUntil);
  const reportsUntil = new Date(row.reportsUntil);
  const gone = until.getTime() <= Date.now();
  const reportGone = reportsUntil.getTime() <= Date.now();
  const untilText =
    reportsUntil.getTime() === until.getTime()
      ? gone
        ? tx('detail.providerGone', { at: date.format(until) })
        : tx('detail.providerUntil', { at: date.format(until) })
      : reportGone
        ? tx('detail.providerGone', { at: date.format(reportsUntil) })
        : gone
          ? tx('detail.documentsGoneReportUntil', { documents: date.format(until), report: date.format(reportsUntil) })
          : tx('detail.documentsAndReportUntil', { documents: date.format(until), report: date.format(reportsUntil) });
  const missingUntil = new Date(row.missingUntil ?? row.providerUntil);
  const verdictOk = report?.status === 'OK' && report.identityStatus === 'OK';
  // The report names the surname `name`, the request `last_name`: one row for both.
  const verdictText = report?.hasReport ? (verdictOk ? tx('detail.verdictOk') : tx('detail.verdictKo')) : open ? tx('detail.verdictPending') : statusLabel(text, row);
  const fields = [...new Set([...Object.keys(report?.expected ?? {}), ...Object.keys(report?.identity ?? {})].map((k) => (k === 'name' ? 'last_name' : k)))].filter((k) =>
    ['last_name', 'first_name', 'birth_date', 'email', 'phone_number'].includes(k),
  );

  return (
    <ModalDialog onClose={onClose} labelledBy={titleId} className="modal--wide id360-report" testId="id360-report" busy={busy}>
      <div className="modal__body">
        <h2 id={titleId} className="modal__title">
          {tx('detail.title', { reference: row.clientReference ?? row.enrollmentId })}
        </h2>
        <p data-testid="id360-report-status">
          <strong>{tx('detail.verdict')} : </strong>
          {verdictText}
          {verdictText !== statusLabel(text, row) ? ` — ${statusLabel(text, row)}` : null}
        </p>
        {report?.reason || row.reason ? <p>{tx('detail.reason', { reason: report?.reason ?? row.reason ?? '' })}</p> : null}
        {row.signatureVerdict ? (
          <p className={`notice notice--${row.signatureVerdict === 'authentic' ? 'success' : row.signatureVerdict === 'invalid' ? 'error' : 'warning'}`} data-testid="id360-signature">
            {row.signatureVerdict === 'authentic'
              ? tx('detail.authentic')
              : row.signatureVerdict === 'invalid'
                ? tx('detail.invalid')
                : tx('detail.unverifiable', { why: text.txOr(`detail.signatureReasons.${row.signatureReason ?? ''}`, row.signatureReason ?? '') })}
          </p>
        ) : null}
        <p data-testid="id360-provider-until">{untilText}</p>
        {row.controlsPending && open ? (
          <p className="notice notice--warning" data-testid="id360-controls-pending">
            {tx('detail.controlsPending')}
          </p>
        ) : null}
        {row.atRisk ? (
          <p className="notice notice--warning" role="alert">
            {tx('detail.deadlineWarning', { at: date.format(missingUntil) })}
          </p>
        ) : null}
        {error ? (
          <p className="field-error" role="alert">
            {error}
          </p>
        ) : null}

        {fields.length > 0 ? (
          <table className="id360-report__identity">
            <caption>{tx('detail.identity')}</caption>
            <thead>
              <tr>
                <th scope="col">{tx('detail.field')}</th>
                <th scope="col">{tx('detail.extracted')}</th>
                <th scope="col">{tx('detail.expected')}</th>
              </tr>
            </thead>
            <tbody>
              {fields.map((f) => (
                <tr key={f}>
                  <th scope="row">{text.txOr(`fields.${f}`, f)}</th>
                  <td>{(f === 'last_name' ? (report?.identity['name'] ?? report?.identity['last_name']) : report?.identity[f]) ?? tx('common.none')}</td>
                  <td>{(f === 'last_name' ? (report?.expected['last_name'] ?? report?.expected['name']) : report?.expected[f]) ?? tx('common.none')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}

        {report && report.steps.length > 0 ? (
          <>
            <h3>{tx('detail.steps')}</h3>
            <ul>
              {report.steps.map((s) => (
                <li key={s.name}>{stepText(text, s)}</li>
              ))}
            </ul>
          </>
        ) : null}
        {report && report.statusCodes.length > 0 ? (
          <>
            <h3>{tx('detail.codes')}</h3>
            <ul data-testid="id360-codes">
              {report.statusCodes.map((c, i) => (
                <li key={`${c.code}-${i}`}>{codeText(text, c)}</li>
              ))}
            </ul>
          </>
        ) : null}
        {report && report.failedValidations.length > 0 ? (
          <>
            <h3>{tx('detail.validations')}</h3>
            <ul>
              {report.failedValidations.map((v) => (
                <li key={v.id}>{v.message ?? v.description ?? v.id}</li>
              ))}
            </ul>
          </>
        ) : null}

        {report && report.files.length > 0 ? (
          <>
            <h3>{tx('detail.files')}</h3>
            <ul className="id360-report__files" data-testid="id360-files">
              {report.files
                .filter((f) => f.kind !== 'report_json')
                .map((f) => {
                  const label = fileLabel(text, f);
                  const purged = (f.integrity === 'pending' || f.integrity === 'altered') && f.lastError === 'ID360_EXPIRED_OR_PURGED';
                  const state = purged
                    ? tx('detail.purged')
                    : f.integrity === 'valid'
                      ? tx('detail.kept')
                      : f.integrity === 'unverifiable'
                        ? tx('detail.keptUnchecked')
                        : f.integrity === 'altered'
                          ? tx('detail.altered')
                          : tx('detail.pending');
                  return (
                    <li key={`${f.kind}-${f.documentType}-${f.documentName}-${f.page}`} data-testid={`id360-file-${f.kind}`} data-integrity={f.integrity}>
                      {label} — {state}{' '}
                      {f.sha256 && f.mediaType === 'application/pdf' ? (
                        <OpenPdfButton blob={f.sha256} fileName={`${label}.pdf`} testId={f.kind === 'report_pdf' ? 'id360-open-report' : undefined}>
                          {f.kind === 'report_pdf' ? tx('detail.openReport') : tx('detail.openFile')}
                        </OpenPdfButton>
                      ) : f.sha256 && f.mediaType?.startsWith('image/') ? (
                        <button type="button" className="button button--secondary button--small" onClick={() => openImage({ url: guichet.blobUrl(f.sha256!, label), title: label, downloadName: `${label}.${f.mediaType === 'image/png' ? 'png' : 'jpg'}` })}
                          data-testid="id360-open-image">
                          {tx('detail.openImage')}
                        </button>
                      ) : null}
                    </li>
                  );
                })}
            </ul>
          </>
        ) : null}
        {!pdf && report?.hasReport ? null : null}

        {report?.archive === 'available' ? (
          <section className="notice notice--info" data-testid="id360-archive" aria-labelledby="id360-archive-text">
            <p id="id360-archive-text">{tx('detail.archiveAvailable')}</p>
            <button
              type="button"
              className="button button--primary"
              data-testid="id360-archive-fetch"
              disabled={busy}
              onClick={() => void act(async () => setReport(await guichet.invoke('id360.report.fetchArchive', { localId: row.localId })))}
            >
              {tx('detail.archiveFetch')}
            </button>
          </section>
        ) : report?.archive === 'userAccountDirect' || report?.archive === 'userAccountOnly' || report?.archive === 'neverArchived' ? (
          <p className="notice notice--warning" data-testid="id360-archive">
            {report.archive === 'userAccountDirect'
              ? tx('detail.archiveUserDirect', { date: report.archiveFrom ?? '' })
              : report.archive === 'userAccountOnly'
                ? tx('detail.archiveUserOnly')
                : tx('detail.archiveNever')}
          </p>
        ) : null}

        {link ? <JourneyLink url={link} /> : null}
        {open && row.creation === null && !row.journeyLinkKnown ? <JourneyLinkUnknown enrollmentId={row.enrollmentId} /> : null}

        {row.creation === 'uncertain' ? (
          <UncertainCreation text={text} reference={row.clientReference ?? ''} busy={busy} onResolve={(enrollmentId) => act(async () => setLink((await guichet.invoke('id360.enrollments.resolveCreation', { localId: row.localId, enrollmentId })).journeyUrl))} />
        ) : null}

        <div className="button-row">
          {row.creation !== null ? null : open ? (
            <>
              {row.controlsPending ? (
                <button
                  type="button"
                  className="button button--secondary"
                  data-testid="id360-resume-controls"
                  disabled={busy}
                  onClick={() => void act(async () => setLink((await guichet.invoke('id360.enrollments.resumeControls', { localId: row.localId })).journeyUrl))}
                >
                  {tx('detail.resumeControls')}
                </button>
              ) : !link && row.journeyLinkKnown ? (
                <button type="button" className="button button--secondary" onClick={() => void act(async () => setLink((await guichet.invoke('id360.enrollments.journeyLink', { localId: row.localId })).url))}>
                  {tx('detail.showLink')}
                </button>
              ) : null}
              <button type="button" className="button button--danger" onClick={() => setConfirming(true)} data-testid="id360-discontinue">
                {tx('detail.discontinue')}
              </button>
            </>
          ) : (
            <p className="field-hint">{tx('detail.cannotDiscontinue')}</p>
          )}
          {open && sandbox ? (
            <span className="id360-report__sandbox" role="group" aria-label={tx('detail.sandboxHint')}>
              <button type="button" className="button button--secondary" data-testid="id360-finish-ok" disabled={busy} onClick={() => void act(() => guichet.invoke('id360.sandbox.finish', { localId: row.localId, outcome: 'OK' }))}>
                {tx('detail.sandboxFinishOk')}
              </button>
              <button type="button" className="button button--secondary" data-testid="id360-finish-ko" disabled={busy} onClick={() => void act(() => guichet.invoke('id360.sandbox.finish', { localId: row.localId, outcome: 'KO' }))}>
                {tx('detail.sandboxFinishKo')}
              </button>
            </span>
          ) : null}
          <button type="button" className="button button--primary" onClick={onClose} data-testid="id360-report-close">
            {tx('common.close')}
          </button>
        </div>
      </div>
      {confirming ? (
        <ConfirmDialog
          title={tx('detail.discontinueTitle')}
          body={tx('detail.discontinueBody')}
          confirmLabel={tx('detail.discontinueConfirm')}
          cancelLabel={tx('common.cancel')}
          danger
          busy={busy}
          testId="id360-confirm-discontinue"
          onCancel={() => setConfirming(false)}
          onConfirm={() => void act(() => guichet.invoke('id360.enrollments.discontinue', { localId: row.localId })).then(() => setConfirming(false))}
        />
      ) : null}
    </ModalDialog>
  );
}
