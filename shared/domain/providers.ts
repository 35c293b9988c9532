import { z } from 'zod';
import { parapheurProvider } from './parapheur.js';
import { id360Provider } from './id360.js';
import { dossierfacileProvider } from './dossierfacile.js';
import { providerIds, type ProviderId } from './providerIds.js';

export { environmentSchema, type Environment } from './providerSettings.js';

/**
 * The providers this version of Guichet offers, in navigation order: one line each. A provider that
 * is not implemented is not listed, so it appears nowhere (settings, banner, connection test).
 */
export const providers = {
  parapheur: parapheurProvider,
  id360: id360Provider,
  dossierfacile: dossierfacileProvider,
} as const satisfies { [K in ProviderId]: { id: K } };

export { providerIds, type ProviderId } from './providerIds.js';
export const providerIdSchema = z.enum(providerIds);

export const knownBaseUrls = Object.fromEntries(providerIds.map((id) => [id, providers[id].knownBaseUrls])) as {
  [K in ProviderId]: (typeof providers)[K]['knownBaseUrls'];
};

/** Secrets the vault may hold: every provider's own keys. */
export type SecretKey = (typeof providers)[ProviderId]['secretKeys'][number];
export const secretKeys = providerIds.flatMap((id) => providers[id].secretKeys) as [SecretKey, ...SecretKey[]];
export const secretKeySchema = z.enum(secretKeys);
/** Secrets Guichet imports by itself (never typed by the clerk): lost, they are simply imported again. */
export const automaticSecretKeys = providerIds.flatMap((id) => providers[id].automaticSecretKeys ?? []) as readonly SecretKey[];
