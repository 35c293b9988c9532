import { z } from 'zod';
import { describeProvider, providerConnectionFields } from './providerSettings.js';
import { isValidSiren } from './siren.js';
import { documentPhases, outboxStates } from './parapheurVocabulary.js';
import { hostTextSchema } from '../ipc/hostTextSchema.js';

export * from './parapheurVocabulary.js';

export const parapheurSettingsSchema = z.object({
  ...providerConnectionFields,
  /** SIREN of the subscriber: configuration, sent in paths, never authentication. */
  siren: z
    .string()
    .regex(/^\d{9}$/, { message: 'app:validation.sirenDigits' })
    .refine((v) => !/^\d{9}$/.test(v) || isValidSiren(v), { message: 'app:validation.sirenChecksum' })
    .optional(),
  /** Parallel uploads. */
  concurrency: z.number().int().min(1).max(8).default(3),
  /** Minutes between two history polls of one document; FAST asks for at least 30. */
  pollIntervalMinutes: z.number().int().min(30).max(24 * 60).default(30),
  /** A document waiting longer than this at one step is flagged late. */
  lateAfterDays: z.number().int().min(1).max(365).default(5),
  /** Stop polling a document after this many days without an end. */
  giveUpAfterDays: z.number().int().min(1).max(3650).default(30),
  /**
   * Certificate authority (PEM, one or more certificates) of a FAST server whose certificate this
   * computer does not recognise (private PKI, filtering proxy). Public, hence a setting and not a
   * secret; an administrator's pre-seed file may give it (`caBundle`, or `caBundleFile` for a path).
   */
  caBundle: z
    .string()
    .max(500_000, { message: 'app:validation.caBundleTooLarge' })
    .regex(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/, { message: 'app:validation.caBundlePem' })
    .optional(),
  /** Multipart part name of the file on the predefined-circuit upload (docs/providers/fast-parapheur.md#upload-parts). */
  uploadFileField: z.enum(['content', 'doc']).default('content'),
});
export type ParapheurSettings = z.infer<typeof parapheurSettingsSchema>;


export const parapheurProvider = describeProvider({
  id: 'parapheur',
  settings: parapheurSettingsSchema,
  knownBaseUrls: {
    preprod: 'https://demo-parapheur.dfast.fr/parapheur-ws/rest/v1/',
    production: 'https://parapheur.dfast.fr/parapheur-ws/rest/v1/',
  },
  secretKeys: [
    'parapheur.certificate',
    'parapheur.certificatePassword',
    // Sandbox mode: the simulator's test identity, imported automatically so that the sandbox path is
    // the production path (vault → https.Agent) and not a shortcut.
    'parapheur.sandboxCertificate',
    'parapheur.sandboxCertificatePassword',
    /** Optional CA bundle (PEM) for a FAST host whose chain the OS does not trust. */
    'parapheur.caBundle',
  ],
  automaticSecretKeys: ['parapheur.sandboxCertificate', 'parapheur.sandboxCertificatePassword'],
});

export const documentPhaseSchema = z.enum(documentPhases);
export type DocumentPhase = z.infer<typeof documentPhaseSchema>;

export const outboxStateSchema = z.enum(outboxStates);
export type OutboxState = z.infer<typeof outboxStateSchema>;

/**
 * A document FAST has whose number Guichet lacks: `searching` (looking for it, never uploading again),
 * `unknown` (« déposé — numéro FAST inconnu »: the clerk enters it), `reused` (FAST gave this number to
 * another document: `formerDocumentId` is the number this row had).
 */
export const documentIdStatusSchema = z.enum(['searching', 'unknown', 'reused']);
export type DocumentIdStatus = z.infer<typeof documentIdStatusSchema>;

export const fileKindSchema = z.enum(['pdf', 'xml', 'zip', 'any']);
export type FileKind = z.infer<typeof fileKindSchema>;

