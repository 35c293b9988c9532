import type https from 'node:https';
import { PassThrough, Readable, Transform, pipeline } from 'node:stream';
import type { AxiosInstance, AxiosRequestConfig, AxiosResponse } from 'axios';
import { z } from 'zod';
import { GuichetError, isGuichetError, type HostText } from '../../../shared/ipc/errors.js';
import { createHttpsAgent } from '../../core/http/certificate.js';
import { createHttpClient, guardResponseStream, type HttpLogger } from '../../core/http/httpClient.js';
import { networkErrorCodes, toNetworkError, type ServerCertificateProblem } from '../../core/http/networkErrors.js';
import { readBodyPrefix } from '../../core/http/responseBody.js';
import { MultipartBody } from '../../core/http/multipartBody.js';
import { readHead, sniffBody } from '../../core/http/responseSniff.js';
import {
  diagnosticBody,
  parapheurErrorCodes,
  parapheurErrorFromResponse,
  parseParapheurErrorBody,
  type ParapheurErrorContext,
  type ParapheurOperation,
} from './errors.js';
import {
  checkComment,
  checkLabel,
  checkTextField,
  isProviderFileName,
  normalizeEmail,
  normalizeEmailList,
  parapheurApiBaseUrl,
  sanitizeCircuitId,
  validateDocumentId,
  validateSiren,
} from './normalize.js';
import type { ParapheurHistoryEntry } from './state.js';
import { buildMetadataXml, buildOtpInformationXml, type MetadataEntry, type OtpSigner } from './xml.js';

export interface ParapheurConnection {
  /** The server root or the API root (`…/parapheur-ws/rest/v1/`): see parapheurApiBaseUrl. */
  baseUrl: string;
  siren: string;
  /** PKCS#12 of the deposit user and its password (FAST authenticates by mutual TLS only). */
  pfx: Buffer;
  passphrase: string;
  /** Extra trusted roots for the server (sandbox). */
  ca?: string | Buffer;
  /** File part of the predefined-circuit upload: real clients use `content`, FAST's doc says `doc`. */
  uploadFileField?: 'content' | 'doc';
  /** Path segment of the "remaining" lists; `pes-retour` is inferred (FAST's doc repeats `ack`). */
  remainingPaths?: Partial<Record<RemainingKind, string>>;
}

export interface ParapheurClientOptions {
  connectTimeoutMs?: number;
  transferTimeoutMs?: number;
  logger?: HttpLogger;
}

/** A file on disk to upload. `name` is the provider file name (already sanitised by the caller). */
export interface UploadFile {
  path: string;
  name: string;
  size: number;
}

export interface TransferOptions {
  signal?: AbortSignal;
  onProgress?: (bytes: number, total: number) => void;
}

export interface UploadToCircuitInput extends TransferOptions {
  circuitId: string;
  file: UploadFile;
  label?: string;
  comment?: string;
  recipients?: readonly string[];
}

export type OnDemandCircuitType = 'BUREAUTIQUE_PDF' | 'BUREAUTIQUE_XML' | 'HELIOS_AVEC_TELETRANSMISSION' | 'HELIOS_SANS_TELETRANSMISSION';
export type OnDemandStepKind = 'visa' | 'signature' | 'OTPSignature';

export interface OnDemandCircuit {
  type: OnDemandCircuitType;
  steps: ReadonlyArray<{ step: OnDemandStepKind; members: readonly string[] }>;
}

export interface UploadOnDemandInput extends TransferOptions {
  file: UploadFile;
  circuit: OnDemandCircuit;
  comment?: string;
  recipients?: readonly string[];
  cc?: readonly string[];
  agents?: readonly string[];
  annexes?: readonly UploadFile[];
}

export interface UploadOtpInput extends TransferOptions {
  circuitId: string;
  file: UploadFile;
  signers: readonly OtpSigner[];
  label?: string;
  comment?: string;
  /** Where the signer's browser goes after signing. */
  referer?: string;
}

export type RemainingKind = 'ack' | 'pes-retour' | 'chorus';
export type DownloadKind = 'pdf' | 'zip' | 'xml' | 'other';

export interface DownloadResult {
  stream: Readable;
  contentType: string;
  kind: DownloadKind;
  /** Announced size in bytes, when the server sent one. */
  size?: number;
}

export interface ParapheurUser {
  lastName: string;
  firstName: string;
  email: string;
  authenticationType: string;
  circuits?: unknown[];
  /** The object as FAST sent it (fields beyond the documented ones included). */
  raw: Record<string, unknown>;
}

