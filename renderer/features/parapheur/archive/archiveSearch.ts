import type { DocumentRow } from '../../../../shared/domain/parapheur.js';
import { foldText } from '../../../components/filterText.js';

function termsOf(search: string): string[] {
  return foldText(search).split(/\s+/).filter(Boolean);
}

function containsAll(haystack: string, terms: readonly string[]): boolean {
  const folded = foldText(haystack);
  return terms.every((t) => folded.includes(t));
}

/** Every word typed must appear somewhere in the document's texts (accents and case ignored). */
export function matchesArchiveSearch(row: DocumentRow, search: string): boolean {
  const terms = termsOf(search);
  if (terms.length === 0) return true;
  return containsAll([row.originalName, row.label, row.circuitName, row.comment, row.documentId ?? '', row.providerName].join(' '), terms);
}

export function collectedMatchesSearch(item: { kind: string; documentId: string }, kindLabel: string, search: string): boolean {
  const terms = termsOf(search);
  if (terms.length === 0) return true;
  return containsAll([item.kind, kindLabel, item.documentId].join(' '), terms);
}
