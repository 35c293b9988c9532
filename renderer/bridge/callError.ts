import type { IpcError, MessageParams } from '../../shared/ipc/errors.js';

/**
 * What a failed `guichet.invoke` rejects with: a code and a catalogue entry, translated where it is
 * shown (`readIpcFailure`). Its `message` is the key, for the console only.
 */
export class GuichetCallError extends Error {
  readonly code: string;
  readonly key: string;
  readonly params: MessageParams | undefined;
  readonly details: unknown;
  constructor(error: IpcError) {
    super(error.key);
    this.name = 'GuichetCallError';
    this.code = error.code;
    this.key = error.key;
    this.params = error.params;
    this.details = error.details;
  }
}
