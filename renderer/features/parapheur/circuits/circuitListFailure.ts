import { readIpcFailure } from '../../../app/ipcFailure.js';
import type { ParapheurKey, Tx } from '../i18n/index.js';

/** Refusals of the clerk's access, said in the catalogue's words with what to do about them. */
const accessRefusals: Record<string, ParapheurKey> = {
  CERT_REFUSED: 'circuits.listFailure.CERT_REFUSED',
  FORBIDDEN_SIREN: 'circuits.listFailure.FORBIDDEN_SIREN',
  UNKNOWN_SIREN: 'circuits.listFailure.UNKNOWN_SIREN',
  NOT_CONFIGURED: 'circuits.listFailure.NOT_CONFIGURED',
};

/** Why the circuit list could not be asked of FAST: never confused with « no circuit ». */
export function circuitListFailureText(error: unknown, tx: Tx): string {
  const failure = readIpcFailure(error);
  const key = Object.hasOwn(accessRefusals, failure.code) ? accessRefusals[failure.code] : undefined;
  if (key) return tx(key);
  return tx('circuits.listFailure.other', { reason: failure.message ?? tx('common.unexpected') });
}
