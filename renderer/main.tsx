// Must stay the first import: see the file.
import './app/zodWithoutEval.js';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// i18n first: the very first render is already translated.
import './i18n/index.js';
import { App } from './app/App.js';
import { prefetchInitialData } from './app/hostSession.js';
import './styles/index.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

/**
 * How long the first render waits for the host's first answers. They are usually there already (the
 * early link asked while this script compiled): the shell then shows at once, with no loading screen
 * laid out and painted just before it is replaced. A slower host gets the loading screen after this.
 */
const loadingScreenDelayMs = 150;

void Promise.race([prefetchInitialData(), new Promise((resolve) => setTimeout(resolve, loadingScreenDelayMs))]).then(() => {
  createRoot(container).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});
