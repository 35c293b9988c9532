import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ParapheurClient } from '../../../main/providers/parapheur/client.js';
import { isRetryableParapheurError } from '../../../main/providers/parapheur/errors.js';
import { readAll, rejectionOf, startSimulatorFixture, type SimulatorFixture } from './simulatorFixture.js';

let fx: SimulatorFixture;
let client: ParapheurClient;
let n = 0;
const label = () => `Panne ${++n}`;

beforeAll(async () => {
  fx = await startSimulatorFixture();
  client = fx.client();
});
afterEach(() => {
  fx.sim.faults.reset();
  fx.sim.control.setErrorStatus(400);
});
afterAll(async () => {
  await fx?.stop();
});

describe('errors delivered with HTTP 200 (and other statuses)', () => {
  it.each([200, 500])('errorStatus %i: errors are still recognised by their body', async (status) => {
    fx.sim.control.setErrorStatus(status);
    const file = fx.pdf(`doublon_${status}.pdf`);
    const l = label();
    await client.uploadToCircuit({ circuitId: 'courrier-visa-signature', file, label: l });
    const duplicate = await rejectionOf(client.uploadToCircuit({ circuitId: 'courrier-visa-signature', file, label: l }));
    expect(duplicate.code).toBe('DUPLICATE');
    expect(duplicate.details).toMatchObject({ httpStatus: status });
    expect((await rejectionOf(client.history('999999997'))).code).toBe('UNKNOWN_DOCUMENT');
    expect((await rejectionOf(fx.client({ siren: fx.sim.unknownSiren }).remaining('ack'))).code).toBe('UNKNOWN_SIREN');
    const id = await client.uploadToCircuit({ circuitId: 'courrier-visa-signature', file: fx.pdf(`refus_${status}.pdf`), label: l });
    expect(await client.refusalComment(id)).toBe('');
    expect((await rejectionOf(client.download('999999997'))).code).toBe('UNKNOWN_DOCUMENT');
  });
});

describe('malformed responses', () => {
  it('an HTML page with 200 instead of the history', async () => {
    const id = await client.uploadToCircuit({ circuitId: 'courrier-visa-signature', file: fx.pdf('malforme.pdf'), label: label() });
    fx.sim.faults.update({ forcedStatus: 200, forcedBody: '<html><body>Maintenance en cours</body></html>', onlyPaths: /history/, times: 1 });
    const e = await rejectionOf(client.history(id));
    expect(e.code).toBe('PROVIDER_MALFORMED');
    expect(e.details).toMatchObject({ httpStatus: 200, body: '<html><body>Maintenance en cours</body></html>' });
    // The fault was for one request only.
    expect((await client.history(id))[0]?.stateName).toBe('Préparé');
  });

  it('an upload answered with something that is not an id', async () => {
    fx.sim.faults.update({ forcedStatus: 200, forcedBody: 'OK', onlyPaths: /upload/, times: 1 });
    const e = await rejectionOf(client.uploadToCircuit({ circuitId: 'courrier-visa-signature', file: fx.pdf('pas_id.pdf'), label: label() }));
    expect(e.code).toBe('PROVIDER_MALFORMED');
    expect(e.details).toMatchObject({ body: 'OK' });
  });

  it('JSON of the wrong shape', async () => {
    fx.sim.faults.update({ forcedStatus: 200, forcedBody: '{"unexpected":true}', onlyPaths: /remaining/, times: 1 });
    expect((await rejectionOf(client.remaining('ack'))).code).toBe('PROVIDER_MALFORMED');
    fx.sim.faults.update({ forcedStatus: 200, forcedBody: '[{"foo":1}]', onlyPaths: /history/, times: 1 });
    expect((await rejectionOf(client.history('320074101'))).code).toBe('PROVIDER_MALFORMED');
    fx.sim.faults.update({ forcedStatus: 200, forcedBody: '{"users":"nope"}', onlyPaths: /exportUsersData/, times: 1 });
    expect((await rejectionOf(client.exportUsersData())).code).toBe('PROVIDER_MALFORMED');
  });

  it('a download that is an HTML page, not a file', async () => {
    const id = await client.uploadToCircuit({ circuitId: 'courrier-visa-signature', file: fx.pdf('page.pdf'), label: label() });
    fx.sim.faults.update({ forcedStatus: 200, forcedBody: '<!DOCTYPE html><html>Erreur</html>', onlyPaths: /download/, times: 1 });
    const e = await rejectionOf(client.download(id));
    expect(e.code).toBe('PROVIDER_MALFORMED');
    expect(e.details).toMatchObject({ body: '<!DOCTYPE html><html>Erreur</html>' });
  });

  it('listCircuits answers null on a server without the simulator extension', async () => {
    fx.sim.faults.update({ forcedStatus: 404, forcedBody: '{"developerMessage":"Not Found: /parapheur-ws/rest/v1/circuits"}', onlyPaths: /circuits/, times: 1 });
    expect(await client.listCircuits()).toBeNull();
    fx.sim.faults.update({ forcedStatus: 404, forcedBody: '<html>Not Found</html>', onlyPaths: /circuits/, times: 1 });
    expect(await client.listCircuits()).toBeNull();
    expect(await client.listCircuits()).not.toBeNull();
  });

  it('a 503 is a temporary unavailability, worth retrying', async () => {
    fx.sim.faults.update({ forcedStatus: 503, onlyPaths: /history/, times: 1 });
    const e = await rejectionOf(client.history('320074101'));
    expect(e.code).toBe('PROVIDER_UNAVAILABLE');
    expect(isRetryableParapheurError(e)).toBe(true);
  });
});

