import { z } from 'zod';
import { channel, type ChannelSpec } from './define.js';
import {
  certificateInfoSchema,
  serverAuthorityInfoSchema,
  circuitSchema,
  depositTargetSchema,
  documentDetailSchema,
  documentPhaseSchema,
  depositMetadataEntrySchema,
  documentRowSchema,
  fastUserSchema,
  maxDepositMetadataEntries,
  fileCheckSchema,
  otpSignerSchema,
  remainingKindSchema,
  syncUserSchema,
} from '../domain/parapheur.js';

const ok = z.object({ ok: z.literal(true) });
const empty = z.object({}).strict();
const fileIds = z.array(z.string().regex(/^[A-Za-z0-9_-]{8,64}$/)).min(1).max(1000);
/**
 * Annexes of one main document (docs/providers/fast-parapheur.md#annexes): for a predefined circuit that accepts ZIP, FAST
 * wants one `<main file name>.zip` holding the main file and its annexes; for an on-demand circuit,
 * one `annexes` part per annex next to the main file.
 */
const annexFileIds = z.array(z.string().regex(/^[A-Za-z0-9_-]{8,64}$/)).max(50).default([]);
const localId = z.object({ localId: z.number().int().positive() });
/** A name for an exported copy, worded by the page; main still cleans it for the disk. */
const exportFileName = z.string().trim().min(1).max(255).optional();
const text255 = z.string().max(255);
/**
 * Metadata defined on FAST right after the upload (uploadMeta, before the OTP information). A name
 * given twice would be overwritten by FAST without a word: refused here instead.
 */
const depositMetadata = z
  .array(depositMetadataEntrySchema)
  .max(maxDepositMetadataEntries)
  .refine((entries) => new Set(entries.map((e) => e.name)).size === entries.length, { message: 'parapheur:hostErrors.metadataNamesTwice' })
  .default([]);

export const depositRequestSchema = z.object({
  target: depositTargetSchema,
  label: text255.default(''),
  comment: text255.default(''),
  recipients: text255.default(''),
  cc: text255.default(''),
  agents: text255.default(''),
  otpSigners: z.array(otpSignerSchema).max(10).default([]),
  metadata: depositMetadata,
  fileIds,
  annexFileIds,
  /** Started from this case folder of the Archive: the documents' files join it (docs/architecture.md#archive). */
  archiveCaseId: z.number().int().positive().optional(),
});

/**
 * FAST's section status, from local rows only: the last poll, the last poll FAST answered, the
 * deposits waiting to be sent, and whether the newest call (a poll, a circuit refresh, a connection
 * test) could not reach FAST.
 */
const parapheurSyncStatusSchema = z.object({ lastPolledAt: z.string().nullable(), lastSyncedAt: z.string().nullable(), waiting: z.number().int(), unreachable: z.boolean() });

