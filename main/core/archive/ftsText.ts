import type { HighlightPart } from '../../../shared/ipc/archive.js';

/** Marks around the search words, as FTS5 writes them: control characters no indexed text holds (they are stripped). */
export const openMark = '\u0002';
export const closeMark = '\u0003';

/** Turns FTS5's marked text into parts the page renders safely. */
export function highlightParts(marked: string): HighlightPart[] {
  const parts: HighlightPart[] = [];
  let hit = false;
  let text = '';
  for (const ch of marked) {
    if (ch === openMark || ch === closeMark) {
      if (text) parts.push({ text, hit });
      text = '';
      hit = ch === openMark;
    } else text += ch;
  }
  if (text) parts.push({ text, hit });
  return parts;
}

/**
 * The clerk's words as an FTS5 query: each word (letters and digits, as the unicode61 tokenizer cuts
 * them) quoted, so that no FTS5 operator can be typed, and a prefix, so that results come as one types.
 * All words must match. Null when there is no word.
 */
export function ftsQuery(input: string): string | null {
  const words = input.normalize('NFC').match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length === 0) return null;
  return words
    .slice(0, 12)
    .map((w) => `"${w}"*`)
    .join(' ');
}
