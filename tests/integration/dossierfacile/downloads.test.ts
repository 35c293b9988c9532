import type { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createDfcClient, type DfcClientOptions } from '../../../main/providers/dossierfacile/client.js';
import { dfcErrorCodes } from '../../../main/providers/dossierfacile/errors.js';
import { createProviderClock } from '../../../main/core/time/providerClock.js';
import { startDossierFacileSimulator, type DossierFacileSimulatorOptions } from '../../../main/sandbox/dossierfacile/index.js';
import { connectSandboxTenant, sandboxRealm, dossierFacileTestBed } from './sandboxTenant.js';

const bed = dossierFacileTestBed();

/**
 * The simulator and the client share one fake clock that stands still: a wait the client asks for
 * moves it instead of passing, so a minute of backoff costs nothing, the simulator sees the minute
 * gone, and how long the requests really take changes nothing.
 */
function fakeClock(timeScale: number) {
  let now = Date.now();
  return {
    now: () => now,
    duration: (simulatedMs: number) => simulatedMs / timeScale,
    advance: (realMs: number) => void (now += realMs),
  };
}

async function setUp(timeScale: number, simOptions: DossierFacileSimulatorOptions, clientOptions: Partial<DfcClientOptions> = {}) {
  const clock = fakeClock(timeScale);
  bed.sim = await startDossierFacileSimulator({ ...simOptions, clock });
  const waits: number[] = [];
  const client = createDfcClient({
    apiBaseUrl: bed.sim.origin,
    realm: await sandboxRealm(bed.sim),
    clock: createProviderClock({ timeScale, now: () => new Date(clock.now()) }),
    sleep: async (realMs) => {
      waits.push(realMs);
      clock.advance(realMs);
    },
    ...clientOptions,
  });
  return { client, waits };
}

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function marieDocuments(client: ReturnType<typeof createDfcClient>) {
  const { set } = await connectSandboxTenant(bed.browser, bed.sim, 'marie.dupont@example.org');
  const file = await client.getProfile(set.accessToken);
  return { file, tokens: file.apartmentSharing.tenants[0]!.documents.map((d) => d.token!) };
}

const statuses = () => bed.sim.control.requests().filter((r) => r.path.includes('/documents/')).map((r) => r.status);

describe('DossierFacile downloads: limits, 429 and 409', () => {
  it('paces a burst of document downloads under the published 200 a minute: DossierFacile never answers 429', async () => {
    const { client, waits } = await setUp(1, {});
    const { tokens } = await marieDocuments(client);
    for (let i = 0; i < 210; i++) {
      const pdf = await client.downloadDocument(413, tokens[i % tokens.length]!);
      expect((await bytesOf(pdf.stream)).subarray(0, 5).toString()).toBe('%PDF-');
    }
    expect(statuses().filter((s) => s === 429)).toEqual([]);
    expect(statuses()).toHaveLength(210);
    // The client held the 191st call until a minute after the first, once.
    expect(waits).toEqual([60_000]);
  });

  it('a 429 waits a full minute of provider time (one second at time scale 60), then the download goes through', async () => {
    // The realm's lifetimes run on the same scale: a 60 s code would last one real second, too short for a busy machine.
    const { client, waits } = await setUp(60, { rateLimits: { documents: 2 }, lifetimes: { authorizationCode: 3600, accessToken: 18_000 } });
    const { tokens } = await marieDocuments(client);
    for (const token of tokens.slice(0, 3)) await bytesOf((await client.downloadDocument(413, token)).stream);
    expect(statuses()).toEqual([200, 200, 429, 200]);
    expect(waits).toEqual([1000]);
  });

  it('a 429 that does not clear ends as « patienter » after the backoffs, each at least a minute', async () => {
    const { client, waits } = await setUp(1, { rateLimits: { documents: 0 } });
    const { tokens } = await marieDocuments(client);
    await expect(client.downloadDocument(413, tokens[0]!)).rejects.toMatchObject({ code: dfcErrorCodes.throttled, details: { httpStatus: 429 } });
    expect(waits).toEqual([60_000, 90_000, 120_000]);
    expect(statuses()).toEqual([429, 429, 429, 429]);
  });

  it('the full PDF answers 409 while generated: the client waits and gets it; one never ready ends as « en cours de génération »', async () => {
    const { client, waits } = await setUp(1, { pdfGenerationMs: 30_000 });
    const { file } = await marieDocuments(client);
    const told: string[] = [];
    const pdf = await client.downloadDossierPdf(file.apartmentSharing.dossierPdfUrl!, { onWait: (w) => told.push(w.reason) });
    expect((await bytesOf(pdf.stream)).subarray(0, 5).toString()).toBe('%PDF-');
    // 30 s of generation: waited 5, 10 then 20 s.
    expect(told).toEqual(['pdfNotReady', 'pdfNotReady', 'pdfNotReady']);
    expect(waits).toEqual([5_000, 10_000, 20_000]);
    await bed.sim.stop();

    const never = await setUp(1, { pdfGenerationMs: -1 });
    const marie = await marieDocuments(never.client);
    await expect(never.client.downloadDossierPdf(marie.file.apartmentSharing.dossierPdfUrl!)).rejects.toMatchObject({ code: dfcErrorCodes.pdfNotReady });
    expect(never.waits.length).toBe(7);
  });

  it("downloads a document by the URL the file gives, and follows such a URL only towards the configured API", async () => {
    const { client } = await setUp(1, {});
    await expect(client.downloadDocumentLink('https://elsewhere.example/api/application/links/x/documents/y')).rejects.toMatchObject({ code: dfcErrorCodes.malformed, details: { params: { host: 'elsewhere.example' } } });
    expect(bed.sim.control.requests()).toEqual([]);
    const { file } = await marieDocuments(client);
    const pdf = await client.downloadDocumentLink(file.apartmentSharing.tenants[0]!.documents[0]!.name!);
    expect(pdf.contentType).toBe('application/pdf');
    expect((await bytesOf(pdf.stream)).subarray(0, 5).toString()).toBe('%PDF-');
  });
});