export interface SynchronizedUser {
  authenticationType: 'CERTIFICAT' | 'BASIC';
  email: string;
  firstName: string;
  lastName: string;
  groups: string[];
}

export interface DocumentMeta {
  id?: string;
  name: string;
  value: string;
}

export interface CircuitUser {
  username: string;
  userFullname: string;
}

/** Mirror of the SOAP `circuitDetails` (REST has no circuit listing; the simulator offers one). */
export interface CircuitDetails {
  circuitId: string;
  circuitName: string;
  circuitType?: string;
  signers: CircuitUser[];
  validators: CircuitUser[];
  raw: Record<string, unknown>;
}

/** The verdict as a catalogue entry (`parapheur:connectionTest.…`), written by the renderer. */
export interface ConnectionTestResult extends HostText {
  ok: boolean;
  /** GuichetError code when not ok. */
  code?: string;
}

const SERVICE_NAME = 'FAST Parapheur';
const ERROR_BODY_LIMIT = 64 * 1024;
const onDemandCircuitTypes: readonly OnDemandCircuitType[] = [
  'BUREAUTIQUE_PDF',
  'BUREAUTIQUE_XML',
  'HELIOS_AVEC_TELETRANSMISSION',
  'HELIOS_SANS_TELETRANSMISSION',
];
const onDemandStepKinds: readonly OnDemandStepKind[] = ['visa', 'signature', 'OTPSignature'];

interface RawResponse {
  status: number;
  contentType: string;
  body: string;
}

function assertProviderFileName(name: string): void {
  if (!isProviderFileName(name)) {
    throw new GuichetError('INVALID_INPUT', { key: 'parapheur:hostErrors.fast.fileNameRefused', params: { name: String(name).slice(0, 140) } });
  }
}

function isSuccessStatus(status: number): boolean {
  return status >= 200 && status < 300;
}

const historySchema = z.array(
  z.looseObject({
    userFullname: z.string().nullish(),
    date: z.union([z.string(), z.number()]),
    stateName: z.string().nullish(),
  }),
);

const usersSchema = z.looseObject({
  users: z.array(
    z.looseObject({
      nom: z.string().nullish(),
      prenom: z.string().nullish(),
      email: z.string().nullish(),
      authenticationType: z.string().nullish(),
      circuits: z.array(z.unknown()).nullish(),
    }),
  ),
});

const circuitUserSchema = z.looseObject({ username: z.string().nullish(), userFullname: z.string().nullish() });
const circuitsSchema = z.array(
  z.looseObject({
    circuitId: z.union([z.string(), z.number()]),
    circuitName: z.string().nullish(),
    circuitType: z.string().nullish(),
    signers: z.array(circuitUserSchema).nullish(),
    validators: z.array(circuitUserSchema).nullish(),
  }),
);

const metasSchema = z.array(
  z.looseObject({
    metaDataId: z.union([z.string(), z.number()]).nullish(),
    metaDataName: z.string().nullish(),
    metaDataValue: z.union([z.string(), z.number(), z.boolean()]).nullish(),
    name: z.string().nullish(),
    value: z.union([z.string(), z.number(), z.boolean()]).nullish(),
  }),
);

/**
 * An id list (`[320073963, 320073961]`) read as strings straight from the text, so that ids
 * beyond 2^53 (Java longs) keep every digit.
 */
function parseIdArray(body: string): string[] | null {
  const text = body.trim();
  if (!/^\[\s*(?:"?\d+"?\s*(?:,\s*"?\d+"?\s*)*)?\]$/.test(text)) return null;
  return [...text.matchAll(/\d+/g)].map((m) => m[0]);
}

export { isTechnicalUser, withoutTechnicalUsers } from './users.js';

/**
 * The FAST Parapheur REST client: wire format only (paths, multipart parts, response shapes,
 * error bodies). No retries, no persistence, no status derivation: the service composes those.
 *
 * Every response is judged by its shape, never by its status alone: FAST sends some errors with
 * HTTP 200, so success means "2xx and the expected shape", everything else goes through the
 * error mapping (docs/providers/fast-parapheur.md#errors).
 */
