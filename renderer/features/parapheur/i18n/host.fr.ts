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
  },
  activity: {
    summaries: {
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
