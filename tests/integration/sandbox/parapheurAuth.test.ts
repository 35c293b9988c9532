import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSecureContext } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startParapheurSimulator, type ParapheurSimulator } from '../../../main/sandbox/parapheur/index.js';
import { fastCall, json, uploadPdf, type FastErrorBody } from './fastCall.js';

let dir: string;
let sim: ParapheurSimulator;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'guichet-sim-auth-'));
  sim = await startParapheurSimulator({ dataDir: dir });
});

afterAll(async () => {
  await sim.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('FAST simulator: mutual TLS', () => {
  it('issues PKCS#12 files that Node can load', () => {
    expect(() => createSecureContext({ pfx: sim.clientIdentity.p12, passphrase: sim.clientIdentity.password })).not.toThrow();
    const other = sim.issueClientIdentity('inconnu@example.fr');
    expect(() => createSecureContext({ pfx: other.p12, passphrase: other.password })).not.toThrow();
    expect(sim.clientIdentity.password).toBe('guichet-sandbox');
  });

  it('serves a certificate valid for 127.0.0.1 and accepts the deposit user', async () => {
    const r = await fastCall(sim, 'GET', `documents/v2/${sim.siren}/ack/remaining`);
    expect(r.status).toBe(200);
    expect(json(r)).toEqual([]);
  });

  it('refuses a client certificate from another CA during the handshake', async () => {
    const foreign = sim.issueClientIdentity(sim.clientIdentity.email, { foreignCa: true });
    await expect(fastCall(sim, 'GET', `documents/v2/${sim.siren}/ack/remaining`, { identity: foreign })).rejects.toThrow();
  });

  it('refuses a connection without a client certificate', async () => {
    await expect(fastCall(sim, 'GET', `documents/v2/${sim.siren}/ack/remaining`, { identity: null })).rejects.toThrow();
  });

  it('answers 403 with an error body for a certificate of an unknown user', async () => {
    const stranger = sim.issueClientIdentity('inconnu@example.fr');
    const r = await fastCall(sim, 'GET', `documents/v2/${sim.siren}/ack/remaining`, { identity: stranger });
    expect(r.status).toBe(403);
    expect(json<FastErrorBody>(r).userFriendlyMessage).toMatch(/Certificat inconnu/);
  });

  it('maps the user from the SAN rfc822Name when the subject has no e-mail', async () => {
    const alice = sim.issueClientIdentity('alice.martin@mairie-exemple.fr', { emailIn: 'san' });
    const r = await fastCall(sim, 'GET', `exportUsersData?siren=${sim.siren}`, { identity: alice });
    expect(r.status).toBe(200);
  });

  it('keeps its CA and the deposit identity across restarts of the same data dir', async () => {
    const again = await startParapheurSimulator({ dataDir: dir });
    try {
      expect(again.caCertPem).toBe(sim.caCertPem);
      expect(again.clientIdentity.p12.equals(sim.clientIdentity.p12)).toBe(true);
      expect(readFileSync(join(dir, 'pki', 'ca.cert.pem'), 'utf8')).toBe(sim.caCertPem);
      // The identity of the first instance works against the second one.
      const r = await fastCall(again, 'GET', `documents/v2/${again.siren}/chorus/remaining`, { identity: sim.clientIdentity });
      expect(r.status).toBe(200);
    } finally {
      await again.stop();
    }
  });
});

describe('FAST simulator: persisted state', () => {
  it('keeps documents, their history and the id sequence across a restart', async () => {
    const d = mkdtempSync(join(tmpdir(), 'guichet-sim-persist-'));
    try {
      const first = await startParapheurSimulator({ dataDir: d, autoAdvance: false });
      const up = await uploadPdf(first, 'courrier-visa-signature', 'persiste.pdf', [{ name: 'label', value: 'P' }]);
      first.control.act(up.text, 'approve');
      await first.stop();

      const second = await startParapheurSimulator({ dataDir: d, autoAdvance: false });
      try {
        const h = json<{ stateName: string }[]>(await fastCall(second, 'GET', `documents/v2/${up.text}/history`));
        expect(h.map((e) => e.stateName)).toEqual(['Préparé', 'Envoyé pour visa', 'Visa approuvé', 'Envoyé pour signature']);
        const dup = await uploadPdf(second, 'courrier-visa-signature', 'persiste.pdf', [{ name: 'label', value: 'P' }]);
        expect(json<FastErrorBody>(dup).developerMessage).toBe('Fichier deja depose par un agent');
        const next = await uploadPdf(second, 'courrier-visa-signature', 'suivant.pdf');
        expect(Number(next.text)).toBe(Number(up.text) + 1);
        const download = await fastCall(second, 'GET', `documents/v2/${up.text}/download`);
        expect(download.body.subarray(0, 5).toString()).toBe('%PDF-');
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });

  it('saves in the background while running: a crash after the save keeps the upload', async () => {
    const d = mkdtempSync(join(tmpdir(), 'guichet-sim-save-'));
    try {
      const sim = await startParapheurSimulator({ dataDir: d, autoAdvance: false });
      try {
        const up = await uploadPdf(sim, 'courrier-visa-signature', 'fond.pdf', [{ name: 'label', value: 'F' }]);
        // No stop(), no flush: only the debounced background write can have put it there.
        const saved = async () => (JSON.parse(readFileSync(join(d, 'state.json'), 'utf8')) as { docs: { id: string }[] }).docs.some((doc) => String(doc.id) === up.text);
        const deadline = Date.now() + 5000;
        while (!(await saved().catch(() => false)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
        expect(await saved()).toBe(true);
        expect(readdirSync(d).filter((f) => f.endsWith('.tmp'))).toEqual([]);
      } finally {
        await sim.stop();
      }
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});
