import type { hostFr } from './host.fr.js';

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

/** English of renderer/i18n/host.fr.ts: same keys, same placeholders. */
export const hostEn: Widen<typeof hostFr> = {
  hostErrors: {
    unexpected: 'An unexpected error occurred; the incident was logged.',
    untranslated: '{{text}}',
    forbiddenSender: 'Call refused: it does not come from the Guichet window.',
    unknownChannel: 'This action is not available in this version.',
    invalidPayload: 'Invalid request.',
    invalidResponse: 'Unexpected internal answer; the incident was logged.',
    cancelled: 'Operation cancelled.',
    noSimulator: '{{provider}} has no simulator in this version of Guichet.',
    forbiddenLink: 'This link is not among the allowed addresses; it was not opened.',
    network: {
      connectTimeout: 'The server {{server}} does not answer: the connection could not be made in time. Check your internet connection and try again.',
      connectTimeoutSeconds:
        'The server {{server}} does not answer: the connection could not be made in time ({{seconds}} s). Check your internet connection and try again.',
      stalled: 'The transfer with {{server}} is stuck: no data has moved for too long. Try again later.',
      stalledSeconds: 'The transfer with {{server}} is stuck: no data has moved for too long ({{seconds}} s). Try again later.',
      certRefused:
        'The server {{server}} refused your certificate. Check that the imported certificate is the one of your filing account and that it is still valid.',
      certRefusedByReset:
        'The server {{server}} cut the secure connection: your certificate was probably not accepted. Check the certificate imported in the settings.',
      serverCertUnknownAuthority:
        'The certificate shown by the server {{server}} was issued by a certification authority this computer does not know: the connection was stopped for safety. Import the server’s authority certificate in the settings.',
      serverCertHostMismatch:
        'The certificate shown by the server {{server}} belongs to another server: the connection was stopped for safety. Check the server address in the settings.',
      serverCertExpired:
        'The certificate shown by the server {{server}} is not currently valid (expired, or this computer’s date is wrong): the connection was stopped for safety. Check the computer’s date, or contact the service provider.',
      serverCertUntrusted:
        'The certificate shown by the server {{server}} is not recognised: the connection was stopped for safety. Check the server address in the settings.',
      offline: 'The server {{server}} cannot be reached: your computer seems to be offline. Check your internet connection; the operation can be run again.',
      unreachable: 'The server {{server}} cannot be reached. Check your internet connection and the server address, or try again later.',
      noAnswer: 'The server {{server}} did not answer in time. Try again later.',
      droppedBeforeConnect:
        'The connection with {{server}} was cut before it was established. Try again; if the problem persists, check your internet connection and the certificate imported in the settings.',
      droppedDuringTransfer:
        'The connection with {{server}} was interrupted during the transfer. Try again; if the problem persists, check your internet connection.',
      tlsFailed: 'The secure connection with {{server}} failed. Check the certificate imported in the settings.',
      failed: 'Communication with {{server}} failed. Try again later.',
    },
    certificate: {
      wrongPassword: 'The certificate password is wrong.',
      invalidFile: 'This file is not a valid PKCS#12 certificate (.p12 or .pfx). Import the certificate file provided by FAST.',
      noPrivateKey: 'This file holds no private key. Import the complete .p12 file provided by FAST (certificate and key).',
      invalidCa: 'The server authority certificate provided cannot be read (PEM format expected).',
      unreadableCa: 'This file is not a readable authority certificate: a .pem, .crt or .cer file containing “-----BEGIN CERTIFICATE-----” is expected.',
      expired: 'The certificate expired on {{date, isoDay}}. Ask your FAST administrator for a new certificate, then import it in the settings.',
      notYetValid: 'The certificate will only be valid from {{date, isoDay}}. Check your computer’s date or wait until then.',
    },
    files: {
      tooLarge: '“{{name}}” exceeds the maximum size ({{limit, size}}).',
      transferInterrupted: 'The transfer of “{{name}}” was interrupted; drop it again.',
      transferIncomplete: 'The transfer of “{{name}}” is incomplete; drop it again.',
      invalidPath: 'Invalid file path.',
      notFound: 'The file “{{name}}” cannot be found.',
      internalData: 'This file belongs to Guichet’s internal data and cannot be filed.',
      notAFile: '“{{name}}” is not a file (a folder or a shortcut?).',
      forgotten: 'This file is no longer available; drop it again.',
      notReceived: 'The file could not be received.',
      notFromDisk: '“{{name}}” does not come from the disk and cannot be filed.',
    },
    blobs: {
      tooLarge: 'This file is too large: the maximum accepted size is {{limit, size}}. Reduce it (or split it) and try again.',
      cancelled: 'Saving the file was cancelled.',
      sourceMissing: 'The file “{{name}}” cannot be found: it may have been moved or deleted. Drop it again.',
      sourceUnreadable: 'The file “{{name}}” cannot be read. Close it if another program has it open, then try again.',
      gone: 'This file is no longer available on this computer. Download it again from the service concerned.',
      invalidId: 'Invalid file identifier.',
    },
    zip: {
      cancelled: 'Extracting the archive was cancelled.',
    },
    vault: {
      noKeyring:
        'No secure keyring is available on this computer (Linux without gnome-keyring or KWallet): Guichet refuses to store secrets in clear. Install and unlock a keyring, then restart Guichet.',
      unreadableFile: 'The secrets vault “{{file}}” cannot be read. Check your access rights to this folder.',
      writeFailed: 'The secret could not be saved in “{{file}}”. Check the disk space and your access rights.',
      emptySecret: 'The secret to save is empty.',
      unknownSecret: 'Unknown secret: “{{key}}”.',
      unreadable:
        'The secrets saved on this computer cannot be read (damaged vault, or encrypted by another Guichet installation). Enter your passwords and certificates again in Settings.',
      keyDamaged: 'The secrets key file “{{file}}” is damaged. Delete it, then enter your passwords and certificates again in Settings.',
      keyTooOpen:
        'For safety, Guichet refuses to use the secrets key file “{{file}}”: other users of this computer can read it (mode {{mode}}). Restrict its rights (command: chmod 600 "{{file}}") and try again.',
      keyUnreadable: 'The secrets key file “{{file}}” cannot be read or created. Check that the folder exists and that you can write to it.',
    },
  },
  activity: {
    actors: {
      agent: 'Clerk',
      système: 'System',
    },
    environments: { sandbox: 'Demonstration', preprod: 'Pre-production', production: 'Production', custom: 'Custom' },
    summaries: {
      legacy: '{{text}}',
      untranslated: '{{text}}',
      environmentChanged: 'Environment changed: $t(app:activity.environments.{{from}}) → $t(app:activity.environments.{{to}})',
      settingsUpdated: 'Settings changed',
      secretSaved: 'Secret “{{secret}}” saved',
      secretCleared: 'Secret “{{secret}}” cleared',
      secretsUnreadable: 'Some saved secrets could not be read: they were set aside and must be entered again',
    },
  },
  bridge: {
    linkRefused: 'This link was already used or has expired: restart Guichet, a new link will open.',
    unreachable: 'Guichet does not answer: check that it is still running on this computer.',
    disconnected: 'The connection with Guichet was interrupted; trying again.',
    stageFailed: '“{{name}}” could not be passed to Guichet.',
  },
  size: {
    bytes: '{{value}} B',
    kb: '{{value}} KB',
    mb: '{{value}} MB',
    gb: '{{value}} GB',
  },
};
