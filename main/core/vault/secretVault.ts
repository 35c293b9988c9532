import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { secretKeys, secretKeySchema, type SecretKey } from '../../../shared/domain/providers.js';
import { GuichetError } from '../../../shared/ipc/errors.js';
import type { SecretCipher } from './secretCipher.js';

export type { SecretCipher } from './secretCipher.js';

export interface SecretVault {
  get(key: SecretKey): Promise<string | null>;
  set(key: SecretKey, value: string): Promise<void>;
  delete(key: SecretKey): Promise<void>;
  /** Whether each secret is configured and readable: the only thing the renderer may learn. */
  status(): Promise<Record<SecretKey, boolean>>;
}

const vaultFileSchema = z.object({
  version: z.literal(1),
  cipher: z.string(),
  entries: z.record(z.string(), z.string()),
});
type VaultFile = z.infer<typeof vaultFileSchema>;

type VaultState =
  | { kind: 'missing' }
  | { kind: 'ok'; file: VaultFile }
  /** Sealed by another cipher (e.g. safeStorage on the Electron build): parseable, not decryptable. */
  | { kind: 'foreign'; file: VaultFile }
  | { kind: 'corrupt' };

/**
 * Secrets in one JSON file, each value sealed by `cipher`. Every change rewrites the file
 * atomically (temp file + rename), and operations are serialised so that two quick changes
 * cannot overwrite each other.
 */
export function createSecretVault(file: string, cipher: SecretCipher): SecretVault {
  let tail: Promise<unknown> = Promise.resolve();
  function serialised<T>(operation: () => Promise<T>): Promise<T> {
    const run = tail.then(operation, operation);
    tail = run.catch(() => undefined);
    return run;
  }

  async function readState(): Promise<VaultState> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
      throw new GuichetError(
        'VAULT_UNAVAILABLE',
        `Le coffre des secrets « ${file} » ne peut pas être lu. Vérifiez vos droits d’accès à ce dossier.`,
        { code: (error as NodeJS.ErrnoException).code },
      );
    }
    let parsed: ReturnType<typeof vaultFileSchema.safeParse>;
    try {
      parsed = vaultFileSchema.safeParse(JSON.parse(text));
    } catch {
      return { kind: 'corrupt' };
    }
    if (!parsed.success) return { kind: 'corrupt' };
    return parsed.data.cipher === cipher.kind ? { kind: 'ok', file: parsed.data } : { kind: 'foreign', file: parsed.data };
  }

  async function write(content: VaultFile): Promise<void> {
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    const tmp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      const handle = await open(tmp, 'wx', 0o600);
      try {
        await handle.writeFile(JSON.stringify(content, null, 2));
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(tmp, file);
    } catch (error) {
      await rm(tmp, { force: true });
      throw new GuichetError(
        'VAULT_UNAVAILABLE',
        `Le secret n’a pas pu être enregistré dans « ${file} ». Vérifiez l’espace disque et vos droits d’accès.`,
        { code: (error as NodeJS.ErrnoException).code },
      );
    }
  }

  /** An unreadable vault is set aside (never deleted) before a fresh one replaces it. */
  async function setAside(): Promise<void> {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    await rename(file, `${file}.unreadable-${stamp}`).catch(() => undefined);
  }

  function emptyFile(): VaultFile {
    return { version: 1, cipher: cipher.kind, entries: {} };
  }

  return {
    async get(key) {
      const k = checkKey(key);
      return serialised(async () => {
        const state = await readState();
        if (state.kind === 'missing') return null;
        if (state.kind !== 'ok') throw unreadableVault();
        const sealed = state.file.entries[k];
        if (sealed === undefined) return null;
        return cipher.decrypt(Buffer.from(sealed, 'base64'));
      });
    },

    async set(key, value) {
      const k = checkKey(key);
      if (typeof value !== 'string' || value.length === 0) {
        throw new GuichetError('INVALID_INPUT', 'Le secret à enregistrer est vide.');
      }
      return serialised(async () => {
        const state = await readState();
        let content: VaultFile;
        if (state.kind === 'ok') {
          content = state.file;
        } else {
          if (state.kind !== 'missing') await setAside();
          content = emptyFile();
        }
        const sealed = await cipher.encrypt(value);
        await write({ ...content, entries: { ...content.entries, [k]: sealed.toString('base64') } });
      });
    },

    async delete(key) {
      const k = checkKey(key);
      return serialised(async () => {
        const state = await readState();
        if (state.kind === 'missing') return;
        if (state.kind === 'corrupt') {
          await setAside();
          return;
        }
        if (!(k in state.file.entries)) return;
        const entries = { ...state.file.entries };
        delete entries[k];
        await write({ ...state.file, entries });
      });
    },

    async status() {
      return serialised(async () => {
        const state = await readState();
        const entries = state.kind === 'ok' ? state.file.entries : {};
        return Object.fromEntries(secretKeys.map((k) => [k, entries[k] !== undefined])) as Record<SecretKey, boolean>;
      });
    },
  };
}

function checkKey(key: SecretKey): SecretKey {
  const parsed = secretKeySchema.safeParse(key);
  if (!parsed.success) {
    throw new GuichetError('INVALID_INPUT', `Secret inconnu : « ${String(key)} ».`);
  }
  return parsed.data;
}

function unreadableVault(): GuichetError {
  return new GuichetError(
    'VAULT_UNAVAILABLE',
    'Les secrets enregistrés sur ce poste ne peuvent pas être lus (coffre endommagé ou chiffré ' +
      'par une autre installation de Guichet). Saisissez de nouveau vos mots de passe et certificats dans les Réglages.',
  );
}
