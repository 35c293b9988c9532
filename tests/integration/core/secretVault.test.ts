import { clerkMessage } from '../../support/clerkText.js';
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAesGcmFileCipher, createSecretVault, type SecretCipher } from '../../../main/core/vault/index.js';
import { secretKeys } from '../../../shared/domain/providers.js';
import { GuichetError } from '../../../shared/ipc/errors.js';
import { useTempDirs } from './tempDirs.js';

const tempDir = useTempDirs('vault');
const posix = process.platform !== 'win32';

function setup() {
  const dir = tempDir();
  const keyFile = join(dir, 'keys', 'vault.key');
  const vaultFile = join(dir, 'secrets.json');
  return { dir, keyFile, vaultFile, vault: createSecretVault(vaultFile, createAesGcmFileCipher(keyFile)) };
}

async function rejection(promise: Promise<unknown>): Promise<GuichetError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GuichetError);
  return error as GuichetError;
}

describe('secret vault with the AES-GCM key-file cipher', () => {
  it('round-trips secrets, including large and non-ASCII ones', async () => {
    const { vault } = setup();
    const certificate = Buffer.alloc(50_000, 7).toString('base64');
    await vault.set('parapheur.certificatePassword', 'mot de passe ééé 🔐');
    await vault.set('parapheur.certificate', certificate);

    expect(await vault.get('parapheur.certificatePassword')).toBe('mot de passe ééé 🔐');
    expect(await vault.get('parapheur.certificate')).toBe(certificate);
    expect(await vault.get('parapheur.caBundle')).toBeNull();

    await vault.set('parapheur.certificatePassword', 'nouveau');
    expect(await vault.get('parapheur.certificatePassword')).toBe('nouveau');
    await vault.delete('parapheur.certificatePassword');
    expect(await vault.get('parapheur.certificatePassword')).toBeNull();
  });

  it('writes a versioned JSON file that never contains the plaintext', async () => {
    const { vaultFile, vault, dir } = setup();
    await vault.set('parapheur.caBundle', 'TRES-SECRET-client-0042');
    await vault.set('parapheur.certificatePassword', 'TRES-SECRET-client-0042');

    const raw = readFileSync(vaultFile, 'utf8');
    expect(raw).not.toContain('TRES-SECRET');
    expect(raw).not.toContain(Buffer.from('TRES-SECRET-client-0042').toString('base64'));
    const parsed = JSON.parse(raw) as { version: number; cipher: string; entries: Record<string, string> };
    expect(parsed.version).toBe(2);
    expect(parsed.cipher).toBe('aes-256-gcm-file');
    expect(Object.keys(parsed.entries).sort()).toEqual(['parapheur.caBundle', 'parapheur.certificatePassword']);
    // Fresh IV per encryption: the same secret twice gives two different sealed values.
    expect(parsed.entries['parapheur.caBundle']).not.toBe(parsed.entries['parapheur.certificatePassword']);
    if (posix) expect(statSync(vaultFile).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('reports which secrets are configured', async () => {
    const { vault } = setup();
    const none = Object.fromEntries(secretKeys.map((key) => [key, false]));
    expect(await vault.status()).toEqual(none);
    await vault.set('parapheur.certificatePassword', 'x');
    await vault.set('parapheur.certificate', 'y');
    expect(await vault.status()).toEqual({ ...none, 'parapheur.certificatePassword': true, 'parapheur.certificate': true });
  });

  it('creates the key file once, with mode 0600, and reuses it', async () => {
    const { keyFile, vault, vaultFile } = setup();
    await vault.set('parapheur.certificatePassword', 'x');
    const key = readFileSync(keyFile);
    expect(key).toHaveLength(32);
    if (posix) expect(statSync(keyFile).mode & 0o777).toBe(0o600);

    const reopened = createSecretVault(vaultFile, createAesGcmFileCipher(keyFile));
    expect(await reopened.get('parapheur.certificatePassword')).toBe('x');
    expect(readFileSync(keyFile).equals(key)).toBe(true);
  });

  it('says clearly when a lost key was replaced: the saved secrets read as missing, named, and kept aside', async () => {
    const { vaultFile, keyFile, vault, dir } = setup();
    await vault.set('parapheur.caBundle', 'x');
    await vault.set('parapheur.certificate', 'certificat');
    const before = readFileSync(vaultFile, 'utf8');
    rmSync(keyFile);

    const found: string[][] = [];
    const reopened = createSecretVault(vaultFile, createAesGcmFileCipher(keyFile), { onUnreadable: ({ keys }) => found.push(keys) });
    // Not "configured" any more: every use of them would fail.
    expect(await reopened.status()).toMatchObject({ 'parapheur.caBundle': false, 'parapheur.certificate': false });
    const notice = await reopened.unreadable();
    expect(notice?.keys.sort()).toEqual(['parapheur.caBundle', 'parapheur.certificate']);
    expect(found).toHaveLength(1);
    expect(await reopened.get('parapheur.caBundle')).toBeNull();
    // The unreadable file is kept, under a dated name, exactly as it was.
    const kept = readdirSync(dir).filter((name) => name.startsWith('secrets.json.unreadable-'));
    expect(kept).toEqual([notice!.keptAs]);
    expect(readFileSync(join(dir, kept[0]!), 'utf8')).toBe(before);

    // Entering a secret again answers its part of the notice; clearing the other ends it.
    await reopened.set('parapheur.caBundle', 'ressaisi');
    expect(await reopened.get('parapheur.caBundle')).toBe('ressaisi');
    expect((await reopened.unreadable())?.keys).toEqual(['parapheur.certificate']);
    await reopened.delete('parapheur.certificate');
    expect(await reopened.unreadable()).toBeNull();
    // Found once: a later instance on the same files has nothing new to say.
    const again = createSecretVault(vaultFile, createAesGcmFileCipher(keyFile), { onUnreadable: ({ keys }) => found.push(keys) });
    expect(await again.get('parapheur.caBundle')).toBe('ressaisi');
    expect(found).toHaveLength(1);
  });

  it('binds each value to its name: swapped entries do not open', async () => {
    const { vaultFile, keyFile, vault } = setup();
    await vault.set('parapheur.certificatePassword', 'mot-de-passe-du-certificat');
    await vault.set('parapheur.caBundle', 'mot-de-passe-id360');
    const parsed = JSON.parse(readFileSync(vaultFile, 'utf8')) as { entries: Record<string, string> };
    const { 'parapheur.certificatePassword': a, 'parapheur.caBundle': b } = parsed.entries;
    parsed.entries['parapheur.certificatePassword'] = b!;
    parsed.entries['parapheur.caBundle'] = a!;
    writeFileSync(vaultFile, JSON.stringify(parsed));

    const reopened = createSecretVault(vaultFile, createAesGcmFileCipher(keyFile));
    expect(await reopened.get('parapheur.caBundle')).toBeNull();
    expect(await reopened.get('parapheur.certificatePassword')).toBeNull();
    expect((await reopened.unreadable())?.keys.sort()).toEqual(['parapheur.caBundle', 'parapheur.certificatePassword']);
  });

  it('migrates values saved before they were bound to their names, and binds them from then on', async () => {
    const { vaultFile, keyFile, dir } = setup();
    // A file as the previous version wrote it: format 1, values sealed without their name.
    const cipher = createAesGcmFileCipher(keyFile);
    const legacy = async (plain: string) => (await cipher.encrypt(plain)).toString('base64');
    writeFileSync(
      vaultFile,
      JSON.stringify({ version: 1, cipher: cipher.kind, entries: { 'parapheur.caBundle': await legacy('ancien'), 'parapheur.certificate': await legacy('cert') } }),
      { mode: 0o600 },
    );

    const vault = createSecretVault(vaultFile, createAesGcmFileCipher(keyFile));
    expect(await vault.get('parapheur.caBundle')).toBe('ancien');
    expect(await vault.unreadable()).toBeNull();
    const migrated = JSON.parse(readFileSync(vaultFile, 'utf8')) as { version: number; entries: Record<string, string> };
    expect(migrated.version).toBe(2);
    expect(readdirSync(dir).some((name) => name.includes('unreadable'))).toBe(false);
    // Now bound: moved under another name, a migrated value does not open.
    migrated.entries['parapheur.caBundle'] = migrated.entries['parapheur.certificate']!;
    writeFileSync(vaultFile, JSON.stringify(migrated));
    expect(await createSecretVault(vaultFile, createAesGcmFileCipher(keyFile)).get('parapheur.caBundle')).toBeNull();
  });

  it('detects tampering with a sealed value', async () => {
    const { vaultFile, vault } = setup();
    await vault.set('parapheur.certificatePassword', 'x');
    const parsed = JSON.parse(readFileSync(vaultFile, 'utf8')) as { entries: Record<string, string> };
    const sealed = Buffer.from(parsed.entries['parapheur.certificatePassword'] as string, 'base64');
    const last = sealed.length - 1;
    sealed.writeUInt8(sealed.readUInt8(last) ^ 0xff, last);
    parsed.entries['parapheur.certificatePassword'] = sealed.toString('base64');
    writeFileSync(vaultFile, JSON.stringify(parsed));
    expect(await vault.get('parapheur.certificatePassword')).toBeNull();
    expect((await vault.unreadable())?.keys).toEqual(['parapheur.certificatePassword']);
  });

  it.runIf(posix)('refuses a key file readable by group or others, and explains how to fix it', async () => {
    const { keyFile, vault } = setup();
    await vault.set('parapheur.certificatePassword', 'x');
    chmodSync(keyFile, 0o644);

    const fresh = createSecretVault(join(keyFile, '..', '..', 'secrets.json'), createAesGcmFileCipher(keyFile));
    const error = await rejection(fresh.get('parapheur.certificatePassword'));
    expect(error.code).toBe('VAULT_UNAVAILABLE');
    expect(clerkMessage(error)).toContain('lisible par d’autres utilisateurs');
    expect(clerkMessage(error)).toContain('644');
    expect(clerkMessage(error)).toContain('chmod 600');
    // A key the clerk can fix is not a lost key: nothing is set aside.
    expect(readdirSync(join(keyFile, '..', '..')).some((name) => name.includes('unreadable'))).toBe(false);

    chmodSync(keyFile, 0o600);
    expect(await fresh.get('parapheur.certificatePassword')).toBe('x');
    expect(await fresh.unreadable()).toBeNull();
  });

  it('sets aside a vault sealed by another cipher or damaged, instead of crashing', async () => {
    const { dir, vaultFile, vault } = setup();
    writeFileSync(vaultFile, JSON.stringify({ version: 1, cipher: 'safestorage', entries: { 'parapheur.certificatePassword': 'AAAA' } }));
    expect(await vault.status()).toMatchObject({ 'parapheur.certificatePassword': false });
    expect((await rejection(vault.get('parapheur.certificatePassword'))).code).toBe('VAULT_UNAVAILABLE');
    await vault.set('parapheur.caBundle', 'nouveau');
    expect(await vault.get('parapheur.caBundle')).toBe('nouveau');
    expect(readdirSync(dir).some((name) => name.startsWith('secrets.json.unreadable-'))).toBe(true);

    writeFileSync(vaultFile, '{ pas du json');
    expect((await rejection(vault.get('parapheur.caBundle'))).code).toBe('VAULT_UNAVAILABLE');
  });

  it('serialises concurrent changes so that none is lost', async () => {
    const { vault } = setup();
    await Promise.all(secretKeys.map((key, i) => vault.set(key, `valeur ${i}`)));
    expect(Object.values(await vault.status()).every(Boolean)).toBe(true);
    expect(await Promise.all(secretKeys.map((key) => vault.get(key)))).toEqual(secretKeys.map((_, i) => `valeur ${i}`));
  });

  it('rejects unknown keys and empty values', async () => {
    const { vault, vaultFile } = setup();
    await expect(vault.set('unknown.key' as never, 'x')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(vault.set('parapheur.certificatePassword', '')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(existsSync(vaultFile)).toBe(false);
  });

  it('accepts any cipher through the SecretCipher interface (as the Electron safeStorage one)', async () => {
    const reversing: SecretCipher = {
      kind: 'test-reverse',
      secure: true,
      encrypt: async (plain) => Buffer.from([...plain].reverse().join('')),
      decrypt: async (data) => [...data.toString()].reverse().join(''),
    };
    const vaultFile = join(tempDir(), 'secrets.json');
    const vault = createSecretVault(vaultFile, reversing);
    await vault.set('parapheur.certificatePassword', 'abc');
    expect(await vault.get('parapheur.certificatePassword')).toBe('abc');
    expect(JSON.parse(readFileSync(vaultFile, 'utf8')).cipher).toBe('test-reverse');
  });
});
