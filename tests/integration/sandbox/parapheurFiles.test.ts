import { createReadStream, mkdtempSync, readdirSync, rmSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startParapheurSimulator, type ParapheurSimulator } from '../../../main/sandbox/parapheur/index.js';
import { fastCall, json, postMultipart, samplePdf, uploadPdf, type FastErrorBody } from './fastCall.js';

let dir: string;
let sim: ParapheurSimulator;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'guichet-sim-files-'));
  sim = await startParapheurSimulator({ dataDir: dir, autoAdvance: false, pollRule: 'off' });
});

afterAll(async () => {
  await sim.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function pdfText(data: Buffer): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const standardFontDataUrl = join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts') + '/';
  const doc = await pdfjs.getDocument({ data: new Uint8Array(data), standardFontDataUrl, isEvalSupported: false }).promise;
  let text = '';
  for (let p = 1; p <= doc.numPages; p++) {
    const page = await doc.getPage(p);
    const content = await page.getTextContent();
    text += content.items.map((i) => ('str' in i ? i.str : '')).join('\n') + '\n';
  }
  await doc.destroy();
  return text;
}

function unzip(data: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(data, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('no zip'));
      const out = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error('no stream'));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            out.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(out));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

describe('FAST simulator: downloads (#7, #19)', () => {
  it('returns the original before signature and a generated signed PDF after', async () => {
    const original = samplePdf('signature.pdf');
    const id = (await uploadPdf(sim, 'courrier-visa-signature', 'signature.pdf')).text;
    const before = await fastCall(sim, 'GET', `documents/v2/${id}/download`);
    expect(before.status).toBe(200);
    expect(before.headers['content-type']).toBe('application/pdf');
    expect(before.body.equals(original)).toBe(true);

    sim.control.completeAll();
    const after = await fastCall(sim, 'GET', `documents/v2/${id}/download`);
    expect(after.body.subarray(0, 5).toString()).toBe('%PDF-');
    expect(after.body.equals(original)).toBe(false);
    const text = await pdfText(after.body);
    expect(text).toContain('Signé électroniquement par LEFÈVRE Bruno');
    expect(text).toContain(createHash('sha256').update(original).digest('hex'));

    // FAST keeps the signed file: downloaded again later (here, in another wall-clock second), the
    // bytes are the same, which is what lets Guichet recognise a file it already has.
    await new Promise((r) => setTimeout(r, 1020 - (Date.now() % 1000)));
    const again = await fastCall(sim, 'GET', `documents/v2/${id}/download`);
    expect(again.body.equals(after.body)).toBe(true);
  });

  it('returns a ZIP with the fiche de circulation when FdC=true, and getFdc a PDF of the history', async () => {
    const id = (await uploadPdf(sim, 'courrier-visa-signature', 'avec_fdc.pdf')).text;
    sim.control.act(id, 'approve');
    const zip = await fastCall(sim, 'GET', `documents/v2/${id}/download?FdC=true`);
    expect(zip.headers['content-type']).toBe('application/zip');
    const entries = await unzip(zip.body);
    expect([...entries.keys()]).toEqual(['avec_fdc.pdf', `FdC_${id}.pdf`]);
    expect(entries.get('avec_fdc.pdf')!.equals(samplePdf('avec_fdc.pdf'))).toBe(true);
    const fdcText = await pdfText(entries.get(`FdC_${id}.pdf`)!);
    expect(fdcText).toContain('Fiche de circulation');
    expect(fdcText).toContain('Visa approuvé');

    const fdc = await fastCall(sim, 'GET', `documents/v2/${id}/getFdc`);
    expect(fdc.headers['content-type']).toBe('application/pdf');
    expect(await pdfText(fdc.body)).toContain('MARTIN Alice');
  });
});

