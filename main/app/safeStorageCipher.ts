import { safeStorage } from 'electron';
import type { SecretCipher } from '../core/vault/secretVault.js';
import { UnreadableSecretError } from '../core/vault/secretCipher.js';
import { GuichetError } from '../../shared/ipc/errors.js';

/** The async API arrived after Electron 41's typings; use it where the runtime has it. */
interface AsyncSafeStorage {
  isAsyncEncryptionAvailable?: () => Promise<boolean>;
  encryptStringAsync?: (plain: string) => Promise<Buffer>;
  decryptStringAsync?: (data: Buffer) => Promise<string | { result: string }>;
}

export interface SafeStorageStatus {
  available: boolean;
  /** Linux without a keyring: Chromium falls back to a hard-coded key, which protects nothing. */
  plainTextBackend: boolean;
  backend: string;
}

export async function safeStorageStatus(): Promise<SafeStorageStatus> {
  const s = safeStorage as typeof safeStorage & AsyncSafeStorage;
  const available = s.isAsyncEncryptionAvailable ? await s.isAsyncEncryptionAvailable() : s.isEncryptionAvailable();
  const backend = process.platform === 'linux' ? s.getSelectedStorageBackend() : process.platform;
  return { available, plainTextBackend: backend === 'basic_text', backend };
}

/**
 * Secrets encrypted by the OS keychain (Keychain, DPAPI, libsecret/kwallet). Refuses to store
 * anything when the OS only offers the plain-text backend: a secret "encrypted" with a hard-coded key
 * would be a lie to the clerk.
 */
export function createSafeStorageCipher(status: SafeStorageStatus): SecretCipher {
  const s = safeStorage as typeof safeStorage & AsyncSafeStorage;
  const refuse = () => {
    throw new GuichetError('VAULT_UNAVAILABLE', { key: 'app:hostErrors.vault.noKeyring' });
  };
  return {
    kind: 'safestorage',
    secure: status.available && !status.plainTextBackend,
    // safeStorage has no additional authenticated data: the name is sealed with the value and checked
    // on the way out, which binds them as well (a value moved under another name does not open).
    async encrypt(plain, boundTo) {
      if (!status.available || status.plainTextBackend) refuse();
      const sealedText = boundTo === undefined ? plain : `${boundTo}\u0000${plain}`;
      return s.encryptStringAsync ? s.encryptStringAsync(sealedText) : safeStorage.encryptString(sealedText);
    },
    async decrypt(data, boundTo) {
      if (!status.available) refuse();
      let text: string;
      try {
        if (s.decryptStringAsync) {
          const out = await s.decryptStringAsync(data);
          text = typeof out === 'string' ? out : out.result;
        } else {
          text = safeStorage.decryptString(data);
        }
      } catch {
        // The keychain answered but this value is not one of its own (keychain reset, another profile).
        throw new UnreadableSecretError();
      }
      if (boundTo === undefined) return text;
      const prefix = `${boundTo}\u0000`;
      if (!text.startsWith(prefix)) throw new UnreadableSecretError();
      return text.slice(prefix.length);
    },
  };
}
