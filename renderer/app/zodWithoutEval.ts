import { config } from 'zod/v4/core';

// The CSP forbids eval (script-src 'self'). Zod would otherwise probe `new Function("")` on its first
// object parse: the throw is caught, but Chromium still reports a CSP violation each time the app starts.
// Imported first by main.tsx so it runs before any schema is used.
config({ jitless: true });