describe('FAST simulator: Hélios and remaining lists (#11–#16)', () => {
  it('publishes the Hélios acknowledgement of a completed PES; downloading it takes it off the list', async () => {
    const r = await postMultipart(sim, `documents/v2/${sim.siren}/helios-pes/upload`, [
      { name: 'content', fileName: 'PES_mandats_2024.xml', content: '<?xml version="1.0" encoding="UTF-8"?><PES_Aller><EnTetePES/></PES_Aller>' },
    ]);
    const id = r.text;
    expect(json((await fastCall(sim, 'GET', `documents/v2/${sim.siren}/ack/remaining`)))).not.toContain(Number(id));
    sim.control.completeAll();
    const history = json<{ stateName: string }[]>(await fastCall(sim, 'GET', `documents/v2/${id}/history`)).map((h) => h.stateName);
    expect(history).toEqual(['Préparé', 'Envoyé pour signature', 'Signé', "En cours d'envoi", 'Envoyé à FAST', 'Transmis à Hélios', 'Acquittement Hélios', 'Classé']);
    expect(json(await fastCall(sim, 'GET', `documents/v2/${sim.siren}/ack/remaining`))).toContain(Number(id));

    const withAck = await fastCall(sim, 'GET', `documents/v2/${id}/download?acquit=true`);
    expect([...(await unzip(withAck.body)).keys()]).toEqual(['PES_mandats_2024.xml', `ACQUIT_${id}.xml`]);

    const ack = await fastCall(sim, 'GET', `documents/v2/${id}/ack/download`);
    expect(ack.status).toBe(200);
    expect(ack.text).toContain('<PES_ACQUIT>');
    expect(json(await fastCall(sim, 'GET', `documents/v2/${sim.siren}/ack/remaining`))).not.toContain(Number(id));
  });

  it('lists and serves PES retour and Chorus items added by the control', async () => {
    const id = (await uploadPdf(sim, 'courrier-visa-signature', 'chorus_base.pdf')).text;
    sim.control.addRemaining('pes-retour', '320099001');
    sim.control.addRemaining('chorus', id);
    expect(json(await fastCall(sim, 'GET', `documents/v2/${sim.siren}/pes-retour/remaining`))).toEqual([320099001]);
    expect(json(await fastCall(sim, 'GET', `documents/v2/${sim.siren}/chorus/remaining`))).toEqual([Number(id)]);
    const retour = await fastCall(sim, 'GET', 'documents/v2/320099001/pes-retour/download');
    expect(retour.text).toContain('<PES_Retour>');
    const chorus = await fastCall(sim, 'GET', `documents/v2/${id}/chorus/download`);
    expect(chorus.headers['content-type']).toMatch(/xml/);
    expect(json(await fastCall(sim, 'GET', `documents/v2/${sim.siren}/pes-retour/remaining`))).toEqual([]);
    expect(json(await fastCall(sim, 'GET', `documents/v2/${sim.siren}/chorus/remaining`))).toEqual([]);
    const none = await fastCall(sim, 'GET', `documents/v2/${id}/pes-retour/download`);
    expect(none.status).toBe(400);
  });
});

describe('FAST simulator: users, search and circuits', () => {
  it('exports the users of the SIREN, including the technical e-signature user', async () => {
    const r = await fastCall(sim, 'GET', `exportUsersData?siren=${sim.siren}`);
    const body = json<{ users: { nom: string; prenom: string; email: string; authenticationType: string; circuits?: unknown[] }[] }>(r);
    const emails = body.users.map((u) => u.email);
    expect(emails).toContain('alice.martin@mairie-exemple.fr');
    expect(emails).toContain('e-signature@fast.docaposte.fr');
    expect(emails).not.toContain('hugo.petit@valfictif.fr');
    expect(body.users.find((u) => u.email === 'bruno.lefevre@mairie-exemple.fr')).toMatchObject({ nom: 'LEFÈVRE', prenom: 'Bruno', authenticationType: 'CERTIFICAT' });
    expect(json<FastErrorBody>(await fastCall(sim, 'GET', `exportUsersData?siren=${sim.otherSiren}`)).errorCode).toBe(100);
  });

  it('synchronization creates, updates and deletes users, and lists the invalid entries', async () => {
    const dir2 = mkdtempSync(join(tmpdir(), 'guichet-sim-sync-'));
    const s2 = await startParapheurSimulator({ dataDir: dir2 });
    try {
      const body = JSON.stringify([
        { authenticationType: 'CERTIFICAT', email: 'sophie.garnier@mairie-exemple.fr', firstName: 'Sophie', lastName: 'Garnier', groups: ['Accueil'] },
        { authenticationType: 'BASIC', email: 'alice.martin@mairie-exemple.fr', firstName: 'Alice', lastName: 'Martin-Durand', groups: [] },
        { authenticationType: 'CERTIFICAT', email: 'nouveau@mairie-exemple.fr', firstName: 'Noé', lastName: 'Nouveau', groups: [] },
        { authenticationType: 'PAPIER', email: 'pas-un-email', firstName: '', lastName: 'X' },
      ]);
      const r = await fastCall(s2, 'PUT', `synchronization/${s2.siren}/users`, { body, headers: { 'content-type': 'application/json' } });
      expect(r.status).toBe(200);
      const failures = json<{ email: string; errors: string[] }[]>(r);
      expect(failures).toHaveLength(1);
      expect(failures[0]!.email).toBe('pas-un-email');
      const users = json<{ users: { email: string; nom: string; authenticationType: string }[] }>(await fastCall(s2, 'GET', `exportUsersData?siren=${s2.siren}`)).users;
      const emails = users.map((u) => u.email).sort();
      expect(emails).toEqual(['alice.martin@mairie-exemple.fr', 'e-signature@fast.docaposte.fr', 'nouveau@mairie-exemple.fr', 'sophie.garnier@mairie-exemple.fr']);
      expect(users.find((u) => u.email === 'alice.martin@mairie-exemple.fr')).toMatchObject({ nom: 'MARTIN-DURAND', authenticationType: 'BASIC' });
    } finally {
      await s2.stop();
      rmSync(dir2, { recursive: true, force: true });
    }
  });

  it('searches documents and lists circuits through the flagged simulator extension', async () => {
    const id = (await uploadPdf(sim, 'deliberations-double-signature', 'recherche.pdf', [{ name: 'label', value: 'Recherche' }])).text;
    const r = await fastCall(sim, 'POST', 'documents/search', {
      body: JSON.stringify({ siren: sim.siren, state: 'Prepared', circuit: 'deliberations-double-signature' }),
      headers: { 'content-type': 'application/json', accept: 'application/json' },
    });
    expect(json(r)).toContain(Number(id));
    const circuits = await fastCall(sim, 'GET', `circuits?siren=${sim.siren}`);
    expect(circuits.headers['x-simulator-extension']).toBe('true');
    const ids = json<{ circuitId: string }[]>(circuits).map((c) => c.circuitId);
    expect(ids).toContain('courrier-visa-signature');
    expect(ids).not.toContain('rh-confidentiel');
  });
});

