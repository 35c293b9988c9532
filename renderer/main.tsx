// Must stay the first import: see the file.
import './app/zodWithoutEval.js';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// i18n first: the very first render is already translated.
import './i18n/index.js';
import { App } from './app/App.js';
import { prefetchInitialData } from './app/hostSession.js';
import './styles/index.css';

// The host's first answers are on their way while React renders.
prefetchInitialData();

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
