import { shell } from 'electron';

/**
 * The only call to shell.openExternal in the app. The IPC handler has already checked the link
 * against the allowlist (isExternalUrlAllowed); this re-checks the scheme right at the call so that no
 * future caller can hand it file:, smb: or a custom protocol.
 */
export async function openInSystemBrowser(rawUrl: string): Promise<void> {
  const allowed = new URL(rawUrl);
  if (allowed.protocol !== 'https:') throw new Error('only https links may be opened');
  // electronegativity-reviewed: OPEN_EXTERNAL_JS_CHECK — https only, host allowlisted by the IPC handler.
  await shell.openExternal(allowed.href);
}
