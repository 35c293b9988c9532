import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { closeServer } from '../../../main/sandbox/health.js';
import { reportFiles, verifyFileStream } from '../../../main/providers/id360/reportIntegrity.js';
import { createId360Client } from '../../../main/providers/id360/client.js';
import { DAY, MINUTE, OPENING_PROCESS, SIGNATURE_PROCESS, enrollmentInput, failure, readAll, startId360Harness, type Id360Harness } from './id360Harness.js';
import { clerkMessage, thrownBy } from '../../support/clerkText.js';

let h: Id360Harness;
afterEach(async () => {
  await h?.stop();
});

describe('ID360 client against the simulator: every endpoint', () => {
  it('creates an enrollment with every field and follows its url as given', async () => {
    h = await startId360Harness();
    const created = await h.api.createEnrollment(OPENING_PROCESS, {
      ...enrollmentInput('DOSSIER-2026-0001'),
      group: 'agence-nord',
      callbackEndpoints: [{ url: 'https://relais.example.org/id360/callback/7c1e0f', on: ['F'], headers: [{ name: 'X-Relay-Key', value: 'secret-relais' }] }],
      person: { last_name: 'Exemple', first_name: 'Éloïse', email: 'eloise@example.org', phone_number: '+33600000000', address_line_1: '1 rue de la Paix', zip_code: '75002', city: 'Paris', country: 'France' },
    });

    expect(created.status).toBe('NEW');
    expect(created.id).toMatch(/^\d+$/);
    expect(created.api_key).toMatch(/^[0-9a-f]{32}$/);
    expect(created.client_reference).toBe('DOSSIER-2026-0001');
    expect(created.callback_endpoints?.[0]).toEqual({ url: 'https://relais.example.org/id360/callback/7c1e0f', on: ['F'], headers: [{ name: 'X-Relay-Key' }] });
    const stored = h.sim.control.enrollment(created.id)!;
    expect(stored.request['group']).toBe('agence-nord');
    expect(stored.request['first_name']).toBe('Éloïse');
    expect(stored.callbackEndpoints[0]!.headers).toEqual([{ name: 'X-Relay-Key', value: 'secret-relais' }]);

    const followed = await h.api.getEnrollmentAt(created.url!);
    expect(followed.id).toBe(created.id);
    expect(h.api.journeyUrl(created.api_key, 'fr')).toBe(`${h.sim.origin}/static/process_ui/index.html#/enrollment/${created.api_key}?lang=fr`);
  });

  it('DRF field errors and unknown processes come back as coded errors with their params', async () => {
    h = await startId360Harness();
    const invalid = await failure(h.api.createEnrollment(OPENING_PROCESS, { ...enrollmentInput(), browserCallbackUrl: '', person: { email: 'pas-une-adresse' } }));
    expect(invalid.code).toBe('ID360_REQUEST_REJECTED');
    expect(invalid.params['fields']).toEqual({ browser_callback_url: ['This field is required.'], email: ['Enter a valid email address.'] });

    const badEndpoint = await failure(h.api.createEnrollment(OPENING_PROCESS, { ...enrollmentInput(), callbackEndpoints: [{ url: 'pas-une-url', on: ['F'] }] }));
    expect(badEndpoint.params['fields']).toEqual({ 'callback_endpoints.0.url': ['Enter a valid URL.'] });

    const unknown = await failure(h.api.createEnrollment('00000000-0000-4000-8000-000000000000', enrollmentInput()));
    expect(unknown).toEqual({ code: 'ID360_NOT_FOUND', params: { detail: 'Not found.' } });
  });

  it('sets data comparison controls with UTF-8 values and the locked/auto flags', async () => {
    h = await startId360Harness();
    const created = await h.api.createEnrollment(OPENING_PROCESS, enrollmentInput());
    await h.api.setDataControl(created.id, 'first_name', 'Éloïse-Noël', { locked: true, auto: false });
    await h.api.setDataControl(created.id, 'phone_number', '+33611223344', { locked: false, auto: true });

    expect(h.sim.control.enrollment(created.id)!.controls).toEqual({
      first_name: { value: 'Éloïse-Noël', locked: true, auto: false },
      phone_number: { value: '+33611223344', locked: false, auto: true },
    });
    const notCollected = await failure(h.api.setDataControl(created.id, 'gender', 'F', { locked: true, auto: false }));
    expect(notCollected.code).toBe('ID360_REQUEST_REJECTED');
    expect(notCollected.params['detail']).toMatch(/not collected/);

    h.sim.control.finish(created.id, 'OK');
    const { report } = await h.api.getReport(created.id);
    expect(report.identity?.first_name).toBe('ÉLOÏSE-NOËL');
  });

  it('reads draft then final reports, the report PDF, every document file with its hash, and the status by browser token', async () => {
    h = await startId360Harness();
    const created = await h.api.createEnrollment(OPENING_PROCESS, enrollmentInput());
    const draft = await h.api.getReport(created.id, { draft: true });
    expect(draft.report.status).toBe('NEW');
    expect((await failure(h.api.getReport(created.id))).code).toBe('ID360_EXPIRED_OR_PURGED');

    h.sim.control.start(created.id);
    expect((await h.api.getEnrollment(created.id)).status).toBe('STARTED');
    const { browserToken } = h.sim.control.finish(created.id, 'OK');
    expect((await h.api.getEnrollment(created.id)).status).toBe('OK');

    const { report, raw } = await h.api.getReport(created.id);
    expect(report.status).toBe('OK');
    expect(report.identity_status).toBe('OK');
    expect(report.identity?.name).toBe('EXEMPLE');
    expect(raw['signature']).toBeTruthy();
    const files = reportFiles(report);
    expect(files.map((f) => `${f.documentType}/${f.page}`)).toEqual(['identity_document/0', 'identity_document/1', 'selfie/0', 'proof_of_address/0']);
    for (const file of files) {
      const download = await h.api.downloadReportFile(file.url);
      const verdict = await verifyFileStream(download.stream, { hash: file.hash, hash_algorithm: file.hashAlgorithm });
      expect(verdict.status).toBe('match');
      expect(download.contentType).toBe(file.documentType === 'proof_of_address' ? 'application/pdf' : 'image/png');
    }
    const back = await readAll((await h.api.downloadDocumentPage(/document\/(\d+)\//.exec(files[1]!.url)![1]!, 1)).stream);
    expect(back.subarray(1, 4).toString('latin1')).toBe('PNG');

    const pdf = await readAll((await h.api.downloadReportPdf(created.id)).stream);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1')).toContain('%%EOF');

    expect(await h.api.statusByBrowserToken(browserToken)).toMatchObject({ id: created.id, status: 'OK' });
    expect((await failure(h.api.statusByBrowserToken(browserToken))).code).toBe('ID360_NOT_FOUND');
  });

  it('a canceled journey has only a draft report', async () => {
    h = await startId360Harness();
    const created = await h.api.createEnrollment(OPENING_PROCESS, enrollmentInput());
    h.sim.control.finish(created.id, 'CANCELED');
    expect((await failure(h.api.getReport(created.id))).code).toBe('ID360_EXPIRED_OR_PURGED');
    const draft = await h.api.getReport(created.id, { draft: true });
    expect(draft.report.status).toBe('CANCELED');
    expect(draft.report.status_codes?.[0]?.code).toBe('ERL_TIMEOUT');
  });

  it('the stand-in hosted journey ends an enrollment and redirects with a single-use token', async () => {
    h = await startId360Harness();
    const created = await h.api.createEnrollment(OPENING_PROCESS, enrollmentInput());
    const page = await fetch(h.api.journeyUrl(created.api_key));
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain('Terminer : dossier refusé (KO)');

    const finished = await fetch(`${h.sim.origin}/__sandbox/journey/${created.api_key}/finish?outcome=KO`, { method: 'POST' });
    const { redirect } = (await finished.json()) as { redirect: string };
    const token = new URL(redirect).searchParams.get('token')!;
    expect(redirect.startsWith('https://guichet.example.org/id360/return/7c1e0f?token=')).toBe(true);
    expect(await h.api.statusByBrowserToken(token)).toMatchObject({ id: created.id, status: 'KO' });
    expect((await fetch(`${h.sim.origin}/__sandbox/journey/${created.api_key}/finish?outcome=OK`, { method: 'POST' })).status).toBe(404);
  });

  it('explains a KO report: reason, status codes, failed validations, no identity', async () => {
    h = await startId360Harness();
    const created = await h.api.createEnrollment(OPENING_PROCESS, enrollmentInput());
    h.sim.control.finish(created.id, 'KO');
    const { report } = await h.api.getReport(created.id);
    expect(report.status).toBe('KO');
    expect(report.identity).toBeUndefined();
    expect(report.reason).toMatch(/validations failed/);
    expect(report.all_status_codes?.[0]?.status_code?.code).toBe('VLD_VALIDATION_KO');
    expect(report.finalizer_reports?.validator_report?.validations?.filter((v) => v.is_valid === false)).toHaveLength(1);
  });

  it('delivers the idClaim (ASiC-E) of an advanced-signature process', async () => {
    h = await startId360Harness();
    const created = await h.api.createEnrollment(SIGNATURE_PROCESS, { ...enrollmentInput(), authenticatorPhoneNumber: '+33600000000' });
    h.sim.control.finish(created.id, 'OK');
    const download = await h.api.downloadIdClaim(created.id);
    const container = await readAll(download.stream);
    expect(download.contentType).toBe('application/vnd.etsi.asic-e+zip');
    expect(container.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(container.subarray(30, 38).toString('latin1')).toBe('mimetype');
    expect(h.sim.control.enrollment(created.id)!.request['custom_data']).toEqual({ authenticators: { phone_number: '+33600000000' } });
  });

  it('discontinues an open enrollment, and refuses with the reason on a terminal one', async () => {
    h = await startId360Harness();
    const created = await h.api.createEnrollment(OPENING_PROCESS, enrollmentInput());
    await h.api.discontinue(created.id);
    expect((await h.api.getEnrollment(created.id)).status).toBe('DISCONTINUED');
    const again = await failure(h.api.discontinue(created.id));
    expect(again.code).toBe('ID360_REQUEST_REJECTED');
    expect(again.params['detail']).toMatch(/DISCONTINUED/);
  });

  it('reads the journey info with the api_key only', async () => {
    h = await startId360Harness();
    const created = await h.api.createEnrollment(OPENING_PROCESS, enrollmentInput());
    await h.api.setDataControl(created.id, 'name', 'Exemple', { locked: true, auto: false });
    const info = await h.api.enrollmentInfo(created.api_key);
    expect(info).toMatchObject({ id: Number(created.id), status: 'NEW', expected_data: { first_name: 'Camille' }, controls: { name: { value: 'Exemple', locked: true } } });
    expect((await failure(h.api.enrollmentInfo('0'.repeat(32)))).code).toBe('ID360_UNAUTHORIZED');
  });

  it('moves enrollments along by themselves over configurable time', async () => {
    h = await startId360Harness({ sim: { journey: { startAfterMinutes: 2, finishAfterMinutes: 10, outcome: 'KO' } } });
    const created = await h.api.createEnrollment(OPENING_PROCESS, enrollmentInput());
    await h.clock.advance(3 * MINUTE);
    expect((await h.api.getEnrollment(created.id)).status).toBe('STARTED');
    await h.clock.advance(8 * MINUTE);
    expect((await h.api.getEnrollment(created.id)).status).toBe('KO');
  });

  it('follows production-style /private report URLs, and never sends the token to a host outside ID360', async () => {
    h = await startId360Harness({ sim: { privateUrls: true } });
    const created = await h.api.createEnrollment(OPENING_PROCESS, enrollmentInput());
    h.sim.control.finish(created.id, 'OK');
    const [first] = reportFiles((await h.api.getReport(created.id)).report);
    expect(first!.url).toContain('/private/api/1.0.0/document/');
    expect((await verifyFileStream((await h.api.downloadReportFile(first!.url)).stream, { hash: first!.hash, hash_algorithm: first!.hashAlgorithm })).status).toBe('match');

    const before = h.sim.control.requests().length;
    const foreign = await failure(h.api.downloadReportFile('https://ailleurs.example.net/api/1.0.0/document/1/file_contents/?page_number=0'));
    expect(foreign).toEqual({ code: 'ID360_UNTRUSTED_URL', params: { host: 'ailleurs.example.net' } });
    expect(h.sim.control.requests().length).toBe(before);
  });

  it('retention: after 7 days an application account gets the coded « expiré ou purgé » on report, PDF and files', async () => {
    h = await startId360Harness();
    const created = await h.api.createEnrollment(OPENING_PROCESS, enrollmentInput());
    h.sim.control.finish(created.id, 'OK');
    const [file] = reportFiles((await h.api.getReport(created.id)).report);
    await h.clock.advance(7 * DAY + MINUTE);

    for (const gone of [h.api.getReport(created.id), h.api.downloadReportPdf(created.id), h.api.downloadReportFile(file!.url)]) {
      expect(await failure(gone)).toEqual({ code: 'ID360_EXPIRED_OR_PURGED', params: { detail: 'Not found.' } });
    }
  });

  it('retention: a user account reads finalised reports for 2 months, then only the archive', async () => {
    h = await startId360Harness();
    const user = h.connect(h.sim.userAccount);
    const created = await h.api.createEnrollment(OPENING_PROCESS, enrollmentInput());
    h.sim.control.finish(created.id, 'OK');
    const [file] = reportFiles((await h.api.getReport(created.id)).report);
    await h.clock.advance(30 * DAY);
    expect((await user.api.getReport(created.id)).report.status).toBe('OK');
    expect((await failure(user.api.downloadReportFile(file!.url))).code).toBe('ID360_EXPIRED_OR_PURGED');
    expect((await failure(h.api.getReportArchive(created.id))).code).toBe('ID360_FORBIDDEN');
    expect((await failure(user.api.getReportArchive(created.id))).code).toBe('ID360_EXPIRED_OR_PURGED');

    await h.clock.advance(31 * DAY);
    expect((await failure(user.api.getReport(created.id))).code).toBe('ID360_EXPIRED_OR_PURGED');
    expect(await user.api.getReportArchive(created.id)).toMatchObject({ kind: 'json', report: { id: created.id } });
  });

  it('refuses a plain-HTTP address that is not this machine: the token and password would travel in clear', () => {
    expect(clerkMessage(thrownBy(() => createId360Client({ apiBaseUrl: 'http://id360docaposte.com/api/1.0.0/' })))).toMatch(/doit commencer par https:\/\//);
    expect(createId360Client({ apiBaseUrl: 'https://preprod.id360docaposte.com/api/1.0.0' }).apiBaseUrl).toBe('https://preprod.id360docaposte.com/api/1.0.0/');
  });

  it('maps faults: 5xx to « indisponible », a reset to a dropped connection', async () => {
    h = await startId360Harness();
    await h.api.whoami();
    h.sim.faults.update({ forcedStatus: 502, onlyPaths: /whoami/, times: 1 });
    expect((await failure(h.api.whoami())).code).toBe('ID360_UNAVAILABLE');
    h.sim.faults.update({ resetRate: 1, onlyPaths: /whoami/, times: 1 });
    expect((await failure(h.api.whoami())).code).toBe('CONNECTION_DROPPED');
    await h.api.whoami();
    expect(h.sim.control.logins()).toBe(1);
  });

  it('calls back the configured endpoint with its headers when an enrollment ends', async () => {
    const receiver = await startCallbackReceiver();
    try {
      h = await startId360Harness();
      const created = await h.api.createEnrollment(OPENING_PROCESS, {
        ...enrollmentInput(),
        callbackEndpoints: [{ url: receiver.url, on: ['F'], headers: [{ name: 'X-Relay-Key', value: 'secret-relais' }] }],
      });
      h.sim.control.start(created.id);
      h.sim.control.finish(created.id, 'OK');
      await h.sim.control.callbacksSettled();

      expect(receiver.received).toHaveLength(1);
      expect(receiver.received[0]!.headers['x-relay-key']).toBe('secret-relais');
      expect(receiver.received[0]!.body).toMatchObject({ id: Number(created.id), status: 'OK', client_reference: 'DOSSIER-2026-0042' });
    } finally {
      await receiver.stop();
    }
  });

  it('can deliver callbacks twice and the intermediate ones after the final one', async () => {
    const receiver = await startCallbackReceiver();
    try {
      h = await startId360Harness({ sim: { callbacks: { duplicate: true, lateIntermediate: true } } });
      const created = await h.api.createEnrollment(OPENING_PROCESS, { ...enrollmentInput(), callbackEndpoints: [{ url: receiver.url, on: [] }] });
      h.sim.control.start(created.id);
      h.sim.control.finish(created.id, 'KO');
      await h.sim.control.callbacksSettled();

      expect(receiver.received.map((r) => r.body['status'])).toEqual(['KO', 'KO', 'STARTED', 'STARTED']);
      expect(receiver.received[2]!.body['steps_status']).toEqual({ total: 5, done: 1 });
    } finally {
      await receiver.stop();
    }
  });
});

async function startCallbackReceiver() {
  const received: { headers: Record<string, unknown>; body: Record<string, unknown> }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown> });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/id360/callback/7c1e0f`, received, stop: () => closeServer(server) };
}
