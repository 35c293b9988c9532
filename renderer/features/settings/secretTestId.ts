import type { SecretKey } from '../../../shared/domain/providers.js';

/** `parapheur.certificatePassword` → `parapheur-certificatePassword`, for `secret-input-…` test hooks. */
export function secretTestId(key: SecretKey): string {
  return key.replace(/\./g, '-');
}
