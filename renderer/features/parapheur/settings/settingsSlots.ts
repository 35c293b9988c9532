// The Parapheur panels of Réglages, in one chunk loaded with the settings page (see ../module.ts).
export { ParapheurCertificateSlot } from './CertificateSlot.js';
export { ParapheurSandboxDataSlot } from './SandboxDataSlot.js';
