import { z } from 'zod';
import { describeProvider, httpsUrl, providerConnectionFields } from './providerSettings.js';
import { id360ControlledData, id360Statuses } from './id360Vocabulary.js';

export * from './id360Vocabulary.js';

/**
 * Docaposte ID360 (identity checks): what every runtime knows of it. Facts in docs/providers/id360.md.
 */

/** ID360 names processes by UUID (docs/providers/id360.md#enrollment); the clerk gives each a label. */
export const id360ProcessSchema = z.object({
  uuid: z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, { message: 'app:validation.processUuid' }),
  label: z.string().trim().min(1).max(120),
});
export type Id360Process = z.infer<typeof id360ProcessSchema>;

/** A path under the API root, as ID360 writes them (`enrollment/{id}/report/pdf/`): never an absolute URL. */
const apiPath = z
  .string()
  .trim()
  .max(200)
  .regex(/^(?!\/)(?!.*\.\.)[A-Za-z0-9_\-./{}]+$/);

/**
 * The paths ID360 does not publish (docs/providers/id360.md#endpoints, #open-questions): a correction
 * found on préproduction's Swagger is a setting (a managed deployment's pre-seed file), not a code
 * change. `{id}` is the enrollment id.
 */
export const id360InferredPathsSchema = z
  .object({
    enrollment: apiPath,
    reportPdf: apiPath,
    reportArchive: apiPath,
    idClaim: apiPath,
    statusByToken: apiPath,
    statusByTokenParam: z.string().regex(/^[A-Za-z0-9_]{1,40}$/),
    enrollmentInfo: apiPath,
  })
  .partial()
  .strict();

export const id360SettingsSchema = z.object({
  ...providerConnectionFields,
  /** The hosted journey's host when it differs from the API's (production: `www.`, docs/providers/id360.md#hosts). */
  customUiBaseUrl: httpsUrl.optional(),
  /** The application account's name; its password is in the vault (`id360.password`). */
  username: z.string().trim().min(1).max(200).optional(),
  /**
   * `user`: an e-mail account whose login takes a one-time 2FA code (docs/providers/id360.md#session),
   * asked of the clerk at login time and never stored; `application` (default) logs in without one.
   */
  accountKind: z.enum(['application', 'user']).default('application'),
  /** The processes the organisation uses; in Sandbox the simulator's are listed too. */
  processes: z.array(id360ProcessSchema).max(50).default([]),
  /** Minutes between two status reads of an open enrollment (polling replaces callbacks on a desktop). */
  pollIntervalMinutes: z.number().int().min(1).max(60).default(2),
  /** A public HTTPS relay that receives ID360's callbacks for this organisation (optional). */
  callbackRelayUrl: httpsUrl.optional(),
  /** Corrections of the inferred paths (pre-seed); absent ones keep main/providers/id360/client.ts defaults. */
  inferredPaths: id360InferredPathsSchema.optional(),
});
export type Id360Settings = z.infer<typeof id360SettingsSchema>;

export const id360Provider = describeProvider({
  id: 'id360',
  settings: id360SettingsSchema,
  knownBaseUrls: {
    preprod: 'https://preprod.id360docaposte.com/api/1.0.0/',
    production: 'https://id360docaposte.com/api/1.0.0/',
  },
  secretKeys: ['id360.password', 'id360.relayKey'],
});

/** The hosted journey's host per environment (docs/providers/id360.md#hosts): it differs from the API in production. */
export const id360KnownUiBaseUrls = {
  preprod: 'https://preprod.id360docaposte.com/',
  production: 'https://www.id360docaposte.com/',
} as const;

// ── Enrollments as the tracker shows them ───────────────────────────────

export const id360StatusSchema = z.enum(id360Statuses);
export type Id360Status = z.infer<typeof id360StatusSchema>;

export const id360ControlledDataSchema = z.enum(id360ControlledData);

export const id360PersonSchema = z
  .object({
    last_name: z.string().trim().max(100),
    first_name: z.string().trim().max(100),
    birth_date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    email: z.string().trim().max(254),
    phone_number: z.string().regex(/^\+[1-9]\d{6,14}$/),
  })
  .partial();
export type Id360Person = z.infer<typeof id360PersonSchema>;

export const keptIntegritySchema = z.enum(['pending', 'valid', 'altered', 'unverifiable']);

