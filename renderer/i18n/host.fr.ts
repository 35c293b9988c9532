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
    archive: {
      caseNotFound: 'Ce dossier n’existe plus.',
      itemNotFound: 'Ce fichier n’est plus conservé sur ce poste.',
      unknownProvider: 'Ce fournisseur ne conserve pas de fichiers dans l’archive.',
      dragInBrowser: 'Dans le navigateur, faites glisser le fichier depuis la liste ou utilisez « Télécharger ».',
      itemGone: 'Ce fichier n’est plus conservé sur ce poste.',
      nothingToExport: 'Aucun des fichiers choisis n’est encore conservé sur ce poste : rien à exporter.',
      exportFolderFailed: 'Les fichiers n’ont pas pu être copiés dans {{folder}} (droits d’écriture ou place sur le disque) ; aucun dossier incomplet n’y a été laissé.',
    },
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
      nulInName: 'L’archive est refusée : le nom du fichier « {{entry}} » contient un caractère nul (archive piégée).',
      nameLength: 'L’archive est refusée : un fichier y porte un nom vide ou démesurément long.',
      driveLetter: 'L’archive est refusée : « {{entry}} » désigne un lecteur (chemin absolu Windows). Seuls les chemins relatifs sont acceptés.',
      absolutePath: 'L’archive est refusée : « {{entry}} » est un chemin absolu. Seuls les chemins relatifs sont acceptés.',
      traversal: 'L’archive est refusée : « {{entry}} » tente de sortir du dossier de l’archive (« .. »).',
      controlCharacters: 'L’archive est refusée : le nom « {{entry}} » contient des caractères de contrôle.',
      emptyName: 'L’archive est refusée : un fichier y porte un nom vide.',
      unreadable: 'L’archive ZIP est illisible ou endommagée : elle ne peut pas être ouverte.',
      encrypted: 'L’archive est refusée : « {{entry}} » est chiffré (protégé par mot de passe). Guichet n’ouvre pas les archives chiffrées.',
      symlink: 'L’archive est refusée : « {{entry}} » est un lien symbolique, qui pourrait pointer hors de l’archive.',
      notRegular: 'L’archive est refusée : « {{entry}} » n’est pas un fichier ordinaire (périphérique, tube ou lien).',
      compressionMethod: 'L’archive est refusée : « {{entry}} » utilise une méthode de compression non prise en charge ({{method}}).',
      duplicate: 'L’archive est refusée : elle contient deux fois le fichier « {{entry}} ».',
      tooManyEntries: 'L’archive est refusée : elle contient trop de fichiers ; {{max, number}} au plus sont acceptés.',
      tooManyEntriesCounted: 'L’archive est refusée : elle contient trop de fichiers ({{entries, number}}) ; {{max, number}} au plus sont acceptés.',
      entryTooLarge: 'L’archive est refusée : une fois décompressé, « {{entry}} » dépasse la taille maximale de {{limit, size}}.',
      totalTooLarge: 'L’archive est refusée : son contenu décompressé dépasse la taille maximale de {{limit, size}}.',
      bomb: 'L’archive est refusée : « {{entry}} » se décompresse dans des proportions anormales (bombe de décompression probable).',
      archiveBomb: 'L’archive est refusée : son contenu se décompresse dans des proportions anormales (bombe de décompression probable).',
      crcMismatch: 'L’archive est endommagée : le contenu de « {{entry}} » ne correspond pas à son empreinte (CRC).',
      sizeMismatch: 'L’archive est refusée : la taille réelle de « {{entry}} » ne correspond pas à celle annoncée (archive piégée ou endommagée).',
      entryDamaged: 'L’archive est endommagée : « {{entry}} » ne peut pas être décompressé.',
    },
    zipWriter: {
      invalidName: 'Le nom « {{name}} » ne peut pas figurer dans une archive ZIP (chemin absolu, « .. », barre oblique inverse ou caractère de contrôle).',
      nameTooLong: 'Le nom « {{name}} » est trop long pour une archive ZIP.',
      tooLarge: 'L’archive dépasserait {{limit, size}}, la taille maximale d’une archive ZIP classique.',
      tooManyEntries: 'Une archive ZIP classique ne peut contenir plus de {{max, number}} fichiers.',
      changed: 'Le fichier « {{name}} » a changé pendant la création de l’archive ; réessayez.',
    },
    upload: {
      unreadable: 'Le fichier « {{name}} » est introuvable ou illisible. Vérifiez qu’il n’a pas été déplacé ou supprimé.',
      notAFile: '« {{name}} » n’est pas un fichier.',
      changed: 'Le fichier « {{name}} » a été modifié depuis sa mise en attente ({{expected, number}} octets attendus, {{found, number}} trouvés). Déposez-le à nouveau.',
    },
    session: {
      loginDeferred: 'La connexion au service a échoué à l’instant ; nouvel essai un peu plus tard.',
    },
    database: {
      tooNew:
        'Cette base de données a été enregistrée par une version plus récente de Guichet (schéma {{schemaVersion}}, alors que cette version ne connaît que le schéma {{supportedVersion}}). Pour ne rien abîmer, Guichet ne l’ouvre pas : installez la dernière version de Guichet, ou demandez-la à votre service informatique.',
    },
    settings: {
      invalid_one: 'Réglage invalide : {{issues}}',
      invalid_other: 'Réglages invalides : {{issues}}',
    },
    config: {
      missingPath: 'L’option --config doit être suivie du chemin d’un fichier de configuration JSON.',
      notFound: 'Le fichier de configuration « {{path}} » est introuvable. Vérifiez le chemin donné par --config ou GUICHET_CONFIG.',
      unreadable: 'Le fichier de configuration « {{path}} » ne peut pas être lu ({{code}}). Vérifiez vos droits d’accès.',
      notJson: 'Le fichier de configuration « {{path}} » n’est pas un JSON valide. Corrigez-le ou demandez à votre service informatique.',
      invalid_one: 'Le fichier de configuration « {{path}} » contient un réglage invalide : {{issues}}. Corrigez-le ou demandez à votre service informatique.',
      invalid_other: 'Le fichier de configuration « {{path}} » contient des réglages invalides : {{issues}}. Corrigez-le ou demandez à votre service informatique.',
      imposedInvalid_one: 'La configuration imposée par l’administrateur est invalide : {{issues}}.',
      imposedInvalid_other: 'La configuration imposée par l’administrateur est invalide : {{issues}}.',
    },
    vault: {
      keyMismatch:
        'Les secrets enregistrés ne peuvent pas être lus avec la clé de ce poste (la clé a changé ou le fichier a été copié depuis un autre poste). Saisissez de nouveau vos mots de passe et certificats dans les Réglages.',
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
  validation: {
    root: 'ensemble des réglages',
    invalid: 'valeur non valide',
    untranslated: '{{text}}',
    integer: 'doit être un nombre entier',
    expected: {
      number: 'doit être un nombre',
      string: 'doit être un texte',
      boolean: 'doit valoir oui ou non',
      array: 'doit être une liste',
    },
    tooShort: 'doit compter au moins {{minimum, number}} caractère(s)',
    tooLong: 'doit compter au plus {{maximum, number}} caractères',
    tooSmall: 'trop petit : au moins {{minimum, number}}',
    tooBig: 'trop grand : au plus {{maximum, number}}',
    tooFewItems: 'doit compter au moins {{minimum, number}} élément(s)',
    tooManyItems: 'doit compter au plus {{maximum, number}} éléments',
    oneOf: 'doit être l’une des valeurs : {{values}}',
    format: 'format non valide',
    unknownKeys: 'réglage(s) inconnu(s) : {{keys}}',
    url: 'doit être une URL complète (https://…)',
    httpsRequired: 'doit commencer par https:// (http:// seulement vers cet ordinateur, pour un simulateur)',
    sirenDigits: 'doit compter 9 chiffres',
    sirenChecksum: 'clé de contrôle incorrecte : vérifiez le SIREN (faute de frappe ?)',
    caBundleTooLarge: 'fichier trop volumineux pour une autorité de certification',
    caBundlePem: 'doit contenir un ou plusieurs certificats au format PEM (-----BEGIN CERTIFICATE-----)',
    processUuid: 'doit être un identifiant de parcours (UUID)',
    unknownSetting: 'réglage inconnu (faute de frappe ?)',
    caBundleUnreadable: 'un des certificats est illisible (format PEM attendu)',
    caBundleFilePath: 'doit être le chemin d’un fichier .pem',
    caBundleBoth: 'caBundle et caBundleFile ne peuvent pas être donnés ensemble',
    caFileNotFound: 'fichier « {{file}} » introuvable',
    caFileUnreadable: 'fichier « {{file}} » illisible ({{code}})',
    caFileNoCertificate: '« {{file}} » ne contient aucun certificat lisible (format PEM attendu)',
  },
  activity: {
    actors: {
      agent: 'Agent',
      système: 'Système',
    },
    environments: { sandbox: 'Démonstration', preprod: 'Préproduction', production: 'Production', custom: 'Personnalisé' },
    purgeReasons: { clerk: 'à la demande de l’agent', retention: 'durée de conservation atteinte' },
    summaries: {
      legacy: '{{text}}',
      untranslated: '{{text}}',
      environmentChanged: 'Environnement changé : $t(app:activity.environments.{{from}}) → $t(app:activity.environments.{{to}})',
      settingsUpdated: 'Réglages modifiés',
      secretSaved: 'Secret « {{secret}} » enregistré',
      secretCleared: 'Secret « {{secret}} » effacé',
      secretsUnreadable: 'Des secrets enregistrés n’ont pas pu être lus : ils ont été mis de côté et sont à saisir de nouveau',
      archivePurged: 'Copie locale d’un fichier de l’archive supprimée ($t(app:activity.purgeReasons.{{reason}}))',
      archiveRetention: 'Archive : copies locales conservées {{days}} jours',
      archiveRetentionForever: 'Archive : copies locales conservées sans limite de durée',
      archiveVerified: 'Archive vérifiée : {{checked}} fichiers, {{missing}} manquants, {{altered}} modifiés',
      archiveCaseCreated: 'Dossier « {{title}} » créé',
      archiveExported: 'Archive : {{count}} fichiers exportés',
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
