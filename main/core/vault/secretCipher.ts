/**
 * Turns a secret into bytes that are safe to keep on disk, and back. The Electron build plugs
 * in a safeStorage (OS keychain) cipher; plain Node hosts use the AES-GCM key-file fallback.
 */
export interface SecretCipher {
  /** Written in the vault file, so that a file sealed by another cipher is recognised as such. */
  readonly kind: string;
  /** True when the key is protected by the operating system (keychain, DPAPI, libsecret). */
  readonly secure: boolean;
  encrypt(plain: string): Promise<Buffer>;
  decrypt(data: Buffer): Promise<string>;
}
