/**
 * French: the reference language. Its shape is the type every other language must match exactly
 * (checked by the compiler through `Messages`, and at run time by tests/unit/renderer/i18n.test.ts).
 * The providers' own vocabulary (circuit, visa, dossier, enrôlement) is kept as the clerks know it.
 */
import { hostFr } from './host.fr.js';

export const fr = {
  ...hostFr,
  app: {
    name: 'Guichet',
    skipToContent: 'Aller au contenu',
    loading: 'Chargement de Guichet…',
    startupFailedTitle: 'Guichet n’a pas pu démarrer',
    startupFailedHint: 'Vérifiez que l’application est bien lancée, puis réessayez. Si le problème persiste, contactez votre support informatique.',
    retry: 'Réessayer',
    version: 'Version {{version}}',
    host: {
      electron: 'Application de bureau',
      web: 'Navigateur',
    },
  },
  nav: {
    label: 'Navigation principale',
    parapheur: 'Parapheur',
    id360: 'Vérification d’identité',
    archive: 'Archive',
    journal: 'Journal',
    reglages: 'Réglages',
  },
  network: {
    online: 'En ligne',
    offline: 'Hors ligne',
    offlineHint: 'Les actions qui ont besoin du réseau attendront le retour de la connexion.',
  },
  hostLink: {
    lost: {
      title: 'Guichet ne répond plus.',
      body: 'Les informations affichées restent consultables ; la connexion reprendra d’elle-même dès que Guichet sera relancé sur ce poste. Si vous venez de le relancer et que ce message reste, ouvrez le lien qu’il vient d’afficher.',
    },
    refused: {
      title: 'Cette page n’est plus reliée à Guichet.',
      body: 'Les informations affichées restent consultables. Pour continuer, ouvrez le lien que Guichet affiche à son lancement.',
    },
  },
  sandbox: {
    banner: 'Mode démonstration : les fournisseurs sont simulés sur cet ordinateur, aucune donnée réelle n’est envoyée.',
    simulatedProviders: 'Fournisseurs simulés : {{list}}.',
  },
  providers: {
    parapheur: 'FAST Parapheur',
    id360: 'ID360',
  },
  pages: {
    parapheur: {
      title: 'Parapheur',
      intro: 'Déposez ici vos documents dans les circuits de signature et de visa FAST Parapheur, puis suivez-les jusqu’à leur signature ou leur refus.',
      comingSoon: 'Cette page sera disponible dans une prochaine version de Guichet.',
    },
    archive: {
      title: 'Archive',
      intro: 'Retrouvez les documents signés, les rapports et les dossiers déjà téléchargés : ils restent consultables même sans connexion.',
      comingSoon: 'Cette page sera disponible dans une prochaine version de Guichet.',
    },
  },
  journal: {
    title: 'Journal',
    intro: 'Toutes les actions effectuées dans Guichet, de la plus récente à la plus ancienne.',
    listLabel: 'Entrées du journal',
    columns: {
      date: 'Date',
      actor: 'Auteur',
      action: 'Action',
      summary: 'Résumé',
    },
    /** Read before each cell by screen readers, the column headers being visual only. */
    cellLabel: '{{column}} : ',
    loading: 'Chargement du journal…',
    empty: 'Le journal est vide pour le moment.',
    count_one: '{{count}} entrée affichée',
    count_other: '{{count}} entrées affichées',
    loadOlder: 'Afficher les entrées plus anciennes',
    loadingOlder: 'Chargement…',
    noOlder: 'Toutes les entrées sont affichées.',
    reload: 'Recharger',
    actions: {
      parapheur: {
        certificate: { import: 'Certificat FAST importé', sandbox: 'Certificat de démonstration importé' },
        collect: 'Documents collectés',
        deposit: {
          queued: 'Dépôt mis en file',
          filed: 'Document déposé',
          failed: 'Dépôt en échec',
          idUnknown: 'Numéro FAST inconnu',
          followupRefused: 'Compléments refusés',
          followupFailed: 'Compléments non transmis',
        },
        serverAuthority: { import: 'Autorité du serveur importée', clear: 'Autorité du serveur retirée' },
        document: {
          en_attente: 'Document en attente',
          depose: 'Document déposé',
          en_cours: 'Document en cours de circuit',
          signe: 'Document signé',
          refuse: 'Document refusé',
          visa_desapprouve: 'Visa désapprouvé',
          classe: 'Document signé et classé',
          archive: 'Document signé et archivé',
          supprime: 'Document supprimé côté FAST',
          erreur: 'Erreur sur le document',
          delete: 'Document supprimé',
          idConfirmed: 'Numéro FAST vérifié',
          idReused: 'Numéro repris par FAST',
        },
        users: { sync: 'Utilisateurs synchronisés' },
      },
      secrets: { set: 'Secret enregistré', clear: 'Secret effacé', unreadable: 'Secrets illisibles' },
      settings: { update: 'Réglages modifiés' },
    },
    /** Shown for an action this version has no words for (written by a newer Guichet). */
    otherAction: 'Autre action',
    filters: {
      label: 'Filtrer le journal',
      search: 'Rechercher',
      searchHint: 'Fichier, circuit, personne…',
      provider: 'Service',
      allProviders: 'Tous',
      general: 'Guichet (réglages)',
      kind: 'Type',
      allKinds: 'Tous',
      from: 'Du',
      to: 'Au',
      reset: 'Réinitialiser',
      none: 'Aucune entrée ne correspond à ces filtres.',
      scope: 'La recherche porte sur les entrées chargées ; affichez les plus anciennes pour chercher plus loin.',
    },
    kinds: {
      deposit: 'Dépôts',
      followUp: 'Suivi des documents',
      security: 'Certificats et secrets',
      settings: 'Réglages',
      other: 'Autres',
    },
    providers: {
      parapheur: 'FAST Parapheur',
      id360: 'Identité (ID360)',
      dossierfacile: 'DossierFacile',
    },
  },
  settings: {
    title: 'Réglages',
    intro: 'Choisissez la langue, l’apparence et la connexion à chaque fournisseur.',
    tabsLabel: 'Rubriques des réglages',
    tabs: {
      general: 'Général',
      parapheur: 'FAST Parapheur',
      id360: 'ID360',
    },
    save: 'Enregistrer',
    saving: 'Enregistrement…',
    unsavedChanges: 'Modifications non enregistrées.',
    fixErrors: 'Corrigez les champs signalés, puis enregistrez à nouveau.',
    general: {
      title: 'Général',
      language: 'Langue de l’interface',
      languages: {
        fr: 'Français',
        en: 'English',
      },
      theme: 'Apparence',
      themes: {
        system: 'Comme le système',
        light: 'Claire',
        dark: 'Sombre',
      },
      themeHint: '« Comme le système » suit le réglage clair ou sombre de votre ordinateur.',
    },
    connection: {
      title: 'Connexion',
      environment: 'Environnement',
      environments: {
        sandbox: 'Démonstration (simulé sur cet ordinateur)',
        preprod: 'Préproduction',
        production: 'Production',
        custom: 'Personnalisé',
      },
      sandboxHint: 'Le fournisseur est simulé sur cet ordinateur : aucune donnée réelle n’est envoyée.',
      knownUrlHint: 'Adresse du service : {{url}}',
      productionWarning: 'Attention : en production, les opérations sont réelles.',
      customBaseUrl: 'Adresse du service (URL)',
      customBaseUrlHint: 'Adresse complète fournie par l’éditeur, par exemple https://exemple.fr/api/',
    },
    parapheur: {
      title: 'FAST Parapheur',
      siren: 'SIREN de la collectivité',
      sirenHint: '9 chiffres, sans espace.',
      concurrency: 'Dépôts envoyés en parallèle',
      concurrencyHint: 'Entre {{min}} et {{max}}.',
      pollInterval: 'Intervalle de suivi (en minutes)',
      pollIntervalHint: 'Au moins {{min}} minutes, comme le demande FAST.',
      lateAfterDays: 'Délai avant « en retard » (en jours)',
      lateAfterDaysHint: 'Un document qui attend plus longtemps à la même étape est signalé en retard.',
    },
    id360: {
      title: 'ID360',
      username: 'Compte applicatif ID360',
      usernameHint: 'L’identifiant du compte d’application fourni par Docaposte.',
      customUiBaseUrl: 'Adresse du parcours (si différente)',
      customUiBaseUrlHint: 'En production, le parcours de la personne est sur www.id360docaposte.com.',
      pollInterval: 'Intervalle de suivi (en minutes)',
      pollIntervalHint: 'Entre {{min}} et {{max}} minutes.',
      callbackRelayUrl: 'Relais de notifications (facultatif)',
      callbackRelayUrlHint: 'Adresse https publique fournie par votre service informatique ; sans relais, Guichet interroge ID360 régulièrement.',
    },
    secrets: {
      title: 'Identifiants secrets',
      intro: 'Ces valeurs sont chiffrées sur cet ordinateur. Elles ne sont jamais réaffichées : saisissez-les à nouveau pour les remplacer.',
      // Nested so that a SecretKey ('parapheur.certificatePassword') is itself the key path.
      names: {
        parapheur: {
          certificate: 'Certificat client',
          certificatePassword: 'Mot de passe du certificat',
          sandboxCertificate: 'Certificat de test (démonstration)',
          sandboxCertificatePassword: 'Mot de passe du certificat de test (démonstration)',
          caBundle: 'Autorités de certification supplémentaires (PEM)',
        },
        id360: {
          password: 'Mot de passe du compte ID360',
        },
      },
      unreadable: {
        title: 'Des mots de passe ou certificats enregistrés n’ont pas pu être lus',
        body: 'La clé qui les protégeait sur cet ordinateur a disparu ou a changé. Ils ne sont pas effacés : Guichet les a mis de côté, mais ne peut plus s’en servir. Les éléments concernés :',
        hint: 'Saisissez-les de nouveau dans Réglages (ou effacez ceux qui ne servent plus) : ce message disparaîtra.',
      },
      configured: 'configuré',
      notConfigured: 'non configuré',
      unknown: 'état inconnu',
      statusPrefix: 'État :',
      save: 'Enregistrer',
      saving: 'Enregistrement…',
      clear: 'Effacer',
      clearing: 'Effacement…',
      saveLabel: 'Enregistrer : {{name}}',
      clearLabel: 'Effacer : {{name}}',
    },
    test: {
      title: 'Test de connexion',
      button: 'Tester la connexion',
      running: 'Test en cours…',
      savedSettingsNote: 'Le test utilise les réglages enregistrés.',
      unsavedNote: 'Enregistrez d’abord vos modifications : le test utilise les réglages enregistrés.',
      success: 'Connexion réussie',
      failure: 'Échec de la connexion',
      details: 'Détails techniques',
    },
    errors: {
      required: 'Ce champ est obligatoire.',
      customUrlRequired: 'Indiquez l’adresse du service pour l’environnement personnalisé.',
      url: 'Indiquez une adresse complète commençant par https://',
      siren: 'Le SIREN compte exactement 9 chiffres.',
      integer: 'Indiquez un nombre entier.',
      range: 'Indiquez un nombre entre {{min}} et {{max}}.',
      tooLong: 'Ce texte est trop long ({{max}} caractères au plus).',
    },
  },
  toast: {
    regionLabel: 'Notifications',
    close: 'Fermer la notification',
    settingsSaved: 'Réglages enregistrés',
    secretSaved: 'Identifiant secret enregistré',
    secretCleared: 'Identifiant secret effacé',
    failed: 'L’opération a échoué',
  },
  errors: {
    unexpected: 'Une erreur inattendue est survenue. Réessayez ; si le problème persiste, contactez votre support informatique.',
  },
};

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

/** The shape every language must have: the same keys as French, any strings. */
export type Messages = Widen<typeof fr>;