export const enrollmentRowSchema = z.object({
  localId: z.number().int(),
  enrollmentId: z.string(),
  processUuid: z.string(),
  processName: z.string().nullable(),
  clientReference: z.string().nullable(),
  person: z.record(z.string(), z.string()),
  status: id360StatusSchema,
  /** Past the provider's deadlines with nothing more to read: shown « expiré ». */
  expired: z.boolean(),
  identityStatus: z.string().nullable(),
  reason: z.string().nullable(),
  stepsDone: z.number().int().nullable(),
  stepsTotal: z.number().int().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  /** Until when ID360 gives the document files (7 days after the end), and an application account's report. */
  providerUntil: z.string(),
  /** Until when ID360 gives the report (its PDF, the idClaim): 2 months for a user account's OK / KO (docs/providers/id360.md#retention). */
  reportsUntil: z.string(),
  /** The earliest deadline among what is not kept yet and ID360 still has; null when nothing is missing. */
  missingUntil: z.string().nullable(),
  signatureVerdict: z.enum(['authentic', 'invalid', 'unverifiable']).nullable(),
  signatureReason: z.string().nullable(),
  /** Files kept valid / still missing or altered. */
  keptValid: z.number().int(),
  keptMissing: z.number().int(),
  keptAltered: z.number().int(),
  /**
   * Created at ID360 but the data to compare not all sent yet: the journey link is withheld (the person
   * would start without the locked data) until « reprendre » sends the rest to this same enrollment.
   */
  controlsPending: z.boolean(),
  /** Something is still not kept and ID360 deletes it within a day (docs/providers/id360.md#retention). */
  atRisk: z.boolean(),
  /** Why it failed: the kept final report's status codes, worded by the renderer's catalogue (empty before). */
  statusCodes: z.array(z.object({ code: z.string(), message: z.string().nullable() })),
  /**
   * Not known to exist at ID360: its create call is on its way (`sending`), or was sent and its answer
   * lost (`uncertain`: the clerk checks ID360's console, then attaches the enrollment found or creates it).
   */
  creation: z.enum(['sending', 'uncertain']).nullable(),
  /**
   * The journey link can be given: false for a check attached from ID360's console whose read gave no
   * journey key (docs/providers/id360.md#lost-create); the clerk finds the link in the console.
   */
  journeyLinkKnown: z.boolean(),
});
export type EnrollmentRow = z.infer<typeof enrollmentRowSchema>;

export const keptFileSchema = z.object({
  kind: z.enum(['report_json', 'report_pdf', 'document', 'idclaim']),
  documentType: z.string(),
  documentName: z.string(),
  page: z.number().int(),
  integrity: keptIntegritySchema,
  /** Present only for a file whose bytes matched (or could not be checked): never for an altered one. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
  mediaType: z.string().nullable(),
  size: z.number().int().nullable(),
  attempts: z.number().int(),
  fetchedAt: z.string().nullable(),
  /** The code of the last failed fetch (`ID360_EXPIRED_OR_PURGED` once ID360 no longer has it). */
  lastError: z.string().nullable(),
});
export type KeptFileView = z.infer<typeof keptFileSchema>;

const statusCodeSchema = z.object({ code: z.string(), message: z.string().nullable(), where: z.string().nullable() });

/** What the report view shows, read from the kept report (offline too). */
export const reportViewSchema = z.object({
  row: enrollmentRowSchema,
  /** False until the final report is kept. */
  hasReport: z.boolean(),
  status: z.string().nullable(),
  identityStatus: z.string().nullable(),
  reason: z.string().nullable(),
  identity: z.record(z.string(), z.string()),
  expected: z.record(z.string(), z.string()),
  steps: z.array(z.object({ name: z.string(), status: z.string().nullable() })),
  statusCodes: z.array(statusCodeSchema),
  failedValidations: z.array(z.object({ id: z.string(), description: z.string().nullable(), message: z.string().nullable() })),
  files: z.array(keptFileSchema),
  /**
   * A finished check whose report is past its window and not kept here (docs/providers/id360.md#archive):
   * `available` — a user account can fetch it from ID360's archive; `userAccountDirect` — the configured
   * application account no longer reads it (7 days) but a user account still reads it directly until
   * `archiveFrom` (2 months), then from the archive; `userAccountOnly` — past 2 months, only a user
   * account gets it, from the archive; `neverArchived` — CANCELED / FAILED checks are never archived. Else null.
   */
  archive: z.enum(['available', 'userAccountDirect', 'userAccountOnly', 'neverArchived']).nullable(),
  /** With `userAccountDirect`: when ID360 moves the report into its archive (ISO). Else null. */
  archiveFrom: z.string().nullable(),
});
export type ReportView = z.infer<typeof reportViewSchema>;
