import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FaultInjector, seededRandom, startSandbox, type RunningSandbox } from '../../../main/sandbox/index.js';
import { fastCall, json, uploadPdf } from './fastCall.js';

let dir: string;
let sandbox: RunningSandbox;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'guichet-sandbox-'));
  sandbox = await startSandbox({ dataDir: dir, timeScale: 10 });
});

afterAll(async () => {
  await sandbox.stop();
  rmSync(dir, { recursive: true, force: true });
});

afterEach(() => {
  sandbox.health.faults.reset();
  sandbox.parapheur.faults.reset();
});

interface Reply {
  status: number;
  body: string;
}

function get(path: string, method = 'GET', body?: Buffer): Promise<Reply> {
  const url = new URL(path, sandbox.health.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path: url.pathname, method, agent: false }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (data += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('sandbox registry', () => {
  it('starts every simulator on 127.0.0.1 ephemeral ports', () => {
    expect(sandbox.health.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sandbox.parapheur.baseUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/parapheur-ws\/rest\/v1\/$/);
    expect(sandbox.parapheur.siren).toBe('213105554');
  });
});

describe('health simulator and fault injection', () => {
  it('answers GET /health', async () => {
    const r = await get('/health');
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ status: 'ok', time: expect.any(String) });
  });

  it('applies latency without changing the answer', async () => {
    sandbox.health.faults.update({ latencyMs: 50 });
    expect((await get('/health')).status).toBe(200);
  });

  it('forces a status and body on every request until reset', async () => {
    sandbox.health.faults.update({ forcedStatus: 502, forcedBody: '{"error":"passerelle"}' });
    for (let i = 0; i < 3; i++) expect(await get('/health')).toEqual({ status: 502, body: '{"error":"passerelle"}' });
    sandbox.health.faults.reset();
    expect((await get('/health')).status).toBe(200);
  });

  it('applies a knob to the next N matching requests only (times, onlyPaths)', async () => {
    sandbox.health.faults.update({ forcedStatus: 500, times: 2, onlyPaths: /^\/health/ });
    expect((await get('/nope')).status).toBe(404);
    expect((await get('/health')).status).toBe(500);
    expect((await get('/health')).status).toBe(500);
    expect((await get('/health')).status).toBe(200);
  });

  it('resets the connection with resetRate 1', async () => {
    sandbox.health.faults.update({ resetRate: 1 });
    await expect(get('/health')).rejects.toThrow();
  });

  it('drops the connection after N request-body bytes', async () => {
    sandbox.health.faults.update({ resetAfterRequestBytes: 1000 });
    await expect(get('/health', 'POST', Buffer.alloc(200_000))).rejects.toThrow();
  });

  it('throttles response bodies but delivers them whole', async () => {
    sandbox.health.faults.update({ slowBodyBytesPerSecond: 2000 });
    const r = await get('/health');
    expect(JSON.parse(r.body).status).toBe('ok');
  });

  it('replays the same error sequence from the same seed', async () => {
    const run = async (): Promise<number[]> => {
      sandbox.health.faults.update({ errorRate: 0.5 });
      sandbox.health.faults.setSeed(42);
      const out: number[] = [];
      for (let i = 0; i < 12; i++) out.push((await get('/health')).status);
      sandbox.health.faults.reset();
      return out;
    };
    const a = await run();
    const b = await run();
    expect(a).toEqual(b);
    expect(a).toContain(503);
    expect(a).toContain(200);
  });

  it('seededRandom is deterministic and in [0, 1)', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    for (let i = 0; i < 100; i++) {
      const x = a();
      expect(x).toBe(b());
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
    expect(new FaultInjector().active).toBe(false);
  });
});

describe('parapheur simulator under faults', () => {
  it('answers the forced status with a FAST-shaped error body', async () => {
    sandbox.parapheur.faults.update({ forcedStatus: 503, times: 1 });
    const r = await fastCall(sandbox.parapheur, 'GET', `documents/v2/${sandbox.parapheur.siren}/ack/remaining`);
    expect(r.status).toBe(503);
    expect(json<{ developerMessage: string }>(r).developerMessage).toMatch(/simulated/);
    const ok = await fastCall(sandbox.parapheur, 'GET', `documents/v2/${sandbox.parapheur.siren}/ack/remaining`);
    expect(ok.status).toBe(200);
  });

  it('throttles downloads and still delivers every byte', async () => {
    sandbox.parapheur.faults.update({ slowBodyBytesPerSecond: 50_000 });
    const r = await fastCall(sandbox.parapheur, 'GET', `exportUsersData?siren=${sandbox.parapheur.siren}`);
    expect(json<{ users: unknown[] }>(r).users.length).toBeGreaterThan(3);
  });

  it('exposes the control over HTTP under /__sandbox/ (not affected by faults)', async () => {
    sandbox.parapheur.faults.update({ forcedStatus: 500 });
    const state = await fastCall(sandbox.parapheur, 'GET', '/__sandbox/state', { absolutePath: true });
    expect(state.status).toBe(200);
    expect(json<{ settings: { timeScale: number } }>(state).settings.timeScale).toBe(10);
    sandbox.parapheur.faults.reset();
    const set = await fastCall(sandbox.parapheur, 'POST', '/__sandbox/faults', {
      absolutePath: true,
      body: JSON.stringify({ forcedStatus: 418, times: 1 }),
      headers: { 'content-type': 'application/json' },
    });
    expect(set.status).toBe(200);
    expect((await fastCall(sandbox.parapheur, 'GET', `documents/v2/${sandbox.parapheur.siren}/ack/remaining`)).status).toBe(418);
  });

  it('lets the demo UI make an actor refuse a document over HTTP', async () => {
    const sim = sandbox.parapheur;
    const up = await uploadPdf(sim, 'courrier-visa-signature', 'via_http.pdf');
    const acted = await fastCall(sim, 'POST', `/__sandbox/documents/${up.text}/act`, {
      absolutePath: true,
      body: JSON.stringify({ action: 'refuse', comment: 'Pièce manquante' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(acted.status).toBe(200);
    expect(json<{ status: string; refusalComment: string }>(acted)).toMatchObject({ status: 'refused', refusalComment: 'Pièce manquante' });
    const again = await fastCall(sim, 'POST', `/__sandbox/documents/${up.text}/act`, { absolutePath: true, body: '{}' });
    expect(again.status).toBe(409);
    const docs = json<{ id: string }[]>(await fastCall(sim, 'GET', '/__sandbox/documents', { absolutePath: true }));
    expect(docs.map((d) => d.id)).toContain(up.text);
  });
});
