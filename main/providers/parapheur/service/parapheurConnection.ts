import crypto from 'node:crypto';
import type { ParapheurClient } from '../client.js';
import { GuichetError } from '../../../../shared/ipc/errors.js';
import type { Environment } from '../../../../shared/domain/providers.js';
import type { ProviderClock } from '../../../core/time/providerClock.js';
import type { ParapheurServiceDeps } from './deps.js';

export interface ParapheurSession {
  client: ParapheurClient;
  environment: Environment;
  siren: string;
  baseUrl: string;
  simulated: boolean;
  /** The deposit user the certificate names (subject e-mail), when it has one. */
  certificateEmail: string | null;
  /** The session's time: provider delays (the 30-minute rule, « en retard ») are measured with it. */
  clock: ProviderClock;
}

/**
 * Builds the FAST client from the current settings and the vault, and rebuilds it only when one of
 * them changed. In the sandbox the simulator's test identity goes through the very same path: it is
 * imported into the vault once, then read back like a real certificate.
 */
export function createParapheurConnection(deps: ParapheurServiceDeps) {
  let cached: { key: string; session: ParapheurSession } | null = null;
  let building: { key: string; session: Promise<ParapheurSession> } | null = null;

  type SandboxIdentity = { pfx: Buffer; passphrase: string; siren: string | undefined; ca: string | undefined; email: string | null };
  // Callers at start-up (the page's first listing, the background work) ask at the same time: one
  // of them compares and imports, the others wait for it, so the import is done and journaled once.
  let importing: Promise<SandboxIdentity> | null = null;
  function sandboxIdentity(): Promise<SandboxIdentity> {
    importing ??= importSandboxIdentity().finally(() => {
      importing = null;
    });
    return importing;
  }

  async function importSandboxIdentity(): Promise<SandboxIdentity> {
    const sim = await deps.simulator();
    const issued = sim.clientCertificate;
    if (!issued) throw new GuichetError('NOT_CONFIGURED', { key: 'parapheur:hostErrors.noSandboxCertificate' });
    let stored = await deps.vault.get('parapheur.sandboxCertificate');
    let password = await deps.vault.get('parapheur.sandboxCertificatePassword');
    const expected = issued.pfx.toString('base64');
    if (stored !== expected || password !== issued.password) {
      try {
        await deps.vault.set('parapheur.sandboxCertificate', expected);
        await deps.vault.set('parapheur.sandboxCertificatePassword', issued.password);
        deps.journal.append({
          actor: 'système',
          action: 'parapheur.certificate.sandbox',
          provider: 'parapheur',
          summary: { key: 'parapheur:activity.summaries.sandboxCertificate' },
        });
      } catch (error) {
        // A vault that refuses (no OS keychain) must not make the sandbox unusable: the test identity is
        // not a real secret, keep it in memory only.
        deps.logger.warn('sandbox certificate kept in memory: vault refused it', { error: (error as Error).message });
      }
      stored = expected;
      password = issued.password;
    }
    return { pfx: Buffer.from(stored, 'base64'), passphrase: password ?? '', siren: sim.account.siren, ca: sim.caPem, email: issued.email };
  }

  async function session(): Promise<ParapheurSession> {
    const settings = deps.settings.get().providers.parapheur;
    const endpoint = await deps.endpointOf('parapheur');
    if (!endpoint.baseUrl) {
      throw new GuichetError('NOT_CONFIGURED', { key: 'parapheur:hostErrors.noAddress' });
    }
    let pfx: Buffer;
    let passphrase: string;
    let siren: string | undefined = settings.siren;
    let ca: string | undefined;
    // The simulator says whose certificate it issued: no need to decode the PKCS#12 (pure-JS key
    // derivation, a few hundred milliseconds of a busy event loop at start-up).
    let knownEmail: string | null = null;
    if (endpoint.simulated) {
      const identity = await sandboxIdentity();
      pfx = identity.pfx;
      passphrase = identity.passphrase;
      // The simulator's tenant, whatever SIREN the organisation saved for its real FAST (Réglages shows it).
      siren = identity.siren;
      ca = identity.ca;
      knownEmail = identity.email;
    } else {
      const cert = await deps.vault.get('parapheur.certificate');
      if (!cert) {
        throw new GuichetError('NOT_CONFIGURED', { key: 'parapheur:hostErrors.noCertificate' });
      }
      pfx = Buffer.from(cert, 'base64');
      passphrase = (await deps.vault.get('parapheur.certificatePassword')) ?? '';
      // Réglages (or the administrator's pre-seed file) first; the vault entry is where the bridge put it before.
      ca = settings.caBundle ?? (await deps.vault.get('parapheur.caBundle')) ?? undefined;
    }
    if (!siren) {
      throw new GuichetError('NOT_CONFIGURED', { key: 'parapheur:hostErrors.noSiren' });
    }
    const key = crypto
      .createHash('sha256')
      .update([endpoint.environment, endpoint.baseUrl, siren, settings.uploadFileField, passphrase, ca ?? ''].join('\n'))
      .update(pfx)
      .digest('hex');
    if (cached?.key === key) return cached.session;
    // Two callers at start-up (the page's first listing, the background work) share one build.
    if (building?.key === key) return building.session;
    const pending = buildSession(deps, {
      environment: endpoint.environment,
      baseUrl: endpoint.baseUrl,
      simulated: endpoint.simulated,
      siren,
      pfx,
      passphrase,
      ca,
      uploadFileField: settings.uploadFileField,
      clock: deps.clocks.of(endpoint.environment),
      knownEmail,
    });
    building = { key, session: pending };
    try {
      const built = await pending;
      cached = { key, session: built };
      return built;
    } finally {
      if (building?.session === pending) building = null;
    }
  }

  return {
    session,
    invalidate() {
      cached = null;
      building = null;
    },
  };
}
export type ParapheurSessions = ReturnType<typeof createParapheurConnection>;

/**
 * The client for one identity and address. The HTTP stack (axios) and the PKCS#12 decoder
 * (node-forge) load with the first session, not with the application: they are half of its code and
 * nothing on the first screen needs them.
 */
async function buildSession(
  deps: ParapheurServiceDeps,
  p: {
    environment: Environment;
    baseUrl: string;
    simulated: boolean;
    siren: string;
    pfx: Buffer;
    passphrase: string;
    ca: string | undefined;
    uploadFileField: 'content' | 'doc';
    clock: ProviderClock;
    knownEmail: string | null;
  },
): Promise<ParapheurSession> {
  const [{ createParapheurClient }, { describeCertificate }] = await Promise.all([import('../client.js'), import('../../../core/http/certificate.js')]);
  const client = createParapheurClient(
    { baseUrl: p.baseUrl, siren: p.siren, pfx: p.pfx, passphrase: p.passphrase, ca: p.ca, uploadFileField: p.uploadFileField },
    { logger: deps.logger },
  );
  let certificateEmail: string | null = p.knownEmail?.toLowerCase() ?? null;
  if (!certificateEmail) {
    try {
      certificateEmail = describeCertificate(p.pfx, p.passphrase).email?.toLowerCase() ?? null;
    } catch {
      // createParapheurClient has already explained an unreadable certificate.
    }
  }
  return { client, environment: p.environment, siren: p.siren, baseUrl: p.baseUrl, simulated: p.simulated, clock: p.clock, certificateEmail };
}
