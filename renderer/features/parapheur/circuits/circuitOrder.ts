import type { Circuit } from '../../../../shared/domain/parapheur.js';

/** Pinned first, then by name, as main orders them: kept after local changes too. */
export function sortCircuits(list: readonly Circuit[]): Circuit[] {
  return list
    .map((circuit) => ({ circuit, key: nameKey(circuit.name) }))
    .sort((a, b) => Number(b.circuit.pinned) - Number(a.circuit.pinned) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((x) => x.circuit);
}

/**
 * Case- and accent-insensitive (« Écoles » beside « Ecoles »), as a French reader expects. Not
 * localeCompare: its first call loads ICU's collator, ~9 ms on the start-up path of the first screen.
 */
function nameKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/[œæ]/g, (c) => (c === 'œ' ? 'oe' : 'ae'))
    .normalize('NFD')
    .replace(/\p{M}/gu, '');
}
