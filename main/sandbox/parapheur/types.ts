export type StepKind = 'visa' | 'signature' | 'otp';
export type FileKind = 'pdf' | 'xml' | 'zip' | 'any';
export type CircuitType =
  | 'BUREAUTIQUE_PDF'
  | 'BUREAUTIQUE_XML'
  | 'HELIOS_AVEC_TELETRANSMISSION'
  | 'HELIOS_SANS_TELETRANSMISSION'
  | 'A_LA_VOLEE';

export interface SimStep {
  kind: StepKind;
  /** FAST user e-mails (visa/signature) or the external signer's e-mail (otp, may be empty). */
  members: string[];
}

export interface SimCircuit {
  id: string;
  name: string;
  siren: string;
  type: CircuitType;
  accepts: FileKind[];
  steps: SimStep[];
  /** Writes `Classé` after the last step (otherwise the history ends with the last action). */
  classify: boolean;
  /** Has a "définition des métadonnées" step: uploadMeta is accepted. */
  metadata: boolean;
  /** "Envoi du document signé au destinataire" enabled: emailDestinataire is accepted. */
  recipientMailAllowed: boolean;
  /** Users allowed to deposit into this circuit. */
  depositors: string[];
}

export interface SimUser {
  email: string;
  firstName: string;
  lastName: string;
  authenticationType: 'CERTIFICAT' | 'BASIC';
  sirens: string[];
  groups: string[];
  /** Technical accounts (`e-signature`) that clients are expected to filter out. */
  technical?: boolean;
}

export interface SimSubscriber {
  siren: string;
  name: string;
}

export interface SimHistoryEntry {
  userFullname: string;
  date: string;
  stateName: string | null;
}

export interface SimOtpSigner {
  firstName: string;
  lastName: string;
  phone: string;
  email: string;
}

export interface SimAttachment {
  fileName: string;
  sha256: string;
  size: number;
  path: string;
}

export interface SimDocument {
  id: string;
  siren: string;
  circuitId: string;
  circuitName: string;
  circuitType: CircuitType;
  onDemand: boolean;
  label: string;
  comment: string;
  fileName: string;
  contentType: string;
  sha256: string;
  size: number;
  /** Where the deposited file is stored (under <dataDir>/files). */
  path: string;
  annexes: SimAttachment[];
  pictograms: string | null;
  recipients: string[];
  cc: string[];
  agents: string[];
  depositor: string;
  depositedAt: string;
  steps: SimStep[];
  /** Index of the pending step (== steps.length when all steps are done). */
  currentStep: number;
  status: 'open' | 'refused' | 'completed';
  refusalComment: string | null;
  metadata: { name: string; value: string }[];
  otpInformation: SimOtpSigner[] | null;
  referer: string | null;
  history: SimHistoryEntry[];
  deleted: boolean;
}

export type RemainingKind = 'ack' | 'pes-retour' | 'chorus';
