import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { secretKeys, secretKeySchema, type SecretKey } from '../../../shared/domain/providers.js';
import { GuichetError } from '../../../shared/ipc/errors.js';
import { UnreadableSecretError, type SecretCipher } from './secretCipher.js';

export type { SecretCipher } from './secretCipher.js';

/** Saved secrets that could not be read and were set aside: the clerk is told, once per key, until re-entered or cleared. */
export interface UnreadableSecrets {
  keys: SecretKey[];
  /** ISO date of the first detection. */
  detectedAt: string;
  /** File name (in the vault's folder) under which the unreadable file was kept. */
  keptAs: string;
}

export interface SecretVault {
  get(key: SecretKey): Promise<string | null>;
  set(key: SecretKey, value: string): Promise<void>;
  delete(key: SecretKey): Promise<void>;
  /** Whether each secret is configured and readable: the only thing the renderer may learn. */
  status(): Promise<Record<SecretKey, boolean>>;
  /** Saved secrets that could not be read with this computer's key, or null. */
  unreadable(): Promise<UnreadableSecrets | null>;
}

const unreadableSchema = z.object({
  keys: z.array(secretKeySchema),
  detectedAt: z.string(),
  keptAs: z.string(),
});
const vaultFileSchema = z.object({
  version: z.union([z.literal(1), z.literal(2)]),
  cipher: z.string(),
  entries: z.record(z.string(), z.string()),
  unreadable: unreadableSchema.optional(),
});
type VaultFile = z.infer<typeof vaultFileSchema>;

type VaultState =
  | { kind: 'missing' }
  | { kind: 'ok'; file: VaultFile; text: string }
  /** Sealed by another cipher (e.g. safeStorage on the Electron build): parseable, not decryptable. */
  | { kind: 'foreign'; file: VaultFile }
  | { kind: 'corrupt' };

/** What each value is bound to (AES-GCM additional data): its own name, in this file format. */
const boundName = (key: string) => `guichet-vault/2/${key}`;

/**
 * Secrets in one JSON file, each value sealed by `cipher` and bound to its key name. Every change
 * rewrites the file atomically (temp file + rename), and operations are serialised so that two quick
 * changes cannot overwrite each other.
 *
 * Before a file is used, each of its values is opened once. Values this computer's key cannot open
 * (the key file was lost and replaced, the file was copied from elsewhere, entries were altered or
 * swapped) are not left to fail every later use: the file is copied aside under a dated name, those
 * values are dropped (so they read as missing and the Sandbox identity is imported again by itself),
 * and `unreadable()` names them until the clerk enters or clears each one. A key that merely cannot
 * be reached (rights of the key file, locked keychain) changes nothing: the clerk can fix that.
 *
 * Files of format 1 (values not bound to their names) are migrated on first use: each value is opened
 * without a name and sealed again with it. Chosen over discarding them because the values are still
 * authenticated by the key, and a clerk upgrading Guichet must not have to re-enter every certificate;
 * a value that does not open is handled as above.
 */
