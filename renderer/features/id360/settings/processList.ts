import type { Id360Process } from '../../../../shared/domain/id360.js';

/**
 * The rules of Réglages › ID360 › parcours, as plain data (unit-tested without React): the same limits
 * as the settings schema (shared/domain/id360.ts), checked before main so the clerk reads why at once.
 */
export const uuidPattern = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
export const maxProcesses = 50;
export const maxLabelLength = 120;

export type ProcessProblem = 'labelRequired' | 'labelTooLong' | 'uuid' | 'duplicate' | 'tooMany';

export interface ProcessDraft {
  label: string;
  uuid: string;
}

/** Adds one process to the list, or says which field is wrong and why. */
export function addProcess(
  list: readonly Id360Process[],
  draft: ProcessDraft,
): { ok: true; list: Id360Process[]; added: Id360Process } | { ok: false; problems: Partial<Record<'label' | 'uuid', ProcessProblem>> } {
  const label = draft.label.trim().replace(/\s+/g, ' ');
  // A UUID pasted from an e-mail often comes with spaces or braces around it.
  const uuid = draft.uuid.trim().replace(/^[{(]|[})]$/g, '').toLowerCase();
  const problems: Partial<Record<'label' | 'uuid', ProcessProblem>> = {};
  if (!label) problems.label = 'labelRequired';
  else if (label.length > maxLabelLength) problems.label = 'labelTooLong';
  if (!uuidPattern.test(uuid)) problems.uuid = 'uuid';
  else if (list.some((p) => p.uuid.toLowerCase() === uuid)) problems.uuid = 'duplicate';
  if (!problems.label && !problems.uuid && list.length >= maxProcesses) problems.uuid = 'tooMany';
  if (problems.label || problems.uuid) return { ok: false, problems };
  const added = { uuid, label };
  return { ok: true, list: [...list, added], added };
}
