import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// import.meta.dirname rather than node:path/node:url: renderer/ imports no Node built-in (lint rule).
const root = import.meta.dirname;

export default defineConfig(({ mode }) => ({
  root,
  // Relative asset URLs: the same build is served from app://guichet/ in Electron and from the web host.
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: mode !== 'production',
    // Assets become files, never data: URIs inlined into the JS/CSS, so the CSP stays simple to reason about.
    assetsInlineLimit: 0,
    // The polyfill is only for browsers without <link rel="modulepreload">; Chromium has it.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1500,
  },
  server: {
    strictPort: true,
  },
}));
