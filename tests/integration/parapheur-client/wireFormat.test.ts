import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createParapheurClient, type ParapheurClient } from '../../../main/providers/parapheur/client.js';
import { createTestCa, issueClientP12, issueServerCertificate } from '../../unit/http/testCertificates.js';

/**
 * What exactly goes on the wire: a recording HTTPS server answers like FAST and keeps every
 * request (method, path, headers, raw body) so that paths, part names and headers can be checked
 * byte for byte against docs/providers/fast-parapheur.md#base-url-and-paths.
 */
interface Recorded {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

let server: https.Server;
let client: ParapheurClient;
let dir: string;
const recorded: Recorded[] = [];
let answer: (r: Recorded) => { status?: number; type?: string; body: string | Buffer } = () => ({ body: '' });

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guichet-wire-'));
  const ca = createTestCa();
  const serverCert = issueServerCertificate(ca);
  server = https.createServer({ key: serverCert.keyPem, cert: serverCert.certPem }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: Recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      recorded.push(r);
      const a = answer(r);
      res.writeHead(a.status ?? 200, { 'content-type': a.type ?? 'text/plain' });
      res.end(a.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const identity = issueClientP12(ca, { email: 'agent@example.fr' });
  client = createParapheurClient({
    baseUrl: `https://127.0.0.1:${port}/parapheur-ws/rest/v1`,
    siren: '213105554',
    pfx: identity.p12,
    passphrase: identity.password,
    ca: ca.certPem,
  });
});

afterAll(async () => {
  client?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  fs.rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  recorded.length = 0;
  answer = () => ({ body: '' });
});

function file(name: string, content: string) {
  const target = path.join(dir, name);
  fs.writeFileSync(target, content);
  return { path: target, name, size: Buffer.byteLength(content) };
}

/** The parts of a multipart body: name → [{ filename?, contentType?, value }]. */
function parts(r: Recorded): Map<string, Array<{ filename?: string; contentType?: string; value: string }>> {
  const boundary = /boundary=([^;]+)/.exec(String(r.headers['content-type']))?.[1];
  if (!boundary) throw new Error('not multipart');
  const out = new Map<string, Array<{ filename?: string; contentType?: string; value: string }>>();
  for (const raw of r.body.toString('utf8').split(`--${boundary}`).slice(1, -1)) {
    const [head = '', ...rest] = raw.replace(/^\r\n/, '').split('\r\n\r\n');
    const value = rest.join('\r\n\r\n').replace(/\r\n$/, '');
    const name = /name="([^"]+)"/.exec(head)?.[1] ?? '';
    const filename = /filename="([^"]+)"/.exec(head)?.[1];
    const contentType = /Content-Type: ([^\r\n]+)/i.exec(head)?.[1];
    out.set(name, [...(out.get(name) ?? []), { ...(filename ? { filename } : {}), ...(contentType ? { contentType } : {}), value }]);
  }
  return out;
}

