import type { z } from 'zod';
import type { MessageParams } from '../../../shared/ipc/errors.js';

/**
 * One validation problem as it crosses to the page: the field's dotted path (empty for the whole
 * value) and a catalogue entry (`app:validation.…`) with plain values. The renderer words it in the
 * clerk's language (renderer/app/ipcFailure.ts `readHostIssues`); main writes no sentence
 * (docs/architecture.md#ipc-contract).
 */
export interface ValidationIssue {
  path: string;
  key: string;
  params?: MessageParams;
}

/** A schema's own message (`{ message: 'app:validation.sirenDigits' }`) is already a catalogue entry. */
const catalogueKey = /^[a-z0-9]+:[A-Za-z0-9_.]+$/;

type ZodIssue = z.core.$ZodIssue;

function keyed(key: string, params?: MessageParams): Omit<ValidationIssue, 'path'> {
  return params === undefined ? { key } : { key, params };
}

function describe(issue: ZodIssue): Omit<ValidationIssue, 'path'> {
  if (catalogueKey.test(issue.message)) return { key: issue.message };
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'int') return keyed('app:validation.integer');
      if (issue.expected === 'number' || issue.expected === 'string' || issue.expected === 'boolean' || issue.expected === 'array') {
        return keyed(`app:validation.expected.${issue.expected}`);
      }
      return keyed('app:validation.invalid');
    case 'too_small':
      return keyed(issue.origin === 'string' ? 'app:validation.tooShort' : issue.origin === 'array' ? 'app:validation.tooFewItems' : 'app:validation.tooSmall', { minimum: Number(issue.minimum) });
    case 'too_big':
      return keyed(issue.origin === 'string' ? 'app:validation.tooLong' : issue.origin === 'array' ? 'app:validation.tooManyItems' : 'app:validation.tooBig', { maximum: Number(issue.maximum) });
    case 'invalid_value':
      return keyed('app:validation.oneOf', { values: issue.values.map(String).join(', ') });
    case 'invalid_format':
      return keyed(issue.format === 'url' ? 'app:validation.url' : 'app:validation.format');
    case 'unrecognized_keys':
      return keyed('app:validation.unknownKeys', { keys: issue.keys.join(', ') });
    case 'custom':
      // A refinement still worded in French by its schema (the remnant issue 8 removes): shown as is.
      return keyed('app:validation.untranslated', { text: issue.message });
    default:
      return keyed('app:validation.invalid');
  }
}

export function toValidationIssues(error: z.ZodError): ValidationIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), ...describe(issue) }));
}
