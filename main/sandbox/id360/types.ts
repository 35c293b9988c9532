/** The simulator's model of ID360 (docs/providers/id360.md#simulator). */

export type EnrollmentStatus = 'NEW' | 'STARTED' | 'OK' | 'KO' | 'FAILED' | 'CANCELED' | 'DISCONTINUED';
/** How a journey can end on the person's side. */
export type JourneyOutcome = 'OK' | 'KO' | 'FAILED' | 'CANCELED';

export const terminalStatuses: ReadonlySet<EnrollmentStatus> = new Set(['OK', 'KO', 'FAILED', 'CANCELED', 'DISCONTINUED']);

export interface SimAccount {
  username: string;
  password: string;
  /** Application accounts read reports 7 days; user accounts (2FA) 2 months, then the archive. */
  kind: 'application' | 'user';
  /** The 2FA code a user account must send as `token` with its login. */
  twoFactorCode?: string;
}

export interface SimProcess {
  uuid: string;
  id: number;
  name: string;
  /** Data the process's « Saisie d'informations » block collects: only these accept a comparison control. */
  collectedData: readonly string[];
  /** Advanced e-signature processes deliver an idClaim (ASiC-E). */
  idClaim: boolean;
  /** Collects a proof of address (a PDF in the report). */
  proofOfAddress: boolean;
  steps: readonly string[];
}

export interface CallbackEndpoint {
  url: string;
  on: string[];
  headers: { name: string; value: string }[];
}

export interface DataControl {
  value: string;
  locked: boolean;
  auto: boolean;
}

export interface SimDocumentFile {
  bytes: Buffer;
  contentType: string;
  /** Served instead of `bytes` when a test corrupted the file (the report keeps the true hash). */
  served?: Buffer;
}

export interface SimDocument {
  id: number;
  enrollmentId: number;
  type: string;
  name: string;
  status: 'VALID' | 'INVALID' | 'COLLECTED';
  pages: SimDocumentFile[];
}

export interface SimEnrollment {
  id: number;
  apiKey: string;
  process: SimProcess;
  creator: SimAccount;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  status: EnrollmentStatus;
  reason: string | null;
  /** What the journey ends with when it runs by itself. */
  plannedOutcome: JourneyOutcome;
  request: Record<string, unknown>;
  callbackEndpoints: CallbackEndpoint[];
  controls: Record<string, DataControl>;
  /** Single-use token appended to browser_callback_url at the end of the journey. */
  browserToken: string | null;
  stepsDone: number;
  documents: SimDocument[];
  archiveReference: string;
  /** The final report, frozen when the enrollment ends (hashes and signature stay stable). */
  finalReport: Record<string, unknown> | null;
  reportPdf: Buffer | null;
}
