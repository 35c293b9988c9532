import { z } from 'zod';
import { channel, type ChannelSpec } from './define.js';
import {
  enrollmentRowSchema,
  id360ControlledDataSchema,
  id360PersonSchema,
  id360ProcessSchema,
  id360StatusSchema,
  keptFileSchema,
  reportViewSchema,
} from '../domain/id360.js';

const localId = z.object({ localId: z.number().int().positive() });

export const id360ProcessEntrySchema = id360ProcessSchema.extend({
  /** `sandbox`: listed by the simulator; `settings`: named by the organisation. */
  source: z.enum(['settings', 'sandbox']),
});

const trackerCursor = z.object({ createdAt: z.string(), localId: z.number().int() });

/** The tracker's sync line (issue 12, « Offline »): from this computer's data only. */
export const id360SyncStatusSchema = z.object({
  /** When ID360 last answered the tracker (a status, a file). */
  lastSyncedAt: z.string().nullable(),
  /** The tracker's last attempt could not reach ID360. */
  unreachable: z.boolean(),
  /** Checks still followed (not finished). */
  following: z.number().int(),
  /** Files of finished checks still to download. */
  filesWaiting: z.number().int(),
});

export const id360Channels = {
  'id360.processes.list': channel(z.object({}).strict(), z.array(id360ProcessEntrySchema)),
  /** A new check: ID360 creates the enrollment, then receives the data to compare; the answer carries the journey link. */
  'id360.enrollments.create': channel(
    z.object({
      processUuid: id360ProcessSchema.shape.uuid,
      clientReference: z.string().trim().min(1).max(100).optional(),
      person: id360PersonSchema.default({}),
      /** Data ID360 compares with what the person shows, locked so they cannot change it. */
      lock: z.array(id360ControlledDataSchema).max(5).default([]),
      /** Started from this case folder of the Archive: the check's files join it (docs/architecture.md#archive). */
      archiveCaseId: z.number().int().positive().optional(),
    }),
    z.object({ row: enrollmentRowSchema, journeyUrl: z.string().url() }),
  ),
  /**
   * Sends the comparison data ID360 has not taken yet to the same enrollment (after a failure at
   * creation), then gives its journey link: never a second enrollment.
   */
  /** `journeyUrl` null: a check attached without its journey key (`row.journeyLinkKnown` false). */
  'id360.enrollments.resumeControls': channel(localId, z.object({ row: enrollmentRowSchema, journeyUrl: z.string().url().nullable() })),
  /**
   * A check whose create call got no readable answer (« création incertaine »), resolved by the clerk
   * after looking in ID360's console: `enrollmentId` is the enrollment found there (attached after
   * ID360 confirms it carries the check's reference), `null` says there is none (created now, once).
   */
  'id360.enrollments.resolveCreation': channel(
    localId.extend({ enrollmentId: z.string().trim().regex(/^\d{1,12}$/).nullable() }),
    z.object({ row: enrollmentRowSchema, journeyUrl: z.string().url().nullable() }),
  ),
  'id360.enrollments.list': channel(
    z.object({
      statuses: z.array(id360StatusSchema).max(8).optional(),
      /** Only enrollments ID360 no longer keeps (shown « expiré »). */
      expiredOnly: z.boolean().optional(),
      processUuid: z.string().max(64).optional(),
      createdFrom: z.string().datetime().optional(),
      createdTo: z.string().datetime().optional(),
      search: z.string().max(100).optional(),
      limit: z.number().int().min(1).max(500).default(100),
      after: trackerCursor.optional(),
    }),
    z.object({ items: z.array(enrollmentRowSchema), next: trackerCursor.nullable() }),
  ),
  'id360.enrollments.get': channel(localId, enrollmentRowSchema),
  /** The hosted journey of an open enrollment, to show its QR code again. */
  'id360.enrollments.journeyLink': channel(localId, z.object({ url: z.string().url() })),
  'id360.enrollments.discontinue': channel(localId, enrollmentRowSchema),
  /** Sandbox only: ends the simulated journey as the person would. */
  'id360.sandbox.finish': channel(localId.extend({ outcome: z.enum(['OK', 'KO']) }), enrollmentRowSchema),
  /** A user account's login needs the clerk's one-time 2FA code (never stored). */
  'id360.session.state': channel(z.object({}).strict(), z.object({ twoFactorNeeded: z.boolean() })),
  /** Logs in now with this one-time 2FA code; fails with the reason when ID360 refuses it. */
  'id360.session.twoFactor': channel(z.object({ code: z.string().trim().regex(/^[0-9A-Za-z]{4,12}$/) }).strict(), z.object({ ok: z.literal(true) })),
  'id360.report.view': channel(localId, reportViewSchema),
  /** Fetches and keeps the archived report of a check past its 2 months (user accounts only). */
  'id360.report.fetchArchive': channel(localId, reportViewSchema),
  'id360.files.kept': channel(localId, z.array(keptFileSchema)),
  'id360.sync.status': channel(z.object({}).strict(), id360SyncStatusSchema),
} satisfies Record<string, ChannelSpec>;

export const id360Events = {
  'id360.enrollment.changed': enrollmentRowSchema,
  /** The tracker reached ID360 or failed to: the sync line reads again. */
  'id360.sync.changed': id360SyncStatusSchema,
} satisfies Record<string, z.ZodType>;
