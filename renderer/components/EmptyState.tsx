import type { ReactNode } from 'react';

/** What a list says when it has nothing to show: one sentence, in an information notice. */
export function EmptyState({ testId, children }: { testId?: string; children: ReactNode }) {
  return (
    <p className="notice notice--info" data-testid={testId}>
      {children}
    </p>
  );
}
