import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startParapheurSimulator, type ParapheurSimulator, type SimHistoryEntry } from '../../../main/sandbox/parapheur/index.js';
import { fastCall, json, postMultipart, samplePdf, uploadPdf, type FastErrorBody } from './fastCall.js';

let dir: string;
let sim: ParapheurSimulator;
let n = 0;
const unique = (base: string): string => `${base}_${++n}.pdf`;

async function deposit(circuitId: string, label = '', fileName = unique(circuitId)): Promise<string> {
  const r = await uploadPdf(sim, circuitId, fileName, label ? [{ name: 'label', value: label }] : []);
  expect(r.status, r.text).toBe(200);
  return r.text;
}

async function history(id: string): Promise<SimHistoryEntry[]> {
  const r = await fastCall(sim, 'GET', `documents/v2/${id}/history`);
  expect(r.status, r.text).toBe(200);
  return json<SimHistoryEntry[]>(r);
}

const states = (h: SimHistoryEntry[]): (string | null)[] => h.map((e) => e.stateName);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'guichet-sim-history-'));
  sim = await startParapheurSimulator({ dataDir: dir, autoAdvance: false, pollRule: 'off' });
});

afterAll(async () => {
  await sim.stop();
  rmSync(dir, { recursive: true, force: true });
});

afterEach(() => {
  sim.control.setAutoAdvance(false);
  sim.control.setPollRule('off');
});

describe('FAST simulator: history driven by the control', () => {
  it('visa then signature then Classé, with system entries and NOM Prénom actors', async () => {
    const id = await deposit('courrier-visa-signature');
    sim.control.act(id, 'approve');
    sim.control.act(id, 'approve');
    const h = await history(id);
    expect(states(h)).toEqual(['Préparé', 'Envoyé pour visa', 'Visa approuvé', 'Envoyé pour signature', 'Signé', 'Classé']);
    expect(h.map((e) => e.userFullname)).toEqual(['', '', 'MARTIN Alice', '', 'LEFÈVRE Bruno', 'parapheur parapheur']);
    // `Envoyé pour signature` shares the second of the visa.
    expect(h[3]!.date).toBe(h[2]!.date);
    for (const e of h) expect(e.date).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
    expect(() => sim.control.act(id, 'approve')).toThrow();
  });

  it('a two-signature circuit without Classé ends with a trailing Signé', async () => {
    const id = await deposit('deliberations-double-signature');
    sim.control.act(id, 'approve');
    expect(states(await history(id))).toEqual(['Préparé', 'Envoyé pour signature', 'Signé', 'Envoyé pour signature']);
    sim.control.act(id, 'approve');
    const h = await history(id);
    expect(states(h)).toEqual(['Préparé', 'Envoyé pour signature', 'Signé', 'Envoyé pour signature', 'Signé']);
    expect(h[4]!.userFullname).toBe('DUBOIS Chloé');
  });

  it('a refused visa writes Visa désapprouvé and exposes the comment; a refusal without comment gives 102', async () => {
    const id = await deposit('courrier-visa-signature');
    sim.control.act(id, 'refuse', { comment: 'Montant erroné, merci de corriger.' });
    expect(states(await history(id)).slice(-1)).toEqual(['Visa désapprouvé']);
    const c = await fastCall(sim, 'GET', `documents/v2/${id}/comments/refusal`);
    expect(json(c)).toEqual({ comment: 'Montant erroné, merci de corriger.' });

    const id2 = await deposit('deliberations-double-signature');
    sim.control.act(id2, 'refuse');
    expect(states(await history(id2)).slice(-1)).toEqual(['Refusé']);
    const c2 = await fastCall(sim, 'GET', `documents/v2/${id2}/comments/refusal`);
    expect(json<FastErrorBody>(c2).errorCode).toBe(102);
  });

  it('advanceAll and completeAll move every open document', async () => {
    const a = await deposit('courrier-visa-signature');
    const b = await deposit('deliberations-double-signature');
    sim.control.advanceAll();
    expect(states(await history(a))).toContain('Visa approuvé');
    sim.control.completeAll();
    expect(states(await history(a)).slice(-1)).toEqual(['Classé']);
    expect(states(await history(b)).filter((s) => s === 'Signé')).toHaveLength(2);
  });
});

