import type { parapheurHostFr } from './host.fr.js';

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

/** English of host.fr.ts: same keys, same placeholders. */
export const parapheurHostEn: Widen<typeof parapheurHostFr> = {
  hostErrors: {
    noSandboxCertificate: 'The FAST simulator did not provide a test certificate.',
    noAddress: 'No address is set for FAST Parapheur: enter the URL in Settings › FAST Parapheur.',
    noCertificate: 'No FAST certificate is imported: add your .p12 file in Settings › FAST Parapheur.',
    noSiren: 'Your organisation’s SIREN is not set: add it in Settings › FAST Parapheur.',
    documentNotFound: 'Document not found.',
    notPkcs12: 'This file does not look like a PKCS#12 certificate (.p12 or .pfx).',
    notCaFile: 'This file is not an authority certificate: a .pem, .crt or .cer file is expected.',
    deleteNotFiled: 'This document is not at FAST yet: cancel its filing instead.',
    notDeletable: 'FAST only lets you delete a document that is Prepared, Refused or Rejected; this one is “{{state}}”.',
    fileNotYetAvailable: 'This file is not available yet.',
    useDownloadLink: 'In the browser, use the download link.',
    dragDownloadLink: 'In the browser, drag the download link.',
    refreshNotFiled: 'This document has not reached FAST yet: it will be followed once it is filed.',
    otherSettings: 'This document was filed with other settings (environment or SIREN): switch back to them in Settings to follow it.',
    tooSoon: 'This document was just refreshed; FAST asks for spaced-out checks. You can try again in {{minutes}} min.',
    addressNotFound:
      'The address set for FAST Parapheur ({{host}}) does not answer like FAST: check it in Settings › FAST Parapheur. No document was considered deleted.',
    confirmationMismatch:
      'The synchronisation would delete {{count}} user(s), not {{confirmed}}: the list changed in the meantime. Run the preview again before confirming.',
  },
  activity: {
    summaries: {
      sandboxCertificate: 'FAST simulator test certificate imported into the vault',
      certificateImported: 'FAST certificate imported ({{subject}}, valid until {{notAfter, isoDay}})',
      serverAuthorityImported: 'FAST server certification authority imported ({{subjects}})',
      serverAuthorityCleared: 'FAST server certification authority removed',
      deleted: '“{{name}}” deleted from FAST',
      usersSynced: 'FAST users synchronised: {{created}} created, {{updated}} updated, {{deleted}} deleted',
      collected: '{{count}} file(s) collected: {{ack}} Hélios acknowledgement(s), {{pesRetour}} PES retour, {{chorus}} Chorus file(s)',
      foundAgain: '“{{name}}” found again on FAST: following it resumes',
      step: '“{{name}}”: {{label}}',
      phase: {
        signe: '“{{name}}”: signed',
        classe: '“{{name}}”: signed and classified',
        archive: '“{{name}}”: archived',
        refuse: '“{{name}}”: refused',
        visa_desapprouve: '“{{name}}”: visa disapproved',
        supprime: '“{{name}}”: deleted at FAST',
        erreur: '“{{name}}”: in error',
      },
    },
  },
  notify: {
    signedTitle: 'Document signed',
    signedBody: '“{{name}}” is signed ({{circuit}}).',
    refusedTitle: 'Document refused',
    visaRefusedTitle: 'Visa disapproved',
    refusedBody: '“{{name}}”.',
    refusedBodyWithReason: '“{{name}}”. Reason: {{reason}}',
    lateTitle: 'Document late',
    lateBody_one: '“{{name}}” has been waiting for more than {{count}} day.',
    lateBody_other: '“{{name}}” has been waiting for more than {{count}} days.',
    lateBodyWithHolder_one: '“{{name}}” has been waiting for more than {{count}} day with {{holder}}.',
    lateBodyWithHolder_other: '“{{name}}” has been waiting for more than {{count}} days with {{holder}}.',
    idUnknownTitle: 'Document filed, FAST number unknown',
    idReusedTitle: 'Number reused by FAST',
    filedWithProblemTitle: 'Document filed, with a problem',
    depositRefusedTitle: 'Filing refused',
    fileProblem: '“{{name}}”: {{problem}}',
  },
};
