import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { PassThrough, type Readable } from 'node:stream';
import { urlToHttpOptions } from 'node:url';
import axios, { type AxiosInstance, type AxiosRequestConfig, type InternalAxiosRequestConfig } from 'axios';
import { redactText } from '../log/redact.js';
import {
  annotateTransportError,
  certificateRefusedByReset,
  isUnconfirmedCertificateDrop,
  transportContextKey,
  toNetworkError,
  type NetworkErrorContext,
  type TransportFailureContext,
} from './networkErrors.js';

/** The subset of the app logger the HTTP layer uses. Only URL, method, status and duration are logged. */
export interface HttpLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn?(message: string, fields?: Record<string, unknown>): void;
}

export interface HttpClientOptions {
  baseURL: string;
  httpsAgent?: https.Agent;
  /** Time allowed to open the connection, TLS handshake included. */
  connectTimeoutMs?: number;
  /**
   * Inactivity limit once connected: the request fails when no byte has moved in either direction
   * for this long. A 200 MB upload that keeps moving never hits it; a stalled one does.
   */
  transferTimeoutMs?: number;
  logger?: HttpLogger;
  /** Used in French error messages, e.g. "FAST Parapheur". */
  serviceName?: string;
  /** Largest buffered (non-stream) response body. Streams are not limited. */
  maxBufferedResponseBytes?: number;
  /**
   * A cheap GET that sends nothing, asked when a reset may be a refused client certificate (see
   * isUnconfirmedCertificateDrop): cut the same way, the certificate is refused; answered (any status),
   * it is accepted and the first failure stays a dropped connection whose outcome is unknown.
   */
  certificateProbePath?: string;
}

/** Marks the probe's own config (a string key: axios' config merge drops symbols). */
const certificateProbe = 'guichetCertificateProbe';

const startedAt = Symbol('guichet.http.startedAt');
type TimedConfig = InternalAxiosRequestConfig & { [startedAt]?: number };

function agentPresentsClientCertificate(agent: unknown): boolean {
  const options = (agent as { options?: { pfx?: unknown; cert?: unknown } } | undefined)?.options;
  return Boolean(options?.pfx || options?.cert);
}

function timeoutError(kind: 'connect' | 'inactivity', ms: number, ctx: TransportFailureContext): Error {
  const error = Object.assign(
    new Error(kind === 'connect' ? `connection not established within ${ms} ms` : `no data moved for ${ms} ms`),
    { code: 'ETIMEDOUT' },
  );
  annotateTransportError(error, { ...ctx, timeout: kind, timeoutMs: ms });
  return error;
}

/**
 * The transport axios calls instead of http(s).request. It is where the two timeouts live, because
 * axios only offers one wall-clock timeout (which would kill a long upload that is progressing)
 * and resets the socket timeout itself.
 */
