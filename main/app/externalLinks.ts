import { shell } from 'electron';

/**
 * The only call to shell.openExternal in the app. The IPC handler has already checked the link
 * against the allowlist (isExternalUrlAllowed); this re-checks the scheme right at the call so that no
 * future caller can hand it file:, smb: or a custom protocol.
 */
export async function openInSystemBrowser(rawUrl: string): Promise<void> {
  const allowed = new URL(rawUrl);
  // http only towards this computer: a simulator's sign-in page in Sandbox mode (DossierFacile's realm).
  const loopback = allowed.protocol === 'http:' && allowed.hostname === '127.0.0.1';
  if (allowed.protocol !== 'https:' && !loopback) throw new Error('only https links may be opened');
  // electronegativity-reviewed: OPEN_EXTERNAL_JS_CHECK — https (or http to 127.0.0.1) only, host allowlisted by the IPC handler or the provider's sign-in base.
  await shell.openExternal(allowed.href);
}
