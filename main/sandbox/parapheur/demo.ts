import { PARAPHEUR_SANDBOX_SIREN } from '../../../shared/domain/parapheur.js';
import type { SimCircuit, SimSubscriber, SimUser } from './types.js';

/**
 * Demo data of the simulated FAST tenant. SIRENs pass the Luhn check (FAST validates them as
 * 9-digit numbers; a client may check Luhn locally).
 */

export const DEMO_SIREN = PARAPHEUR_SANDBOX_SIREN;
export const OTHER_SIREN = '200046977';
/** Valid Luhn, but no such subscriber: errorCode 111. */
export const UNKNOWN_SIREN = '241300649';

export const DEPOSIT_USER_EMAIL = 'sophie.garnier@mairie-exemple.fr';
export const ON_DEMAND_CIRCUIT_ID = 'circuit-a-la-volee';

export const demoSubscribers: SimSubscriber[] = [
  { siren: DEMO_SIREN, name: 'Mairie de Sandbox-sur-Loire' },
  { siren: OTHER_SIREN, name: 'Communauté de communes du Val Fictif' },
];

const u = (firstName: string, lastName: string, email: string, sirens: string[], groups: string[] = [], authenticationType: SimUser['authenticationType'] = 'CERTIFICAT'): SimUser => ({
  email,
  firstName,
  lastName,
  authenticationType,
  sirens,
  groups,
});

export function demoUsers(): SimUser[] {
  return [
    u('Sophie', 'Garnier', DEPOSIT_USER_EMAIL, [DEMO_SIREN], ['Accueil'], 'CERTIFICAT'),
    u('Alice', 'Martin', 'alice.martin@mairie-exemple.fr', [DEMO_SIREN], ['Direction générale']),
    u('Bruno', 'Lefèvre', 'bruno.lefevre@mairie-exemple.fr', [DEMO_SIREN], ['Élus']),
    u('Chloé', 'Dubois', 'chloe.dubois@mairie-exemple.fr', [DEMO_SIREN], ['Élus']),
    u('David', 'Moreau', 'david.moreau@mairie-exemple.fr', [DEMO_SIREN], ['Finances']),
    u('Émilie', 'Laurent', 'emilie.laurent@mairie-exemple.fr', [DEMO_SIREN], ['Secrétariat'], 'BASIC'),
    u('Farid', 'Benali', 'farid.benali@mairie-exemple.fr', [DEMO_SIREN], ['Ressources humaines']),
    u('Hugo', 'Petit', 'hugo.petit@valfictif.fr', [OTHER_SIREN], ['Direction']),
    { ...u('e-signature', 'e-signature', 'e-signature@fast.docaposte.fr', [DEMO_SIREN, OTHER_SIREN], []), technical: true },
  ];
}

export function demoCircuits(): SimCircuit[] {
  const depositors = [DEPOSIT_USER_EMAIL];
  return [
    {
      id: 'courrier-visa-signature',
      name: 'Courrier — visa DGS puis signature du maire',
      siren: DEMO_SIREN,
      type: 'BUREAUTIQUE_PDF',
      accepts: ['pdf'],
      steps: [
        { kind: 'visa', members: ['alice.martin@mairie-exemple.fr'] },
        { kind: 'signature', members: ['bruno.lefevre@mairie-exemple.fr'] },
      ],
      classify: true,
      metadata: false,
      recipientMailAllowed: true,
      depositors,
    },
    {
      id: 'courrier-avec-annexes',
      name: 'Courrier avec annexes (PDF ou ZIP <fichier>.pdf.zip)',
      siren: DEMO_SIREN,
      type: 'BUREAUTIQUE_PDF',
      accepts: ['pdf', 'zip'],
      steps: [
        { kind: 'visa', members: ['alice.martin@mairie-exemple.fr'] },
        { kind: 'signature', members: ['bruno.lefevre@mairie-exemple.fr'] },
      ],
      classify: true,
      metadata: false,
      recipientMailAllowed: true,
      depositors,
    },
    {
      // No Classé: the history ends with a trailing `Signé` (docs/providers/fast-parapheur.md#history-to-state).
      id: 'deliberations-double-signature',
      name: 'Délibérations — double signature (sans classement)',
      siren: DEMO_SIREN,
      type: 'BUREAUTIQUE_PDF',
      accepts: ['pdf'],
      steps: [
        { kind: 'signature', members: ['bruno.lefevre@mairie-exemple.fr'] },
        { kind: 'signature', members: ['chloe.dubois@mairie-exemple.fr'] },
      ],
      classify: false,
      metadata: false,
      recipientMailAllowed: false,
      depositors,
    },
    {
      id: 'contrat-otp',
      name: 'Contrats — visa puis signature par code SMS',
      siren: DEMO_SIREN,
      type: 'BUREAUTIQUE_PDF',
      accepts: ['pdf'],
      steps: [
        { kind: 'visa', members: ['emilie.laurent@mairie-exemple.fr'] },
        { kind: 'otp', members: [] },
      ],
      classify: true,
      metadata: true,
      recipientMailAllowed: true,
      depositors,
    },
    {
      id: 'helios-pes',
      name: 'Flux PES Hélios — signature ordonnateur et télétransmission',
      siren: DEMO_SIREN,
      type: 'HELIOS_AVEC_TELETRANSMISSION',
      accepts: ['xml'],
      steps: [{ kind: 'signature', members: ['david.moreau@mairie-exemple.fr'] }],
      classify: true,
      metadata: false,
      recipientMailAllowed: false,
      depositors,
    },
    {
      id: 'rh-confidentiel',
      name: 'Ressources humaines — confidentiel',
      siren: DEMO_SIREN,
      type: 'BUREAUTIQUE_PDF',
      accepts: ['pdf'],
      steps: [
        { kind: 'visa', members: ['farid.benali@mairie-exemple.fr'] },
        { kind: 'signature', members: ['bruno.lefevre@mairie-exemple.fr'] },
      ],
      classify: true,
      metadata: false,
      recipientMailAllowed: false,
      // The sandbox user is NOT a depositor here: deposits are refused.
      depositors: ['farid.benali@mairie-exemple.fr'],
    },
    {
      id: ON_DEMAND_CIRCUIT_ID,
      name: 'Circuit à la volée',
      siren: DEMO_SIREN,
      type: 'A_LA_VOLEE',
      accepts: ['any'],
      steps: [],
      classify: true,
      metadata: false,
      recipientMailAllowed: true,
      depositors,
    },
    {
      id: 'cc-courrier',
      name: 'Courrier communautaire',
      siren: OTHER_SIREN,
      type: 'BUREAUTIQUE_PDF',
      accepts: ['pdf'],
      steps: [{ kind: 'signature', members: ['hugo.petit@valfictif.fr'] }],
      classify: true,
      metadata: false,
      recipientMailAllowed: false,
      depositors: ['hugo.petit@valfictif.fr'],
    },
  ];
}
