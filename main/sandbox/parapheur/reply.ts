import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultInjector } from '../faults.js';

/** FAST error body (docs/providers/fast-parapheur.md#errors). Some errors carry only `developerMessage`. */
export interface FastError {
  errorCode?: number;
  developerMessage: string;
  userFriendlyMessage?: string;
}

export class FastFailure extends Error {
  constructor(
    readonly body: FastError,
    /** Forces an HTTP status (e.g. 403); otherwise the simulator's configured errorStatus. */
    readonly status?: number,
  ) {
    super(body.developerMessage);
    this.name = 'FastFailure';
  }
}

export function fail(errorCode: number | undefined, developerMessage: string, userFriendlyMessage?: string, status?: number): never {
  const body: FastError = { developerMessage };
  if (userFriendlyMessage !== undefined) body.userFriendlyMessage = userFriendlyMessage;
  if (errorCode !== undefined) body.errorCode = errorCode;
  throw new FastFailure(body, status);
}

export function errorJson(body: FastError): string {
  // Field order as FAST prints it.
  const out: Record<string, unknown> = { generation: Date.now(), developerMessage: body.developerMessage };
  if (body.userFriendlyMessage !== undefined) out['userFriendlyMessage'] = body.userFriendlyMessage;
  if (body.errorCode !== undefined) out['errorCode'] = body.errorCode;
  return JSON.stringify(out);
}

export class Replier {
  constructor(
    private readonly faults: FaultInjector,
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    private readonly extraHeaders: Record<string, string> = {},
  ) {}

  headers(h: Record<string, string | number>): Record<string, string | number> {
    return { ...this.extraHeaders, ...h };
  }

  error(body: FastError, status: number): Promise<void> {
    return this.faults.send(this.req, this.res, status, this.headers({ 'content-type': 'application/json;charset=UTF-8' }), errorJson(body));
  }

  json(value: unknown, status = 200, extra: Record<string, string> = {}): Promise<void> {
    return this.faults.send(this.req, this.res, status, this.headers({ 'content-type': 'application/json;charset=UTF-8', ...extra }), JSON.stringify(value));
  }

  text(body: string, contentType = 'text/plain;charset=UTF-8', status = 200): Promise<void> {
    return this.faults.send(this.req, this.res, status, this.headers({ 'content-type': contentType }), body);
  }

  empty(status = 200): Promise<void> {
    return this.faults.send(this.req, this.res, status, this.headers({}), Buffer.alloc(0));
  }

  bytes(body: Buffer, contentType: string, fileName?: string): Promise<void> {
    const h: Record<string, string | number> = { 'content-type': contentType };
    if (fileName) h['content-disposition'] = contentDisposition(fileName);
    return this.faults.send(this.req, this.res, 200, this.headers(h), body);
  }

  file(path: string, size: number, contentType: string, fileName: string): Promise<void> {
    return this.faults.sendStream(
      this.req,
      this.res,
      200,
      this.headers({ 'content-type': contentType, 'content-length': size, 'content-disposition': contentDisposition(fileName) }),
      createReadStream(path),
    );
  }

  stream(body: AsyncIterable<Buffer>, contentType: string, fileName: string): Promise<void> {
    return this.faults.sendStream(
      this.req,
      this.res,
      200,
      this.headers({ 'content-type': contentType, 'content-disposition': contentDisposition(fileName) }),
      body,
    );
  }
}

export function contentDisposition(fileName: string): string {
  const ascii = fileName.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** Reads a small request body (JSON endpoints) with a size cap. */
export async function readSmallBody(body: AsyncIterable<Buffer>, limit = 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > limit) fail(undefined, 'Request body too large', 'Le corps de la requête est trop volumineux.');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
