import { z } from 'zod';
import { channel, type ChannelSpec } from './define.js';
import type { IpcError } from './errors.js';
import { providerIdSchema, secretKeySchema, environmentSchema } from '../domain/providers.js';
import { settingsSchema, settingsPatchSchema } from '../domain/settings.js';
import { parapheurChannels, parapheurEvents } from './parapheur.js';
import { id360Channels, id360Events } from './id360.js';
import { dossierfacileChannels, dossierfacileEvents } from './dossierfacile.js';
import { archiveChannels, archiveEvents } from './archive.js';

export { hostTextKeySchema, hostTextSchema, messageParamsSchema } from './hostTextSchema.js';
import { hostTextKeySchema, hostTextSchema, messageParamsSchema } from './hostTextSchema.js';

export const ipcErrorSchema = z.object({
  code: z.string(),
  key: hostTextKeySchema,
  params: messageParamsSchema.optional(),
  details: z.unknown().optional(),
}) satisfies z.ZodType<IpcError>;

const empty = z.object({}).strict();
const ok = z.object({ ok: z.literal(true) });

export const appInfoSchema = z.object({
  version: z.string(),
  host: z.enum(['electron', 'web']),
  platform: z.string(),
  dataDir: z.string(),
  logFile: z.string(),
});

export const providerEndpointSchema = z.object({
  provider: providerIdSchema,
  environment: environmentSchema,
  baseUrl: z.string().nullable(),
  simulated: z.boolean(),
});

/** The verdict of a connection test: a catalogue entry the renderer writes in the clerk's language. */
export const connectionTestSchema = z.object({
  ok: z.boolean(),
  code: z.string().optional(),
  key: hostTextKeySchema,
  params: messageParamsSchema.optional(),
  details: z.string().optional(),
});

export const journalEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  provider: z.string().nullable(),
  objectType: z.string().nullable(),
  objectId: z.string().nullable(),
  /** What happened, as a catalogue entry: the renderer writes it in the clerk's language. */
  summary: hostTextSchema,
});
export type JournalEntry = z.infer<typeof journalEntrySchema>;

/** A file the clerk dropped, known to main by an opaque id: the renderer never names a path to read. */
export const fileRefSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  name: z.string(),
  size: z.number().int().nonnegative(),
  mediaType: z.string(),
});
export type FileRef = z.infer<typeof fileRefSchema>;

export const foundationChannels = {
  'app.info': channel(empty, appInfoSchema),
  'settings.get': channel(empty, settingsSchema),
  'settings.update': channel(settingsPatchSchema, settingsSchema),
  'secrets.status': channel(empty, z.record(secretKeySchema, z.boolean())),
  'secrets.set': channel(z.object({ key: secretKeySchema, value: z.string().min(1).max(200_000) }), ok),
  'secrets.clear': channel(z.object({ key: secretKeySchema }), ok),
  /**
   * Saved secrets this computer's key could not read (lost key, copied or altered file): set aside and
   * now missing, for the clerk to enter again. Null when there are none. Secrets Guichet imports by
   * itself (the simulator's test identity) are never listed.
   */
  'secrets.unreadable': channel(empty, z.object({ code: z.literal('VAULT_SECRETS_UNREADABLE'), keys: z.array(secretKeySchema).min(1), detectedAt: z.string() }).nullable()),
  'providers.endpoints': channel(empty, z.array(providerEndpointSchema)),
  'providers.testConnection': channel(z.object({ provider: providerIdSchema }), connectionTestSchema),
  'journal.list': channel(
    z.object({ limit: z.number().int().min(1).max(1000).default(200), before: z.number().int().optional() }),
    z.array(journalEntrySchema),
  ),
  'files.forget': channel(z.object({ id: fileRefSchema.shape.id }), ok),
  'shell.openExternal': channel(z.object({ url: z.string().url() }), ok),
  /**
   * Electron: shows a `notify` event as a system notification, in the words the renderer wrote from
   * its catalogues (main writes no sentence). The web host has none: the page's toast is enough.
   */
  'shell.showNotification': channel(z.object({ title: z.string().min(1).max(200), body: z.string().max(2000) }), ok),
  'sandbox.health': channel(empty, z.object({ running: z.boolean(), url: z.string().nullable(), status: z.string() })),
} satisfies Record<string, ChannelSpec>;

export const contract = { ...foundationChannels, ...archiveChannels, ...parapheurChannels, ...id360Channels, ...dossierfacileChannels } satisfies Record<string, ChannelSpec>;

/**
 * Channels that only the preload calls, never the page. A path on the disk is something the page
 * must not be able to name (an injected script would send the clerk's ~/.ssh to a server): the
 * preload resolves a real dropped or picked `File` with webUtils.getPathForFile and registers it
 * here. These names are not in `contract`, so `window.guichet.invoke`, the router's `dispatch` and
 * the web host's bridge all refuse them; Electron listens for them under `preloadOnlyIpcPrefix`.
 */
export const preloadOnlyChannels = {
  'files.registerDroppedPath': channel(z.object({ path: z.string().min(1).max(4096) }), fileRefSchema),
} satisfies Record<string, ChannelSpec>;
export type PreloadOnlyChannelName = keyof typeof preloadOnlyChannels;
export const preloadOnlyChannelNames = Object.keys(preloadOnlyChannels) as PreloadOnlyChannelName[];
export const preloadOnlyIpcPrefix = 'guichet-preload:';
export type Contract = typeof contract;
export type ChannelName = keyof Contract;
export type RequestOf<C extends ChannelName> = z.input<Contract[C]['request']>;
export type ParsedRequestOf<C extends ChannelName> = z.output<Contract[C]['request']>;
export type ResponseOf<C extends ChannelName> = z.output<Contract[C]['response']>;

/** main → renderer events. */
export const events = {
  'network.status': z.object({ online: z.boolean() }),
  'settings.changed': settingsSchema,
  'journal.appended': journalEntrySchema,
  /** A notice for the clerk as catalogue entries: the renderer writes it (toast, and the system notification in Electron). */
  'notify': z.object({ level: z.enum(['info', 'success', 'warning', 'error']), title: hostTextSchema, body: hostTextSchema.optional() }),
  ...archiveEvents,
  ...parapheurEvents,
  ...id360Events,
  ...dossierfacileEvents,
} satisfies Record<string, z.ZodType>;
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

/** What crosses the wire for every call, in both hosts. */
export const ipcResultSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: ipcErrorSchema }),
]);
export type IpcResult = z.infer<typeof ipcResultSchema>;

export const channelNames = Object.keys(contract) as ChannelName[];
export const eventNames = Object.keys(events) as EventName[];
export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

/** The typed API the renderer sees as `window.guichet`, in Electron and in the browser alike. */
export type GuichetApi = {
  invoke<C extends ChannelName>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** Turns dropped browser File objects into FileRefs (path registration in Electron, streamed upload in the browser). */
  stageFiles(files: File[], onProgress?: (sent: number, total: number) => void): Promise<FileRef[]>;
  /**
   * URL the page can load a stored document from (PDF viewer, downloads), by sha-256. `fileName` is
   * the name suggested in Content-Disposition (main cleans it); the type served is the one main read in the bytes.
   */
  blobUrl(sha256: string, fileName?: string): string;
  host: 'electron' | 'web';
};