export function createSecretVault(
  file: string,
  cipher: SecretCipher,
  options: { onUnreadable?: (found: UnreadableSecrets) => void } = {},
): SecretVault {
  let tail: Promise<unknown> = Promise.resolve();
  function serialised<T>(operation: () => Promise<T>): Promise<T> {
    const run = tail.then(operation, operation);
    tail = run.catch(() => undefined);
    return run;
  }
  /** The file text whose values were all opened last: not opened again while it is unchanged. */
  let checkedText: string | null = null;

  async function readState(): Promise<VaultState> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
      throw new GuichetError('VAULT_UNAVAILABLE', {
        key: 'app:hostErrors.vault.unreadableFile',
        params: { file },
        details: { code: (error as NodeJS.ErrnoException).code },
      });
    }
    let parsed: ReturnType<typeof vaultFileSchema.safeParse>;
    try {
      parsed = vaultFileSchema.safeParse(JSON.parse(text));
    } catch {
      return { kind: 'corrupt' };
    }
    if (!parsed.success) return { kind: 'corrupt' };
    return parsed.data.cipher === cipher.kind ? { kind: 'ok', file: parsed.data, text } : { kind: 'foreign', file: parsed.data };
  }

  async function write(content: VaultFile): Promise<void> {
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    const tmp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
    const text = JSON.stringify(content, null, 2);
    try {
      const handle = await open(tmp, 'wx', 0o600);
      try {
        await handle.writeFile(text);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(tmp, file);
      checkedText = text;
    } catch (error) {
      await rm(tmp, { force: true });
      throw new GuichetError('VAULT_UNAVAILABLE', {
        key: 'app:hostErrors.vault.writeFailed',
        params: { file },
        details: { code: (error as NodeJS.ErrnoException).code },
      });
    }
  }

  const stamp = () => new Date().toISOString().replace(/[:.]/g, '-');

  /** An unreadable vault is set aside (never deleted) before a fresh one replaces it. */
  async function setAside(): Promise<void> {
    await rename(file, `${file}.unreadable-${stamp()}`).catch(() => undefined);
  }

  function emptyFile(): VaultFile {
    return { version: 2, cipher: cipher.kind, entries: {} };
  }

  /** Opens every value once (see above); returns the file to use, rewritten if anything had to change. */
  async function checked(state: Extract<VaultState, { kind: 'ok' }>): Promise<VaultFile> {
    if (state.text === checkedText) return state.file;
    const legacy = state.file.version === 1;
    const entries: Record<string, string> = {};
    const lost: SecretKey[] = [];
    for (const [key, sealed] of Object.entries(state.file.entries)) {
      const known = secretKeySchema.safeParse(key);
      try {
        const plain = await cipher.decrypt(Buffer.from(sealed, 'base64'), legacy ? undefined : boundName(key));
        entries[key] = legacy ? (await cipher.encrypt(plain, boundName(key))).toString('base64') : sealed;
      } catch (error) {
        // A key that cannot be reached is the clerk's to fix: leave the file exactly as it is.
        if (error instanceof GuichetError && !(error instanceof UnreadableSecretError)) throw error;
        if (known.success) lost.push(known.data);
      }
    }
    if (!legacy && lost.length === 0) {
      checkedText = state.text;
      return state.file;
    }
    let unreadable = state.file.unreadable;
    if (lost.length > 0) {
      const keptAs = `${basename(file)}.unreadable-${stamp()}`;
      await copyFile(file, join(dirname(file), keptAs));
      const keys = [...new Set([...(unreadable?.keys ?? []), ...lost])];
      unreadable = { keys, detectedAt: unreadable?.detectedAt ?? new Date().toISOString(), keptAs };
    }
    const next: VaultFile = { version: 2, cipher: cipher.kind, entries, ...(unreadable ? { unreadable } : {}) };
    await write(next);
    if (lost.length > 0 && unreadable) options.onUnreadable?.(unreadable);
    return next;
  }

  /** The usable file, or null when there is none (missing); foreign and damaged files stay as they are. */
  async function current(): Promise<{ state: VaultState; file: VaultFile | null }> {
    const state = await readState();
    if (state.kind !== 'ok') return { state, file: null };
    return { state, file: await checked(state) };
  }

  /** The notice without `key`: entering or clearing a secret answers it. */
  function withoutNotice(content: VaultFile, key: SecretKey): VaultFile {
    if (!content.unreadable) return content;
    const keys = content.unreadable.keys.filter((k) => k !== key);
    const { unreadable, ...rest } = content;
    return keys.length === 0 ? rest : { ...rest, unreadable: { ...unreadable, keys } };
  }

  return {
    async get(key) {
      const k = checkKey(key);
      return serialised(async () => {
        const { state, file: content } = await current();
        if (state.kind === 'missing') return null;
        if (!content) throw unreadableVault();
        const sealed = content.entries[k];
        if (sealed === undefined) return null;
        return cipher.decrypt(Buffer.from(sealed, 'base64'), boundName(k));
      });
    },

    async set(key, value) {
      const k = checkKey(key);
      if (typeof value !== 'string' || value.length === 0) {
        throw new GuichetError('INVALID_INPUT', { key: 'app:hostErrors.vault.emptySecret' });
      }
      return serialised(async () => {
        const { state, file: checkedFile } = await current();
        let content = checkedFile;
        if (!content) {
          if (state.kind !== 'missing') await setAside();
          content = emptyFile();
        }
        const sealed = await cipher.encrypt(value, boundName(k));
        const next = withoutNotice(content, k);
        await write({ ...next, entries: { ...next.entries, [k]: sealed.toString('base64') } });
      });
    },

    async delete(key) {
      const k = checkKey(key);
      return serialised(async () => {
        const { state, file: content } = await current();
        if (state.kind === 'missing') return;
        if (state.kind === 'corrupt') {
          await setAside();
          return;
        }
        if (!content) return;
        if (!(k in content.entries) && !content.unreadable?.keys.includes(k)) return;
        const next = withoutNotice(content, k);
        const entries = { ...next.entries };
        delete entries[k];
        await write({ ...next, entries });
      });
    },

    async status() {
      return serialised(async () => {
        const { file: content } = await current();
        const entries = content?.entries ?? {};
        return Object.fromEntries(secretKeys.map((k) => [k, entries[k] !== undefined])) as Record<SecretKey, boolean>;
      });
    },

    async unreadable() {
      return serialised(async () => (await current()).file?.unreadable ?? null);
    },
  };
}

function checkKey(key: SecretKey): SecretKey {
  const parsed = secretKeySchema.safeParse(key);
  if (!parsed.success) {
    throw new GuichetError('INVALID_INPUT', { key: 'app:hostErrors.vault.unknownSecret', params: { key: String(key) } });
  }
  return parsed.data;
}

function unreadableVault(): GuichetError {
  return new GuichetError('VAULT_UNAVAILABLE', { key: 'app:hostErrors.vault.unreadable' });
}