export const circuitSchema = z.object({
  id: z.string().min(1).max(255),
  name: z.string().min(1).max(255),
  accepts: z.array(fileKindSchema).min(1),
  /** Visa + signature + OTP steps, when known: makes "signé" exact on multi-step circuits. */
  stepCount: z.number().int().min(1).max(50).nullable(),
  pinned: z.boolean(),
  source: z.enum(['provider', 'manual']),
  lastLabel: z.string().nullable(),
  lastRecipients: z.string().nullable(),
  /** Metadata names used on the last deposit into this circuit, offered again with empty values. */
  lastMetadataNames: z.array(z.string()).default([]),
  /**
   * The certificate user's profile labels on this circuit as FAST's user export gave them at the last
   * refresh (AGENT, DEPOSANT, CERTIFICAT…: they vary between FAST versions, so they inform, never filter).
   */
  profiles: z.array(z.string().max(100)).max(20).default([]),
});
export type Circuit = z.infer<typeof circuitSchema>;

export const onDemandStepSchema = z.object({
  step: z.enum(['visa', 'signature', 'OTPSignature']),
  members: z.array(z.string().max(254)).max(20),
});
export const onDemandCircuitSchema = z.object({
  type: z.enum(['BUREAUTIQUE_PDF', 'BUREAUTIQUE_XML', 'HELIOS_AVEC_TELETRANSMISSION', 'HELIOS_SANS_TELETRANSMISSION']),
  steps: z.array(onDemandStepSchema).min(1).max(20),
});
export type OnDemandCircuit = z.infer<typeof onDemandCircuitSchema>;

export const depositTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('circuit'), circuitId: z.string().min(1).max(255) }),
  z.object({ kind: z.literal('ondemand'), circuit: onDemandCircuitSchema }),
]);
export type DepositTarget = z.infer<typeof depositTargetSchema>;

export const otpSignerSchema = z.object({
  firstName: z.string().min(1).max(100),
  lastName: z.string().min(1).max(100),
  phone: z.string().min(1).max(30),
  email: z.string().min(3).max(254),
});

/**
 * One metadata of a deposit (docs/providers/fast-parapheur.md#metadata-and-otp, `<meta-data name="TEXT_001" value="…"/>`).
 * Names come from the circuit's metadata configuration on FAST (TEXT_001, NUM_001, ESUP's TEXT001).
 */
export const depositMetadataEntrySchema = z.object({
  name: z.string().regex(/^[A-Za-z0-9_]{1,64}$/),
  value: z.string().max(255),
});
export type DepositMetadataEntry = z.infer<typeof depositMetadataEntrySchema>;

/**
 * Why a filed document is not being tracked right now, as a code the renderer words. `addressNotFound`:
 * the configured address answers 404 to every call (a wrong base URL); nothing is concluded about the
 * document, and tracking resumes once the address is corrected.
 */
export const trackingIssueSchema = z.object({ code: z.enum(['addressNotFound']), host: z.string() });
export type TrackingIssue = z.infer<typeof trackingIssueSchema>;

export const documentRowSchema = z.object({
  localId: z.number().int(),
  batchId: z.string(),
  circuitId: z.string(),
  circuitName: z.string(),
  label: z.string(),
  comment: z.string(),
  originalName: z.string(),
  providerName: z.string(),
  size: z.number().int(),
  documentId: z.string().nullable(),
  documentIdStatus: documentIdStatusSchema.nullable().default(null),
  formerDocumentId: z.string().nullable().default(null),
  outboxState: outboxStateSchema,
  phase: documentPhaseSchema,
  stepDone: z.number().int().nullable(),
  stepCount: z.number().int().nullable(),
  currentStepLabel: z.string().nullable(),
  holder: z.string().nullable(),
  waitingSince: z.string().nullable(),
  late: z.boolean(),
  /** What the clerk should know about this row now, as a catalogue entry (an older Guichet's sentence: `app:hostErrors.untranslated`). */
  lastError: hostTextSchema.nullable(),
  trackingIssue: trackingIssueSchema.nullable(),
  refusalComment: z.string().nullable(),
  createdAt: z.string(),
  filedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  lastPolledAt: z.string().nullable(),
  nextPollAt: z.string().nullable(),
  signedBlob: z.string().nullable(),
  fdcBlob: z.string().nullable(),
  deletable: z.boolean(),
});
export type DocumentRow = z.infer<typeof documentRowSchema>;

