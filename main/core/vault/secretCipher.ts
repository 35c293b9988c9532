import { GuichetError } from '../../../shared/ipc/errors.js';

/**
 * Turns a secret into bytes that are safe to keep on disk, and back. The Electron build plugs
 * in a safeStorage (OS keychain) cipher; plain Node hosts use the AES-GCM key-file fallback.
 *
 * `boundTo` names what the value is (the vault passes its key name): a value sealed for one name
 * must fail to open under another, so that swapping two entries of the file gives nothing usable.
 * Without it, the value is a legacy one sealed before binding existed.
 */
export interface SecretCipher {
  /** Written in the vault file, so that a file sealed by another cipher is recognised as such. */
  readonly kind: string;
  /** True when the key is protected by the operating system (keychain, DPAPI, libsecret). */
  readonly secure: boolean;
  encrypt(plain: string, boundTo?: string): Promise<Buffer>;
  /** Throws UnreadableSecretError when the value cannot be opened with this key (as opposed to a key that cannot be reached). */
  decrypt(data: Buffer, boundTo?: string): Promise<string>;
}

/**
 * The key is there but does not open this value: the key was lost and replaced, the file comes from
 * another computer, or the value was altered or moved. The vault sets such values aside; it never
 * does so for a key it merely cannot reach (permissions, locked keychain), which the clerk can fix.
 */
export class UnreadableSecretError extends GuichetError {
  constructor() {
    super('VAULT_UNAVAILABLE', { key: 'app:hostErrors.vault.keyMismatch' });
  }
}
