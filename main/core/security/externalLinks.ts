import { knownBaseUrls, providerIds, type ProviderId } from '../../../shared/domain/providers.js';
import type { Settings } from '../../../shared/domain/settings.js';

/** Hosts a link may open in the system browser besides the providers' own. */
const documentationHosts = ['www.dossierfacile.logement.gouv.fr', 'www.docaposte.com', 'www.service-public.fr'];

/**
 * The host a provider's calls go to now, outside the simulator (which listens on this computer and
 * has no page to open in a browser). A custom URL saved for later, while the provider is still in
 * Sandbox or on a known environment, is not where the provider is and opens nothing.
 */
function effectiveProviderHost(id: ProviderId, settings: Settings): string | null {
  const provider = settings.providers[id];
  const base =
    provider.environment === 'custom' ? provider.customBaseUrl : provider.environment === 'sandbox' ? undefined : knownBaseUrls[id][provider.environment];
  if (!base) return null;
  try {
    return new URL(base).hostname.toLowerCase();
  } catch {
    return null;
  }
}

/**
 * shell.openExternal is a classic escalation path (file:, smb:, custom schemes): only https to the
 * host a provider is configured to use right now, or a fixed documentation host, may leave the app.
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
    const host = effectiveProviderHost(id, settings);
    if (host) allowed.add(host);
  }
  return allowed.has(url.hostname.toLowerCase());
}
