/**
 * DossierFacile's plain vocabulary, readable without loading zod (the window's start-up bundle stays
 * free of it); dossierfacile.ts re-exports it beside the schemas. Statuses are open on the provider's
 * side (docs/providers/dossierfacile.md#statuses): these are the ones the page has words for.
 */

/** Tenant and file statuses DossierFacile gives today (COMPLETED is announced). */
export const dfcTenantStatuses = ['VALIDATED', 'TO_PROCESS', 'DECLINED', 'INCOMPLETE', 'ARCHIVED', 'COMPLETED'] as const;

/** Whether Guichet may still use a tenant's file: anything but `active` stops every further call. */
export const dfcAccessStates = ['active', 'reconnect', 'revoked', 'deleted'] as const;

/** Where a « Connecter un locataire » attempt stands (docs/providers/dossierfacile.md#oauth). */
export const dfcConnectSteps = ['starting', 'browser-opened', 'waiting-consent', 'connected', 'failed'] as const;

/** Redirect path registered with DossierFacile for the loopback callback. */
export const DFC_DEFAULT_CALLBACK_PATH = '/dossierfacile/callback';

/**
 * The partner client of the demonstration realm. In Sandbox the simulator decides which partner
 * Guichet is, so Réglages shows this value read-only instead of the organisation's own client id.
 */
export const DFC_SANDBOX_CLIENT_ID = 'dfconnect-guichet';
