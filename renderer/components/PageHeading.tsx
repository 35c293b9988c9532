import type { ReactNode } from 'react';

/**
 * A page's one <h1>. Focusable by script only (tabIndex -1) so that after a navigation the focus
 * lands on the new page's title and screen readers announce where the clerk now is.
 */
export function PageHeading({ children, intro }: { children: ReactNode; intro?: ReactNode }) {
  return (
    <header className="page-header">
      <h1 className="page-title" tabIndex={-1}>
        {children}
      </h1>
      {intro ? <p className="page-intro">{intro}</p> : null}
    </header>
  );
}
