import { z } from 'zod';
import { channel, type ChannelSpec } from './define.js';
import { hostTextSchema } from './hostTextSchema.js';

/** A piece of a text where the search words are marked: the page renders `hit` parts as <mark>, never as HTML. */
export const highlightPartSchema = z.object({ text: z.string(), hit: z.boolean() });
export type HighlightPart = z.infer<typeof highlightPartSchema>;

export const archiveTextStateSchema = z.enum(['pending', 'done', 'none', 'not_pdf', 'failed']);
export type ArchiveTextState = z.infer<typeof archiveTextStateSchema>;

export const archiveItemSchema = z.object({
  id: z.number().int(),
  /** A provider id of the registry (`parapheur`, `id360`…). */
  provider: z.string(),
  kind: z.string(),
  environment: z.string(),
  title: z.string(),
  fileName: z.string(),
  labels: z.array(z.string()),
  people: z.array(z.string()),
  reference: z.array(z.string()),
  mediaType: z.string().nullable(),
  size: z.number().int().nullable(),
  sha256: z.string(),
  createdAt: z.string(),
  archivedAt: z.string(),
  availableUntil: z.string().nullable(),
  textState: archiveTextStateSchema,
  textPages: z.number().int().nullable(),
  /** The title with the search words marked (the whole title, unmarked, when there is no search). */
  titleParts: z.array(highlightPartSchema),
  /** Where the words were found (PDF text, comments, people…), a few words around them; null without a search. */
  snippetParts: z.array(highlightPartSchema).nullable(),
});
export type ArchiveItem = z.infer<typeof archiveItemSchema>;

const ids = z.array(z.number().int().positive()).min(1).max(10_000);
const providerName = z.string().regex(/^[a-z][a-z0-9]{1,30}$/);
const ok = z.object({ ok: z.literal(true) });
/** Some items by id, or every item of a case folder. */
const selection = z.union([z.object({ ids }).strict(), z.object({ caseId: z.number().int().positive() }).strict()]);

export const archiveVerifyReportSchema = z.object({
  checked: z.number().int(),
  missing: z.array(z.object({ id: z.number().int(), provider: z.string(), title: z.string() })),
  altered: z.array(z.object({ id: z.number().int(), provider: z.string(), title: z.string() })),
  checkedAt: z.string(),
});
export type ArchiveVerifyReport = z.infer<typeof archiveVerifyReportSchema>;

/** A case folder (« Dossier »): items from any provider that belong to one person or one file. */
export const archiveCaseSchema = z.object({
  id: z.number().int(),
  title: z.string(),
  reference: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  items: z.number().int(),
  providers: z.array(z.string()),
});
export type ArchiveCase = z.infer<typeof archiveCaseSchema>;

/**
 * A journal entry, as the journal channel gives it (shared/ipc/contract.ts `journalEntrySchema`, not
 * imported: the contract imports this file).
 */
const caseJournalEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  provider: z.string().nullable(),
  objectType: z.string().nullable(),
  objectId: z.string().nullable(),
  summary: hostTextSchema,
});

export const archiveChannels = {
  /**
   * Search or list the Archive, newest first without words, best match first (bm25) with words. Local
   * only: works offline. `total` stops counting at `countLimit` (`totalCapped`).
   */
  'archive.search': channel(
    z.object({
      query: z.string().max(300).default(''),
      providers: z.array(providerName).max(20).optional(),
      /** Only this case folder's items. */
      caseId: z.number().int().positive().optional(),
      /** Items outside this case that share a person or a reference with it. */
      suggestionsFor: z.number().int().positive().optional(),
      limit: z.number().int().min(1).max(500).default(100),
      offset: z.number().int().min(0).max(1_000_000).default(0),
    }),
    z.object({ items: z.array(archiveItemSchema), total: z.number().int(), totalCapped: z.boolean(), pendingText: z.number().int() }),
  ),
  /** Per provider of the registry: days local copies are kept, null for « toujours ». */
  'archive.retention.get': channel(z.object({}).strict(), z.array(z.object({ provider: z.string(), keepDays: z.number().int().nullable() }))),
  'archive.retention.set': channel(z.object({ provider: providerName, keepDays: z.number().int().min(1).max(36_500).nullable() }), ok),
  /** Deletes the local copies (blobs) of these items; the journal keeps that a purge happened. */
  'archive.purge': channel(
    z.union([
      selection,
      /**
       * Every file of what this item belongs to at its provider, as its module's journal names it: a
       * DossierFacile tenant's whole file and pieces (the purge « par locataire »), an ID360 check, a
       * FAST document (docs/architecture.md#archive).
       */
      z.object({ ownerOf: z.number().int().positive() }).strict(),
    ]),
    z.object({ purged: z.number().int(), blobsDeleted: z.number().int() }),
  ),
  /** « Vérifier l'archive »: rehashes every kept file against the hash recorded in the database. */
  'archive.verify': channel(z.object({}).strict(), archiveVerifyReportSchema),
  /** A ZIP of the selection (files + manifest.json with hashes), stored as a blob the page downloads. */
  'archive.export': channel(selection, z.object({ blob: z.string(), fileName: z.string(), size: z.number().int(), count: z.number().int() })),
  /**
   * The selection as a folder (files + manifest.json with hashes) in a new dated folder: inside the
   * folder the clerk picks (Electron's native dialog; `saved: false` when they cancel), or, under the
   * web host where the page cannot pick one, inside the clerk's Downloads folder (`chosen: false`).
   * `path` says where, for the page to tell the clerk.
   */
  'archive.exportFolder': channel(selection, z.object({ saved: z.boolean(), chosen: z.boolean(), path: z.string().nullable(), count: z.number().int() })),
  /**
   * Electron: drags a kept file out of the window (a named copy handed to the native drag). The
   * browser drags the file's DownloadURL instead. `fileName`: the name the page shows; the item's own otherwise.
   */
  'archive.dragOut': channel(
    z.object({ id: z.number().int().positive(), fileName: z.string().trim().min(1).max(255).optional() }).strict(),
    z.object({ started: z.literal(true) }),
  ),
  /** Case folders, newest first; with words, those whose title, reference or items (PDF text included) hold them. */
  'archive.cases.list': channel(z.object({ query: z.string().max(300).default('') }), z.array(archiveCaseSchema)),
  'archive.cases.create': channel(z.object({ title: z.string().trim().min(1).max(200), reference: z.string().trim().max(100).default('') }), archiveCaseSchema),
  /** What happened to the case's items (the modules' journal entries about them), newest first. */
  'archive.cases.timeline': channel(z.object({ caseId: z.number().int().positive() }), z.array(caseJournalEntrySchema)),
  /** Attaches items to a case (moving them from another one); `caseId: null` takes them out of their case. */
  'archive.cases.attach': channel(z.object({ caseId: z.number().int().positive().nullable(), ids }), z.object({ changed: z.number().int() })),
} satisfies Record<string, ChannelSpec>;

export const archiveEvents = {
  /** Items were added, changed, purged or got their text: lists reload what they show. */
  'archive.changed': z.object({ reason: z.enum(['items', 'text', 'purge']) }),
} satisfies Record<string, z.ZodType>;
