export { UnreadableSecretError, type SecretCipher } from './secretCipher.js';
export { createSecretVault, type SecretVault, type UnreadableSecrets } from './secretVault.js';
export { createAesGcmFileCipher } from './aesGcmFileCipher.js';
