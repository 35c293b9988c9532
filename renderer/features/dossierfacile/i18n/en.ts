import type { DossierfacileMessages } from './fr.js';

/** English texts of DossierFacile: exactly the keys and placeholders of fr.ts. */
export const dossierfacileEn: DossierfacileMessages = {
  errors: {
    syncCancelled: 'DossierFacile synchronisation cancelled.',
    operationCancelled: 'DossierFacile operation cancelled.',
    reconnectRequired: 'Reconnection needed: the tenant must sign in to DossierFacile again.',
    ssoUnexpected: 'The DossierFacile sign-in service does not answer as expected.',
    timedOut: 'The tenant did not finish signing in in time.',
    connectionCancelled: 'Connection to DossierFacile cancelled.',
    stateMismatch: 'DossierFacile’s answer does not match this connection: it was ignored.',
    consentDenied: 'The tenant refused access to their file.',
    authorizationError: 'DossierFacile interrupted the connection.',
    codeRejected: 'The sign-in code was already used or has expired: start again.',
    ssoRefused: 'The DossierFacile sign-in service refused the request.',
    scopeMissing: 'DossierFacile did not grant access to the file.',
    invalidApiUrl: 'The DossierFacile API address is not valid.',
    apiUrlNotHttps: 'The DossierFacile API address must start with https://.',
    malformed: 'DossierFacile answered in an unexpected format.',
    invalidReplyUrl: 'DossierFacile gave an invalid address.',
    untrustedUrl: 'DossierFacile gave an address outside its servers ({{host}}): it is not followed.',
    unauthorized: 'The connection to DossierFacile has expired.',
    forbidden: 'DossierFacile refuses access to this file.',
    notFound: 'DossierFacile does not know this item.',
    pdfNotReady: 'The file’s PDF is still being generated.',
    throttled: 'DossierFacile asks to wait before trying again.',
    unavailable: 'DossierFacile is temporarily unavailable.',
    rejected: 'DossierFacile refused the request (HTTP {{httpStatus}}).',
    webhookKeyRefused: 'DossierFacile notification refused: the access key does not match.',
    webhookMalformed: 'Unreadable DossierFacile notification.',
  },
};
