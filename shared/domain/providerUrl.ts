// Plain rule, no schema: the settings forms of the window check addresses without loading zod.

/** Where a simulator can listen: this computer only, never the network. */
const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * A provider URL is https: the calls carry a client certificate, passwords and personal data.
 * Plain http is accepted only towards this computer, where the test simulators listen.
 */
export function isAcceptedProviderUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && loopbackHosts.has(url.hostname.toLowerCase());
}
