import type { ReactNode } from 'react';

/**
 * Identifiers a clerk needs only when calling support (circuit ids, the file name FAST stores):
 * folded away under one summary so the screen speaks the clerk's words first.
 */
export function TechnicalDetails({ summary, testId, children }: { summary: string; testId?: string; children: ReactNode }) {
  return (
    <details className="technical-details" data-testid={testId}>
      <summary className="technical-details__summary">{summary}</summary>
      <div className="technical-details__body">{children}</div>
    </details>
  );
}