export function createParapheurClient(conn: ParapheurConnection, opts: ParapheurClientOptions = {}) {
  const baseUrl = parapheurApiBaseUrl(conn.baseUrl);
  const siren = validateSiren(conn.siren);
  const uploadFileField = conn.uploadFileField ?? 'content';
  const agent: https.Agent = createHttpsAgent({ pfx: conn.pfx, passphrase: conn.passphrase, ca: conn.ca, keepAlive: true });
  const http: AxiosInstance = createHttpClient({
    baseURL: baseUrl,
    httpsAgent: agent,
    connectTimeoutMs: opts.connectTimeoutMs,
    transferTimeoutMs: opts.transferTimeoutMs,
    logger: opts.logger,
    serviceName: SERVICE_NAME,
    // The connection test's call: sends nothing, so a reset on it can only be the certificate.
    certificateProbePath: `documents/v2/${siren}/ack/remaining`,
  });
  const networkContext = { baseURL: baseUrl, serviceName: SERVICE_NAME };

  function context(operation: ParapheurOperation, extra: Partial<ParapheurErrorContext> = {}): ParapheurErrorContext {
    return { operation, siren, ...extra };
  }

  async function call(config: AxiosRequestConfig): Promise<RawResponse> {
    const res = await http.request<string>({
      ...config,
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
    });
    return {
      status: res.status,
      contentType: String(res.headers['content-type'] ?? ''),
      body: typeof res.data === 'string' ? res.data : res.data == null ? '' : String(res.data),
    };
  }

  function fail(raw: RawResponse, ctx: ParapheurErrorContext): never {
    throw parapheurErrorFromResponse(raw.body, { ...ctx, httpStatus: raw.status, contentType: raw.contentType });
  }

  /** 2xx with a JSON body that is not a FAST error, else the mapped error. */
  function expectJson(raw: RawResponse, ctx: ParapheurErrorContext): unknown {
    if (isSuccessStatus(raw.status) && !parseParapheurErrorBody(raw.body)) {
      try {
        return JSON.parse(raw.body);
      } catch {
        // falls through to the error mapping (malformed)
      }
    }
    fail(raw, ctx);
  }

  /** `expected`: what the answer lacked, for support (in the details, not in the clerk's sentence). */
  function malformed(raw: RawResponse, ctx: ParapheurErrorContext, expected: string): GuichetError {
    return new GuichetError(parapheurErrorCodes.malformed, {
      key: 'parapheur:hostErrors.fast.unexpectedAnswer',
      details: { expected, httpStatus: raw.status, contentType: raw.contentType, operation: ctx.operation, body: diagnosticBody(raw.body) },
    });
  }

  function expectDocumentId(raw: RawResponse, ctx: ParapheurErrorContext): string {
    const text = raw.body.trim();
    if (isSuccessStatus(raw.status) && /^\d{1,19}$/.test(text)) return text;
    fail(raw, ctx);
  }

  /** Operations without a documented success body: 2xx and no error body. */
  function expectNoError(raw: RawResponse, ctx: ParapheurErrorContext): void {
    if (isSuccessStatus(raw.status) && !parseParapheurErrorBody(raw.body)) {
      const text = raw.body.trim();
      // An HTML page with 200 is a proxy or login page, not FAST's answer.
      if (!/^<(!doctype html|html)\b/i.test(text)) return;
    }
    fail(raw, ctx);
  }

  async function upload(
    path: string,
    method: 'POST' | 'PUT',
    build: (body: MultipartBody) => Promise<void>,
    transfer: TransferOptions,
  ): Promise<RawResponse> {
    const body = new MultipartBody({ ...(transfer.onProgress ? { onProgress: transfer.onProgress } : {}), checkFileName: assertProviderFileName });
    try {
      await build(body);
      if (transfer.signal?.aborted) throw new GuichetError(networkErrorCodes.cancelled, { key: 'app:hostErrors.cancelled' });
      const raw = await call({
        url: path,
        method,
        data: body.open(),
        headers: { 'Content-Type': body.contentType, 'Content-Length': String(body.length) },
        // -1, not Infinity: any limit makes axios add a counting stream of its own in front of the request.
        maxBodyLength: -1,
        ...(transfer.signal ? { signal: transfer.signal } : {}),
      });
      if (body.total > 0) transfer.onProgress?.(body.total, body.total);
      return raw;
    } catch (error) {
      if (body.fileError && !(isGuichetError(error) && error.code === networkErrorCodes.cancelled)) {
        throw new GuichetError('FILE_UNREADABLE', { key: 'parapheur:hostErrors.fast.fileUnreadable', details: { cause: body.fileError.message } });
      }
      throw error;
    } finally {
      body.close();
    }
  }

  /** Downloads a file body: sniffed first, so that an error JSON never passes for a document. */
  async function download(path: string, ctx: ParapheurErrorContext, transfer: TransferOptions = {}): Promise<DownloadResult> {
    const res: AxiosResponse<Readable> = await http.request<Readable>({
      url: path,
      method: 'GET',
      responseType: 'stream',
      validateStatus: () => true,
      maxContentLength: -1,
      decompress: true,
      ...(transfer.signal ? { signal: transfer.signal } : {}),
    });
    const contentType = String(res.headers['content-type'] ?? '');
    const source = guardResponseStream(res.data, networkContext);
    let head: Buffer;
    let ended: boolean;
    try {
      ({ head, ended } = await readHead(source, 8));
    } catch (error) {
      source.destroy();
      throw toNetworkError(error, networkContext) ?? error;
    }
    const kind = sniffBody(head, contentType);
    const raw = (body: string): RawResponse => ({ status: res.status, contentType, body });
    if (!isSuccessStatus(res.status) || kind === 'json' || kind === 'html') {
      const body = ended ? head.toString('utf8') : await readBodyPrefix(source, ERROR_BODY_LIMIT, head);
      fail(raw(body), ctx);
    }
    if (kind === 'empty') {
      source.destroy();
      throw malformed(raw(''), ctx, 'a file, got an empty body');
    }
    const lengthHeader = Number(res.headers['content-length']);
    const encoded = res.headers['content-encoding'] && res.headers['content-encoding'] !== 'identity';
    const size = Number.isFinite(lengthHeader) && lengthHeader >= 0 && !encoded ? lengthHeader : undefined;
    let received = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, callback) {
        received += chunk.length;
        transfer.onProgress?.(received, size ?? 0);
        callback(null, chunk);
      },
    });
    const out = new PassThrough();
    const onAbort = () => out.destroy(new GuichetError(networkErrorCodes.cancelled, { key: 'app:hostErrors.cancelled' }));
    transfer.signal?.addEventListener('abort', onAbort, { once: true });
    // Cancelled while the head was read: the listener above will never fire, and the body would be
    // read to its end (or the connection held open) for nobody.
    if (transfer.signal?.aborted) queueMicrotask(onAbort);
    out.on('close', () => {
      transfer.signal?.removeEventListener('abort', onAbort);
      source.destroy();
    });
    // The sniffed head goes first, then the rest of the body: unshift() after the head was read can
    // lose a short body whose end is already queued.
    const rest = Readable.from(
      (async function* () {
        yield head;
        if (!ended) for await (const chunk of source) yield chunk as Buffer;
      })(),
      { objectMode: false },
    );
    pipeline(rest, counter, out, () => undefined);
    return { stream: out, contentType, kind: kind as DownloadKind, ...(size !== undefined ? { size } : {}) };
  }

  function remainingSegment(kind: RemainingKind): string {
    const segment = conn.remainingPaths?.[kind] ?? kind;
    if (!/^[a-z-]+$/i.test(segment)) throw new GuichetError('INVALID_INPUT', { key: 'parapheur:hostErrors.input.remainingPath', params: { segment } });
    return segment;
  }

  function validateOnDemandCircuit(circuit: OnDemandCircuit): OnDemandCircuit {
    if (!onDemandCircuitTypes.includes(circuit.type)) {
      throw new GuichetError('INVALID_INPUT', { key: 'parapheur:hostErrors.input.circuitType', params: { type: String(circuit.type) } });
    }
    if (!Array.isArray(circuit.steps) || circuit.steps.length === 0) {
      throw new GuichetError('INVALID_INPUT', { key: 'parapheur:hostErrors.input.circuitNoStep' });
    }
    return {
      type: circuit.type,
      steps: circuit.steps.map((s, i) => {
        if (!onDemandStepKinds.includes(s.step)) {
          throw new GuichetError('INVALID_INPUT', { key: 'parapheur:hostErrors.input.stepType', params: { step: i + 1, type: String(s.step) } });
        }
        const members = (s.members ?? []).map(normalizeEmail);
        // An OTP step may name nobody: the signer comes from the OTP information.
        if (members.length === 0 && s.step !== 'OTPSignature') {
          throw new GuichetError('INVALID_INPUT', { key: 'parapheur:hostErrors.input.stepNoMember', params: { step: i + 1 } });
        }
        return { step: s.step, members };
      }),
    };
  }

  return {
    baseUrl,
    siren,

    /** Row 1: deposit into a predefined circuit. Returns the document id. */
    async uploadToCircuit(input: UploadToCircuitInput): Promise<string> {
      const circuitId = sanitizeCircuitId(input.circuitId);
      const label = input.label !== undefined ? checkLabel(input.label) : '';
      const comment = input.comment !== undefined ? checkComment(input.comment) : '';
      const recipients =
        input.recipients && input.recipients.length > 0 ? normalizeEmailList(input.recipients, { field: 'recipients' }) : '';
      const ctx = context('upload', { circuitId });
      const raw = await upload(
        `documents/v2/${siren}/${encodeURIComponent(circuitId)}/upload`,
        'POST',
        async (body) => {
          if (label) body.text('label', label);
          if (comment) body.text('comment', comment);
          if (recipients) body.text('emailDestinataire', recipients);
          await body.file(uploadFileField, input.file);
        },
        input,
      );
      return expectDocumentId(raw, ctx);
    },

    /** Row 2: deposit with a circuit defined on the fly. `circuit_id` is not sent (current clients don't). */
    async uploadOnDemand(input: UploadOnDemandInput): Promise<string> {
      const circuit = validateOnDemandCircuit(input.circuit);
      const comment = input.comment !== undefined ? checkComment(input.comment) : '';
      const recipients = input.recipients?.length ? normalizeEmailList(input.recipients, { field: 'recipients' }) : '';
      const cc = input.cc?.length ? normalizeEmailList(input.cc, { field: 'cc' }) : '';
      const agents = input.agents?.length ? normalizeEmailList(input.agents, { separator: ',', field: 'agents' }) : '';
      const raw = await upload(
        `documents/ondemand/${siren}/upload`,
        'POST',
        async (body) => {
          body.text('circuit', JSON.stringify(circuit));
          if (comment) body.text('comment', comment);
          if (recipients) body.text('email_destinataire', recipients);
          if (cc) body.text('email_cc', cc);
          if (agents) body.text('agents', agents);
          await body.file('doc', input.file);
          for (const annex of input.annexes ?? []) await body.file('annexes', annex);
        },
        input,
      );
      return expectDocumentId(raw, context('uploadOnDemand'));
    },

    /** Row 5: deposit into an OTP circuit with the signers' details in one call. */
    async uploadOtp(input: UploadOtpInput): Promise<{ id: string; url: string }> {
      const circuitId = sanitizeCircuitId(input.circuitId);
      const meta = buildOtpInformationXml(input.signers);
      const label = input.label !== undefined ? checkLabel(input.label) : '';
      const comment = input.comment !== undefined ? checkComment(input.comment) : '';
      const referer = input.referer !== undefined ? checkTextField(input.referer, 'referer') : '';
      if (referer && !/^https?:\/\//i.test(referer)) {
        throw new GuichetError('INVALID_INPUT', { key: 'parapheur:hostErrors.input.refererHttps' });
      }
      const ctx = context('uploadOtp', { circuitId });
      const raw = await upload(
        `documents/v2/otp/${siren}/${encodeURIComponent(circuitId)}/upload`,
        'POST',
        async (body) => {
          if (label) body.text('label', label);
          if (comment) body.text('comment', comment);
          if (referer) body.text('referer', referer);
          body.buffer('meta', Buffer.from(meta, 'utf8'), 'meta.xml', 'application/xml');
          await body.file('doc', input.file);
        },
        input,
      );
      if (isSuccessStatus(raw.status) && !parseParapheurErrorBody(raw.body)) {
        // The id is read from the text so that a Java long keeps all its digits.
        const id = /"id"\s*:\s*"?(\d{1,19})"?/.exec(raw.body)?.[1];
        let url: unknown;
        try {
          url = (JSON.parse(raw.body) as { url?: unknown }).url;
        } catch {
          url = undefined;
        }
        if (id && typeof url === 'string' && /^https?:\/\//i.test(url)) return { id, url };
      }
      fail(raw, ctx);
    },

    /** Row 3 ("uploadMeta"): only for circuits with a metadata, OTP or Digiposte step. */
    async defineMetadata(documentId: string, entries: readonly MetadataEntry[]): Promise<void> {
      const id = validateDocumentId(documentId);
      const xml = buildMetadataXml(entries);
      const raw = await upload(
        `documents/v2/${id}/metadata/define`,
        'PUT',
        async (body) => {
          body.buffer('metadata', Buffer.from(xml, 'utf8'), 'metadata.xml', 'application/xml');
        },
        {},
      );
      expectNoError(raw, context('defineMetadata', { documentId: id }));
    },

    /** Row 4 ("uploadOTPInformation"): note `otp/` before the id. Call after defineMetadata. */
    async defineOtpInformation(documentId: string, signers: readonly OtpSigner[]): Promise<void> {
      const id = validateDocumentId(documentId);
      const xml = buildOtpInformationXml(signers);
      const raw = await upload(
        `documents/v2/otp/${id}/metadata/define`,
        'PUT',
        async (body) => {
          body.buffer('otpinformation', Buffer.from(xml, 'utf8'), 'METAS_API.xml', 'application/xml');
        },
        {},
      );
      expectNoError(raw, context('defineOtpInformation', { documentId: id }));
    },

    /** Row 6: the history, the only source of a document's status (see state.ts). */
    async history(documentId: string): Promise<ParapheurHistoryEntry[]> {
      const id = validateDocumentId(documentId);
      const ctx = context('history', { documentId: id });
      const raw = await call({ url: `documents/v2/${id}/history`, method: 'GET' });
      const json = expectJson(raw, ctx);
      const parsed = historySchema.safeParse(json);
      if (!parsed.success) throw malformed(raw, ctx, 'a readable history');
      return parsed.data.map((e) => ({
        userFullname: e.userFullname ?? '',
        date: typeof e.date === 'number' ? new Date(e.date).toISOString() : e.date,
        stateName: e.stateName ?? null,
      }));
    },

    /** Row 8: definitive; FAST only accepts it in states Préparé, Refusé, Rejeté. */
    async deleteDocument(documentId: string): Promise<void> {
      const id = validateDocumentId(documentId);
      const raw = await call({ url: `documents/v2/${id}`, method: 'DELETE' });
      expectNoError(raw, context('delete', { documentId: id }));
    },

    /** Row 7: the signed file (a ZIP when `acquit` or `fdc` is set). */
    download(documentId: string, flags: { acquit?: boolean; fdc?: boolean } = {}, transfer: TransferOptions = {}): Promise<DownloadResult> {
      const id = validateDocumentId(documentId);
      const query = new URLSearchParams();
      if (flags.acquit !== undefined) query.set('acquit', String(flags.acquit));
      if (flags.fdc !== undefined) query.set('FdC', String(flags.fdc));
      const qs = query.toString();
      return download(`documents/v2/${id}/download${qs ? `?${qs}` : ''}`, context('download', { documentId: id }), transfer);
    },

    /** Row 19: the routing sheet (fiche de circulation) PDF. */
    getFdc(documentId: string, transfer: TransferOptions = {}): Promise<DownloadResult> {
      const id = validateDocumentId(documentId);
      return download(`documents/v2/${id}/getFdc`, context('getFdc', { documentId: id }), transfer);
    },

    /**
     * Row 9: the refusal comment. '' when FAST has none (error 102). Older servers put the reason
     * after the first ':' of developerMessage.
     */
    async refusalComment(documentId: string): Promise<string> {
      const id = validateDocumentId(documentId);
      const ctx = context('refusalComment', { documentId: id });
      const raw = await call({ url: `documents/v2/${id}/comments/refusal`, method: 'GET' });
      const errorBody = parseParapheurErrorBody(raw.body);
      if (isSuccessStatus(raw.status) && !errorBody) {
        try {
          const json = JSON.parse(raw.body) as { comment?: unknown };
          if (json && typeof json === 'object' && 'comment' in json) {
            return typeof json.comment === 'string' ? json.comment : '';
          }
        } catch {
          // malformed: handled below
        }
        throw malformed(raw, ctx, 'a readable refusal comment');
      }
      if (errorBody?.errorCode === 102) return '';
      const error = parapheurErrorFromResponse(raw.body, { ...ctx, httpStatus: raw.status, contentType: raw.contentType });
      if (errorBody && error.code === parapheurErrorCodes.providerError && errorBody.developerMessage?.includes(':')) {
        const dev = errorBody.developerMessage;
        return dev.slice(dev.indexOf(':') + 1).trim();
      }
      throw error;
    },

    /** Row 10 ("GetSMSURL"): one signing link for several OTP documents with the same signer. */
    async otpUrl(documentIds: readonly string[]): Promise<string> {
      if (documentIds.length === 0) throw new GuichetError('INVALID_INPUT', { key: 'parapheur:hostErrors.input.noDocument' });
      const ids = documentIds.map(validateDocumentId);
      const ctx = context('otpUrl', { documentId: ids.join(',') });
      const raw = await call({ url: `documents/v2/otp/url?${ids.map((id) => `id=${id}`).join('&')}`, method: 'GET' });
      const json = expectJson(raw, ctx) as { url?: unknown } | null;
      const url = json && typeof json === 'object' ? json.url : undefined;
      if (typeof url === 'string' && /^https?:\/\//i.test(url)) return url;
      throw malformed(raw, ctx, 'a signature link');
    },

    /** Rows 14–16: ids whose acknowledgement / PES retour / Chorus file was not downloaded yet. */
    async remaining(kind: RemainingKind): Promise<string[]> {
      const ctx = context('remaining');
      const raw = await call({ url: `documents/v2/${siren}/${remainingSegment(kind)}/remaining`, method: 'GET' });
      if (isSuccessStatus(raw.status)) {
        const ids = parseIdArray(raw.body);
        if (ids) return ids;
      }
      fail(raw, ctx);
    },

    /** Rows 11–13: the Hélios acknowledgement, PES retour or Chorus XML of a document. */
    downloadRemaining(kind: RemainingKind, documentId: string, transfer: TransferOptions = {}): Promise<DownloadResult> {
      const id = validateDocumentId(documentId);
      return download(`documents/v2/${id}/${kind}/download`, context('downloadRemaining', { documentId: id }), transfer);
    },

    /** Row 17: users of the subscriber (technical `e-signature` users included: see withoutTechnicalUsers). */
    async exportUsersData(): Promise<ParapheurUser[]> {
      const ctx = context('exportUsers');
      const raw = await call({ url: 'exportUsersData', method: 'GET', params: { siren } });
      const json = expectJson(raw, ctx);
      const parsed = usersSchema.safeParse(json);
      if (!parsed.success) throw malformed(raw, ctx, 'a readable user list');
      return parsed.data.users.map((u) => ({
        lastName: u.nom ?? '',
        firstName: u.prenom ?? '',
        email: (u.email ?? '').trim().toLowerCase(),
        authenticationType: u.authenticationType ?? '',
        ...(u.circuits ? { circuits: u.circuits } : {}),
        raw: u as Record<string, unknown>,
      }));
    },

    /**
     * Row 18: DESTRUCTIVE (users absent from the body are deleted at FAST). Raw call only; the
     * guard (explicit agreement with FAST, confirmation) belongs to the service.
     */
    async synchronizeUsers(users: readonly SynchronizedUser[]): Promise<{ ok: boolean; failures: unknown[] }> {
      const ctx = context('synchronizeUsers');
      const body = users.map((u) => ({
        authenticationType: u.authenticationType,
        email: normalizeEmail(u.email),
        firstName: u.firstName,
        lastName: u.lastName,
        groups: [...u.groups],
      }));
      const raw = await call({
        url: `synchronization/${siren}/users`,
        method: 'PUT',
        data: JSON.stringify(body),
        headers: { 'Content-Type': 'application/json' },
      });
      if (isSuccessStatus(raw.status) && !parseParapheurErrorBody(raw.body)) {
        const text = raw.body.trim();
        if (text === '') return { ok: true, failures: [] };
        try {
          const json: unknown = JSON.parse(text);
          if (Array.isArray(json)) return { ok: json.length === 0, failures: json };
        } catch {
          // handled below
        }
        throw malformed(raw, ctx, 'a readable synchronisation result');
      }
      fail(raw, ctx);
    },

    /** Row 20 (no `v2`): the document's metadata; 204 means none. */
    async documentMetas(documentId: string): Promise<DocumentMeta[]> {
      const id = validateDocumentId(documentId);
      const ctx = context('metas', { documentId: id });
      const raw = await call({ url: `documents/${id}/metas`, method: 'GET' });
      if (raw.status === 204 || (isSuccessStatus(raw.status) && raw.body.trim() === '')) return [];
      const json = expectJson(raw, ctx);
      const parsed = metasSchema.safeParse(json);
      if (!parsed.success) throw malformed(raw, ctx, 'readable metadata');
      return parsed.data.map((m) => ({
        ...(m.metaDataId != null ? { id: String(m.metaDataId) } : {}),
        name: m.metaDataName ?? m.name ?? '',
        value: String(m.metaDataValue ?? m.value ?? ''),
      }));
    },

    /** Row 21: ids of documents matching a state (English enum, e.g. "Prepared") and/or circuit. */
    async search(criteria: { state?: string; circuit?: string } = {}): Promise<string[]> {
      const ctx = context('search');
      const body: Record<string, string> = { siren };
      if (criteria.state) body.state = criteria.state;
      if (criteria.circuit) body.circuit = criteria.circuit;
      const raw = await call({
        url: 'documents/search',
        method: 'POST',
        data: JSON.stringify(body),
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      });
      if (isSuccessStatus(raw.status)) {
        const ids = parseIdArray(raw.body);
        if (ids) return ids;
      }
      fail(raw, ctx);
    },

    /**
     * Simulator extension `GET circuits?siren=` (FAST lists circuits through SOAP only). Returns
     * null when the server does not know this route, so the UI falls back to manual entry.
     */
    async listCircuits(): Promise<CircuitDetails[] | null> {
      const ctx = context('listCircuits');
      const raw = await call({ url: 'circuits', method: 'GET', params: { siren } });
      if (isSuccessStatus(raw.status) && !parseParapheurErrorBody(raw.body)) {
        let json: unknown;
        try {
          json = JSON.parse(raw.body);
        } catch {
          return null;
        }
        const list = Array.isArray(json) ? json : (json as { circuits?: unknown })?.circuits;
        const parsed = circuitsSchema.safeParse(list);
        if (!parsed.success) return null;
        const users = (list: z.infer<typeof circuitUserSchema>[] | null | undefined): CircuitUser[] =>
          (list ?? []).map((u) => ({ username: u.username ?? '', userFullname: u.userFullname ?? '' }));
        return parsed.data.map((c) => ({
          circuitId: String(c.circuitId),
          circuitName: c.circuitName ?? String(c.circuitId),
          ...(c.circuitType ? { circuitType: c.circuitType } : {}),
          signers: users(c.signers),
          validators: users(c.validators),
          raw: c as Record<string, unknown>,
        }));
      }
      const error = parapheurErrorFromResponse(raw.body, { ...ctx, httpStatus: raw.status, contentType: raw.contentType });
      const blocking: string[] = [parapheurErrorCodes.certRefused, parapheurErrorCodes.forbiddenSiren, parapheurErrorCodes.unknownSiren, parapheurErrorCodes.unavailable];
      if (blocking.includes(error.code)) throw error;
      return null;
    },

    /** The settings screen's "Tester la connexion": a cheap authenticated call, explained in French. */
    async testConnection(): Promise<ConnectionTestResult> {
      try {
        const raw = await call({ url: `documents/v2/${siren}/ack/remaining`, method: 'GET' });
        if (isSuccessStatus(raw.status) && parseIdArray(raw.body)) {
          return { ok: true, key: 'parapheur:connectionTest.ok', params: { siren } };
        }
        fail(raw, context('testConnection'));
      } catch (error) {
        return connectionTestFailure(error, baseUrl, siren);
      }
    },

    /** Closes pooled connections (app shutdown, certificate change). */
    close(): void {
      agent.destroy();
    },
  };
}

export type ParapheurClient = ReturnType<typeof createParapheurClient>;

function connectionTestFailure(error: unknown, baseUrl: string, siren: string): ConnectionTestResult {
  if (!isGuichetError(error)) {
    return { ok: false, code: 'INTERNAL', key: 'parapheur:connectionTest.unexpected' };
  }
  let host = baseUrl;
  try {
    host = new URL(baseUrl).host;
  } catch {
    // keep the raw value
  }
  const byCode: Record<string, string> = {
    [parapheurErrorCodes.certRefused]: 'parapheur:connectionTest.certRefused',
    [parapheurErrorCodes.unknownSiren]: 'parapheur:connectionTest.unknownSiren',
    [parapheurErrorCodes.forbiddenSiren]: 'parapheur:connectionTest.forbiddenSiren',
    [networkErrorCodes.unreachable]: 'parapheur:connectionTest.unreachable',
    [networkErrorCodes.offline]: 'parapheur:connectionTest.offline',
    [networkErrorCodes.timeout]: 'parapheur:connectionTest.timeout',
  };
  const params = { host, siren, baseUrl };
  if (error.code === networkErrorCodes.serverCertUntrusted) {
    const problem = (error.details as { problem?: ServerCertificateProblem } | undefined)?.problem;
    const byProblem: Record<ServerCertificateProblem, string> = {
      unknownAuthority: 'parapheur:connectionTest.serverCertUnknownAuthority',
      hostMismatch: 'parapheur:connectionTest.serverCertHostMismatch',
      expired: 'parapheur:connectionTest.serverCertExpired',
      untrusted: 'parapheur:connectionTest.serverCertUntrusted',
    };
    return { ok: false, code: error.code, key: byProblem[problem ?? 'untrusted'], params };
  }
  // A 404 on the test call: the server answers, but FAST is not at this address.
  if ((error.details as { httpStatus?: unknown } | undefined)?.httpStatus === 404) {
    return { ok: false, code: 'WRONG_ADDRESS', key: 'parapheur:connectionTest.wrongAddress', params };
  }
  const key = byCode[error.code];
  return key ? { ok: false, code: error.code, key, params } : { ok: false, code: error.code, ...error.text };
}