function createTimedTransport(connectTimeoutMs: number, transferTimeoutMs: number) {
  return {
    request(options: https.RequestOptions, callback?: (res: http.IncomingMessage) => void): http.ClientRequest {
      const isHttps = options.protocol === 'https:';
      const req = isHttps ? https.request(options, callback) : http.request(options, callback);
      const ctx: TransportFailureContext = {
        phase: 'connect',
        clientCertificate: isHttps && agentPresentsClientCertificate(options.agent),
      };
      let connectTimer: NodeJS.Timeout | undefined;
      let watchdog: NodeJS.Timeout | undefined;
      let response: http.IncomingMessage | undefined;
      let socket: Socket | undefined;
      let lastBytes = -1;
      let lastActivity = Date.now();

      const stop = () => {
        if (connectTimer) clearTimeout(connectTimer);
        if (watchdog) clearInterval(watchdog);
        connectTimer = undefined;
        watchdog = undefined;
      };
      const fail = (error: Error) => {
        stop();
        annotateTransportError(req, (error as { [transportContextKey]?: TransportFailureContext })[transportContextKey] ?? ctx);
        if (response && !response.destroyed) response.destroy(error);
        req.destroy(error);
      };

      // Registered before axios' own listener, so the phase is on the error before axios copies it.
      req.on('error', (error) => {
        stop();
        annotateTransportError(error, { ...ctx });
      });
      req.on('response', (res) => {
        response = res;
        ctx.responseStarted = true;
        res.on('error', (error) => annotateTransportError(error, { ...ctx }));
        res.on('close', stop);
      });
      req.on('close', () => {
        if (!response || response.destroyed || response.complete) stop();
      });
      req.on('socket', (s: Socket) => {
        socket = s;
        if (s.connecting) {
          ctx.freshConnection = true;
          connectTimer = setTimeout(() => fail(timeoutError('connect', connectTimeoutMs, ctx)), connectTimeoutMs);
          if (isHttps) s.once('session', () => (ctx.sessionTicket = true));
          s.once(isHttps ? 'secureConnect' : 'connect', () => {
            if (connectTimer) clearTimeout(connectTimer);
            connectTimer = undefined;
            ctx.phase = 'transfer';
            const version = (s as Socket & { getProtocol?: () => string | null }).getProtocol?.();
            if (version) ctx.tlsVersion = version;
            lastActivity = Date.now();
          });
        } else {
          ctx.phase = 'transfer';
        }
        // Inactivity is measured on the byte counters rather than with socket.setTimeout: axios
        // overwrites the socket timeout, and counters also see a paused stream consumer.
        const every = Math.max(25, Math.min(1000, Math.floor(transferTimeoutMs / 4)));
        watchdog = setInterval(() => {
          if (!socket || ctx.phase === 'connect') return;
          const bytes = socket.bytesRead + socket.bytesWritten;
          if (bytes !== lastBytes) {
            lastBytes = bytes;
            lastActivity = Date.now();
            return;
          }
          if (Date.now() - lastActivity >= transferTimeoutMs) fail(timeoutError('inactivity', transferTimeoutMs, ctx));
        }, every);
        watchdog.unref();
      });
      return req;
    },
  };
}

/** The URL as it may appear in logs: redacted query values, no credentials. */
export function loggableUrl(config: InternalAxiosRequestConfig): string {
  try {
    return redactText(axios.getUri(config));
  } catch {
    return '(url)';
  }
}

/**
 * An axios instance for one provider. Transport failures reject with GuichetErrors (OFFLINE,
 * UNREACHABLE, CERT_REFUSED, SERVER_CERT_UNTRUSTED, TIMEOUT, CONNECTION_DROPPED, CANCELLED);
 * HTTP answers follow axios' `validateStatus` and are left to the provider client to interpret.
 */
export function createHttpClient(options: HttpClientOptions): AxiosInstance {
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  const transferTimeoutMs = options.transferTimeoutMs ?? 120_000;
  const errorContext: NetworkErrorContext = { baseURL: options.baseURL, serviceName: options.serviceName };
  const instance = axios.create({
    baseURL: options.baseURL,
    ...(options.httpsAgent ? { httpsAgent: options.httpsAgent } : {}),
    transport: createTimedTransport(connectTimeoutMs, transferTimeoutMs),
    // Timeouts are enforced by the transport; axios' own one is a wall clock.
    timeout: 0,
    maxRedirects: 0,
    // Environment proxies would see a client-certificate connection they cannot carry.
    proxy: false,
    maxBodyLength: Infinity,
    maxContentLength: options.maxBufferedResponseBytes ?? 20 * 1024 * 1024,
  });
  const logger = options.logger;

  instance.interceptors.request.use((config) => {
    (config as TimedConfig)[startedAt] = Date.now();
    return config;
  });
  instance.interceptors.response.use(
    (response) => {
      if (logger) {
        const config = response.config as TimedConfig;
        logger.info('http', {
          method: (config.method ?? 'get').toUpperCase(),
          url: loggableUrl(config),
          status: response.status,
          ms: config[startedAt] ? Date.now() - config[startedAt] : undefined,
        });
      }
      return response;
    },
    async (error: unknown) => {
      const mapped = toNetworkError(error, errorContext);
      const config = (error as { config?: TimedConfig & { [certificateProbe]?: boolean } }).config;
      if (logger && config) {
        const status = (error as { response?: { status?: number } }).response?.status;
        (logger.warn ?? logger.info)('http failed', {
          method: (config.method ?? 'get').toUpperCase(),
          url: loggableUrl(config),
          status,
          code: mapped?.code ?? (error as { code?: string }).code,
          ms: config[startedAt] ? Date.now() - config[startedAt] : undefined,
        });
      }
      if (options.certificateProbePath && isUnconfirmedCertificateDrop(mapped) && !config?.[certificateProbe]) {
        try {
          await instance.request({ url: options.certificateProbePath, method: 'GET', validateStatus: () => true, [certificateProbe]: true } as AxiosRequestConfig);
        } catch (probeError) {
          if (isUnconfirmedCertificateDrop(probeError)) throw certificateRefusedByReset(errorContext, (mapped as { details?: unknown }).details);
        }
      }
      throw mapped ?? error;
    },
  );
  return instance;
}