describe('connection faults', () => {
  it('a connection dropped mid-upload → CONNECTION_DROPPED, nothing filed, a retry works', async () => {
    const big = fx.file('gros.pdf', Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(3 * 1024 * 1024, 0x20), Buffer.from('\n%%EOF\n')]));
    const before = fx.sim.control.uploadCount();
    fx.sim.faults.update({ resetAfterRequestBytes: 512 * 1024, onlyPaths: /upload/, times: 1 });
    const l = label();
    const progress: number[] = [];
    const e = await rejectionOf(client.uploadToCircuit({ circuitId: 'courrier-visa-signature', file: big, label: l, onProgress: (s) => progress.push(s) }));
    expect(e.code).toBe('CONNECTION_DROPPED');
    expect(isRetryableParapheurError(e)).toBe(true);
    expect(progress.length).toBeGreaterThan(0);
    expect(fx.sim.control.uploadCount()).toBe(before);
    const id = await client.uploadToCircuit({ circuitId: 'courrier-visa-signature', file: big, label: l });
    expect(fx.sim.control.document(id)?.size).toBe(big.size);
  });

  it('a reply lost after the document was filed: the retry says DUPLICATE, search finds it', async () => {
    const file = fx.pdf('reponse_perdue.pdf');
    const l = label();
    fx.sim.control.dropNextUploadResponse();
    const e = await rejectionOf(client.uploadToCircuit({ circuitId: 'courrier-avec-annexes', file, label: l }));
    expect(e.code).toBe('CONNECTION_DROPPED');
    const retry = await rejectionOf(client.uploadToCircuit({ circuitId: 'courrier-avec-annexes', file, label: l }));
    expect(retry.code).toBe('DUPLICATE');
    const filed = fx.sim.control.documents().find((d) => d.label === l && d.fileName === 'reponse_perdue.pdf');
    expect(filed).toBeDefined();
    expect(await client.search({ circuit: 'courrier-avec-annexes' })).toContain(filed!.id);
  });

  it('a reset instead of an answer on a simple call → CONNECTION_DROPPED', async () => {
    fx.sim.faults.update({ resetRate: 1, onlyPaths: /remaining/, times: 1 });
    expect((await rejectionOf(client.remaining('ack'))).code).toBe('CONNECTION_DROPPED');
  });

  it('a server that does not answer in time → TIMEOUT', async () => {
    const impatient = fx.client({}, { transferTimeoutMs: 300 });
    fx.sim.faults.update({ latencyMs: 1500, onlyPaths: /remaining/, times: 1 });
    const e = await rejectionOf(impatient.remaining('ack'));
    expect(e.code).toBe('TIMEOUT');
    expect(isRetryableParapheurError(e)).toBe(true);
  });

  it('a slow download that keeps moving is not a timeout', async () => {
    const original = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(120 * 1024, 0x41), Buffer.from('\n%%EOF\n')]);
    const id = await client.uploadToCircuit({ circuitId: 'courrier-visa-signature', file: fx.file('lent.pdf', original), label: label() });
    const patient = fx.client({}, { transferTimeoutMs: 400 });
    // About 1.2 s of transfer, in slices every 100 ms: longer than the inactivity limit, never idle.
    fx.sim.faults.update({ slowBodyBytesPerSecond: 100 * 1024, onlyPaths: /download/, times: 1 });
    const progress: number[] = [];
    const result = await patient.download(id, {}, { onProgress: (bytes) => progress.push(bytes) });
    const bytes = await readAll(result.stream);
    expect(bytes.equals(original)).toBe(true);
    expect(progress.length).toBeGreaterThan(3);
  });
});
