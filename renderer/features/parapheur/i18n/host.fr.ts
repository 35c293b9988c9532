/**
 * What the Parapheur module in main says to the clerk, as entries of the `parapheur` namespace:
 * errors (`parapheur:hostErrors.…`), journal entries (`parapheur:activity.…`) and notifications
 * (`parapheur:notify.…`). Main sends the key and plain values only.
 */
export const parapheurHostFr = {
  hostErrors: {
    noSandboxCertificate: 'Le simulateur FAST n’a pas fourni de certificat de test.',
    noAddress: 'Aucune adresse n’est configurée pour FAST Parapheur : renseignez l’URL dans Réglages › FAST Parapheur.',
    noCertificate: 'Aucun certificat FAST n’est importé : ajoutez votre fichier .p12 dans Réglages › FAST Parapheur.',
    noSiren: 'Le SIREN de votre collectivité n’est pas renseigné : ajoutez-le dans Réglages › FAST Parapheur.',
    documentNotFound: 'Document introuvable.',
    notPkcs12: 'Ce fichier ne ressemble pas à un certificat PKCS#12 (.p12 ou .pfx).',
    notCaFile: 'Ce fichier n’est pas un certificat d’autorité : un fichier .pem, .crt ou .cer est attendu.',
    deleteNotFiled: 'Ce document n’est pas encore chez FAST : annulez plutôt son dépôt.',
    notDeletable: 'FAST ne permet de supprimer un document qu’à l’état Préparé, Refusé ou Rejeté ; celui-ci est « {{state}} ».',
    fileNotYetAvailable: 'Ce fichier n’est pas encore disponible.',
    useDownloadLink: 'Dans le navigateur, utilisez le lien de téléchargement.',
    dragDownloadLink: 'Dans le navigateur, faites glisser le lien de téléchargement.',
    refreshNotFiled: 'Ce document n’est pas encore arrivé chez FAST : il sera suivi dès son dépôt.',
    otherSettings: 'Ce document a été déposé avec d’autres réglages (environnement ou SIREN) : revenez-y dans Réglages pour le suivre.',
    tooSoon: 'Ce document vient d’être actualisé ; FAST demande d’espacer les consultations. Nouvel essai possible dans {{minutes}} min.',
    addressNotFound:
      'L’adresse configurée pour FAST Parapheur ({{host}}) ne répond pas comme FAST : vérifiez-la dans Réglages › FAST Parapheur. Aucun document n’a été considéré comme supprimé.',
    confirmationMismatch:
      'La synchronisation supprimerait {{count}} utilisateur(s), et non {{confirmed}} : la liste a changé entre-temps. Relancez la simulation avant de confirmer.',
    idKnown: 'Ce document a déjà son numéro FAST.',
    idTaken: 'Le numéro {{documentId}} est déjà celui d’un autre document suivi par Guichet (« {{name}} »).',
    idUnknownOnFast: 'FAST ne connaît aucun document n° {{documentId}} pour votre compte : vérifiez le numéro.',
    sandboxSending: 'Des dépôts de démonstration sont en cours d’envoi : attendez qu’ils soient partis pour effacer les données.',
    annexesUnreadable:
      'Les annexes enregistrées pour ce dépôt sont illisibles : le document n’est pas envoyé sans elles. Déposez-le à nouveau avec ses annexes.',
    metadataInvalid:
      'Métadonnées invalides : {{max}} au plus, des noms comme TEXT_001 (lettres, chiffres et _, 64 caractères au plus), des valeurs de 255 caractères au plus.',
    metadataTwice: 'La métadonnée {{name}} figure deux fois : gardez-en une seule.',
    metadataNamesTwice: 'Chaque nom de métadonnée ne peut figurer qu’une fois.',
    circuitUnknown: 'Le circuit « {{circuitId}} » n’est pas connu : ajoutez-le d’abord à la liste des circuits.',
    fast: {
      documentGone: 'Le document est introuvable sur FAST Parapheur : il a peut-être été supprimé.',
      documentGoneId: 'Le document n° {{documentId}} est introuvable sur FAST Parapheur : il a peut-être été supprimé.',
      documentInvalid: 'Le document n’existe pas sur FAST Parapheur (identifiant non reconnu).',
      documentInvalidId: 'Le document n° {{documentId}} n’existe pas sur FAST Parapheur (identifiant non reconnu).',
      documentNotDeletable: 'Le document ne peut plus être supprimé : seuls les documents préparés, refusés ou rejetés peuvent l’être.',
      documentNotDeletableId:
        'Le document n° {{documentId}} ne peut plus être supprimé : seuls les documents préparés, refusés ou rejetés peuvent l’être.',
      duplicateDocument:
        'Ce document a déjà été déposé dans ce circuit avec le même libellé et le même nom de fichier : FAST Parapheur refuse les doublons.',
      duplicatePes: 'Un fichier PES portant le même nom (nomfic) a déjà été envoyé : FAST Parapheur refuse ce doublon.',
      forbiddenSiren100:
        'Votre certificat n’est pas autorisé à agir pour le SIREN {{siren}} (erreur 100). Vérifiez le SIREN dans les réglages ou demandez les droits à votre administrateur FAST.',
      forbiddenSiren:
        'Votre certificat n’est pas autorisé à agir pour le SIREN {{siren}}. Vérifiez le SIREN dans les réglages ou demandez les droits à votre administrateur FAST.',
      noRefusalComment: 'FAST Parapheur n’a pas de commentaire de refus pour ce document.',
      unknownSiren111: 'Le SIREN {{siren}} est inconnu de FAST Parapheur (erreur 111). Vérifiez le SIREN dans les réglages.',
      unknownSiren: 'Le SIREN {{siren}} est inconnu de FAST Parapheur. Vérifiez le SIREN dans les réglages.',
      sirenUnknownOrForbidden:
        'Le SIREN {{siren}} est inconnu ou votre certificat n’a pas les droits pour cette action. Vérifiez le SIREN dans les réglages ou demandez les droits à votre administrateur FAST.',
      circuitRefused117: 'FAST Parapheur a refusé le circuit : le type de circuit est incorrect (erreur 117). Corrigez le circuit puis déposez à nouveau.',
      circuitRefused118: 'FAST Parapheur a refusé le circuit : le type d’étape est incorrect (erreur 118). Corrigez le circuit puis déposez à nouveau.',
      circuitRefused119:
        'FAST Parapheur a refusé le circuit : l’un des membres du circuit est incorrect ou n’a pas de compte FAST (erreur 119). Corrigez le circuit puis déposez à nouveau.',
      circuitRefused121:
        'FAST Parapheur a refusé le circuit : la définition du circuit n’est pas correctement renseignée (erreur 121). Corrigez le circuit puis déposez à nouveau.',
      agentIsMember: 'Vous ne pouvez pas être signataire ou valideur d’un document que vous déposez (erreur 122). Retirez votre adresse des étapes du circuit.',
      pollTooSoon: 'FAST Parapheur demande d’espacer les consultations d’un même document d’au moins 30 minutes. Le suivi reprendra automatiquement.',
      recipientNotAllowed:
        'Ce circuit n’autorise pas l’envoi du document signé à un destinataire. Retirez les destinataires, ou demandez à votre administrateur FAST d’activer cette option sur le circuit.',
      formatRefused: 'Ce circuit n’accepte pas ce type de fichier. Vérifiez le format attendu (souvent PDF) ou choisissez un autre circuit.',
      metadataNotAllowed: 'Le circuit de ce document n’a pas d’étape de métadonnées : FAST Parapheur refuse d’y enregistrer des métadonnées.',
      circuitForbidden:
        'Le circuit n’existe pas ou votre certificat n’est pas autorisé à y déposer. Vérifiez l’identifiant du circuit ou demandez l’accès à votre administrateur FAST.',
      circuitForbiddenId:
        'Le circuit « {{circuitId}} » n’existe pas ou votre certificat n’est pas autorisé à y déposer. Vérifiez l’identifiant du circuit ou demandez l’accès à votre administrateur FAST.',
      certRefused:
        'FAST Parapheur a refusé votre certificat : aucun compte de dépôt ne lui correspond. Vérifiez que le certificat importé est celui de votre compte de dépôt, ou demandez à FAST d’associer ce certificat à votre compte.',
      certForbidden:
        'FAST Parapheur a refusé votre certificat (accès interdit, HTTP {{status}}). Vérifiez que le certificat importé est celui de votre compte de dépôt et qu’il est toujours valide.',
      uploadRefused120: 'FAST Parapheur a refusé le dépôt (erreur 120) : {{reason}}',
      uploadFailed120: 'Le dépôt du document a échoué côté FAST Parapheur (erreur 120). Réessayez plus tard.',
      unavailable: 'FAST Parapheur est momentanément indisponible (HTTP {{status}}). Réessayez dans quelques minutes.',
      providerError: 'FAST Parapheur a renvoyé une erreur : {{summary}}',
      unexpectedAnswer: 'FAST Parapheur a renvoyé une réponse inattendue. Réessayez plus tard ; si le problème persiste, contactez le support en indiquant l’heure de l’erreur.',
      unexpectedAnswerStatus:
        'FAST Parapheur a renvoyé une réponse inattendue (HTTP {{status}}). Réessayez plus tard ; si le problème persiste, contactez le support en indiquant l’heure de l’erreur.',
      fileUnreadable:
        'Le fichier n’a pas pu être lu pendant l’envoi (déplacé, supprimé ou sur un disque déconnecté). Vérifiez-le et déposez-le à nouveau.',
      fileNameRefused:
        'Le nom de fichier « {{name}} » n’est pas accepté par FAST Parapheur : lettres sans accents, chiffres, « . », « _ » et « - » uniquement, 120 caractères au plus.',
    },
    input: {
      remainingPath: 'Le chemin « {{segment}} » configuré pour les fichiers restants n’est pas valide.',
      circuitType: 'Le type de circuit « {{type}} » n’est pas reconnu par FAST Parapheur.',
      circuitNoStep: 'Le circuit doit comporter au moins une étape (visa ou signature).',
      stepType: 'L’étape {{step}} du circuit a un type inconnu (« {{type}} »).',
      stepNoMember: 'L’étape {{step}} du circuit n’a aucun membre : indiquez au moins une adresse e-mail.',
      refererHttps: 'L’adresse de retour après signature doit commencer par https://.',
      noDocument: 'Indiquez au moins un document.',
      sirenDigits: 'Le SIREN « {{siren}} » n’est pas valide : il doit comporter exactement 9 chiffres.',
      sirenChecksum: 'Le SIREN « {{siren}} » n’est pas valide : sa clé de contrôle est incorrecte. Vérifiez qu’il n’y a pas de faute de frappe.',
      textTooLong: 'Ce champ dépasse la limite de {{max}} caractères imposée par FAST Parapheur ({{length}} caractères). Raccourcissez-le.',
      textTooLong_label: 'Le libellé dépasse la limite de {{max}} caractères imposée par FAST Parapheur ({{length}} caractères). Raccourcissez-le.',
      textTooLong_comment: 'Le commentaire dépasse la limite de {{max}} caractères imposée par FAST Parapheur ({{length}} caractères). Raccourcissez-le.',
      textTooLong_emails:
        'La liste des adresses e-mail dépasse la limite de {{max}} caractères imposée par FAST Parapheur ({{length}} caractères). Raccourcissez-la.',
      textTooLong_recipients:
        'La liste des destinataires dépasse la limite de {{max}} caractères imposée par FAST Parapheur ({{length}} caractères). Raccourcissez-la.',
      textTooLong_cc:
        'La liste des destinataires en copie dépasse la limite de {{max}} caractères imposée par FAST Parapheur ({{length}} caractères). Raccourcissez-la.',
      textTooLong_agents:
        'La liste des agents dépasse la limite de {{max}} caractères imposée par FAST Parapheur ({{length}} caractères). Raccourcissez-la.',
      textTooLong_referer:
        'L’adresse de retour dépasse la limite de {{max}} caractères imposée par FAST Parapheur ({{length}} caractères). Raccourcissez-la.',
      textInvisible: 'Ce champ contient des caractères invisibles non autorisés. Retapez-le.',
      textInvisible_label: 'Le libellé contient des caractères invisibles non autorisés. Retapez-le.',
      textInvisible_comment: 'Le commentaire contient des caractères invisibles non autorisés. Retapez-le.',
      textInvisible_emails: 'La liste des adresses e-mail contient des caractères invisibles non autorisés. Retapez-la.',
      textInvisible_recipients: 'La liste des destinataires contient des caractères invisibles non autorisés. Retapez-la.',
      textInvisible_cc: 'La liste des destinataires en copie contient des caractères invisibles non autorisés. Retapez-la.',
      textInvisible_agents: 'La liste des agents contient des caractères invisibles non autorisés. Retapez-la.',
      textInvisible_referer: 'L’adresse de retour contient des caractères invisibles non autorisés. Retapez-la.',
      circuitIdEmpty: 'L’identifiant du circuit est vide. Choisissez ou saisissez un circuit.',
      circuitIdTooLong: 'L’identifiant du circuit dépasse {{max}} caractères.',
      circuitIdCharacters: 'L’identifiant du circuit « {{circuitId}} » contient des caractères non autorisés (/, \\, ?, #, %).',
      baseUrlInvalid: 'L’adresse du serveur FAST Parapheur « {{url}} » n’est pas valide.',
      baseUrlHttps: 'L’adresse du serveur FAST Parapheur doit commencer par https:// (connexion par certificat).',
      documentIdDigits: 'L’identifiant de document « {{documentId}} » n’est pas valide : il doit être composé uniquement de chiffres.',
      xmlControl:
        'Cette valeur contient un caractère invisible ou de contrôle qui ne peut pas être transmis à FAST Parapheur. Retapez la valeur sans copier-coller depuis un autre logiciel.',
      xmlControl_metadata:
        'La métadonnée {{name}} contient un caractère invisible ou de contrôle qui ne peut pas être transmis à FAST Parapheur. Retapez la valeur sans copier-coller depuis un autre logiciel.',
      xmlControl_firstName:
        'Le prénom contient un caractère invisible ou de contrôle qui ne peut pas être transmis à FAST Parapheur. Retapez la valeur sans copier-coller depuis un autre logiciel.',
      xmlControl_lastName:
        'Le nom contient un caractère invisible ou de contrôle qui ne peut pas être transmis à FAST Parapheur. Retapez la valeur sans copier-coller depuis un autre logiciel.',
      metadataName: 'Le nom de métadonnée « {{name}} » n’est pas valide (lettres, chiffres et _ uniquement, comme TEXT_001).',
      otpNameMissing: 'Le nom du signataire OTP est obligatoire.',
      otpNameMissing_firstName: 'Le prénom du signataire OTP est obligatoire.',
      otpNameMissing_lastName: 'Le nom du signataire OTP est obligatoire.',
      otpNoSigner: 'Indiquez au moins un signataire OTP (prénom, nom, téléphone, e-mail).',
    },
    contact: {
      emailEmpty: 'L’adresse e-mail est vide.',
      emailAccents:
        'L’adresse e-mail « {{email}} » contient des caractères accentués ou spéciaux, que FAST Parapheur n’accepte pas. Corrigez l’adresse (par exemple « e » au lieu de « é »).',
      emailInvalid: 'L’adresse e-mail « {{email}} » n’est pas valide. Vérifiez qu’elle est de la forme prenom.nom@domaine.fr.',
      phoneEmpty: 'Le numéro de téléphone est vide.',
      phoneInvalid:
        'Le numéro de téléphone « {{phone}} » n’est pas valide. Saisissez un numéro de mobile complet, par exemple 06 12 34 56 78 ou +33 6 12 34 56 78.',
      phoneCountry: 'Le pays « {{country}} » n’est pas pris en charge pour les numéros de téléphone ; saisissez le numéro au format international (+…).',
    },
  },
  activity: {
    summaries: {
      fileProblem: '« {{name}} » : {{problem}}',
      depositFailed: 'Échec du dépôt de « {{name}} » : {{problem}}',
      queued: '« {{name}} » mis en file pour le circuit {{circuit}}',
      queued_onDemand: '« {{name}} » mis en file pour un circuit à la volée',
      queuedWithAnnexes_one: '« {{name}} » et {{count}} annexe mis en file pour le circuit {{circuit}}',
      queuedWithAnnexes_other: '« {{name}} » et {{count}} annexes mis en file pour le circuit {{circuit}}',
      queuedWithAnnexes_onDemand_one: '« {{name}} » et {{count}} annexe mis en file pour un circuit à la volée',
      queuedWithAnnexes_onDemand_other: '« {{name}} » et {{count}} annexes mis en file pour un circuit à la volée',
      queuedPacked_one: '« {{name}} » et {{count}} annexe mis en file pour le circuit {{circuit}} (archive {{archive}})',
      queuedPacked_other: '« {{name}} » et {{count}} annexes mis en file pour le circuit {{circuit}} (archive {{archive}})',
      filed: '« {{name}} » déposé dans {{circuit}} (n° {{documentId}})',
      filed_onDemand: '« {{name}} » déposé dans un circuit à la volée (n° {{documentId}})',
      idConfirmed: 'Numéro FAST {{documentId}} indiqué pour « {{name}} » et vérifié auprès de FAST',
      sandboxCertificate: 'Certificat de test du simulateur FAST importé dans le coffre',
      certificateImported: 'Certificat FAST importé ({{subject}}, valable jusqu’au {{notAfter, isoDay}})',
      serverAuthorityImported: 'Autorité de certification du serveur FAST importée ({{subjects}})',
      serverAuthorityCleared: 'Autorité de certification du serveur FAST retirée',
      sandboxCleared: 'Données de démonstration effacées : {{documents}} document(s), {{circuits}} circuit(s), {{collected}} fichier(s) collecté(s)',
      deleted: '« {{name}} » supprimé de FAST',
      usersSynced: 'Synchronisation des utilisateurs FAST : {{created}} créé(s), {{updated}} mis à jour, {{deleted}} supprimé(s)',
      collected: '{{count}} fichier(s) collecté(s) : {{ack}} acquittement(s) Hélios, {{pesRetour}} PES retour, {{chorus}} fichier(s) Chorus',
      foundAgain: '« {{name}} » retrouvé sur FAST : son suivi reprend',
      step: '« {{name}} » : {{label}}',
      phase: {
        signe: '« {{name}} » : signé',
        classe: '« {{name}} » : signé et classé',
        archive: '« {{name}} » : archivé',
        refuse: '« {{name}} » : refusé',
        visa_desapprouve: '« {{name}} » : visa désapprouvé',
        supprime: '« {{name}} » : supprimé côté FAST',
        erreur: '« {{name}} » : en erreur',
      },
    },
  },
  /** What a document row says to the clerk (its `last_error`, stored as a catalogue entry). */
  notes: {
    verbatim: '{{text}}',
    sentences: '{{items, sentences}}',
    internal: 'Erreur interne de Guichet ; l’incident a été journalisé. Réessayez, ou signalez-le au support.',
    onDemandCircuit: 'circuit à la volée',
    metadataUnreadable: 'Les métadonnées enregistrées pour ce dépôt sont illisibles : elles n’ont pas été transmises, saisissez-les dans FAST.',
    metadataNoStep: 'Ses métadonnées n’ont pas été enregistrées : le circuit « {{circuit}} » n’a pas d’étape de métadonnées, FAST les a refusées.',
    metadataRefused: 'Ses métadonnées n’ont pas été enregistrées ({{cause}}).',
    otpRefused: 'Les informations des signataires OTP n’ont pas été enregistrées ({{cause}}) : complétez-les dans FAST.',
    filedWithProblems: 'Document déposé (n° {{documentId}}) et suivi normalement. {{problems, sentences}}',
    followupRetrying:
      'Document déposé (n° {{documentId}}) ; des informations ne sont pas encore transmises ({{cause}}) : nouvel essai automatique, sans nouveau dépôt.',
    followupRetrying_metadata:
      'Document déposé (n° {{documentId}}) ; les métadonnées ne sont pas encore transmises ({{cause}}) : nouvel essai automatique, sans nouveau dépôt.',
    followupRetrying_otp:
      'Document déposé (n° {{documentId}}) ; les informations des signataires OTP ne sont pas encore transmises ({{cause}}) : nouvel essai automatique, sans nouveau dépôt.',
    followupGaveUp:
      'Document déposé (n° {{documentId}}), mais des informations n’ont pas pu être transmises après {{attempts}} essais ({{cause}}). Complétez-les dans FAST.',
    followupGaveUp_metadata:
      'Document déposé (n° {{documentId}}), mais les métadonnées n’ont pas pu être transmises après {{attempts}} essais ({{cause}}). Complétez-les dans FAST.',
    followupGaveUp_otp:
      'Document déposé (n° {{documentId}}), mais les informations des signataires OTP n’ont pas pu être transmises après {{attempts}} essais ({{cause}}). Complétez-les dans FAST.',
    idReused:
      'Numéro repris par FAST pour un autre document : FAST a donné le n° {{documentId}} à « {{name}} ». Ce document-ci n’est plus suivi ; s’il est toujours chez FAST, indiquez son nouveau numéro.',
    arrivedBeforeCancel: 'Le document était déjà arrivé chez FAST avant l’annulation : il est suivi normalement.',
    cancelled: 'Dépôt annulé',
    cancelledUnchecked: 'Dépôt annulé. Guichet n’a pas pu vérifier auprès de FAST qu’un envoi précédent n’était pas arrivé : vérifiez dans FAST.',
    cancelling: 'Annulation demandée pendant l’envoi : vérification auprès de FAST…',
    searching: 'FAST a déjà reçu ce document : Guichet recherche son numéro, sans le déposer à nouveau.',
    searchInterrupted:
      'FAST a déjà reçu ce document ; la recherche de son numéro est interrompue ({{cause}}) : elle reprendra automatiquement, sans nouvel envoi.',
    searchFailed: 'Document déposé chez FAST, mais la recherche de son numéro a échoué ({{cause}}). Indiquez son numéro FAST pour le suivre.',
    searchStopped: 'Recherche arrêtée à votre demande. FAST avait déjà reçu ce document : indiquez son numéro FAST pour le suivre, ou supprimez-le dans FAST.',
    idNotFound:
      'Document déposé chez FAST, mais Guichet ne retrouve pas son numéro (plusieurs documents possibles, ou recherche indisponible sur ce serveur). Indiquez son numéro FAST pour le suivre ; il ne sera pas déposé à nouveau.',
    foundByDepositDate:
      'Document retrouvé chez FAST par sa date de dépôt (il y a déjà été traité, son contenu ne peut plus être comparé) : vérifiez dans FAST qu’il s’agit bien du vôtre.',
    waitingNetwork: 'En attente de réseau : le dépôt partira dès que FAST sera joignable.',
    sendInterrupted: 'Envoi interrompu ({{cause}}) : nouvel essai automatique, sans doublon.',
    stoppedWhileSending: 'Guichet s’est arrêté pendant l’envoi : vérification auprès de FAST, sans doublon.',
    trackingImpossible: 'Suivi momentanément impossible : {{cause}}',
    trackingStopped_one: 'Suivi arrêté après {{count}} jour sans fin de circuit ; utilisez « Actualiser » pour le relancer.',
    trackingStopped_other: 'Suivi arrêté après {{count}} jours sans fin de circuit ; utilisez « Actualiser » pour le relancer.',
    signedNotDownloaded: 'Document terminé, mais le fichier signé n’a pas encore pu être téléchargé : {{cause}}',
  },
  /** Why a dropped file is refused (the deposit check's `reason`). */
  fileChecks: {
    kinds: { pdf: 'PDF', xml: 'XML', zip: 'ZIP', any: 'tout format' },
    executable: 'Les programmes (.exe et autres exécutables) ne sont jamais déposés dans un parapheur.',
    empty: 'Le fichier est vide (0 octet).',
    damagedPdf:
      'Ce PDF est incomplet ou abîmé : aucun lecteur ne peut l’ouvrir. Enregistrez-le à nouveau depuis son logiciel d’origine, puis redéposez-le.',
    tooLarge: 'Le fichier est trop volumineux ({{size, size}} ; {{limit, size}} au plus).',
    notReallyPdf: 'Le contenu de ce fichier n’est pas un PDF valide, malgré son extension. Ce circuit n’accepte que : {{expected, list}}.',
    formatRefused: 'Format refusé : ce circuit n’accepte que {{expected, list}}.',
    twiceInDrop: 'Ce fichier figure deux fois dans le dépôt.',
    alreadyFiled: 'Déjà déposé dans ce circuit avec ce libellé le {{at, isoDateTime}}. Changez le libellé pour le déposer à nouveau.',
    annexRefused: 'Une annexe au moins est refusée (voir ci-dessous) : le document n’est pas déposé sans elle.',
    annexesNeedZip: 'Ce circuit n’accepte pas d’annexes : il faudrait qu’il accepte les archives ZIP (« <fichier>.pdf.zip »).',
    annexesOneMain: 'Les annexes accompagnent un seul document : déposez un document principal à la fois avec ses annexes.',
    annexesMainRefused: 'Le document principal est refusé : ses annexes ne peuvent pas partir seules.',
    annexesMainPdf: 'Avec des annexes, le document principal doit être un PDF.',
    annexExecutable: 'Les programmes (.exe et autres exécutables) ne sont jamais déposés dans un parapheur, même en annexe.',
    annexEmpty: 'L’annexe est vide (0 octet).',
    annexDamagedPdf: 'Ce PDF est incomplet ou abîmé : aucun lecteur ne peut l’ouvrir.',
    annexIsMain: 'Ce fichier est déjà le document principal.',
    annexTooLarge: 'Avec cette annexe, le dépôt dépasserait la taille maximale d’un dépôt ({{limit, size}}).',
    annexTooLarge_zip: 'Avec cette annexe, l’archive dépasserait la taille maximale d’un dépôt ({{limit, size}}).',
    annexTooLarge_onDemand: 'Avec cette annexe, le dépôt dépasserait la taille maximale d’un dépôt ({{limit, size}}).',
  },
  connectionTest: {
    ok: 'Connexion réussie : FAST Parapheur accepte votre certificat pour le SIREN {{siren}}.',
    unexpected: 'Le test de connexion a échoué pour une raison inattendue. Réessayez.',
    certRefused:
      'Le certificat a été refusé par FAST Parapheur : il n’est pas reconnu ou n’est pas celui d’un compte de dépôt. Vérifiez le fichier importé ou demandez un nouveau certificat à FAST.',
    unknownSiren: 'Le certificat est accepté, mais le SIREN {{siren}} est inconnu de FAST Parapheur. Vérifiez le SIREN saisi.',
    forbiddenSiren:
      'Le certificat est accepté, mais votre compte n’est pas autorisé pour le SIREN {{siren}}. Vérifiez le SIREN ou demandez les droits à votre administrateur FAST.',
    unreachable: 'Le serveur {{host}} est injoignable. Vérifiez l’adresse du serveur et votre connexion internet.',
    offline: 'Le serveur {{host}} est injoignable : votre ordinateur semble hors ligne. Vérifiez votre connexion internet.',
    timeout: 'Le serveur {{host}} ne répond pas dans les délais. Réessayez plus tard ou vérifiez votre connexion.',
    serverCertUnknownAuthority:
      'Le certificat du serveur {{host}} a été émis par une autorité de certification inconnue : importez le certificat de l’autorité du serveur (fichier .pem ou .crt fourni par votre administrateur ou par FAST) dans Réglages › FAST Parapheur.',
    serverCertHostMismatch: 'Le certificat du serveur {{host}} ne correspond pas à cette adresse : vérifiez l’adresse du serveur dans les réglages.',
    serverCertExpired:
      'Le certificat du serveur {{host}} n’est pas en cours de validité : vérifiez la date et l’heure de cet ordinateur ; si elles sont justes, prévenez FAST.',
    serverCertUntrusted: 'Le certificat du serveur {{host}} n’est pas reconnu : vérifiez l’adresse du serveur dans les réglages.',
    wrongAddress:
      'Le serveur {{host}} répond, mais FAST Parapheur n’est pas à l’adresse {{baseUrl}} (réponse « introuvable », HTTP 404). Vérifiez l’adresse du serveur dans les réglages : l’adresse de FAST se termine par /parapheur-ws/rest/v1/, par exemple https://parapheur.dfast.fr/parapheur-ws/rest/v1/.',
  },
  notify: {
    signedTitle: 'Document signé',
    signedBody: '« {{name}} » est signé ({{circuit}}).',
    refusedTitle: 'Document refusé',
    visaRefusedTitle: 'Visa désapprouvé',
    refusedBody: '« {{name}} ».',
    refusedBodyWithReason: '« {{name}} ». Motif : {{reason}}',
    lateTitle: 'Document en retard',
    lateBody_one: '« {{name}} » attend depuis plus de {{count}} jour.',
    lateBody_other: '« {{name}} » attend depuis plus de {{count}} jours.',
    lateBodyWithHolder_one: '« {{name}} » attend depuis plus de {{count}} jour chez {{holder}}.',
    lateBodyWithHolder_other: '« {{name}} » attend depuis plus de {{count}} jours chez {{holder}}.',
    idUnknownTitle: 'Document déposé, numéro FAST inconnu',
    idReusedTitle: 'Numéro repris par FAST',
    filedWithProblemTitle: 'Document déposé, avec un problème',
    depositRefusedTitle: 'Dépôt refusé',
    fileProblem: '« {{name}} » : {{problem}}',
  },
};
