/**
 * FAST Parapheur's plain vocabulary: lists and constants with no schema around them. The window's
 * start-up bundle reads these without loading zod (schemas live in parapheur.ts, which re-exports
 * this file for main and the contract).
 */

/**
 * The SIREN of the demonstration FAST tenant. In Sandbox the simulator decides whose documents these
 * are, so Réglages shows this value read-only instead of the organisation's own SIREN.
 */
export const PARAPHEUR_SANDBOX_SIREN = '213105554';

/** What the clerk sees of a document's life (docs/providers/fast-parapheur.md#history-to-state, mapped to the clerk's words). */
export const documentPhases = [
  'en_attente', // still in the local outbox (queued, uploading, waiting for network)
  'depose',
  'en_cours',
  'signe',
  'refuse',
  'visa_desapprouve',
  'classe',
  'archive',
  'supprime',
  'erreur',
] as const;

export const outboxStates = ['queued', 'uploading', 'unknown', 'waiting_network', 'filed', 'failed', 'cancelled'] as const;

export const maxDepositMetadataEntries = 20;

/**
 * The circuit id FAST files on-demand deposits under (docs/providers/fast-parapheur.md). Such a row's
 * circuit has no name of its own: the renderer names it in the clerk's language.
 */
export const onDemandCircuitId = 'circuit-a-la-volee';
