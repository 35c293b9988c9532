/**
 * What a simulator hands the provider it stands in for, through the core deps: providers never
 * import their simulator (not even its types), so Sandbox mode takes the production code path with
 * a different address and a test identity.
 */
export interface SimulatedEndpoint {
  /** The simulator's API root on 127.0.0.1 (ephemeral port). */
  readonly baseUrl: string;
  /** The CA its TLS certificate chains to, when it serves HTTPS with a test PKI. */
  readonly caPem?: string;
  /** The client identity it issued, for providers that authenticate with a certificate. */
  readonly clientCertificate?: { readonly pfx: Buffer; readonly password: string; readonly email: string | null };
  /** Its test account's values (a SIREN, a user name and password…), by the provider's own names. */
  readonly account: Readonly<Record<string, string>>;
}

export interface SimulatorOptions {
  /** The simulator's own folder (state, test PKI). */
  dataDir: string;
  /** Simulated time runs this much faster than the wall clock (see core/time/providerClock.ts). */
  timeScale?: number;
  /** Whether simulated documents progress by themselves. */
  autoAdvance?: boolean;
}

/** One running simulator as the sandbox registry sees it. */
export interface RunningSimulator {
  readonly endpoint: SimulatedEndpoint;
  stop(): Promise<void>;
}
