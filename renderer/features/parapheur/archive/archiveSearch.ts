import type { DocumentRow } from '../../../../shared/domain/parapheur.js';
import { containsAllTerms, searchTerms } from '../../../components/filterText.js';

/** Every word typed must appear somewhere in the document's texts (accents and case ignored). */
export function matchesArchiveSearch(row: DocumentRow, search: string): boolean {
  return containsAllTerms([row.originalName, row.label, row.circuitName, row.comment, row.documentId ?? '', row.providerName].join(' '), searchTerms(search));
}

export function collectedMatchesSearch(item: { kind: string; documentId: string }, kindLabel: string, search: string): boolean {
  return containsAllTerms([item.kind, kindLabel, item.documentId].join(' '), searchTerms(search));
}