describe('uploads', () => {
  it('row 1: POST documents/v2/<siren>/<circuit>/upload, `content` part, Content-Length, no chunking', async () => {
    answer = () => ({ body: '320074168' });
    const id = await client.uploadToCircuit({
      circuitId: 'mon.circuit',
      file: file('rapport.pdf', '%PDF-1.4 contenu'),
      label: 'Délibération',
      comment: 'Simple',
      recipients: ['A@example.fr', 'b@example.fr'],
    });
    expect(id).toBe('320074168');
    const r = recorded[0]!;
    expect(r.method).toBe('POST');
    expect(r.url).toBe('/parapheur-ws/rest/v1/documents/v2/213105554/mon-circuit/upload');
    expect(r.headers['content-length']).toBe(String(r.body.length));
    expect(r.headers['transfer-encoding']).toBeUndefined();
    expect(r.headers.authorization).toBeUndefined();
    const p = parts(r);
    expect(p.get('content')).toEqual([{ filename: 'rapport.pdf', contentType: 'application/pdf', value: '%PDF-1.4 contenu' }]);
    expect(p.get('label')).toEqual([{ contentType: 'text/plain; charset=UTF-8', value: 'Délibération' }]);
    expect(p.get('comment')).toEqual([{ value: 'Simple' }]);
    expect(p.get('emailDestinataire')).toEqual([{ value: 'a@example.fr;b@example.fr' }]);
    expect([...p.keys()].sort()).toEqual(['comment', 'content', 'emailDestinataire', 'label']);
  });

  it('row 2: POST documents/ondemand/<siren>/upload with doc, circuit JSON, e-mail fields, repeated annexes, no circuit_id', async () => {
    answer = () => ({ body: '320074169\n' });
    const id = await client.uploadOnDemand({
      file: file('main.pdf', '%PDF main'),
      circuit: { type: 'BUREAUTIQUE_PDF', steps: [{ step: 'visa', members: ['V@example.fr'] }, { step: 'OTPSignature', members: [] }] },
      recipients: ['d@example.fr'],
      cc: ['c1@example.fr', 'c2@example.fr'],
      agents: ['a1@example.fr', 'a2@example.fr'],
      annexes: [file('annexe1.txt', 'un'), file('annexe2.txt', 'deux')],
    });
    expect(id).toBe('320074169');
    const r = recorded[0]!;
    expect(r.url).toBe('/parapheur-ws/rest/v1/documents/ondemand/213105554/upload');
    const p = parts(r);
    expect(p.get('doc')?.[0]).toMatchObject({ filename: 'main.pdf', value: '%PDF main' });
    expect(JSON.parse(p.get('circuit')![0]!.value)).toEqual({
      type: 'BUREAUTIQUE_PDF',
      steps: [
        { step: 'visa', members: ['v@example.fr'] },
        { step: 'OTPSignature', members: [] },
      ],
    });
    expect(p.get('email_destinataire')?.[0]?.value).toBe('d@example.fr');
    expect(p.get('email_cc')?.[0]?.value).toBe('c1@example.fr;c2@example.fr');
    expect(p.get('agents')?.[0]?.value).toBe('a1@example.fr,a2@example.fr');
    expect(p.get('annexes')?.map((a) => [a.filename, a.value])).toEqual([
      ['annexe1.txt', 'un'],
      ['annexe2.txt', 'deux'],
    ]);
    expect(p.has('circuit_id')).toBe(false);
    expect(p.has('content')).toBe(false);
  });

  it('row 5: uploadOTP with doc, meta (XML file), label, comment, referer → {id, url}', async () => {
    answer = () => ({ type: 'application/json', body: '{"id": 9007199254740993, "url": "https://x/boucle-sms/documentView?id=abc"}' });
    const result = await client.uploadOtp({
      circuitId: 'otp',
      file: file('c.pdf', '%PDF c'),
      signers: [{ firstName: 'A', lastName: 'B', phone: '0612345678', email: 'a@b.fr' }],
      label: 'L',
      comment: 'C',
      referer: 'https://retour.example.fr',
    });
    // A Java long beyond 2^53 keeps all its digits.
    expect(result).toEqual({ id: '9007199254740993', url: 'https://x/boucle-sms/documentView?id=abc' });
    const r = recorded[0]!;
    expect(r.url).toBe('/parapheur-ws/rest/v1/documents/v2/otp/213105554/otp/upload');
    const p = parts(r);
    expect(p.get('meta')?.[0]).toMatchObject({ filename: 'meta.xml', contentType: 'application/xml' });
    expect(p.get('meta')?.[0]?.value).toContain('<meta-data name="OTP_phonenumber_0" value="+33612345678"/>');
    expect([...p.keys()].sort()).toEqual(['comment', 'doc', 'label', 'meta', 'referer']);
  });

  it('rows 3 and 4: PUT metadata/define (metadata part) and otp/<id>/metadata/define (otpinformation part)', async () => {
    await client.defineMetadata('42', [{ name: 'TEXT_001', value: 'a&b' }]);
    await client.defineOtpInformation('42', [{ firstName: 'A', lastName: 'B', phone: '+33612345678', email: 'a@b.fr' }]);
    expect(recorded.map((r) => `${r.method} ${r.url}`)).toEqual([
      'PUT /parapheur-ws/rest/v1/documents/v2/42/metadata/define',
      'PUT /parapheur-ws/rest/v1/documents/v2/otp/42/metadata/define',
    ]);
    expect(parts(recorded[0]!).get('metadata')?.[0]?.value).toContain('value="a&amp;b"');
    expect(parts(recorded[1]!).get('otpinformation')?.[0]?.filename).toBe('METAS_API.xml');
  });
});

