/**
 * French texts of DossierFacile (i18next namespace `dossierfacile`): what main says about it, as
 * catalogue entries (`dossierfacile:errors.…`, docs/architecture.md#ipc-contract). The provider has no
 * screen yet (it is not in main/providers/registry.ts): its pages will add their texts here.
 */
export const dossierfacileFr = {
  errors: {
    syncCancelled: 'Synchronisation DossierFacile annulée.',
    operationCancelled: 'Opération DossierFacile annulée.',
    reconnectRequired: 'Reconnexion nécessaire : le locataire doit se connecter à nouveau à DossierFacile.',
    ssoUnexpected: 'Le service de connexion DossierFacile ne répond pas comme prévu.',
    timedOut: 'Le locataire n’a pas terminé sa connexion à temps.',
    connectionCancelled: 'Connexion à DossierFacile annulée.',
    stateMismatch: 'La réponse de DossierFacile ne correspond pas à cette connexion : elle a été ignorée.',
    consentDenied: 'Le locataire a refusé l’accès à son dossier.',
    authorizationError: 'DossierFacile a interrompu la connexion.',
    codeRejected: 'Le code de connexion a déjà servi ou a expiré : il faut recommencer.',
    ssoRefused: 'Le service de connexion DossierFacile a refusé la demande.',
    scopeMissing: 'DossierFacile n’a pas accordé l’accès au dossier.',
    invalidApiUrl: 'L’adresse de l’API DossierFacile n’est pas valide.',
    apiUrlNotHttps: 'L’adresse de l’API DossierFacile doit commencer par https://.',
    malformed: 'DossierFacile a répondu dans un format inattendu.',
    invalidReplyUrl: 'DossierFacile a indiqué une adresse non valide.',
    untrustedUrl: 'DossierFacile a indiqué une adresse hors de ses serveurs ({{host}}) : elle n’est pas suivie.',
    unauthorized: 'La connexion à DossierFacile a expiré.',
    forbidden: 'DossierFacile refuse l’accès à ce dossier.',
    notFound: 'DossierFacile ne connaît pas cet élément.',
    pdfNotReady: 'Le PDF du dossier est en cours de génération.',
    throttled: 'DossierFacile demande de patienter avant de réessayer.',
    unavailable: 'DossierFacile est momentanément indisponible.',
    rejected: 'DossierFacile a refusé la demande (HTTP {{httpStatus}}).',
    webhookKeyRefused: 'Notification DossierFacile refusée : la clé d’accès ne correspond pas.',
    webhookMalformed: 'Notification DossierFacile illisible.',
  },
};
export type DossierfacileMessages = typeof dossierfacileFr;
