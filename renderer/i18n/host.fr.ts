/**
 * What main says to the clerk, as catalogue entries of the `app` namespace (`app:hostErrors.…`):
 * main sends a key and plain values, never a sentence (docs/architecture.md#ipc-contract).
 * `{{limit, size}}` formats bytes, `{{date, isoDay}}` an ISO date, in the interface language.
 */
export const hostFr = {
  hostErrors: {
    unexpected: 'Une erreur inattendue est survenue ; l’incident a été journalisé.',
    untranslated: '{{text}}',
    forbiddenSender: 'Appel refusé : il ne provient pas de la fenêtre de Guichet.',
    unknownChannel: 'Cette action n’est pas disponible dans cette version.',
    invalidPayload: 'Requête invalide.',
    invalidResponse: 'Réponse interne inattendue ; l’incident a été journalisé.',
    cancelled: 'Opération annulée.',
    noSimulator: '{{provider}} n’a pas de simulateur dans cette version de Guichet.',
    forbiddenLink: 'Ce lien ne fait pas partie des adresses autorisées ; il n’a pas été ouvert.',
    network: {
      connectTimeout: 'Le serveur {{server}} ne répond pas : la connexion n’a pas pu être établie à temps. Vérifiez votre connexion internet et réessayez.',
      connectTimeoutSeconds:
        'Le serveur {{server}} ne répond pas : la connexion n’a pas pu être établie à temps ({{seconds}} s). Vérifiez votre connexion internet et réessayez.',
      stalled: 'Le transfert avec {{server}} est bloqué : aucune donnée n’a circulé pendant trop longtemps. Réessayez plus tard.',
      stalledSeconds: 'Le transfert avec {{server}} est bloqué : aucune donnée n’a circulé pendant trop longtemps ({{seconds}} s). Réessayez plus tard.',
      certRefused:
        'Le serveur {{server}} a refusé votre certificat. Vérifiez que le certificat importé est bien celui de votre compte de dépôt et qu’il est toujours valide.',
      certRefusedByReset:
        'Le serveur {{server}} a interrompu la connexion sécurisée : votre certificat n’a probablement pas été accepté. Vérifiez le certificat importé dans les réglages.',
      serverCertUnknownAuthority:
        'Le certificat présenté par le serveur {{server}} a été émis par une autorité de certification inconnue de cet ordinateur : la connexion a été interrompue par sécurité. Importez le certificat de l’autorité du serveur dans les réglages.',
      serverCertHostMismatch:
        'Le certificat présenté par le serveur {{server}} est celui d’un autre serveur : la connexion a été interrompue par sécurité. Vérifiez l’adresse du serveur dans les réglages.',
      serverCertExpired:
        'Le certificat présenté par le serveur {{server}} n’est pas en cours de validité (expiré, ou date de cet ordinateur erronée) : la connexion a été interrompue par sécurité. Vérifiez la date de l’ordinateur, ou contactez l’éditeur du service.',
      serverCertUntrusted:
        'Le certificat présenté par le serveur {{server}} n’est pas reconnu : la connexion a été interrompue par sécurité. Vérifiez l’adresse du serveur dans les réglages.',
      offline:
        'Le serveur {{server}} est injoignable : votre ordinateur semble hors ligne. Vérifiez votre connexion internet ; l’opération pourra être relancée.',
      unreachable: 'Le serveur {{server}} est injoignable. Vérifiez votre connexion internet et l’adresse du serveur, ou réessayez plus tard.',
      noAnswer: 'Le serveur {{server}} n’a pas répondu à temps. Réessayez plus tard.',
      droppedBeforeConnect:
        'La connexion avec {{server}} a été coupée avant d’être établie. Réessayez ; si le problème persiste, vérifiez votre connexion internet et le certificat importé dans les réglages.',
      droppedDuringTransfer:
        'La connexion avec {{server}} a été interrompue pendant le transfert. Réessayez ; si le problème persiste, vérifiez votre connexion internet.',
      tlsFailed: 'La connexion sécurisée avec {{server}} a échoué. Vérifiez le certificat importé dans les réglages.',
      failed: 'La communication avec {{server}} a échoué. Réessayez plus tard.',
    },
    certificate: {
      wrongPassword: 'Le mot de passe du certificat est incorrect.',
      invalidFile: 'Ce fichier n’est pas un certificat PKCS#12 valide (.p12 ou .pfx). Importez le fichier de certificat fourni par FAST.',
      noPrivateKey: 'Ce fichier ne contient pas de clé privée. Importez le fichier .p12 complet fourni par FAST (certificat et clé).',
      invalidCa: 'Le certificat de l’autorité serveur fourni n’est pas lisible (format PEM attendu).',
      unreadableCa:
        'Ce fichier n’est pas un certificat d’autorité lisible : un fichier .pem, .crt ou .cer contenant « -----BEGIN CERTIFICATE----- » est attendu.',
      expired: 'Le certificat a expiré le {{date, isoDay}}. Demandez un nouveau certificat à votre administrateur FAST, puis importez-le dans les réglages.',
      notYetValid: 'Le certificat ne sera valable qu’à partir du {{date, isoDay}}. Vérifiez la date de votre ordinateur ou attendez cette date.',
    },
    files: {
      tooLarge: '« {{name}} » dépasse la taille maximale ({{limit, size}}).',
      transferInterrupted: 'Le transfert de « {{name}} » a été interrompu ; déposez-le à nouveau.',
      transferIncomplete: 'Le transfert de « {{name}} » est incomplet ; déposez-le à nouveau.',
      invalidPath: 'Chemin de fichier invalide.',
      notFound: 'Le fichier « {{name}} » est introuvable.',
      internalData: 'Ce fichier appartient aux données internes de Guichet et ne peut pas être déposé.',
      notAFile: '« {{name}} » n’est pas un fichier (dossier ou raccourci ?).',
      forgotten: 'Ce fichier n’est plus disponible ; déposez-le à nouveau.',
      notReceived: 'Le fichier n’a pas pu être reçu.',
      notFromDisk: '« {{name}} » ne provient pas du disque et ne peut pas être déposé.',
    },
    blobs: {
      tooLarge: 'Ce fichier est trop volumineux : la taille maximale acceptée est de {{limit, size}}. Réduisez-le (ou scindez-le) puis réessayez.',
      cancelled: 'L’enregistrement du fichier a été annulé.',
      sourceMissing: 'Le fichier « {{name}} » est introuvable : il a peut-être été déplacé ou supprimé. Déposez-le de nouveau.',
      sourceUnreadable: 'Le fichier « {{name}} » ne peut pas être lu. Fermez-le s’il est ouvert dans un autre logiciel, puis réessayez.',
      gone: 'Ce fichier n’est plus disponible sur ce poste. Téléchargez-le de nouveau depuis le service concerné.',
      invalidId: 'Identifiant de fichier invalide.',
    },
    zip: {
      cancelled: 'L’extraction de l’archive a été annulée.',
    },
    vault: {
      noKeyring:
        'Aucun trousseau sécurisé n’est disponible sur ce poste (Linux sans gnome-keyring ni KWallet) : Guichet refuse d’enregistrer des secrets en clair. Installez et déverrouillez un trousseau, puis relancez Guichet.',
      unreadableFile: 'Le coffre des secrets « {{file}} » ne peut pas être lu. Vérifiez vos droits d’accès à ce dossier.',
      writeFailed: 'Le secret n’a pas pu être enregistré dans « {{file}} ». Vérifiez l’espace disque et vos droits d’accès.',
      emptySecret: 'Le secret à enregistrer est vide.',
      unknownSecret: 'Secret inconnu : « {{key}} ».',
      unreadable:
        'Les secrets enregistrés sur ce poste ne peuvent pas être lus (coffre endommagé ou chiffré par une autre installation de Guichet). Saisissez de nouveau vos mots de passe et certificats dans les Réglages.',
      keyDamaged:
        'Le fichier de clé des secrets « {{file}} » est endommagé. Supprimez-le puis saisissez de nouveau vos mots de passe et certificats dans les Réglages.',
      keyTooOpen:
        'Par sécurité, Guichet refuse d’utiliser le fichier de clé des secrets « {{file}} » : il est lisible par d’autres utilisateurs de ce poste (droits {{mode}}). Restreignez ses droits (commande : chmod 600 "{{file}}") puis réessayez.',
      keyUnreadable:
        'Le fichier de clé des secrets « {{file}} » ne peut pas être lu ou créé. Vérifiez que le dossier existe et que vous y avez accès en écriture.',
    },
  },
  activity: {
    actors: {
      agent: 'Agent',
      système: 'Système',
    },
    environments: { sandbox: 'Démonstration', preprod: 'Préproduction', production: 'Production', custom: 'Personnalisé' },
    summaries: {
      legacy: '{{text}}',
      untranslated: '{{text}}',
      environmentChanged: 'Environnement changé : $t(app:activity.environments.{{from}}) → $t(app:activity.environments.{{to}})',
      settingsUpdated: 'Réglages modifiés',
      secretSaved: 'Secret « {{secret}} » enregistré',
      secretCleared: 'Secret « {{secret}} » effacé',
      secretsUnreadable: 'Des secrets enregistrés n’ont pas pu être lus : ils ont été mis de côté et sont à saisir de nouveau',
    },
  },
  bridge: {
    linkRefused: 'Ce lien a déjà servi ou a expiré : relancez Guichet, un nouveau lien s’ouvrira.',
    unreachable: 'Guichet ne répond pas : vérifiez qu’il est toujours lancé sur ce poste.',
    disconnected: 'La connexion avec Guichet a été interrompue ; nouvel essai en cours.',
    stageFailed: '« {{name}} » n’a pas pu être transmis à Guichet.',
  },
  size: {
    bytes: '{{value}} o',
    kb: '{{value}} Ko',
    mb: '{{value}} Mo',
    gb: '{{value}} Go',
  },
};