/** FAST Parapheur channels. */
export const parapheurChannels = {
  'parapheur.certificate.status': channel(empty, certificateInfoSchema),
  /** Imports a PKCS#12 file the clerk dropped into the vault; the file itself is not kept. */
  'parapheur.certificate.import': channel(
    z.object({ fileId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/), password: z.string().max(500) }),
    certificateInfoSchema,
  ),
  'parapheur.serverAuthority.status': channel(empty, serverAuthorityInfoSchema),
  /** Trusts the certificate authority in a file the clerk dropped (.pem, .crt, .cer) for the FAST server. */
  'parapheur.serverAuthority.import': channel(z.object({ fileId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/) }), serverAuthorityInfoSchema),
  'parapheur.serverAuthority.clear': channel(empty, serverAuthorityInfoSchema),
  'parapheur.circuits.list': channel(empty, z.array(circuitSchema)),
  /** Asks FAST which circuits this certificate may use (exportUsersData, simulator listing). */
  'parapheur.circuits.refresh': channel(empty, z.array(circuitSchema)),
  'parapheur.circuits.save': channel(
    circuitSchema.pick({ id: true, name: true, accepts: true, stepCount: true, pinned: true }),
    circuitSchema,
  ),
  'parapheur.circuits.remove': channel(z.object({ id: z.string().min(1).max(255) }), ok),
  /** Everything that can be checked before a byte leaves the machine. */
  'parapheur.deposit.check': channel(
    z.object({ target: depositTargetSchema, label: text255.default(''), fileIds, annexFileIds }),
    z.array(fileCheckSchema),
  ),
  'parapheur.deposit.submit': channel(
    depositRequestSchema,
    z.object({ batchId: z.string(), accepted: z.array(documentRowSchema), refused: z.array(fileCheckSchema) }),
  ),
  'parapheur.deposit.cancel': channel(
    z.union([localId, z.object({ batchId: z.string().min(1).max(64) })]),
    z.object({ cancelled: z.number().int() }),
  ),
  /**
   * For the documents' section, offline too (local only): when FAST was last asked about these
   * documents, and how many deposits wait to be sent (queued, waiting for the network, to retry):
   * parapheurSyncStatusSchema.
   */
  'parapheur.documents.syncStatus': channel(empty, parapheurSyncStatusSchema),
  'parapheur.documents.list': channel(
    z.object({
      circuitId: z.string().max(255).optional(),
      label: z.string().max(255).optional(),
      phases: z.array(documentPhaseSchema).optional(),
      search: z.string().max(200).optional(),
      from: z.string().max(40).optional(),
      to: z.string().max(40).optional(),
      lateOnly: z.boolean().optional(),
      sort: z.enum(['recent', 'waiting']).default('recent'),
      limit: z.number().int().min(1).max(5000).default(500),
      offset: z.number().int().min(0).default(0),
    }),
    z.object({ total: z.number().int(), items: z.array(documentRowSchema) }),
  ),
  'parapheur.documents.get': channel(localId, documentDetailSchema),
  /** The clerk's explicit "actualiser": immediate, but never closer than the minimum gap. */
  'parapheur.documents.refresh': channel(localId, documentDetailSchema),
  'parapheur.documents.delete': channel(localId.extend({ confirm: z.literal(true) }), documentRowSchema),
  /**
   * « Déposé — numéro FAST inconnu » (or a number FAST gave to another document): the clerk gives the
   * document's FAST number; main checks it against FAST and that no other document has it.
   */
  'parapheur.documents.confirmId': channel(localId.extend({ documentId: z.string().trim().min(1).max(40) }), documentRowSchema),
  /**
   * Electron: native "Enregistrer sous…" dialog. The browser downloads through blobUrl instead.
   * `fileName`: the name the page gives the copy in the clerk's language (« Arrêté (signé).pdf »);
   * without it main uses a name in no language (`Arrêté_signed.pdf`).
   */
  'parapheur.documents.saveAs': channel(
    localId.extend({ which: z.enum(['signed', 'fdc', 'original']), fileName: exportFileName }),
    z.object({ saved: z.boolean(), path: z.string().nullable() }),
  ),
  /**
   * Electron: drag the stored file out of the window to the desktop or a folder (the main process
   * starts a native drag of a named copy). The browser drags a DownloadURL instead.
   */
  'parapheur.documents.dragOut': channel(
    localId.extend({ which: z.enum(['signed', 'fdc', 'original']), fileName: exportFileName }),
    z.object({ started: z.boolean() }),
  ),
  'parapheur.collect.remaining': channel(empty, z.record(remainingKindSchema, z.number().int())),
  'parapheur.collect.run': channel(
    empty,
    z.object({ downloaded: z.number().int(), alreadyHad: z.number().int(), failed: z.number().int() }),
  ),
  /** Deletes every Sandbox circuit, document and collected file, and the stored files only they used. */
  'parapheur.sandbox.clear': channel(
    z.object({ confirm: z.literal(true) }),
    z.object({ circuits: z.number().int(), documents: z.number().int(), collected: z.number().int(), files: z.number().int() }),
  ),
  'parapheur.collect.list': channel(
    empty,
    z.array(z.object({ kind: remainingKindSchema, documentId: z.string(), blob: z.string(), collectedAt: z.string(), size: z.number().int() })),
  ),
  'parapheur.users.export': channel(empty, z.array(fastUserSchema)),
  /** Local dry run of synchronizationUsers: what FAST would create, update and DELETE. */
  'parapheur.users.syncPreview': channel(
    z.object({ users: z.array(syncUserSchema).max(5000) }),
    z.object({ created: z.array(z.string()), updated: z.array(z.string()), deleted: z.array(z.string()) }),
  ),
  'parapheur.users.syncApply': channel(
    z.object({ users: z.array(syncUserSchema).max(5000), confirmDeletions: z.number().int().min(0) }),
    z.object({ applied: z.boolean(), failures: z.array(z.string()) }),
  ),
} satisfies Record<string, ChannelSpec>;

export const parapheurEvents = {
  'parapheur.upload.progress': z.object({
    localId: z.number().int(),
    batchId: z.string(),
    sent: z.number().int(),
    total: z.number().int(),
  }),
  'parapheur.document.changed': documentRowSchema,
  'parapheur.collect.progress': z.object({ done: z.number().int(), total: z.number().int() }),
  /** The section status changed without a document changing (a circuit refresh or a connection test reached FAST or not). */
  'parapheur.sync.changed': parapheurSyncStatusSchema,
} satisfies Record<string, z.ZodType>;
