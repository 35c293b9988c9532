import type { CreateEnrollmentInput, Id360Client, TransferOptions } from './client.js';
import type { Id360Session } from './session.js';

/** The client's calls bound to the shared session: what the module's services use. */
export function createId360Api(client: Id360Client, session: Id360Session) {
  return {
    whoami: () => session.run((t) => client.whoami(t)),
    /**
     * `onSend` runs each time the request itself leaves (not when the login before it fails): what
     * tells « ID360 may have created it » from « nothing was sent » (docs/providers/id360.md#lost-create).
     */
    createEnrollment: (processUuid: string, input: CreateEnrollmentInput, onSend?: () => void) =>
      session.run((t) => {
        onSend?.();
        return client.createEnrollment(t, processUuid, input);
      }),
    getEnrollment: (enrollmentId: string) => session.run((t) => client.getEnrollment(t, enrollmentId)),
    getEnrollmentAt: (url: string) => session.run((t) => client.getEnrollmentAt(t, url)),
    setDataControl: (enrollmentId: string, dataName: string, value: string, flags: { locked: boolean; auto: boolean }) =>
      session.run((t) => client.setDataControl(t, enrollmentId, dataName, value, flags)),
    discontinue: (enrollmentId: string) => session.run((t) => client.discontinue(t, enrollmentId)),
    getReport: (enrollmentId: string, opts: { draft?: boolean } = {}) => session.run((t) => client.getReport(t, enrollmentId, opts)),
    getReportArchive: (enrollmentId: string) => session.run((t) => client.getReportArchive(t, enrollmentId)),
    downloadReportPdf: (enrollmentId: string, transfer?: TransferOptions) => session.run((t) => client.downloadReportPdf(t, enrollmentId, transfer)),
    downloadReportFile: (url: string, transfer?: TransferOptions) => session.run((t) => client.downloadReportFile(t, url, transfer)),
    downloadDocumentPage: (documentId: string, page: number, transfer?: TransferOptions) => session.run((t) => client.downloadDocumentPage(t, documentId, page, transfer)),
    downloadIdClaim: (enrollmentId: string, transfer?: TransferOptions) => session.run((t) => client.downloadIdClaim(t, enrollmentId, transfer)),
    statusByBrowserToken: (browserToken: string) => client.statusByBrowserToken(browserToken),
    enrollmentInfo: (apiKey: string) => client.enrollmentInfo(apiKey),
    fetchReportPublicKey: (url: string) => client.fetchReportPublicKey(url),
    journeyUrl: (apiKey: string, lang?: 'fr' | 'en') => client.journeyUrl(apiKey, lang),
  };
}

export type Id360Api = ReturnType<typeof createId360Api>;
