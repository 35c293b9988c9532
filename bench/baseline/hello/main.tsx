import { createRoot } from 'react-dom/client';
import { useState } from 'react';

/** The startup baseline: the smallest interactive React page, built by Vite like Guichet's renderer. */
function Hello() {
  const [n, setN] = useState(0);
  return (
    <button data-testid="app-ready" onClick={() => setN(n + 1)}>
      Bonjour {n}
    </button>
  );
}
createRoot(document.getElementById('root')!).render(<Hello />);