export interface TextAnswer {
  status: number;
  body: string;
}

/**
 * GETs whose answers are read whole as UTF-8 text, for calls made by the thousand (a DossierFacile
 * sync re-reads every tenant): the same transport as `createHttpClient` (connect and inactivity
 * timeouts, keep-alive agent), the same size cap, error mapping and log lines, without axios' work
 * on each call (config merging, header objects, adapters), which cost about as much CPU as the rest
 * of the call (bench/dfc-sync.ts). Any status is answered; the caller judges it.
 */
export function createTextGetter(options: HttpClientOptions): (pathAndQuery: string, headers: Record<string, string>) => Promise<TextAnswer> {
  const transport = createTimedTransport(options.connectTimeoutMs ?? 10_000, options.transferTimeoutMs ?? 120_000);
  const base = new URL(options.baseURL);
  const maxBytes = options.maxBufferedResponseBytes ?? 20 * 1024 * 1024;
  const errorContext: NetworkErrorContext = { baseURL: options.baseURL, serviceName: options.serviceName };
  const logger = options.logger;
  const origin = urlToHttpOptions(base);
  const basePath = base.pathname.replace(/\/?$/, '/');
  return (pathAndQuery, headers) =>
    new Promise<TextAnswer>((resolve, reject) => {
      // Joined to the base as axios joins them (one slash between); only an absolute URL is parsed.
      const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(pathAndQuery) ? new URL(pathAndQuery) : undefined;
      const requestPath = url ? url.pathname + url.search : basePath + pathAndQuery.replace(/^\/+/, '');
      const shown = () => redactText(url ? url.href : `${base.origin}${requestPath}`);
      const started = Date.now();
      let settled = false;
      const failed = (error: Error) => {
        if (settled) return;
        settled = true;
        const mapped = toNetworkError(error, errorContext);
        if (logger) (logger.warn ?? logger.info)('http failed', { method: 'GET', url: shown(), code: mapped?.code ?? (error as { code?: string }).code, ms: Date.now() - started });
        reject(mapped ?? error);
      };
      const target = url ? urlToHttpOptions(url) : origin;
      const agent = target.protocol === 'https:' && options.httpsAgent ? { agent: options.httpsAgent } : {};
      const req = transport.request(
        { protocol: target.protocol, hostname: target.hostname, port: target.port, path: requestPath, method: 'GET', headers, ...agent },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size <= maxBytes) chunks.push(chunk);
            else req.destroy(Object.assign(new Error(`maxContentLength size of ${maxBytes} exceeded`), { code: 'ERR_BAD_RESPONSE' }));
          });
          res.on('error', failed);
          res.on('end', () => {
            if (settled) return;
            settled = true;
            const status = res.statusCode ?? 0;
            logger?.info('http', { method: 'GET', url: shown(), status, ms: Date.now() - started });
            resolve({ status, body: Buffer.concat(chunks, size).toString('utf8') });
          });
        },
      );
      req.on('error', failed);
      req.end();
    });
}

/**
 * Re-emits a response body stream with its transport failures mapped to GuichetErrors (a download
 * cut in the middle becomes CONNECTION_DROPPED, a stalled one TIMEOUT), so that whoever pipes it
 * to disk gets an error the clerk can read.
 */
export function guardResponseStream(source: Readable, context: NetworkErrorContext = {}): Readable {
  const out = new PassThrough();
  source.on('error', (error) => {
    out.destroy(toNetworkError(error, context) ?? error);
  });
  out.on('close', () => {
    if (!source.destroyed && !source.readableEnded) source.destroy();
  });
  source.pipe(out);
  return out;
}
