import type { HighlightPart } from '../../../shared/ipc/archive.js';

/**
 * A text with the search words marked. The parts come from main (FTS5 highlight/snippet) and hold
 * the documents' own text: each is a React text node, so nothing in a document can become markup.
 */
export function HighlightedText({ parts }: { parts: readonly HighlightPart[] }) {
  return (
    <>
      {parts.map((part, index) =>
        part.hit ? (
          <mark key={index} className="archive__hit">
            {part.text}
          </mark>
        ) : (
          <span key={index}>{part.text}</span>
        ),
      )}
    </>
  );
}
