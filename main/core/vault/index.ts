export type { SecretCipher } from './secretCipher.js';
export { createSecretVault, type SecretVault } from './secretVault.js';
export { createAesGcmFileCipher } from './aesGcmFileCipher.js';