describe('FAST simulator: automatic progression on simulated time', () => {
  it('documents progress by themselves, faster with a time scale', async () => {
    const dir2 = mkdtempSync(join(tmpdir(), 'guichet-sim-scale-'));
    // 20 simulated minutes per step at 20 000× = 60 ms of real time per step.
    const fast = await startParapheurSimulator({ dataDir: dir2, timeScale: 20_000, pollRule: 'off' });
    try {
      const r = await uploadPdf(fast, 'courrier-visa-signature', 'auto.pdf');
      const first = json<SimHistoryEntry[]>(await fastCall(fast, 'GET', `documents/v2/${r.text}/history`));
      expect(states(first).slice(0, 2)).toEqual(['Préparé', 'Envoyé pour visa']);
      expect(first[1]!.date).toBe(first[0]!.date);
      let h = first;
      for (let i = 0; i < 100 && h[h.length - 1]!.stateName !== 'Classé'; i++) {
        await new Promise((res) => setTimeout(res, 50));
        h = json<SimHistoryEntry[]>(await fastCall(fast, 'GET', `documents/v2/${r.text}/history`));
      }
      expect(states(h)).toEqual(['Préparé', 'Envoyé pour visa', 'Visa approuvé', 'Envoyé pour signature', 'Signé', 'Classé']);
      // Speed compresses the delays, not the calendar: the dates are true dates, in order, just now.
      const times = h.map((e) => Date.parse(e.date));
      for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThanOrEqual(times[i - 1]!);
      expect(Math.abs(Date.now() - times[times.length - 1]!)).toBeLessThan(10_000);
    } finally {
      await fast.stop();
      rmSync(dir2, { recursive: true, force: true });
    }
  });

  it('advanceClock plays the due steps; a label containing "refus" is refused by its first actor', async () => {
    sim.control.setAutoAdvance(true);
    const ok = await deposit('courrier-visa-signature');
    const ko = await deposit('courrier-visa-signature', 'A REFUSER');
    sim.control.advanceClock(25);
    expect(states(await history(ok)).slice(-2)).toEqual(['Visa approuvé', 'Envoyé pour signature']);
    expect(states(await history(ko)).slice(-1)).toEqual(['Visa désapprouvé']);
    sim.control.advanceClock(60);
    expect(states(await history(ok)).slice(-1)).toEqual(['Classé']);
  });
});

describe('FAST simulator: delete rules (#8)', () => {
  it('deletes in Préparé and after a refusal, refuses otherwise; a deleted document is an Invalid docId', async () => {
    const prepared = await deposit('courrier-visa-signature');
    expect((await fastCall(sim, 'DELETE', `documents/v2/${prepared}`)).status).toBe(200);
    const gone = await fastCall(sim, 'GET', `documents/v2/${prepared}/history`);
    expect(json<FastErrorBody>(gone).developerMessage).toBe('Internal error: Invalid docId');
    expect(sim.control.documents().find((d) => d.id === prepared)!.deleted).toBe(true);

    const inProgress = await deposit('courrier-visa-signature');
    sim.control.act(inProgress, 'approve');
    const refused = await fastCall(sim, 'DELETE', `documents/v2/${inProgress}`);
    expect(refused.status).toBe(400);
    expect(json<FastErrorBody>(refused).userFriendlyMessage).toMatch(/ne peut pas être supprimé/);

    sim.control.act(inProgress, 'refuse', { comment: 'non' });
    expect((await fastCall(sim, 'DELETE', `documents/v2/${inProgress}`)).status).toBe(200);

    // Re-depositing the same triple is possible once the first one is deleted.
    const again = await uploadPdf(sim, 'courrier-visa-signature', sim.control.documents().find((d) => d.id === prepared)!.fileName);
    expect(again.status).toBe(200);
  });
});

describe('FAST simulator: 30-minute polling rule', () => {
  it("'warn' records a violation and still answers", async () => {
    sim.control.setPollRule('warn');
    const id = await deposit('courrier-visa-signature');
    await history(id);
    expect(sim.control.pollViolations().filter((v) => v.docId === id)).toHaveLength(0);
    await history(id);
    expect(sim.control.pollViolations().filter((v) => v.docId === id)).toHaveLength(1);
    sim.control.advanceClock(31);
    await history(id);
    expect(sim.control.pollViolations().filter((v) => v.docId === id)).toHaveLength(1);
  });

  it("'error' answers an error body on the second call within 30 simulated minutes", async () => {
    sim.control.setPollRule('error');
    const id = await deposit('courrier-visa-signature');
    expect((await fastCall(sim, 'GET', `documents/v2/${id}/history`)).status).toBe(200);
    const second = await fastCall(sim, 'GET', `documents/v2/${id}/history`);
    expect(second.status).toBe(400);
    expect(json<FastErrorBody>(second).userFriendlyMessage).toMatch(/30 minutes/);
    sim.control.advanceClock(30);
    expect((await fastCall(sim, 'GET', `documents/v2/${id}/history`)).status).toBe(200);
  });
});