export const historyEntrySchema = z.object({
  userFullname: z.string(),
  date: z.string(),
  stateName: z.string().nullable(),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/);

/** An annex packed with the main file into the deposited `<main>.pdf.zip` (name as inside the ZIP). */
export const depositedAnnexSchema = z.object({
  name: z.string(),
  size: z.number().int().nonnegative(),
  sha256: sha256Schema,
});
export type DepositedAnnex = z.infer<typeof depositedAnnexSchema>;

export const documentOutputRoleSchema = z.enum(['signed', 'fdc', 'acquit', 'other']);
export type DocumentOutputRole = z.infer<typeof documentOutputRoleSchema>;

/** A file of the ZIP FAST answered a download with (docs/providers/fast-parapheur.md#downloads), unpacked into the blob store. */
export const documentOutputSchema = z.object({
  name: z.string(),
  role: documentOutputRoleSchema,
  sha256: sha256Schema,
  size: z.number().int().nonnegative(),
});
export type DocumentOutput = z.infer<typeof documentOutputSchema>;

export const documentDetailSchema = z.object({
  row: documentRowSchema,
  history: z.array(historyEntrySchema),
  recipients: z.string(),
  webUrl: z.string().nullable(),
  annexes: z.array(depositedAnnexSchema).default([]),
  outputs: z.array(documentOutputSchema).default([]),
  /** What the clerk gave at deposit for FAST's metadata and OTP steps (sent right after the upload). */
  metadata: z.array(depositMetadataEntrySchema).default([]),
  otpSigners: z.array(otpSignerSchema).default([]),
  /** Metadata or OTP information not yet accepted by FAST (being sent, or waiting for the network). */
  followupsPending: z.boolean().default(false),
});
export type DocumentDetail = z.infer<typeof documentDetailSchema>;

export const fileCheckSchema = z.object({
  fileId: z.string(),
  name: z.string(),
  size: z.number().int(),
  mediaType: z.string(),
  accepted: z.boolean(),
  /** Why the file is refused, as a catalogue entry. */
  reason: hostTextSchema.nullable(),
  providerName: z.string().nullable(),
  /** An annex packed with the main file into `<main>.zip`; providerName is then its name in the ZIP. */
  annex: z.boolean().optional(),
});
export type FileCheck = z.infer<typeof fileCheckSchema>;

export const remainingKindSchema = z.enum(['ack', 'pes-retour', 'chorus']);

export const fastUserSchema = z.object({
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  authenticationType: z.string(),
  groups: z.array(z.string()),
  circuits: z.array(z.string()),
});
export type FastUser = z.infer<typeof fastUserSchema>;

export const syncUserSchema = z.object({
  authenticationType: z.enum(['CERTIFICAT', 'BASIC']),
  email: z.string().min(3).max(254),
  firstName: z.string().min(1).max(100),
  lastName: z.string().min(1).max(100),
  groups: z.array(z.string().max(100)).max(50).default([]),
});

/** The FAST server's certificate authorities the clerk or the administrator gave (public, not a secret). */
export const serverAuthorityInfoSchema = z.object({
  configured: z.boolean(),
  /** Sandbox: the simulator's own authority is used, whatever is configured. */
  sandbox: z.boolean(),
  authorities: z.array(z.object({ subject: z.string(), notAfter: z.string() })).max(500),
});

export const certificateInfoSchema = z.object({
  configured: z.boolean(),
  subject: z.string().nullable(),
  email: z.string().nullable(),
  issuer: z.string().nullable(),
  notAfter: z.string().nullable(),
  sandbox: z.boolean(),
});
