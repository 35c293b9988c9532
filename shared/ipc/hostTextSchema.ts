import { z } from 'zod';
import type { HostText } from './errors.js';

/*
 * The schemas of a sentence main sends (HostText, shared/ipc/errors.ts), in a module of their own:
 * the domain schemas that carry one (a document row's note, a file check's reason) import it
 * without the whole contract.
 */

/** Plain values of a sentence (dates as ISO strings, sizes in bytes): the renderer formats them. */
export const messageParamsSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));

/** A catalogue entry's name: `namespace:path`. */
export const hostTextKeySchema = z.string().regex(/^[a-z][A-Za-z0-9]*:[A-Za-z0-9_.]+$/);

/** A sentence as a catalogue entry (`namespace:path`) and its values; never a sentence itself. */
export const hostTextSchema: z.ZodType<HostText> = z.lazy(() =>
  z.object({
    key: hostTextKeySchema,
    params: messageParamsSchema.optional(),
    // Sentences inside the sentence (a cause, a list of problems): see HostText.parts.
    parts: z.record(z.string(), z.union([hostTextSchema, z.array(hostTextSchema).max(100)])).optional(),
  }),
);