describe('FAST simulator: uploads under network faults', () => {
  it('a response dropped after storing still files the document (outcome unknown)', async () => {
    const before = sim.control.uploadCount();
    sim.control.dropNextUploadResponse();
    await expect(uploadPdf(sim, 'courrier-visa-signature', 'perdu.pdf', [{ name: 'label', value: 'Perdu' }])).rejects.toThrow();
    expect(sim.control.uploadCount()).toBe(before + 1);
    // The client reconciles: re-sending the same triple is refused as a duplicate.
    const retry = await uploadPdf(sim, 'courrier-visa-signature', 'perdu.pdf', [{ name: 'label', value: 'Perdu' }]);
    expect(json<FastErrorBody>(retry).developerMessage).toBe('Fichier deja depose par un agent');
  });

  it('resetAfterResponse fault knob does the same on the next matching request', async () => {
    const before = sim.control.uploadCount();
    sim.faults.update({ resetAfterResponse: true, onlyPaths: /\/upload$/, times: 1 });
    await expect(uploadPdf(sim, 'courrier-visa-signature', 'perdu2.pdf')).rejects.toThrow();
    expect(sim.control.uploadCount()).toBe(before + 1);
    expect((await uploadPdf(sim, 'courrier-visa-signature', 'apres.pdf')).status).toBe(200);
  });

  it('a connection dropped mid-upload files nothing and leaves no partial file', async () => {
    const before = sim.control.uploadCount();
    sim.faults.update({ resetAfterRequestBytes: 100_000, onlyPaths: /\/upload$/, times: 1 });
    const big = Buffer.concat([samplePdf('gros'), Buffer.alloc(1_000_000, 0x20)]);
    await expect(
      postMultipart(sim, `documents/v2/${sim.siren}/courrier-visa-signature/upload`, [{ name: 'content', fileName: 'coupe.pdf', content: big }]),
    ).rejects.toThrow();
    // FAST has given up on the cut request (its partial file cleaned up) before we look.
    await vi.waitFor(() => expect(sim.control.openRequestCount()).toBe(0));
    expect(sim.control.uploadCount()).toBe(before);
    expect(readdirSync(join(dir, 'files', 'incoming'))).toEqual([]);
  });

  it('streams a 50 MB upload to disk with bounded memory', async () => {
    const bigPath = join(dir, 'big.pdf');
    const fd = openSync(bigPath, 'w');
    writeSync(fd, samplePdf('gros fichier'));
    const block = Buffer.alloc(1024 * 1024, 0x41);
    for (let i = 0; i < 50; i++) writeSync(fd, block);
    closeSync(fd);
    const expected = createHash('sha256');
    for await (const c of createReadStream(bigPath)) expected.update(c as Buffer);

    const baseline = process.memoryUsage();
    let peak = 0;
    const timer = setInterval(() => {
      const m = process.memoryUsage();
      peak = Math.max(peak, m.arrayBuffers - baseline.arrayBuffers, 0);
    }, 20);
    let r;
    try {
      r = await postMultipart(sim, `documents/v2/${sim.siren}/courrier-visa-signature/upload`, [
        { name: 'content', fileName: 'gros.pdf', stream: () => createReadStream(bigPath) as AsyncIterable<Buffer>, contentType: 'application/pdf' },
      ]);
    } finally {
      clearInterval(timer);
    }
    expect(r.status, r.text).toBe(200);
    const doc = sim.control.documents().find((d) => d.id === r.text)!;
    expect(doc.size).toBe(50 * 1024 * 1024 + samplePdf('gros fichier').length);
    expect(doc.sha256).toBe(expected.digest('hex'));
    // Buffering the whole upload would need more than 50 MB of Buffer memory.
    expect(peak).toBeLessThan(40 * 1024 * 1024);
    writeFileSync(bigPath, '');
  });
});
