import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startParapheurSimulator, type ParapheurSimulator, type ParapheurSimulatorOptions } from '../../../main/sandbox/parapheur/index.js';
import { isGuichetError } from '../../../shared/ipc/errors.js';
import {
  createParapheurClient,
  type ConnectionTestResult,
  type ParapheurClient,
  type ParapheurClientOptions,
  type ParapheurConnection,
  type UploadFile,
} from '../../../main/providers/parapheur/client.js';

/** A running simulator (real HTTPS + mutual TLS on 127.0.0.1) and helpers to talk to it. */
export interface SimulatorFixture {
  sim: ParapheurSimulator;
  dir: string;
  /** The sandbox deposit user's connection, with optional overrides. */
  connection(overrides?: Partial<ParapheurConnection>): ParapheurConnection;
  client(overrides?: Partial<ParapheurConnection>, opts?: ParapheurClientOptions): ParapheurClient;
  /** Writes a small valid-looking PDF and returns it as an UploadFile. */
  pdf(name: string, text?: string): UploadFile;
  file(name: string, content: string | Buffer): UploadFile;
  stop(): Promise<void>;
}

export async function startSimulatorFixture(options: Partial<ParapheurSimulatorOptions> = {}): Promise<SimulatorFixture> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guichet-parapheur-client-'));
  const sim = await startParapheurSimulator({ dataDir: path.join(dir, 'sim'), autoAdvance: false, pollRule: 'off', persist: false, ...options });
  const filesDir = path.join(dir, 'files');
  fs.mkdirSync(filesDir);
  const clients: ParapheurClient[] = [];
  let counter = 0;

  const connection = (overrides: Partial<ParapheurConnection> = {}): ParapheurConnection => ({
    baseUrl: sim.baseUrl,
    siren: sim.siren,
    pfx: sim.clientIdentity.p12,
    passphrase: sim.clientIdentity.password,
    ca: sim.caCertPem,
    ...overrides,
  });

  const file = (name: string, content: string | Buffer): UploadFile => {
    const target = path.join(filesDir, `${++counter}-${name}`);
    fs.writeFileSync(target, content);
    return { path: target, name, size: fs.statSync(target).size };
  };

  return {
    sim,
    dir,
    connection,
    client(overrides = {}, opts = {}) {
      const client = createParapheurClient(connection(overrides), opts);
      clients.push(client);
      return client;
    },
    pdf: (name, text = 'Courrier de test') => file(name, `%PDF-1.4\n% ${text}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`),
    file,
    async stop() {
      for (const c of clients) c.close();
      await sim.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks);
}

/** Awaits a promise that must reject; returns the error for assertions. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error & { code?: string; details?: unknown }> {
  try {
    await promise;
  } catch (e) {
    return e as Error & { code?: string; details?: unknown };
  }
  throw new Error('expected a rejection');
}

/**
 * The connection test from raw settings, as Réglages runs it (parapheurFeature testConnection): a
 * problem found before any network call (wrong certificate password, expired certificate, invalid
 * SIREN) is a verdict too.
 */
export async function testConnectionWith(conn: ParapheurConnection, opts: ParapheurClientOptions = {}): Promise<ConnectionTestResult> {
  let client: ParapheurClient;
  try {
    client = createParapheurClient(conn, opts);
  } catch (error) {
    if (isGuichetError(error)) return { ok: false, code: error.code, ...error.text };
    throw error;
  }
  try {
    return await client.testConnection();
  } finally {
    client.close();
  }
}
