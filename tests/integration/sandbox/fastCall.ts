import { request } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import { Readable } from 'node:stream';
import type { ParapheurSimulator } from '../../../main/sandbox/parapheur/index.js';

/** Raw HTTPS calls to the simulator with a PKCS#12 identity (no Guichet client code on purpose). */

export interface CallResult {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  text: string;
}

export interface CallOptions {
  identity?: { p12: Buffer; password: string } | null;
  body?: string | Buffer | Readable;
  headers?: Record<string, string | number>;
  /** Path as sent, not relative to baseUrl. */
  absolutePath?: boolean;
}

export function fastCall(sim: ParapheurSimulator, method: string, path: string, opts: CallOptions = {}): Promise<CallResult> {
  const base = new URL(sim.baseUrl);
  const identity = opts.identity === undefined ? sim.clientIdentity : opts.identity;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: base.hostname,
        port: base.port,
        method,
        path: opts.absolutePath ? path : base.pathname + path,
        ca: sim.caCertPem,
        ...(identity ? { pfx: identity.p12, passphrase: identity.password } : {}),
        headers: opts.headers ?? {},
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString('utf8') });
        });
      },
    );
    req.on('error', reject);
    const b = opts.body;
    if (b instanceof Readable) {
      b.on('error', (e) => req.destroy(e));
      b.pipe(req);
    } else req.end(b);
  });
}

export type Part =
  | { name: string; value: string }
  | { name: string; fileName: string; content: Buffer | string; contentType?: string }
  | { name: string; fileName: string; stream: () => AsyncIterable<Buffer>; contentType?: string };

/** Streams a multipart/form-data body (files may come from disk). */
export function multipart(parts: Part[]): { body: Readable; headers: Record<string, string> } {
  const boundary = `----guichet-test-${Math.random().toString(16).slice(2)}`;
  async function* generate(): AsyncGenerator<Buffer> {
    for (const p of parts) {
      let head = `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"`;
      if ('fileName' in p) head += `; filename="${p.fileName}"\r\nContent-Type: ${p.contentType ?? 'application/octet-stream'}`;
      yield Buffer.from(`${head}\r\n\r\n`, 'utf8');
      if ('value' in p) yield Buffer.from(p.value, 'utf8');
      else if ('content' in p) yield Buffer.isBuffer(p.content) ? p.content : Buffer.from(p.content, 'utf8');
      else for await (const c of p.stream()) yield c;
      yield Buffer.from('\r\n');
    }
    yield Buffer.from(`--${boundary}--\r\n`);
  }
  return { body: Readable.from(generate()), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export function postMultipart(sim: ParapheurSimulator, path: string, parts: Part[], opts: CallOptions & { method?: string } = {}): Promise<CallResult> {
  const { body, headers } = multipart(parts);
  return fastCall(sim, opts.method ?? 'POST', path, { ...opts, body, headers: { ...headers, ...opts.headers } });
}

/** A small valid PDF (text only), different per call so file names/contents never collide by accident. */
export function samplePdf(text = 'Courrier de test'): Buffer {
  const content = `BT /F1 12 Tf 50 780 Td (${text}) Tj ET`;
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

export function uploadPdf(
  sim: ParapheurSimulator,
  circuitId: string,
  fileName: string,
  extra: Part[] = [],
  opts: CallOptions & { part?: 'content' | 'doc'; siren?: string } = {},
): Promise<CallResult> {
  return postMultipart(
    sim,
    `documents/v2/${opts.siren ?? sim.siren}/${circuitId}/upload`,
    [{ name: opts.part ?? 'content', fileName, content: samplePdf(fileName), contentType: 'application/pdf' }, ...extra],
    opts,
  );
}

export function json<T = unknown>(r: CallResult): T {
  return JSON.parse(r.text) as T;
}

export interface FastErrorBody {
  generation?: number;
  developerMessage: string;
  userFriendlyMessage?: string;
  errorCode?: number;
}