describe('other rows', () => {
  it('paths, methods and bodies of rows 6–21', async () => {
    answer = (r) => {
      if (r.url.includes('/history')) return { type: 'application/json', body: '[{"userFullname":null,"date":"2019-12-11T09:41:10.000Z","stateName":null}]' };
      if (r.url.includes('/comments/refusal')) return { type: 'application/json', body: '{"comment":"Non"}' };
      if (r.url.includes('otp/url')) return { type: 'application/json', body: '{"url":"https://x/boucle-sms","extra":1}' };
      if (r.url.includes('/remaining') || r.url.endsWith('/search')) return { type: 'application/json', body: '[320073963, 320073961]' };
      if (r.url.includes('exportUsersData')) return { type: 'application/json', body: '{"users":[{"nom":"E","prenom":"A","email":"A@x.fr","authenticationType":"BASIC"}]}' };
      if (r.url.includes('/metas')) return { status: 204, body: '' };
      if (r.url.includes('/download') || r.url.includes('getFdc')) return { type: 'application/xml', body: '<?xml version="1.0"?><x/>' };
      return { body: '' };
    };
    expect(await client.history('7')).toEqual([{ userFullname: '', date: '2019-12-11T09:41:10.000Z', stateName: null }]);
    await client.deleteDocument('7');
    expect(await client.refusalComment('7')).toBe('Non');
    expect(await client.otpUrl(['7', '8'])).toBe('https://x/boucle-sms');
    expect(await client.remaining('ack')).toEqual(['320073963', '320073961']);
    expect(await client.remaining('pes-retour')).toHaveLength(2);
    expect(await client.remaining('chorus')).toHaveLength(2);
    expect((await client.downloadRemaining('chorus', '7')).kind).toBe('xml');
    expect((await client.download('7', { acquit: true, fdc: false })).kind).toBe('xml');
    expect((await client.getFdc('7')).kind).toBe('xml');
    expect(await client.exportUsersData()).toMatchObject([{ lastName: 'E', firstName: 'A', email: 'a@x.fr', authenticationType: 'BASIC' }]);
    expect(await client.synchronizeUsers([{ authenticationType: 'BASIC', email: 'X@y.fr', firstName: 'X', lastName: 'Y', groups: ['g'] }])).toEqual({
      ok: true,
      failures: [],
    });
    expect(await client.documentMetas('7')).toEqual([]);
    expect(await client.search({ state: 'Prepared', circuit: 'circuit-a-la-volee' })).toEqual(['320073963', '320073961']);
    expect(recorded.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /parapheur-ws/rest/v1/documents/v2/7/history',
      'DELETE /parapheur-ws/rest/v1/documents/v2/7',
      'GET /parapheur-ws/rest/v1/documents/v2/7/comments/refusal',
      'GET /parapheur-ws/rest/v1/documents/v2/otp/url?id=7&id=8',
      'GET /parapheur-ws/rest/v1/documents/v2/213105554/ack/remaining',
      'GET /parapheur-ws/rest/v1/documents/v2/213105554/pes-retour/remaining',
      'GET /parapheur-ws/rest/v1/documents/v2/213105554/chorus/remaining',
      'GET /parapheur-ws/rest/v1/documents/v2/7/chorus/download',
      'GET /parapheur-ws/rest/v1/documents/v2/7/download?acquit=true&FdC=false',
      'GET /parapheur-ws/rest/v1/documents/v2/7/getFdc',
      'GET /parapheur-ws/rest/v1/exportUsersData?siren=213105554',
      'PUT /parapheur-ws/rest/v1/synchronization/213105554/users',
      'GET /parapheur-ws/rest/v1/documents/7/metas',
      'POST /parapheur-ws/rest/v1/documents/search',
    ]);
    const sync = recorded[11]!;
    expect(sync.headers['content-type']).toMatch(/application\/json/);
    expect(JSON.parse(sync.body.toString())).toEqual([{ authenticationType: 'BASIC', email: 'x@y.fr', firstName: 'X', lastName: 'Y', groups: ['g'] }]);
    const search = recorded[13]!;
    expect(search.headers.accept).toBe('application/json');
    expect(JSON.parse(search.body.toString())).toEqual({ siren: '213105554', state: 'Prepared', circuit: 'circuit-a-la-volee' });
  });

  it('a refusal reason inside developerMessage (older servers)', async () => {
    answer = () => ({ status: 500, type: 'application/json', body: '{"developerMessage":"Refus: le montant est faux"}' });
    expect(await client.refusalComment('7')).toBe('le montant est faux');
  });
});