const otpXml = (phone = '+33612345678'): string => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<meta-data-list>
  <meta-data name="OTP_firstname_0" value="Camille"/>
  <meta-data name="OTP_lastname_0" value="Exemple"/>
  <meta-data name="OTP_phonenumber_0" value="${phone}"/>
  <meta-data name="OTP_email_0" value="camille.exemple@example.org"/>
</meta-data-list>`;

describe('FAST simulator: metadata and OTP (#3, #4, #5, #10, #20)', () => {
  it('upload → uploadMeta → OTP information → visa → OTP signé → Classé', async () => {
    const id = await deposit('contrat-otp');
    const meta = await postMultipart(
      sim,
      `documents/v2/${id}/metadata/define`,
      [{ name: 'metadata', fileName: 'metadata.xml', content: '<meta-data-list><meta-data name="TEXT_001" value="Dossier &amp; contrat"/><meta-data name="NUM_001" value="45812"/></meta-data-list>' }],
      { method: 'PUT' },
    );
    expect(meta.status, meta.text).toBe(200);
    const metas = await fastCall(sim, 'GET', `documents/${id}/metas`);
    expect(json(metas)).toEqual([
      { metaDataId: 1, metaDataName: 'TEXT_001', metaDataValue: 'Dossier & contrat' },
      { metaDataId: 2, metaDataName: 'NUM_001', metaDataValue: '45812' },
    ]);
    const otp = await postMultipart(sim, `documents/v2/otp/${id}/metadata/define`, [{ name: 'otpinformation', fileName: 'METAS_API.xml', content: otpXml() }], { method: 'PUT' });
    expect(otp.status, otp.text).toBe(200);
    const url = await fastCall(sim, 'GET', `documents/v2/otp/url?id=${id}`);
    expect(json<{ url: string }>(url).url).toMatch(/\/boucle-sms\/documentView\?id=/);
    sim.control.completeAll();
    const h = await history(id);
    expect(states(h)).toEqual(['Préparé', 'Métadonnées définies', 'Informations OTP définies', 'Envoyé pour visa', 'Visa approuvé', 'OTP signé', 'Classé']);
  });

  it('rejects malformed XML, incomplete OTP information, and metadata on a circuit without metadata', async () => {
    const id = await deposit('contrat-otp');
    const bad = await postMultipart(sim, `documents/v2/${id}/metadata/define`, [{ name: 'metadata', fileName: 'm.xml', content: '<meta-data-list><meta-data name="A" value="1">' }], { method: 'PUT' });
    expect(bad.status).toBe(400);
    expect(json<FastErrorBody>(bad).developerMessage).toMatch(/Invalid metadata XML/);
    const incomplete = await postMultipart(
      sim,
      `documents/v2/otp/${id}/metadata/define`,
      [{ name: 'otpinformation', fileName: 'o.xml', content: '<meta-data-list><meta-data name="OTP_firstname_0" value="A"/></meta-data-list>' }],
      { method: 'PUT' },
    );
    expect(json<FastErrorBody>(incomplete).developerMessage).toMatch(/OTP_lastname_0/);
    const plain = await deposit('courrier-visa-signature');
    const noMeta = await postMultipart(sim, `documents/v2/${plain}/metadata/define`, [{ name: 'metadata', fileName: 'm.xml', content: '<meta-data-list/>' }], { method: 'PUT' });
    expect(noMeta.status).toBe(400);
    expect((await fastCall(sim, 'GET', `documents/${plain}/metas`)).status).toBe(204);
  });

  it('uploadOTP answers JSON {id, url}', async () => {
    const r = await postMultipart(sim, `documents/v2/otp/${sim.siren}/contrat-otp/upload`, [
      { name: 'doc', fileName: 'contrat_otp.pdf', content: samplePdf('otp') },
      { name: 'meta', fileName: 'meta.xml', content: otpXml() },
      { name: 'label', value: 'Contrats' },
      { name: 'referer', value: 'https://guichet.example/retour' },
    ]);
    expect(r.status, r.text).toBe(200);
    const body = json<{ id: number; url: string }>(r);
    expect(String(body.id)).toMatch(/^\d{9}$/);
    expect(body.url).toMatch(/boucle-sms/);
    const doc = sim.control.documents().find((d) => d.id === String(body.id))!;
    expect(doc.otpInformation?.[0]?.phone).toBe('+33612345678');
    expect(doc.referer).toBe('https://guichet.example/retour');
  });
});
