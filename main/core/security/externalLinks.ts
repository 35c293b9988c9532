import { knownBaseUrls, providerIds } from '../../../shared/domain/providers.js';
import type { Settings } from '../../../shared/domain/settings.js';

/** Hosts a link may open in the system browser besides the providers' own. */
const documentationHosts = ['www.dossierfacile.logement.gouv.fr', 'www.docaposte.com', 'www.service-public.fr'];

/**
 * shell.openExternal is a classic escalation path (file:, smb:, custom schemes): only https to a
 * provider host the clerk configured, or a fixed documentation host, may leave the app.
 */
export function isExternalUrlAllowed(rawUrl: string, settings: Settings): boolean {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || url.username || url.password) return false;
  const allowed = new Set(documentationHosts);
  for (const id of providerIds) {
    for (const base of Object.values(knownBaseUrls[id])) allowed.add(new URL(base).hostname);
    const custom = settings.providers[id].customBaseUrl;
    if (custom) {
      try {
        allowed.add(new URL(custom).hostname);
      } catch {
        /* invalid custom URL: nothing to allow */
      }
    }
  }
  return allowed.has(url.hostname.toLowerCase());
}
