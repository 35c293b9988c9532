/**
 * The providers this version of Guichet offers, in navigation order. Kept apart from their descriptors
 * (providers.ts, which the type check holds to exactly these ids) so that the window's shell learns
 * them without loading zod.
 */
export const providerIds = ['parapheur', 'id360', 'dossierfacile'] as const;

export type ProviderId = (typeof providerIds)[number];
