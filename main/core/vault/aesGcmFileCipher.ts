import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { GuichetError } from '../../../shared/ipc/errors.js';
import { UnreadableSecretError, type SecretCipher } from './secretCipher.js';

/** Sealed before values were bound to their name: no additional authenticated data. */
const LEGACY_FORMAT = 1;
/** Bound to its name through AES-GCM's additional authenticated data. */
const BOUND_FORMAT = 2;
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM with a random key kept in `keyFile` (mode 0600). This protects the secrets from
 * anyone who copies the vault file alone, not from someone who can read the user's files:
 * hence `secure: false`, and the Electron build uses safeStorage instead.
 *
 * Sealed layout: [format:1][iv:12][tag:16][ciphertext]. Format 2 authenticates the value's name as
 * additional data; format 1 (no name) is read only when the caller asks for a legacy value, so that a
 * bound entry cannot be replaced by an older unbound one.
 */
export function createAesGcmFileCipher(keyFile: string): SecretCipher {
  let key: Promise<Buffer> | null = null;
  const loadKey = (): Promise<Buffer> => {
    key ??= readOrCreateKey(keyFile).catch((error: unknown) => {
      key = null; // the clerk may fix the file's permissions and retry without restarting
      throw error;
    });
    return key;
  };

  return {
    kind: 'aes-256-gcm-file',
    secure: false,

    async encrypt(plain, boundTo) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', await loadKey(), iv);
      if (boundTo !== undefined) cipher.setAAD(Buffer.from(boundTo, 'utf8'));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      const format = boundTo === undefined ? LEGACY_FORMAT : BOUND_FORMAT;
      return Buffer.concat([Buffer.from([format]), iv, cipher.getAuthTag(), body]);
    },

    async decrypt(data, boundTo) {
      const secretKey = await loadKey();
      const format = boundTo === undefined ? LEGACY_FORMAT : BOUND_FORMAT;
      if (data.length < 1 + IV_BYTES + TAG_BYTES || data[0] !== format) throw new UnreadableSecretError();
      const iv = data.subarray(1, 1 + IV_BYTES);
      const tag = data.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', secretKey, iv);
      decipher.setAuthTag(tag);
      if (boundTo !== undefined) decipher.setAAD(Buffer.from(boundTo, 'utf8'));
      try {
        return Buffer.concat([decipher.update(data.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
      } catch {
        // Authentication failed: another key (the key file was replaced or lost), altered data, or a
        // value sealed under another name.
        throw new UnreadableSecretError();
      }
    },
  };
}

async function readOrCreateKey(keyFile: string): Promise<Buffer> {
  await mkdir(dirname(keyFile), { recursive: true, mode: 0o700 });
  try {
    // 'wx': never overwrite an existing key, that would make every stored secret unreadable.
    const handle = await open(keyFile, 'wx', 0o600);
    try {
      const fresh = randomBytes(KEY_BYTES);
      await handle.writeFile(fresh);
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw keyFileError(keyFile, error);
  }
  await assertPrivate(keyFile);
  const data = await readFile(keyFile).catch((error: unknown) => {
    throw keyFileError(keyFile, error);
  });
  if (data.length !== KEY_BYTES) {
    throw new GuichetError('VAULT_UNAVAILABLE', { key: 'app:hostErrors.vault.keyDamaged', params: { file: keyFile } });
  }
  return data;
}

/** On POSIX the key must be readable by its owner only; Windows relies on the profile's ACLs. */
async function assertPrivate(keyFile: string): Promise<void> {
  if (process.platform === 'win32') return;
  const { mode } = await stat(keyFile);
  if ((mode & 0o077) !== 0) {
    const octal = (mode & 0o777).toString(8).padStart(3, '0');
    throw new GuichetError('VAULT_UNAVAILABLE', { key: 'app:hostErrors.vault.keyTooOpen', params: { file: keyFile, mode: octal }, details: { mode: octal } });
  }
}

function keyFileError(keyFile: string, cause: unknown): GuichetError {
  return new GuichetError('VAULT_UNAVAILABLE', {
    key: 'app:hostErrors.vault.keyUnreadable',
    params: { file: keyFile },
    details: { code: (cause as NodeJS.ErrnoException | undefined)?.code },
  });
}
