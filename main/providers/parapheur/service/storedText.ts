import { isGuichetError, untranslatedKey, type HostText } from '../../../../shared/ipc/errors.js';
import { hostTextSchema } from '../../../../shared/ipc/hostTextSchema.js';
import { onDemandCircuitId } from '../../../../shared/domain/parapheurVocabulary.js';

/*
 * What a document row says to the clerk (`last_error`, `followup_error`) is stored as a catalogue
 * entry, `{ key, params, parts }` in JSON, and worded by the renderer in the clerk's language
 * (docs/architecture.md#ipc-contract). The columns stay TEXT: rows written by an older Guichet hold a
 * French sentence, which is still shown, as it was written.
 */

/** The JSON a row's text column keeps. */
export function storedText(text: HostText): string;
export function storedText(text: HostText | null): string | null;
export function storedText(text: HostText | null): string | null {
  return text === null ? null : JSON.stringify(text);
}

/** A row's text column as a catalogue entry; an older Guichet's French sentence is shown as is. */
export function readStoredText(value: string | null): HostText | null {
  if (value === null || value === '') return null;
  if (value.startsWith('{')) {
    try {
      const parsed = hostTextSchema.safeParse(JSON.parse(value));
      if (parsed.success) return parsed.data;
    } catch {
      // not JSON: a sentence that happens to start with a brace
    }
  }
  return { key: untranslatedKey, params: { text: value } };
}

/**
 * What the clerk reads of a failure: our own errors carry their catalogue entry; anything else (a
 * database constraint, a programming error) is logged by the caller and shown as a generic sentence.
 */
export function clerkTextOf(error: unknown): HostText {
  if (isGuichetError(error)) return error.text;
  return { key: 'parapheur:notes.internal' };
}

/** `text` with the failure that caused it as its `{{cause}}`. */
export function withCause(text: HostText, error: unknown): HostText {
  return { ...text, parts: { ...text.parts, cause: clerkTextOf(error) } };
}

/** The circuit's name as a sentence part: a FAST circuit's own name, or « circuit à la volée » in the clerk's language. */
export function circuitNameText(row: { circuit_id: string; circuit_name: string }): HostText {
  return row.circuit_id === onDemandCircuitId ? { key: 'parapheur:notes.onDemandCircuit' } : { key: 'parapheur:notes.verbatim', params: { text: row.circuit_name } };
}
