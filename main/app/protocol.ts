import { protocol } from 'electron';
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { buildContentSecurityPolicy, securityHeaders } from '../core/security/contentSecurityPolicy.js';
import { mediaTypeOf, resolveStaticAsset } from '../core/security/staticAssets.js';
import type { Guichet } from '../composition.js';

export const appScheme = 'app';
export const appHost = 'guichet';
export const appOrigin = `${appScheme}://${appHost}`;

/** Must run before `ready`: app:// behaves like a secure, standard origin (fetch, workers, CSP 'self'). */
export function registerAppSchemePrivileges() {
  protocol.registerSchemesAsPrivileged([
    { scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
}

/**
 * Serves the renderer build and stored blobs from app://guichet. Only two roots exist; every path is
 * checked against escape, and every answer carries the CSP header.
 */
export function handleAppScheme(rendererDir: string, guichet: Guichet) {
  const csp = buildContentSecurityPolicy();
  const headers = securityHeaders(csp);
  protocol.handle(appScheme, async (request) => {
    const url = new URL(request.url);
    if (url.host !== appHost) return new Response('Introuvable', { status: 404, headers });
    const blob = /^\/blob\/([a-f0-9]{64})$/.exec(url.pathname);
    if (blob) {
      const found = await guichet.openBlob(blob[1]!, url.searchParams.get('name'));
      if (!found) return new Response('Document introuvable', { status: 404, headers });
      return new Response(Readable.toWeb(found.stream) as ReadableStream, { headers: { ...headers, ...found.headers } });
    }
    const file = await resolveStaticAsset(rendererDir, url.pathname);
    if (!file) return new Response('Introuvable', { status: 404, headers });
    return new Response(Readable.toWeb(fs.createReadStream(file)) as ReadableStream, {
      headers: { ...headers, 'Content-Type': mediaTypeOf(file) },
    });
  });
}
