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
      sandboxCleared: 'Demonstration data cleared: {{documents}} document(s), {{circuits}} circuit(s), {{collected}} collected file(s)',
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
  connectionTest: {
    ok: 'Connection succeeded: FAST Parapheur accepts your certificate for SIREN {{siren}}.',
    unexpected: 'The connection test failed for an unexpected reason. Try again.',
    certRefused:
      'FAST Parapheur refused the certificate: it is not recognised or is not the one of a filing account. Check the imported file or ask FAST for a new certificate.',
    unknownSiren: 'The certificate is accepted, but FAST Parapheur does not know SIREN {{siren}}. Check the SIREN you entered.',
    forbiddenSiren:
      'The certificate is accepted, but your account is not allowed for SIREN {{siren}}. Check the SIREN or ask your FAST administrator for the rights.',
    unreachable: 'The server {{host}} cannot be reached. Check the server address and your internet connection.',
    offline: 'The server {{host}} cannot be reached: your computer seems to be offline. Check your internet connection.',
    timeout: 'The server {{host}} does not answer in time. Try again later or check your connection.',
    serverCertUnknownAuthority:
      'The certificate of the server {{host}} was issued by an unknown certification authority: import the server’s authority certificate (a .pem or .crt file from your administrator or from FAST) in Settings › FAST Parapheur.',
    serverCertHostMismatch: 'The certificate of the server {{host}} does not match this address: check the server address in the settings.',
    serverCertExpired:
      'The certificate of the server {{host}} is not currently valid: check this computer’s date and time; if they are right, tell FAST.',
    serverCertUntrusted: 'The certificate of the server {{host}} is not recognised: check the server address in the settings.',
    wrongAddress:
      'The server {{host}} answers, but FAST Parapheur is not at the address {{baseUrl}} (“not found” answer, HTTP 404). Check the server address in the settings: FAST’s address ends with /parapheur-ws/rest/v1/, for example https://parapheur.dfast.fr/parapheur-ws/rest/v1/.',
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
