import { app, session, type WebContents } from 'electron';
import { appOrigin } from './protocol.js';
import { buildContentSecurityPolicy } from '../core/security/contentSecurityPolicy.js';

/**
 * Electron security checklist, applied to every web contents ever created: no navigation away from
 * app://guichet, no new windows, no <webview>, and every permission denied unless listed (none are).
 */
export function hardenWebContents(log: (message: string, meta?: unknown) => void) {
  const allowedPermissions = new Set<string>(['clipboard-sanitized-write']);

  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (!url.startsWith(`${appOrigin}/`)) {
        event.preventDefault();
        log('navigation refused', { url });
      }
    });
    contents.on('will-redirect', (event, url) => {
      if (!url.startsWith(`${appOrigin}/`)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => {
      event.preventDefault();
      log('webview refused');
    });
    contents.setWindowOpenHandler(({ url }) => {
      log('window.open refused', { url });
      return { action: 'deny' };
    });
  });

  app.whenReady().then(() => {
    const ses = session.defaultSession;
    ses.setPermissionRequestHandler((_wc, permission, callback) => callback(allowedPermissions.has(permission)));
    ses.setPermissionCheckHandler((_wc, permission) => allowedPermissions.has(permission));
    ses.setDevicePermissionHandler(() => false);
    ses.on('will-download', (event) => event.preventDefault());
    // app:// answers already carry the CSP; this covers any other response the session might load.
    const csp = buildContentSecurityPolicy();
    ses.webRequest.onHeadersReceived((details, callback) => {
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
    });
  }, () => undefined);

}
