import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { cachedPublicKeys, reportFiles, verifyFileStream, verifyReportSignature } from '../../../main/providers/id360/reportIntegrity.js';
import { OPENING_PROCESS, enrollmentInput, startId360Harness, type Id360Harness } from './id360Harness.js';

let h: Id360Harness;
afterEach(async () => {
  await h?.stop();
});

async function finishedReport(outcome: 'OK' | 'KO' = 'OK') {
  const created = await h.api.createEnrollment(OPENING_PROCESS, enrollmentInput());
  h.sim.control.finish(created.id, outcome);
  return { id: created.id, ...(await h.api.getReport(created.id)) };
}

describe('ID360 report integrity', () => {
  it('a signed report verifies as authentic with the key its public_key_url serves', async () => {
    h = await startId360Harness();
    const { raw } = await finishedReport();
    expect(await verifyReportSignature(raw, (url) => h.api.fetchReportPublicKey(url))).toEqual({ verdict: 'authentic', reason: 'signature-valid' });
  });

  it('a report changed after signing is reported as « signature invalide »', async () => {
    h = await startId360Harness();
    const created = await h.api.createEnrollment(OPENING_PROCESS, enrollmentInput());
    h.sim.control.finish(created.id, 'OK');
    h.sim.control.tamperReport(created.id, (report) => {
      (report['identity'] as Record<string, unknown>)['name'] = 'AUTRE';
    });
    const { raw, report } = await h.api.getReport(created.id);
    expect(report.identity?.name).toBe('AUTRE');
    expect(await verifyReportSignature(raw, (url) => h.api.fetchReportPublicKey(url))).toEqual({ verdict: 'invalid', reason: 'signature-mismatch' });
  });

  it('a signature by another key is invalid; a missing key or an unsigned report is « non vérifiable », never authentic', async () => {
    h = await startId360Harness();
    const { raw } = await finishedReport();
    const other = await startId360Harness();
    try {
      expect((await verifyReportSignature(raw, async () => other.sim.publicKeyPem)).verdict).toBe('invalid');
    } finally {
      await other.stop();
    }
    h.sim.faults.update({ forcedStatus: 503, onlyPaths: /keys\/report_signature/ });
    expect(await verifyReportSignature(raw, (url) => h.api.fetchReportPublicKey(url))).toEqual({ verdict: 'unverifiable', reason: 'public-key-unavailable' });
    h.sim.faults.reset();

    const unsigned = await startId360Harness({ sim: { signReports: false } });
    try {
      const created = await unsigned.api.createEnrollment(OPENING_PROCESS, enrollmentInput());
      unsigned.sim.control.finish(created.id, 'OK');
      const { raw: plain } = await unsigned.api.getReport(created.id);
      expect(await verifyReportSignature(plain, (url) => unsigned.api.fetchReportPublicKey(url))).toEqual({ verdict: 'unverifiable', reason: 'unsigned' });
    } finally {
      await unsigned.stop();
    }
  });

  it('fetches the public key once for many reports', async () => {
    h = await startId360Harness();
    const first = await finishedReport();
    const second = await finishedReport('KO');
    const keyOf = cachedPublicKeys((url) => h.api.fetchReportPublicKey(url));
    expect((await verifyReportSignature(first.raw, keyOf)).verdict).toBe('authentic');
    expect((await verifyReportSignature(second.raw, keyOf)).verdict).toBe('authentic');
    expect(h.sim.control.requests().filter((r) => r.route === 'publicKey')).toHaveLength(1);
  });

  it('detects a file whose bytes do not match the hash the report gives, while it is written', async () => {
    h = await startId360Harness();
    const created = await h.api.createEnrollment(OPENING_PROCESS, enrollmentInput());
    h.sim.control.finish(created.id, 'OK');
    h.sim.control.corruptFile(created.id, 0, 1);
    const { report } = await h.api.getReport(created.id);
    const verdicts: string[] = [];
    for (const file of reportFiles(report)) {
      let written = 0;
      const sink = new Writable({
        write(chunk: Buffer, _encoding, callback) {
          written += chunk.length;
          callback();
        },
      });
      const verdict = await verifyFileStream((await h.api.downloadReportFile(file.url)).stream, { hash: file.hash, hash_algorithm: file.hashAlgorithm }, sink);
      expect(written).toBe(verdict.bytes);
      verdicts.push(`${file.documentType}/${file.page}:${verdict.status}`);
    }
    expect(verdicts).toEqual(['identity_document/0:match', 'identity_document/1:mismatch', 'selfie/0:match', 'proof_of_address/0:match']);
  });

  it('honours the algorithm the report names, and never calls an unknown one valid', async () => {
    h = await startId360Harness({ sim: { hashAlgorithm: 'SHA-256' } });
    const { report } = await finishedReport();
    const [file] = reportFiles(report);
    expect(file!.hashAlgorithm).toBe('SHA-256');
    expect(file!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect((await verifyFileStream((await h.api.downloadReportFile(file!.url)).stream, { hash: file!.hash, hash_algorithm: file!.hashAlgorithm })).status).toBe('match');
    const unknown = await verifyFileStream((await h.api.downloadReportFile(file!.url)).stream, { hash: file!.hash, hash_algorithm: 'WHIRLPOOL' });
    expect(unknown).toMatchObject({ status: 'unverifiable', reason: 'unknown-algorithm' });
  });
});
