import type { IpcError } from '../../shared/ipc/errors.js';

/** What a failed `guichet.invoke` rejects with: the French message is meant to be shown as is. */
export class GuichetCallError extends Error {
  readonly code: string;
  readonly details: unknown;
  constructor(error: IpcError) {
    super(error.message);
    this.name = 'GuichetCallError';
    this.code = error.code;
    this.details = error.details;
  }
}
